"""Importing a file of records: every row checked, then all-or-nothing or row by row.

One transaction per file: whatever the mode, a failure half-way (a crash, a database error)
leaves nothing half-written. In ``all`` mode a single bad row means nothing is written; in
``rows`` mode good rows are written and bad rows are listed with their line and fields.

A good row without an alert is imported (the record can get one later) but would not be
screened: such rows are listed as warnings (:data:`NO_ALERT`) and counted in
``ImportReport.unscreened``, so a data manager never loses screening without being told.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import FieldError
from clew.records.schemas import RecordCreate
from clew.records.store import insert_records

__all__ = ["NO_ALERT", "ImportMode", "ImportReport", "Rejected", "Row", "Warned", "import_rows"]

BATCH = 1000
#: The warning on a good row that has no alert.
NO_ALERT = FieldError("alert", "no alert: the record is stored but not screened until it has one")


class ImportMode(StrEnum):
    ALL = "all"  # all or nothing
    ROWS = "rows"  # good rows in, bad rows listed


class Row(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def record(self) -> RecordCreate | None: ...
    @property
    def errors(self) -> Sequence[FieldError]: ...


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    errors: tuple[FieldError, ...]


@dataclass(frozen=True, slots=True)
class Warned:
    """A good row, imported with something its owner should know (:data:`NO_ALERT`)."""

    line: int
    warnings: tuple[FieldError, ...]


@dataclass(slots=True)
class ImportReport:
    mode: ImportMode
    read: int = 0
    created: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    record_ids: list[int] = field(default_factory=list)
    warned: list[Warned] = field(default_factory=list)

    @property
    def unscreened(self) -> int:
        """How many of the imported records have no alert, so are not screened."""
        return sum(NO_ALERT in w.warnings for w in self.warned) if self.created else 0

    @property
    def ok(self) -> bool:
        return not self.rejected


def import_rows(
    session: Session,
    actor: Actor,
    rows: Iterable[Row],
    mode: ImportMode,
    *,
    filename: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import parsed rows as records owned by the actor's agency (see the module docstring)."""
    report = ImportReport(mode=mode)
    pending: list[RecordCreate] = []
    held: list[RecordCreate] = []  # ALL mode: nothing is written until every row is known good

    def flush() -> None:
        if pending:
            report.record_ids += insert_records(session, actor, pending)
            pending.clear()

    for row in rows:
        report.read += 1
        if row.errors or row.record is None:
            report.rejected.append(Rejected(row.line, tuple(row.errors)))
        elif mode is ImportMode.ALL:
            _warn(report, row.line, row.record)
            held.append(row.record)
        else:
            _warn(report, row.line, row.record)
            pending.append(row.record)
            if len(pending) >= BATCH:
                flush()
        if progress and report.read % 500 == 0:
            progress(report.read)
    if mode is ImportMode.ALL and not report.rejected:
        for start in range(0, len(held), BATCH):
            pending.extend(held[start : start + BATCH])
            flush()
    flush()
    report.created = len(report.record_ids)
    if progress:
        progress(report.read)
    audit.record(
        session, actor, "record.import",
        query={"file": filename[:200], "mode": mode, "read": report.read,
               "rejected": len(report.rejected), "unscreened": report.unscreened},
        result_ids=report.record_ids,
    )  # fmt: skip
    return report


def _warn(report: ImportReport, line: int, record: RecordCreate) -> None:
    if record.alert is None:
        report.warned.append(Warned(line, (NO_ALERT,)))
