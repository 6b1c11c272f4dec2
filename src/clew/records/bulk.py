"""Loading many records owned by many agencies at once (the synthetic world, the demo).

Each item is validated like any API input, grouped by owning agency and written in batches by
the same :func:`~clew.records.store.insert_records` as everything else. One audit entry per
agency records how many were loaded and the id range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import NotFoundError
from clew.records.schemas import RecordCreate
from clew.records.store import insert_records

__all__ = ["load"]

ADAPTER: TypeAdapter[RecordCreate] = TypeAdapter(RecordCreate)
BATCH = 2000


def load(
    session: Session,
    items: Iterable[tuple[str, dict[str, Any]]],
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Create records from ``(owner agency code, RecordCreate data)``; returns counts per owner."""
    actors: dict[str, Actor] = {}
    for agency in session.execute(select(Agency)).scalars():
        actors[agency.code] = Actor.operator_for(
            agency_id=agency.id, agency_code=agency.code, country=agency.country,
            international=agency.is_international,
        )  # fmt: skip
    pending: dict[str, list[RecordCreate]] = defaultdict(list)
    ids: dict[str, list[int]] = defaultdict(list)
    done = 0

    def flush(owner: str) -> None:
        nonlocal done
        batch = pending.pop(owner, [])
        if batch:
            ids[owner] += insert_records(session, actors[owner], batch)
            done += len(batch)
            if progress:
                progress(done)

    for owner, data in items:
        if owner not in actors:
            raise NotFoundError(f"No agency with code {owner[:32]}.")
        pending[owner].append(ADAPTER.validate_python(data))
        if len(pending[owner]) >= BATCH:
            flush(owner)
    for owner in list(pending):
        flush(owner)
    for owner, created in ids.items():
        audit.record(
            session, actors[owner], "record.load",
            query={"count": len(created), "first_id": created[0], "last_id": created[-1]},
        )  # fmt: skip
    return {owner: len(created) for owner, created in ids.items()}
