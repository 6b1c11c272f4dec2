"""The clearing house: every entity a message names, cross-checked against the watchlists and
against the other messages the reader may see.

- **Watchlists.** Each person, document, vehicle and firearm goes through the one path of
  checks (:func:`clew.screening.checks.match_request`, :func:`~clew.screening.checks.record_hits`)
  as a check of the sending agency: every match is stored as a hit and its record's owner is
  notified, *silently* when the record is hidden from the sender's country. Many entities are
  matched in one pass over one prefetch of the keys they name, and stored in one insert.
- **What a message keeps.** Per entity, every match (hidden ones included) is kept in
  ``MessageEntity.watchlist_hits`` as ids and scores only. What a reader is shown is decided
  when it reads: the matches whose record its country may see now
  (:func:`clew.records.visibility.visible_to`), never the others, not even as a count.
- **Mentions.** Other messages naming an entity of the same ``match_key``, among the messages
  the reader may see (:func:`clew.exchange.access.message_visible`); a message hidden from the
  reader never contributes, to the list or to its total.

Entity fields never reach an application log or the audit's query: audits carry ids only.
"""

# No ``from __future__ import annotations`` here: a function of this module is named so.

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clew import i18n
from clew.access import audit
from clew.access.actor import Actor
from clew.access.countries import country_name
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.access.schemas import Input
from clew.exchange.access import message_visible, reader
from clew.exchange.keys import entity_key, entity_label
from clew.exchange.kinds import EntityKind
from clew.exchange.models import Case, Message, MessageEntity
from clew.exchange.schemas import EntityIn
from clew.firearms import reference
from clew.records.kinds import AlertStatus, RecordStatus
from clew.records.models import Alert, Record
from clew.records.visibility import visible_to
from clew.screening.checks import match_request, record_hits
from clew.screening.matcher import Match
from clew.screening.objects import prefetch
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper

__all__ = [
    "MAX_ENTITIES",
    "MAX_MENTIONS",
    "CrosscheckIn",
    "EntityAnnotation",
    "Mention",
    "Stored",
    "WatchlistMatch",
    "annotations",
    "check_entities",
    "check_message",
    "crosscheck_report",
    "meaningful_key",
    "visible_matches",
]

MAX_ENTITIES = 500  # a border liaison office's report, checked in one call
MAX_MENTIONS = 10  # mentions listed per entity (the total counts them all)
PER_ENTITY = 20  # matches kept per entity, best first (as many as a check shows)
CHUNK = 500  # keys per query

Stored = tuple[Match, str, bool]
"""A stored match: the match, its hit's public id, and whether the checker may see it."""


class CrosscheckIn(Input):
    """A list of entities to cross-check at once (a report), none of it stored as a message."""

    entities: Annotated[list[EntityIn], Field(min_length=1, max_length=MAX_ENTITIES)]


class WatchlistMatch(BaseModel):
    record_id: int
    kind: str
    label: str
    owner: str = Field(description="The record's owner agency (code)")
    owner_country: str
    category: str
    action: str = Field(description="What the owner asks to be done on a hit")
    score: float
    band: str
    hit_id: str | None = Field(
        default=None, description="The hit stored for your agency's check (when it was yours)"
    )
    text: str = Field(description="In plain words, in your language: on Bulgaria's watchlist")


class Mention(BaseModel):
    message_id: str
    case_id: str
    case_subject: str
    author: str = Field(description="The agency that wrote the message (code)")
    author_country: str
    at: datetime
    text: str = Field(description="In plain words: Spain mentioned this person in case ...")


class EntityAnnotation(BaseModel):
    position: int
    kind: str
    label: str
    watchlists: list[WatchlistMatch]
    mentions: list[Mention]
    mentions_total: int = Field(description="Every message you may see that names it")


# --- checking ---------------------------------------------------------------------------------


def _request(entity: EntityIn, place: str) -> CheckRequest:
    return CheckRequest(
        person=entity.person, document=entity.document, vehicle=entity.vehicle,
        firearm=entity.firearm, place=place[:200] or None,
    )  # fmt: skip


