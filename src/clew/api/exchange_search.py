"""Routes of the exchange's attachments (``/api/v1/messages/{id}/attachments``,
``/api/v1/attachments/{id}``) and of its full-text search (``/api/v1/exchange/search``)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi import status as http
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from clew.access.actor import Actor
from clew.access.schemas import Page
from clew.api.deps import ActorDep, Limit, Offset, SessionDep
from clew.errors import ValidationError
from clew.exchange import attachments, search
from clew.exchange.attachments import AttachmentPublic
from clew.exchange.kinds import HandlingCode, MessageKind
from clew.exchange.search import SearchFilter, SearchHit
from clew.settings import Settings
from clew.storage import Database

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["exchange"])

PublicId = Annotated[str, Path(min_length=1, max_length=40)]
_UPLOAD = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}},
}}}}}  # fmt: skip


def _may_attach(database: Database, actor: Actor, message_id: str) -> None:
    with database.reading() as session:
        attachments.may_attach(session, actor, message_id)


@router.post(
    "/messages/{message_id}/attachments", status_code=http.HTTP_201_CREATED,
    openapi_extra=_UPLOAD,
)  # fmt: skip
async def add_attachment(
    request: Request, message_id: PublicId, session: SessionDep, actor: ActorDep
) -> AttachmentPublic:
    """Attach a file (multipart field ``file``) to a message your agency sent within the hour.

    Accepted by content: PDF, PNG, JPEG, GIF, TIFF, WebP, UTF-8 text, CSV and office documents
    (docx, xlsx, pptx, odt, ods); anything else is 415. Over the size limit: 413."""
    settings: Settings = request.app.state.settings
    # Who may attach is settled before a byte of the upload is read.
    await run_in_threadpool(_may_attach, request.app.state.database, actor, message_id)
    async with request.form(max_files=1, max_fields=4) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationError.field("file", "Send the file as the multipart field 'file'.")
        return await run_in_threadpool(
            attachments.attach, session, actor, message_id, upload.filename, upload.file,
            settings=settings,
        )  # fmt: skip


@router.get("/messages/{message_id}/attachments")
def list_attachments(
    session: SessionDep, actor: ActorDep, message_id: PublicId
) -> list[AttachmentPublic]:
    return attachments.list_attachments(session, actor, message_id)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII name and the UTF-8 name (RFC 6266): never shown inline."""
    ascii_name = re.sub(r"[^A-Za-z0-9._ ()-]", "_", filename).strip() or "attachment"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get(
    "/attachments/{attachment_id}", response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)  # fmt: skip
def download_attachment(
    request: Request, session: SessionDep, actor: ActorDep, attachment_id: PublicId
) -> FileResponse:
    """The file, always as a download (never rendered by the browser); every read audited."""
    found, path = attachments.download(
        session, actor, attachment_id, settings=request.app.state.settings
    )
    return _file(found, path)


def _file(found: AttachmentPublic, path: FilePath) -> FileResponse:
    return FileResponse(
        path, media_type=found.media_type,
        headers={
            "Content-Disposition": content_disposition(found.filename),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        },
    )  # fmt: skip


@router.get("/exchange/search")
def search_messages(
    session: SessionDep, actor: ActorDep,
    q: Annotated[str, Query(max_length=500, description="Words to find (all of them)")],
    case: Annotated[str | None, Query(max_length=40, description="A case's id")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$",
                                         description="The author agency's country")] = None,
    handling_code: HandlingCode | None = None,
    kind: MessageKind | None = None,
    unread: bool = False,
    overdue: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[SearchHit]:  # fmt: skip
    """Messages you may see matching every word, best first among the newest 100 matches. Each
    snippet marks the matched words between U+E000 and U+E001. A ``total`` of 101 means more
    than 100 (the search counts no further)."""
    flt = SearchFilter(
        case=case, country=country, handling_code=handling_code, kind=kind, unread=unread,
        overdue=overdue, since=since, until=until,
    )  # fmt: skip
    hits, total = search.search(session, actor, q, flt, limit=limit, offset=offset)
    return Page(items=hits, total=total, limit=limit, offset=offset)
