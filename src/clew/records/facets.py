"""Facets of a watchlist search: how many of the records found are of each kind, have an
active alert of each category, and belong to each owner agency.

Counted over the records the searcher may see only (hidden records count nowhere). Each facet
is counted with its own filter left out and every other kept, so a chosen kind still shows the
other kinds to switch to, with the numbers that switching would find.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.models import Agency
from clew.records import store
from clew.records.kinds import AlertStatus
from clew.records.models import Alert, Record

__all__ = ["Facets", "facets"]


class Facets(BaseModel):
    """Counts by value, largest first: ``kind``, ``category`` and ``owner`` (agency code)."""

    kind: list[tuple[str, int]]
    category: list[tuple[str, int]]
    owner: list[tuple[str, int]]


def _ids(session: Session, actor: Actor, flt: store.RecordFilter) -> Select[Any]:
    return store.filtered(session, actor, flt).with_only_columns(Record.id)


def _counted(session: Session, stmt: Select[Any, int]) -> list[tuple[str, int]]:
    rows = [(str(value), int(count)) for value, count in session.execute(stmt).all()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def facets(session: Session, actor: Actor, flt: store.RecordFilter) -> Facets:
    """The facets of ``flt``'s search (see the module's docstring)."""
    kinds = _ids(session, actor, replace(flt, kind=None))
    by_kind = select(Record.kind, func.count()).where(Record.id.in_(kinds)).group_by(Record.kind)
    categories = _ids(session, actor, replace(flt, category=None))
    by_category = (
        select(Alert.category, func.count(func.distinct(Alert.record_id)))
        .where(Alert.record_id.in_(categories), Alert.status == AlertStatus.ACTIVE)
        .group_by(Alert.category)
    )
    owners = _ids(session, actor, replace(flt, owner=None))
    by_owner = (
        select(Agency.code, func.count())
        .join(Record, Record.owner_agency_id == Agency.id)
        .where(Record.id.in_(owners))
        .group_by(Agency.code)
    )
    return Facets(
        kind=_counted(session, by_kind),
        category=_counted(session, by_category),
        owner=_counted(session, by_owner),
    )