def check_entities(
    session: Session, actor: Actor, keeper: IndexKeeper, entities: Sequence[EntityIn], *,
    place: str,
) -> list[list[Stored]]:  # fmt: skip
    """Check every entity against the watchlists and store each match as a hit of the actor's
    agency (silent where the record is hidden from its country); per entity, its stored matches
    best first. One prefetch of every key the entities name, one match pass, one insert."""
    if not entities:
        return []
    keeper.settle(session)
    requests = [_request(entity, place) for entity in entities]
    if any(r.firearm for r in requests):
        reference.current(session)  # administrators' additions, for makes and calibres
    objects = prefetch(session, requests)
    matched = [match_request(keeper, r, objects)[:PER_ENTITY] for r in requests]
    stored = record_hits(session, actor, [m for found in matched for m in found], place=place)
    out: list[list[Stored]] = []
    start = 0
    for found in matched:
        out.append(stored[start : start + len(found)])
        start += len(found)
    return out


def _rows(session: Session, message: Message) -> list[MessageEntity]:
    return list(
        session.execute(
            select(MessageEntity)
            .where(MessageEntity.message_id == message.id)
            .order_by(MessageEntity.position)
        ).scalars()
    )


def _entity(row: MessageEntity) -> EntityIn:
    return EntityIn.model_validate(json.loads(row.fields))


def check_message(session: Session, actor: Actor, keeper: IndexKeeper, message: Message) -> None:
    """Cross-check the entities of a message just posted, as its author's agency's check, and
    keep every match (hidden ones included) on each entity, for the readers to be shown what
    they may see (:func:`annotations`). Posting checked that the actor may write."""
    if not (actor.can(Permission.WRITE_EXCHANGE) or actor.can(Permission.READ_EXCHANGE)):
        actor.require(Permission.WRITE_EXCHANGE)
    rows = _rows(session, message)
    if not rows:
        return
    place = f"exchange message {message.public_id}"
    stored = check_entities(session, actor, keeper, [_entity(r) for r in rows], place=place)
    for row, found in zip(rows, stored, strict=True):
        row.watchlist_hits = json.dumps(
            [{"record_id": m.entry.record_id, "owner_agency_id": m.entry.owner_agency_id,
              "score": round(m.score, 4), "band": m.band, "hit_id": hit_id}
             for m, hit_id, _ in found]
        )  # fmt: skip
    audit.record(
        session, actor, "exchange.crosscheck", target=message.public_id,
        query={"entities": len(rows)},
        result_ids=sorted({m.entry.record_id for found in stored for m, _, seen in found if seen}),
    )  # fmt: skip


# --- what a reader is shown -------------------------------------------------------------------


def _language(language: str | None) -> str:
    return language if language in i18n.LANGUAGES else i18n.current()


def watchlist_text(country: str, language: str) -> str:
    _ = i18n.translations(language).ugettext
    return _("on {country}'s watchlist").format(country=country_name(country, language))


def mention_text(kind: str, country: str, subject: str, language: str) -> str:
    _ = i18n.translations(language).ugettext
    name = country_name(country, language)
    if kind == EntityKind.PERSON:
        text = _("{country} mentioned this person in case “{case}”")
    elif kind == EntityKind.DOCUMENT:
        text = _("{country} mentioned this document in case “{case}”")
    elif kind == EntityKind.VEHICLE:
        text = _("{country} mentioned this vehicle in case “{case}”")
    else:
        text = _("{country} mentioned this firearm in case “{case}”")
    return text.format(country=name, case=subject)


def meaningful_key(key: str) -> bool:
    """A key that names something: not a person given by machine-readable zone only
    (``person:|1980``), whose key would join every such person."""
    value = key.split(":", 1)[-1]
    return bool(value.split("|", 1)[0])


@dataclass(slots=True)
class _Mentions:
    total: int = 0
    rows: list[Mention] | None = None


