"""The job kinds Clew ships: importing records, importing a network file into an analysis file,
and screening a passenger manifest. Each reads its spooled upload, does its work in one
transaction as the person who started it, and stores its report as JSON."""

from __future__ import annotations

from typing import Any

from clew.access.roles import Permission
from clew.errors import FieldError
from clew.exchange import webhooks as _webhooks  # noqa: F401 - registers exchange.webhook
from clew.intel import imports as intel_imports
from clew.jobs.models import JobKind
from clew.jobs.registry import register
from clew.jobs.worker import JobRun
from clew.records.files import read_rows
from clew.records.imports import ImportMode, ImportReport, Rejected, Warned, import_rows
from clew.screening.bulk import (
    PER_TRAVELLER,
    ScreeningReport,
    TravellerResult,
    match_rows,
    prefetch_rows,
    store_rows,
)
from clew.screening.files import read_manifest_file
from clew.screening.schemas import CheckResult

__all__: list[str] = []


def _problems(errors: tuple[FieldError, ...] | list[FieldError]) -> list[list[str]]:
    return [[e.field, e.message] for e in errors]


def _field_errors(data: list[list[str]]) -> tuple[FieldError, ...]:
    return tuple(FieldError(name, message) for name, message in data)


# --- records.import ----------------------------------------------------------------------------


def _import_records(job: JobRun) -> None:
    filename, mode = job.parameters["filename"], ImportMode(job.parameters["mode"])
    with job.input_path.open("rb") as source:  # every row parsed and checked before the lock
        rows = read_rows(source, filename=filename, format_name=job.parameters["format"],
                         progress=lambda _rows: job.progress(source.tell()))  # fmt: skip
    with job.transaction() as session:
        report = import_rows(session, job.actor, rows, mode, filename=filename)
        if mode is ImportMode.ALL and not report.ok:
            session.rollback()
            report.created, report.record_ids = 0, []
        job.complete(session, report)


def _dump_import(report: ImportReport) -> dict[str, Any]:
    return {
        "mode": report.mode, "read": report.read, "created": report.created,
        "record_ids": report.record_ids,
        "rejected": [[r.line, _problems(r.errors)] for r in report.rejected],
        "warned": [[w.line, _problems(w.warnings)] for w in report.warned],
    }  # fmt: skip


def _load_import(data: dict[str, Any]) -> ImportReport:
    return ImportReport(
        mode=ImportMode(data["mode"]), read=data["read"], created=data["created"],
        record_ids=data["record_ids"],
        rejected=[Rejected(line, _field_errors(errors)) for line, errors in data["rejected"]],
        warned=[Warned(line, _field_errors(errors)) for line, errors in data["warned"]],
    )  # fmt: skip


# --- intel.import ------------------------------------------------------------------------------


def _import_network(job: JobRun) -> None:
    p = job.parameters
    data = job.input_path.read_bytes()
    with job.transaction() as session:
        report = intel_imports.import_network(
            session, job.actor, p["file_id"], data, p["format"], filename=p["filename"],
            mapping=p["mapping"], progress=job.progress,
        )  # fmt: skip
        job.complete(session, report)


def _dump_network(report: intel_imports.ImportReport) -> dict[str, Any]:
    return {"entities_added": report.entities_added, "links_added": report.links_added,
            "read": report.read, "errors": [list(e) for e in report.errors]}  # fmt: skip


def _load_network(data: dict[str, Any]) -> intel_imports.ImportReport:
    return intel_imports.ImportReport(
        entities_added=data["entities_added"], links_added=data["links_added"],
        read=data["read"], errors=[(line, name, text) for line, name, text in data["errors"]],
    )  # fmt: skip


# --- screening ---------------------------------------------------------------------------------


def _lines(job: JobRun) -> int:
    count = 0
    with job.input_path.open("rb") as source:
        while chunk := source.read(1 << 20):
            count += chunk.count(b"\n")
    return max(1, count)


def _screen(job: JobRun) -> None:
    p = job.parameters
    job.progress(0, _lines(job))
    keeper = job.keeper()
    job.actor.require(Permission.CHECK)
    with job.input_path.open("rb") as source:
        rows = read_manifest_file(
            source, filename=p["filename"], format_name=p["format"], place=p["place"]
        )
    with job.database.reading() as session:
        keeper.settle(session)
        objects = prefetch_rows(session, rows)
    # The long part, matching, runs outside any transaction (on SQLite, outside the write lock
    # every check needs), and its progress is written as it goes; then the hits are stored.
    matched = match_rows(keeper, rows, objects, job.progress)
    with job.transaction() as session:
        report = store_rows(
            session, job.actor, rows, matched, filename=p["filename"], language=p["language"],
            per_traveller=int(p.get("per_traveller") or PER_TRAVELLER),
        )  # fmt: skip
        job.complete(session, report)


def _dump_screening(report: ScreeningReport) -> dict[str, Any]:
    return {"filename": report.filename, "travellers": [
        {"line": t.line, "traveller": t.traveller, "errors": _problems(t.errors),
         "results": [r.model_dump(mode="json") for r in t.results],
         "reference": t.reference, "extra": t.extra}
        for t in report.travellers
    ]}  # fmt: skip


def _load_screening(data: dict[str, Any]) -> ScreeningReport:
    return ScreeningReport(data["filename"], [
        TravellerResult(t["line"], t["traveller"],
                        [CheckResult.model_validate(r) for r in t["results"]],
                        list(_field_errors(t["errors"])), t.get("reference", ""),
                        dict(t.get("extra", {})))
        for t in data["travellers"]
    ])  # fmt: skip


register(JobKind.RECORDS_IMPORT, _import_records, dump=_dump_import, load=_load_import)
register(JobKind.INTEL_IMPORT, _import_network, dump=_dump_network, load=_load_network)
register(JobKind.SCREENING, _screen, dump=_dump_screening, load=_load_screening)
