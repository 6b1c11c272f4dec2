"""Screening a whole manifest: every traveller through the same path as a single check.

One audit entry for the manifest (the file, how many travellers, every record id shown), one
stored hit per match (silent ones included), a result per traveller for the results file and
the review queue. Progress is reported per traveller; cancelling stops between travellers.
Matching runs on every core when the process may fork (see :mod:`.parallel`); storing hits
and auditing stay here, in order.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.errors import FieldError
from clew.screening.checks import record_hits, visible_results
from clew.screening.manifests import ManifestRow
from clew.screening.matcher import Match
from clew.screening.objects import MemoryKeys, prefetch
from clew.screening.parallel import match_many

if TYPE_CHECKING:  # Dask is imported only when a cluster is used
    from clew.screening.cluster import Cluster
from clew.screening.schemas import CheckResult
from clew.screening.sync import IndexKeeper

__all__ = [
    "ScreeningReport",
    "TravellerResult",
    "match_rows",
    "prefetch_rows",
    "screen_rows",
    "store_rows",
    "write_results",
]

PER_TRAVELLER = 5
"""Results kept per traveller unless the caller asks for another number (1 to ``MAX_PER_
TRAVELLER``): the best first; every hit is stored for its owner whatever is kept."""
MAX_PER_TRAVELLER = 20


@dataclass(slots=True)
class TravellerResult:
    line: int
    traveller: str
    results: list[CheckResult] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    reference: str = ""  # the sender's ``traveller_id``, written back
    extra: dict[str, str] = field(default_factory=dict)  # unscreened columns, written back

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        if any(r.band == "hit" for r in self.results):
            return "hit"
        return "possible" if self.results else "clear"


@dataclass(slots=True)
class ScreeningReport:
    filename: str
    travellers: list[TravellerResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(t.status == status for t in self.travellers)


def match_rows(
    keeper: IndexKeeper, rows: Sequence[ManifestRow], objects: MemoryKeys,
    progress: Callable[[int], None] | None = None, *, cluster: Cluster | None = None,
) -> list[list[Match] | None]:  # fmt: skip
    """Each row's matches (None for a row in error). Needs no database (``objects``: what the
    rows find by key, :func:`prefetch_rows`): a job does this, the long part, before its write
    transaction, reporting progress as it goes. With a ``cluster``, on its workers
    (:mod:`clew.screening.cluster`; ``keeper`` is not read)."""
    good = [row.request for row in rows if row.request is not None and not row.errors]
    matched = (  # on every core when the process may fork, or on the cluster
        iter(cluster.match(good, objects)) if cluster else match_many(keeper, good, objects)
    )
    found: list[list[Match] | None] = []
    for row in rows:
        found.append(
            next(matched)[: MAX_PER_TRAVELLER * 3] if row.request is not None and not row.errors
            else None
        )  # fmt: skip
        if progress:
            progress(len(found))
    return found


def prefetch_rows(session: Session, rows: Sequence[ManifestRow]) -> MemoryKeys:
    """Every record the rows can find by key (document numbers, VINs, plates, serials), read
    in a few queries before matching."""
    return prefetch(session, [row.request for row in rows if row.request is not None])


def store_rows(
    session: Session, actor: Actor, rows: Sequence[ManifestRow],
    matched: Sequence[list[Match] | None], *, filename: str, language: str = "en",
    per_traveller: int = PER_TRAVELLER,
) -> ScreeningReport:  # fmt: skip
    """Store the hits of matched rows and audit the screening: the short, writing part."""
    actor.require(Permission.CHECK)
    report = ScreeningReport(filename=filename)
    for row, matches in zip(rows, matched, strict=True):
        result = TravellerResult(row.line, row.traveller, errors=list(row.errors),
                                 reference=row.reference, extra=dict(row.extra))  # fmt: skip
        if matches is not None and row.request is not None:
            stored = record_hits(session, actor, matches, place=row.request.place)
            result.results = visible_results(stored, language, per_traveller)
        report.travellers.append(result)
    from clew.operations import tally  # lazily: operations build on screening

    tally.count_manifest(session, actor, rows, sum(len(t.results) for t in report.travellers))
    shown = sorted({r.record_id for t in report.travellers for r in t.results})
    audit.record(
        session, actor, "screening.manifest",
        query={"file": filename[:200], "travellers": len(report.travellers),
               "errors": report.count("error")},
        result_ids=shown,
    )  # fmt: skip
    return report


def screen_rows(
    session: Session, actor: Actor, keeper: IndexKeeper, rows: Iterable[ManifestRow], *,
    filename: str, language: str = "en", progress: Callable[[int], None] | None = None,
    cluster: Cluster | None = None, per_traveller: int = PER_TRAVELLER,
) -> ScreeningReport:  # fmt: skip
    """Match and store in the caller's transaction (the CLI and tests; jobs split the two).
    With a ``cluster``, its workers hold the index and this process builds none."""
    actor.require(Permission.CHECK)
    if cluster is None:
        keeper.settle(session)
    listed = list(rows)
    objects = prefetch_rows(session, listed)
    matched = match_rows(keeper, listed, objects, progress, cluster=cluster)
    return store_rows(session, actor, listed, matched, filename=filename, language=language,
                      per_traveller=per_traveller)  # fmt: skip


RESULT_COLUMNS = (
    "line", "traveller_id", "traveller", "status", "band", "score", "record_id", "record",
    "owner", "category", "action", "handling_code", "explanation",
)  # fmt: skip
"""The results file's columns; the manifest's unscreened columns follow, as they came."""


def write_results(report: ScreeningReport, fmt: str, stream: TextIO) -> None:
    """One row per traveller and result (CSV), or the whole report (JSON)."""
    if fmt == "json":
        json.dump(
            [{"line": t.line, "traveller_id": t.reference, "traveller": t.traveller,
              "status": t.status, "results": [r.model_dump(mode="json") for r in t.results],
              "errors": [{"field": e.field, "message": e.message} for e in t.errors],
              "columns": t.extra}
             for t in report.travellers],
            stream, ensure_ascii=False, indent=1,
        )  # fmt: skip
        return
    extra = list(dict.fromkeys(k for t in report.travellers for k in t.extra))
    writer = csv.writer(stream)
    writer.writerow([*RESULT_COLUMNS, *extra])
    for t in report.travellers:
        first = [t.line, t.reference, t.traveller]
        passed = [t.extra.get(k, "") for k in extra]
        if t.errors:
            problems = "; ".join(f"{e.field}: {e.message}" for e in t.errors)
            writer.writerow([*first, "error", "", "", "", "", "", "", "", "", problems, *passed])
        elif not t.results:
            writer.writerow([*first, "clear", "", "", "", "", "", "", "", "", "", *passed])
        for r in t.results:
            writer.writerow([*first, t.status, r.band, r.score, r.record_id, r.label, r.owner,
                             r.category, r.action, r.handling_code, r.text, *passed])  # fmt: skip