def _mentions(
    session: Session, actor: Actor, keys: Iterable[tuple[str, str]], *, exclude: int | None,
    language: str,
) -> dict[str, _Mentions]:  # fmt: skip
    """Per match key, the messages the actor may see naming it (newest first, at most
    :data:`MAX_MENTIONS`) and how many there are; ``keys`` pairs each key with its kind."""
    kinds = {key: kind for key, kind in keys if meaningful_key(key)}
    found: dict[str, _Mentions] = {}
    wanted = sorted(kinds)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        named = (
            select(MessageEntity.match_key.label("key"), MessageEntity.message_id.label("mid"))
            .join(Message, Message.id == MessageEntity.message_id)
            .where(MessageEntity.match_key.in_(chunk), message_visible(actor))
        )
        if exclude is not None:
            named = named.where(MessageEntity.message_id != exclude)
        pairs = named.distinct().subquery()
        for key, count in session.execute(select(pairs.c.key, func.count()).group_by(pairs.c.key)):
            found[key] = _Mentions(total=int(count), rows=[])
        if not found:
            continue
        rank = func.row_number().over(
            partition_by=pairs.c.key, order_by=(Message.created_at.desc(), Message.id.desc())
        )
        ranked = (
            select(
                pairs.c.key, Message.public_id, Message.created_at, Case.public_id.label("case"),
                Case.subject, Agency.code, Agency.country, rank.label("rank"),
            )
            .join(Message, Message.id == pairs.c.mid)
            .join(Case, Case.id == Message.case_id)
            .join(Agency, Agency.id == Message.author_agency_id)
        ).subquery()  # fmt: skip
        rows = session.execute(
            select(ranked)
            .where(ranked.c.rank <= MAX_MENTIONS)
            .order_by(ranked.c.key, ranked.c.rank)
        ).all()
        for key, public_id, at, case, subject, code, country, _rank in rows:
            mentions = found[key].rows
            assert mentions is not None
            mentions.append(Mention(
                message_id=public_id, case_id=case, case_subject=subject, author=code,
                author_country=country, at=at,
                text=mention_text(kinds[key], country, subject, language),
            ))  # fmt: skip
    return found


def _watchlist_match(
    *, record_id: int, kind: str, label: str, owner: str, country: str, category: str,
    action: str, score: float, band: str, hit_id: str | None, language: str,
) -> WatchlistMatch:  # fmt: skip
    return WatchlistMatch(
        record_id=record_id, kind=kind, label=label, owner=owner, owner_country=country,
        category=category, action=action, score=round(score, 3), band=band, hit_id=hit_id,
        text=watchlist_text(country, language),
    )  # fmt: skip


def visible_matches(
    stored: Sequence[Sequence[Stored]], language: str | None = None
) -> list[list[WatchlistMatch]]:
    """What the checker is shown of :func:`check_entities`' result: per entity, the matches on
    records its country may see (never the silent ones, not even as a count)."""
    lang = _language(language)
    return [
        [
            _watchlist_match(
                record_id=m.entry.record_id, kind=m.entry.kind, label=m.entry.label,
                owner=m.entry.owner_code, country=m.entry.owner_country,
                category=m.entry.alert.category, action=m.entry.alert.action, score=m.score,
                band=m.band, hit_id=hit_id, language=lang,
            )
            for m, hit_id, seen in found
            if seen
        ]
        for found in stored
    ]  # fmt: skip


