"""Who may see a record: one SQL predicate used by every read path.

A country sees a record when it is the owner's country, or the rule is *all*, or the rule is
*only* and the country is listed, or the rule is *except* and it is not. Cancelled records are
seen by their owner agency only. The system operator (CLI on the server) sees everything.
A record outside this predicate must behave as if it did not exist: callers answer "not
found", never "forbidden", and counts, exports and suggestions are built on the same predicate.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, or_, select, true

from clew.access.actor import Actor
from clew.records.kinds import RecordStatus, VisibilityMode
from clew.records.models import Record, RecordCountry

__all__ = ["visible_to"]


def visible_to(actor: Actor) -> ColumnElement[bool]:
    if actor.agency_id is None:
        return true()
    listed = exists(
        select(RecordCountry.record_id).where(
            RecordCountry.record_id == Record.id, RecordCountry.country == actor.country
        )
    )
    by_rule = or_(
        Record.owner_country == actor.country,
        Record.visibility_mode == VisibilityMode.ALL,
        and_(Record.visibility_mode == VisibilityMode.ONLY, listed),
        and_(Record.visibility_mode == VisibilityMode.EXCEPT, ~listed),
    )
    return or_(
        Record.owner_agency_id == actor.agency_id,
        and_(Record.status == RecordStatus.ACTIVE, by_rule),
    )
