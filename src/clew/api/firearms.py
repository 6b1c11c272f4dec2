"""Routes of ``/api/v1/firearms/reference``: the firearms reference table."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from clew.access.roles import Permission
from clew.access.schemas import Page
from clew.api.deps import ActorDep, Limit, Offset, SessionDep
from clew.errors import ValidationError
from clew.firearms import reference
from clew.firearms.models import ReferenceKind
from clew.firearms.reference import ReferenceIn, ReferenceItem

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/firearms/reference", tags=["firearms"])

Text = Annotated[str | None, Query(max_length=100)]
MAX_IMPORT = 2_000_000


class ReferenceImport(BaseModel):
    read: int
    added: int
    rejected: list[dict[str, str | int]]


@router.get("")
def list_reference(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    kind: ReferenceKind | None = None, q: Text = None,
) -> Page[ReferenceItem]:  # fmt: skip
    """Makes, models and calibres (shipped and added), filtered by kind and a name or alias."""
    items, total = reference.list_entries(
        session, actor, kind=kind, q=q, limit=limit, offset=offset
    )
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/suggest")
def suggest(
    session: SessionDep, actor: ActorDep, kind: ReferenceKind,
    q: Annotated[str, Query(max_length=100)] = "",
) -> list[str]:  # fmt: skip
    """Canonical names a writing of a make or calibre may stand for, the exact one first."""
    return reference.suggest(session, actor, kind, q)


@router.post("", status_code=201)
def add(session: SessionDep, actor: ActorDep, data: ReferenceIn) -> ReferenceItem:
    """Add a make, model or calibre, or aliases to one (administrators)."""
    return reference.add_entry(session, actor, data)


@router.post(
    "/import",
    openapi_extra={"requestBody": {"required": True,
                                   "content": {"text/csv": {"schema": {"type": "string"}}}}},
)  # fmt: skip
async def import_reference(
    request: Request, session: SessionDep, actor: ActorDep
) -> ReferenceImport:
    """Import a CSV (``kind,name,make,country,firearm_type,calibre,aliases``)."""
    actor.require(Permission.MANAGE_REFERENCE)  # before a byte of the body is read
    body = await request.body()

    if len(body) > MAX_IMPORT:
        raise ValidationError.field("body", "is larger than 2 MB")
    report = reference.import_csv(session, actor, body.decode("utf-8-sig", errors="replace"))
    return ReferenceImport(
        read=report.read, added=report.added,
        rejected=[{"line": line, "message": message} for line, message in report.rejected],
    )  # fmt: skip


@router.get("/export", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}}})  # fmt: skip
def export(session: SessionDep, actor: ActorDep) -> StreamingResponse:
    """The whole table as CSV, in the columns the import reads (audited)."""
    rows = list(reference.iter_export(session, actor))
    return StreamingResponse(
        iter(rows), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="clew-firearms-reference.csv"'},
    )  # fmt: skip
