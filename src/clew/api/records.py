"""Routes of ``/api/v1/records`` and ``/api/v1/alerts``."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field, StringConstraints

from clew.access.countries import country_code
from clew.access.roles import Permission
from clew.access.schemas import Page
from clew.api.deps import ActorDep, Id, Limit, Offset, SessionDep
from clew.api.downloads import attachment
from clew.errors import FieldError, ValidationError
from clew.identifiers import (
    normalise_document_number,
    normalise_plate,
    normalise_serial,
    normalise_vin,
)
from clew.interop import get_format
from clew.records import alerts, store, transactions
from clew.records.files import export_file, read_rows
from clew.records.imports import ImportMode, import_rows
from clew.records.kinds import RecordKind, RecordStatus
from clew.records.schemas import (
    AlertExtend,
    AlertIn,
    AlertPublic,
    ChangePublic,
    ClearIn,
    Located,
    RecordCreate,
    RecordPublic,
    RecordUpdate,
)
from clew.records.serials import has_wildcards, parse_pattern
from clew.spool import spool_request

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["records"])

Text = Annotated[str | None, Query(max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class ReasonIn(BaseModel):
    model_config = {"extra": "forbid"}
    reason: Reason


class DueAlert(BaseModel):
    record: RecordPublic
    alert: AlertPublic


def _key(
    document: str | None, vin: str | None, plate: str | None, serial: str | None
) -> tuple[str, str] | None:
    """At most one exact-key filter, normalised like the stored keys."""
    given = [(n, v) for n, v in (("document", document), ("vin", vin), ("plate", plate),
                                  ("serial", serial)) if v]  # fmt: skip
    if len(given) > 1:
        raise ValidationError.field(given[1][0], "give only one of document, vin, plate, serial")
    if not given:
        return None
    name, value = given[0]
    normalise = {"document": normalise_document_number, "vin": normalise_vin,
                 "plate": normalise_plate, "serial": normalise_serial}[name]  # fmt: skip
    try:
        return name, normalise(value)
    except ValueError as exc:
        raise ValidationError.field(name, str(exc)) from None


def record_filter(
    kind: RecordKind | None, q: str | None, status: RecordStatus | None, owner: str | None,
    nationality: str | None, document: str | None, vin: str | None, plate: str | None,
    serial: str | None,
) -> store.RecordFilter:  # fmt: skip
    if nationality:
        try:
            nationality = country_code(nationality)
        except ValueError as exc:
            raise ValidationError.field("nationality", str(exc)) from None
    pattern = None
    if serial and has_wildcards(serial):  # a partial serial: see clew.records.serials
        if document or vin or plate:
            raise ValidationError.field("serial", "give only one of document, vin, plate, serial")
        try:
            pattern = parse_pattern(serial)
        except ValueError as exc:
            raise ValidationError.field("serial", str(exc)) from None
        serial = None
    return store.RecordFilter(
        kind=kind, text=q, status=status or RecordStatus.ACTIVE, owner=owner,
        nationality=nationality, key=_key(document, vin, plate, serial), serial_pattern=pattern,
    )  # fmt: skip


class RejectedRow(BaseModel):
    line: int
    fields: list[dict[str, str]]


class ImportResult(BaseModel):
    mode: ImportMode
    read: int
    created: int
    rejected: list[RejectedRow]
    record_ids: list[int]
    unscreened: int = Field(description="Imported records without an alert: not screened")
    warnings: list[RejectedRow] = Field(description="Imported rows with a warning, by line")


@router.post(
    "/records/import",
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    }}},
)  # fmt: skip
async def import_records(
    request: Request, session: SessionDep, actor: ActorDep,
    format: Annotated[str | None, Query(max_length=20, description="csv, interpol or ftm; "
                                        "detected when left out")] = None,
    mode: ImportMode = ImportMode.ROWS,
    filename: Annotated[str, Query(max_length=200)] = "upload",
) -> ImportResult:  # fmt: skip
    """Import a file (the request body) as records of your agency.

    ``mode=all``: nothing is written unless every row is good (422 listing the bad rows).
    ``mode=rows``: good rows are written, bad rows are listed with their line and fields.
    """
    actor.require(Permission.WRITE_RECORDS)  # before a byte of the body is read
    spooled = await spool_request(request)

    def run() -> ImportResult:
        with spooled, spooled.path.open("rb") as source:
            rows = read_rows(source, filename=filename, format_name=format)  # no lock held yet
        report = import_rows(session, actor, rows, mode, filename=filename)
        if mode is ImportMode.ALL and not report.ok:
            raise ValidationError(  # the unit of work rolls back: nothing is written
                f"{len(report.rejected)} rows are not valid; nothing was imported.",
                fields=[
                    FieldError(f"line {r.line}: {e.field}", e.message)
                    for r in report.rejected[:100] for e in r.errors
                ],
            )  # fmt: skip
        return ImportResult(
            mode=report.mode, read=report.read, created=report.created,
            rejected=[RejectedRow(line=r.line, fields=[
                {"field": e.field, "message": e.message} for e in r.errors
            ]) for r in report.rejected], record_ids=report.record_ids,
            unscreened=report.unscreened, warnings=[RejectedRow(line=w.line, fields=[
                {"field": e.field, "message": e.message} for e in w.warnings
            ]) for w in report.warned],
        )  # fmt: skip

    return await run_in_threadpool(run)


@router.get(
    "/records/export", response_class=PlainTextResponse,
    responses={200: {"content": {
        "text/csv": {}, "application/json": {}, "application/x-ndjson": {},
    }}},
)  # fmt: skip
def export_records(
    session: SessionDep, actor: ActorDep, format: Annotated[str, Query(max_length=20)] = "csv",
    kind: RecordKind | None = None, q: Text = None, status: RecordStatus | None = None,
    owner: Annotated[str | None, Query(max_length=32)] = None,
    nationality: Annotated[str | None, Query(max_length=2)] = None,
) -> Response:  # fmt: skip
    """Every visible record matching the filters, in a file format (the export is audited)."""
    flt = record_filter(kind, q, status, owner, nationality, None, None, None, None)
    fmt = get_format(format)
    buffer = io.StringIO()
    export_file(session, actor, flt, fmt.name, buffer)
    return attachment(
        buffer.getvalue(), f"{fmt.media_type}; charset=utf-8", f"clew-records{fmt.extensions[0]}"
    )


@router.get("/records")
def list_records(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    kind: RecordKind | None = None, q: Text = None, status: RecordStatus | None = None,
    owner: Annotated[str | None, Query(max_length=32)] = None,
    nationality: Annotated[str | None, Query(max_length=2)] = None,
    document: Text = None, vin: Text = None, plate: Text = None,
    serial: Annotated[str | None, Query(
        max_length=200, description="A serial (NCIC rule), or a partial one with wildcards: "
        "* for any run of characters, ? for one (AB12*45)")] = None,
) -> Page[RecordPublic]:  # fmt: skip
    flt = record_filter(kind, q, status, owner, nationality, document, vin, plate, serial)
    rows, total = store.list_records(session, actor, flt, limit=limit, offset=offset)
    items = [store.public(r, actor) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/records", status_code=201)
def create_record(session: SessionDep, actor: ActorDep, data: RecordCreate) -> RecordPublic:
    return store.public(store.create_record(session, actor, data), actor)


@router.get("/records/{record_id}")
def get_record(session: SessionDep, actor: ActorDep, record_id: Id) -> RecordPublic:
    return store.public(store.get_record(session, actor, record_id), actor)


@router.put("/records/{record_id}")
def update_record(
    session: SessionDep, actor: ActorDep, record_id: Id, data: RecordUpdate
) -> RecordPublic:
    return store.public(store.update_record(session, actor, record_id, data), actor)


@router.post("/records/{record_id}/cancel")
def cancel_record(
    session: SessionDep, actor: ActorDep, record_id: Id, data: ReasonIn
) -> RecordPublic:
    return store.public(store.cancel_record(session, actor, record_id, data.reason), actor)


@router.post("/records/{record_id}/locate")
def locate_record(
    session: SessionDep, actor: ActorDep, record_id: Id, data: Located
) -> RecordPublic:
    """A listed firearm was found: when, where, by whom; it is now recovered or seized."""
    return store.public(transactions.locate_record(session, actor, record_id, data), actor)


@router.post("/records/{record_id}/clear")
def clear_record(
    session: SessionDep, actor: ActorDep, record_id: Id, data: ClearIn
) -> RecordPublic:
    """The object is back with its owner: the record leaves the watchlist (no longer screened)."""
    return store.public(transactions.clear_record(session, actor, record_id, data), actor)


@router.get("/records/{record_id}/history")
def record_history(session: SessionDep, actor: ActorDep, record_id: Id) -> list[ChangePublic]:
    return store.history(session, actor, record_id)


@router.post("/records/{record_id}/alerts", status_code=201)
def add_alert(session: SessionDep, actor: ActorDep, record_id: Id, data: AlertIn) -> AlertPublic:
    return store.alert_public(alerts.add_alert(session, actor, record_id, data))


@router.post("/alerts/{alert_id}/extend")
def extend_alert(
    session: SessionDep, actor: ActorDep, alert_id: Id, data: AlertExtend
) -> AlertPublic:
    return store.alert_public(alerts.extend_alert(session, actor, alert_id, data))


@router.post("/alerts/{alert_id}/lapse")
def lapse_alert(session: SessionDep, actor: ActorDep, alert_id: Id, data: ReasonIn) -> AlertPublic:
    return store.alert_public(alerts.lapse_alert(session, actor, alert_id, data.reason))


@router.get("/alerts/due")
def due_alerts(session: SessionDep, actor: ActorDep, limit: Limit = 100) -> list[DueAlert]:
    return [
        DueAlert(record=store.public(record, actor), alert=store.alert_public(alert))
        for record, alert in alerts.due_for_review(session, actor, limit=limit)
    ]