def _records(session: Session, actor: Actor, ids: set[int]) -> dict[int, dict[str, Any]]:
    """The records among ``ids`` the actor may see that are on a watchlist now (active, with an
    active alert), with their owner and newest active alert."""
    found: dict[int, dict[str, Any]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        rows = session.execute(
            select(Record.id, Record.kind, Record.label, Agency.code, Agency.country)
            .join(Agency, Agency.id == Record.owner_agency_id)
            .where(Record.id.in_(chunk), Record.status == RecordStatus.ACTIVE, visible_to(actor))
        ).all()
        alerts: dict[int, tuple[str, str]] = {}
        for record_id, alert_category, action in session.execute(
            select(Alert.record_id, Alert.category, Alert.action)
            .where(Alert.record_id.in_([r[0] for r in rows]), Alert.status == AlertStatus.ACTIVE)
            .order_by(Alert.id)
        ):
            alerts[record_id] = (str(alert_category), action)  # the newest wins
        for record_id, kind, label, code, country in rows:
            if record_id in alerts:
                category, action = alerts[record_id]
                found[record_id] = {
                    "kind": str(kind),
                    "label": label,
                    "owner": code,
                    "country": country,
                    "category": category,
                    "action": action,
                }
    return found


def annotations(
    session: Session, actor: Actor, message: Message, keeper: IndexKeeper | None = None, *,
    language: str | None = None,
) -> list[EntityAnnotation]:  # fmt: skip
    """What the actor may be shown of the cross-check of each entity of ``message`` (a message
    it may see: the caller loaded it through :func:`clew.exchange.access.load_message`).

    Matches come from the check made when the message was sent, shown only where the record is
    visible to the actor's country now; mentions are looked up now. ``keeper`` is not needed
    (nothing is matched again) and is accepted for the callers' convenience.
    """
    reader(actor)
    lang = _language(language)
    rows = _rows(session, message)
    if not rows:
        return []
    stored = {row.id: json.loads(row.watchlist_hits or "[]") for row in rows}
    records = _records(session, actor, {h["record_id"] for hits in stored.values() for h in hits})
    ours = actor.agency_id is None or actor.agency_id == message.author_agency_id
    mentions = _mentions(
        session, actor, ((r.match_key, r.kind) for r in rows), exclude=message.id, language=lang
    )
    out: list[EntityAnnotation] = []
    for row in rows:
        shown = [
            _watchlist_match(
                record_id=h["record_id"], score=h["score"], band=h["band"],
                hit_id=h.get("hit_id") if ours else None, language=lang,
                **records[h["record_id"]],
            )
            for h in stored[row.id]
            if h["record_id"] in records
        ]  # fmt: skip
        found = mentions.get(row.match_key, _Mentions())
        out.append(EntityAnnotation(
            position=row.position, kind=row.kind, label=row.label, watchlists=shown,
            mentions=found.rows or [], mentions_total=found.total,
        ))  # fmt: skip
    audit.record(
        session, actor, "exchange.crosscheck.view", target=message.public_id,
        result_ids=sorted({m.record_id for a in out for m in a.watchlists}),
    )  # fmt: skip
    return out


def crosscheck_report(
    session: Session, actor: Actor, keeper: IndexKeeper, data: CrosscheckIn, *,
    language: str | None = None,
) -> list[EntityAnnotation]:  # fmt: skip
    """Cross-check a list of entities (a liaison office's report) without sending a message:
    hits are stored as for any check, and each entity is answered with the matches the actor
    may see and the messages it may see that name it."""
    reader(actor)
    actor.require(Permission.CHECK)
    lang = _language(language)
    entities = data.entities
    stored = check_entities(session, actor, keeper, entities, place="exchange cross-check")
    keys = [entity_key(e) for e in entities]
    mentions = _mentions(
        session, actor, zip(keys, (str(e.kind) for e in entities), strict=True), exclude=None,
        language=lang,
    )  # fmt: skip
    out: list[EntityAnnotation] = []
    shown = visible_matches(stored, lang)
    for position, (entity, key, matches) in enumerate(zip(entities, keys, shown, strict=True)):
        listed = mentions.get(key, _Mentions())
        out.append(EntityAnnotation(
            position=position, kind=str(entity.kind), label=entity_label(entity)[:300],
            watchlists=matches, mentions=listed.rows or [], mentions_total=listed.total,
        ))  # fmt: skip
    audit.record(
        session, actor, "exchange.crosscheck", query={"entities": len(entities)},
        result_ids=sorted({m.record_id for a in out for m in a.watchlists}),
    )  # fmt: skip
    return out
