"""Checking a person, document, vehicle or firearm against every watchlist.

One path for single checks and bulk screening: retrieve persons from the in-memory index and
records by exact key from the database (:mod:`clew.screening.objects`), score them with the one
scoring model, store each result at or above "possible" as a hit for the record's owner, and
answer with the results the caller may see. A result on a record hidden
from the caller's country is stored as a *silent* hit: the owner learns its subject was met,
the caller sees nothing and cannot tell (hidden candidates are scored like the others).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.firearms import reference
from clew.screening import hits, matcher
from clew.screening.entries import Entry, can_see
from clew.screening.matcher import Match
from clew.screening.models import Hit, new_public_id
from clew.screening.objects import DatabaseKeys, ObjectKeys, document_key
from clew.screening.schemas import CheckRequest, CheckResponse, CheckResult
from clew.screening.sync import IndexKeeper
from clew.storage import utcnow

__all__ = ["check", "match_request", "record_hits", "visible_results"]

MAX_RESULTS = 20


def match_request(keeper: IndexKeeper, request: CheckRequest, objects: ObjectKeys) -> list[Match]:
    """Every match at or above "possible", best first, one per record (hidden ones included).

    Persons are found by name in the keeper's index; records by exact key (a person by its
    documents' numbers, documents, vehicles, firearms) through ``objects``: the database's key
    index (:class:`~clew.screening.objects.DatabaseKeys`) or a prefetch of it.

    Only records whose alert is live today are candidates: an entry keeps the expiry date of
    the alert it was loaded with, and the sweep that lapses expired alerts (and so drops their
    entries) runs only hourly. An alert is live on its last day, ``expires_on`` itself.
    """
    index = keeper.index
    found: dict[int, Match] = {}
    today = utcnow().date()

    def live(entries: Iterable[Entry]) -> list[Entry]:
        return [entry for entry in entries if entry.alert.expires_on >= today]

    def keep(matches: Iterable[Match]) -> None:
        for match in matches:
            best = found.get(match.entry.record_id)
            if best is None or match.score > best.score:
                found[match.entry.record_id] = match

    if request.person:
        query = matcher.person_query(request.person)
        born = query.person.date_of_birth
        candidates = index.person_candidates(query.names, birth_year=born.year if born else None)
        keys = [document_key(n) for n in query.document_numbers]
        by_number = objects.find(keys) if keys else []
        keep(matcher.score_persons(query, live(_persons(candidates, by_number))))
    if request.document:
        keys = [document_key(_number(request.document.number))]
        keep(matcher.score_documents(request.document, live(objects.find(keys))))
    if request.vehicle:
        vehicles = live(objects.find(matcher.vehicle_keys(request.vehicle)))
        keep(matcher.score_vehicles(request.vehicle, vehicles))
    if request.firearm:
        pattern = matcher.serial_pattern(request.firearm)  # a partial serial, AB12*45
        firearms = live(
            objects.find_serials(pattern)
            if pattern
            else objects.find(matcher.firearm_keys(request.firearm))
        )
        keep(matcher.score_firearms(request.firearm, firearms))
    return sorted(found.values(), key=lambda m: (-m.score, m.entry.record_id))


def _persons(by_name: list[Entry], by_number: list[Entry]) -> list[Entry]:
    """Candidates by name, then those found only by a document's number (a person the index
    holds keeps its index entry: it carries what the matcher prepared)."""
    seen = {entry.record_id for entry in by_name}
    return [*by_name, *(e for e in by_number if e.record_id not in seen)]


def _number(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def _summary(request: CheckRequest) -> dict[str, object]:
    """What was asked, for the audit log (never for application logs)."""
    return request.model_dump(mode="json", exclude_none=True)


def record_hits(
    session: Session, actor: Actor, matches: list[Match], *, place: str | None
) -> list[tuple[Match, str, bool]]:
    """Store a hit per match; returns (match, the hit's public id, visible to the caller).

    The caller learns only the public ids of the hits it may see: random text, so nothing it
    is shown depends on how many silent hits were stored beside them (or by anyone else).
    """
    if not matches:
        return []
    now = utcnow()
    visible = [can_see(m.entry, actor.agency_id, actor.country) for m in matches]
    # A re-check of one encounter counts on its pending hit (issue 15) instead of adding one.
    found = [(m.entry.record_id, seen) for m, seen in zip(matches, visible, strict=True)]
    counted = hits.repeats(session, actor, found, place=place, now=now)
    ids = [counted.get(m.entry.record_id) or new_public_id() for m in matches]
    fresh = [
        (m, public_id, seen)
        for m, public_id, seen in zip(matches, ids, visible, strict=True)
        if m.entry.record_id not in counted
    ]
    if fresh:
        session.execute(
            insert(cast(Table, Hit.__table__)),  # plain rows: no ORM bulk path
            [
                {"public_id": public_id, "record_id": m.entry.record_id,
                 "alert_id": m.entry.alert.alert_id, "owner_agency_id": m.entry.owner_agency_id,
                 "checking_agency_id": actor.agency_id, "checking_country": actor.country,
                 "checking_username": actor.username, "channel": str(actor.channel),
                 "place": place, "at": now, "last_at": now, "score": round(m.score, 4),
                 "band": m.band,
                 "silent": not seen, "decision": "pending",
                 "explanation": json.dumps(m.explanation_rows(),
                                           ensure_ascii=False)}
                for m, public_id, seen in fresh
            ],
        )  # fmt: skip
    return list(zip(matches, ids, visible, strict=True))


def visible_results(
    stored: list[tuple[Match, str, bool]], language: str, limit: int = MAX_RESULTS
) -> list[CheckResult]:
    """What the caller is shown of stored matches: the visible ones, explained in ``language``."""
    return [
        CheckResult(
            hit_id=hit_id,
            record_id=m.entry.record_id,
            kind=m.entry.kind,
            label=m.entry.label,
            owner=m.entry.owner_code,
            category=m.entry.alert.category,
            action=m.entry.alert.action,
            handling_code=m.entry.alert.handling_code,
            score=round(m.score, 3),
            band=m.band,
            explanation=m.explanation,
            text=m.text(language),
        )
        for m, hit_id, seen in stored
        if seen
    ][:limit]


def check(
    session: Session, actor: Actor, keeper: IndexKeeper, request: CheckRequest,
    *, language: str = "en",
) -> CheckResponse:  # fmt: skip
    actor.require(Permission.CHECK)
    keeper.settle(session)
    if request.firearm:
        reference.current(session)  # administrators' additions, for the firearm's make and calibre
    matches = match_request(keeper, request, DatabaseKeys(session))[: MAX_RESULTS * 3]
    stored = record_hits(session, actor, matches, place=request.place)
    results = visible_results(stored, language)
    audit.record(
        session, actor, "screening.check", query=_summary(request),
        result_ids=[r.record_id for r in results],
    )  # fmt: skip
    from clew.operations import tally  # lazily: operations build on screening

    tally.count_check(session, actor, kinds=tally.request_kinds(request, shown=len(results)),
                      place=request.place)  # fmt: skip
    return CheckResponse(checked_at=utcnow(), results=results)
