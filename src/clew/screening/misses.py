"""Why a record did or did not match a check: asked by its owner or an analyst who expected a
hit ("the officer checked Ivan Petrov at Kapitan Andreevo: why was our record not shown?").

The check runs as a real one would (the same retrieval, shortlist and model), nothing is
stored, and the answer names the step that let the record go: no live alert, not found by name
or key, not among the candidates scored, or scored below the possible-match threshold, with
the model's score and its explanation per field. Only a record the asker may see can be
explained (any other is not found, as if it did not exist); every question is audited.
"""

from __future__ import annotations

from enum import StrEnum

from babel.numbers import format_decimal
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.i18n import current, gettext, speaking
from clew.records.store import get_record
from clew.screening import matcher, scoring
from clew.screening.checks import match_request
from clew.screening.matcher import Match
from clew.screening.objects import DatabaseKeys
from clew.screening.schemas import CheckRequest, Explanation
from clew.screening.sync import IndexKeeper, convert
from clew.storage import utcnow

__all__ = ["Reason", "RecordVerdict", "explain_record"]


class Reason(StrEnum):
    MATCHED = "matched"
    NO_LIVE_ALERT = "no_live_alert"
    NOT_FOUND = "not_found"
    NOT_SHORTLISTED = "not_shortlisted"
    BELOW_THRESHOLD = "below_threshold"


class RecordVerdict(BaseModel):
    """What the check made of one record: the band it reached (``no match`` when it was let
    go), its score when it was scored, the reason in words, and the model's explanation
    (items, and in words)."""

    record_id: int
    label: str
    band: str
    score: float | None
    reason: Reason
    reason_text: str
    explanation: list[Explanation]
    text: str


def _reason_text(reason: Reason, *, score: float | None, band: str) -> str:
    _ = gettext

    def number(value: float) -> str:
        return format_decimal(value, format="0.00", locale=current())

    figures = {"band": _(band), "score": number(score or 0.0),
               "threshold": number(matcher.THRESHOLDS.possible)}  # fmt: skip
    if reason is Reason.MATCHED:
        return _("The check finds this record: %(band)s, score %(score)s.") % figures
    if reason is Reason.NO_LIVE_ALERT:
        return _("The record has no live alert (expired, closed or not yet issued): it is not "
                 "screened.")  # fmt: skip
    if reason is Reason.NOT_FOUND:
        return _("The check does not reach this record: no part of its names is near enough "
                 "to one of the record's to be looked at, and no document, VIN, plate or serial "
                 "is the same.")  # fmt: skip
    if reason is Reason.NOT_SHORTLISTED:
        return _("The record was found by name, but closer names were scored before it: it "
                 "would score %(score)s.") % figures  # fmt: skip
    return _("The record was scored %(score)s, below the possible-match threshold "
             "%(threshold)s.") % figures  # fmt: skip


def explain_record(
    session: Session, actor: Actor, keeper: IndexKeeper, request: CheckRequest, record_id: int,
    *, language: str = "en",
) -> RecordVerdict:  # fmt: skip
    """Why ``record_id`` did or did not match ``request`` (see the module docstring)."""
    actor.require(Permission.CHECK)
    record = get_record(session, actor, record_id)  # not found unless the actor may see it
    audit.record(
        session, actor, "screening.explain_record", target=f"record:{record.id}",
        query=request.model_dump(mode="json", exclude_none=True), result_ids=[record.id],
    )  # fmt: skip
    keeper.settle(session)
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    entry = next((e for _, e in convert(session, [record], codes, utcnow().date(), set())), None)

    def verdict(reason: Reason, match: Match | None = None) -> RecordVerdict:
        band = match.band if match and reason is Reason.MATCHED else "no match"
        score = round(match.score, 3) if match else None
        with speaking(language):
            said = _reason_text(reason, score=score, band=band)
        return RecordVerdict(
            record_id=record.id, label=record.label, band=band, score=score, reason=reason,
            reason_text=said, explanation=match.explanation if match else [],
            text=match.text(language) if match else "",
        )  # fmt: skip

    if entry is None:
        return verdict(Reason.NO_LIVE_ALERT)
    for match in match_request(keeper, request, DatabaseKeys(session)):
        if match.entry.record_id == record.id:
            return verdict(Reason.MATCHED, match)
    if record.kind != "person" or request.person is None:
        return verdict(Reason.NOT_FOUND)
    query = matcher.person_query(request.person)
    born = query.person.date_of_birth
    found = keeper.index.person_candidates(query.names, birth_year=born.year if born else None)
    scored = scoring.score_person(
        query.person, matcher.candidate(entry.data), thresholds=matcher.THRESHOLDS
    )
    match = Match(entry, scored.score, str(scored.band), scored.items)
    if not any(e.record_id == record.id for e in found):
        return verdict(Reason.NOT_FOUND, match)
    if scored.band is not scoring.Band.NO_MATCH:
        return verdict(Reason.NOT_SHORTLISTED, match)
    return verdict(Reason.BELOW_THRESHOLD, match)
