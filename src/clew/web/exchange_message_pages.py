"""A message's page: its body in its own language, graded items, the entities it names with what
the clearing house found, attachments and receipts; acknowledging, replying, forwarding (under
H2: why it is refused, and asking the owner's permission), the owner's decision on such a
permission, and pulling the entities into an analysis file.

A thin shell over :mod:`clew.exchange.messages`, :mod:`clew.exchange.attachments` and
:mod:`clew.exchange.pull`: the handling codes are enforced there, never here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import StringConstraints

from clew.access import agencies as directory
from clew.access.roles import Permission
from clew.errors import ClewError
from clew.exchange import attachments, messages
from clew.exchange.kinds import HandlingCode
from clew.exchange.pull import PullIn, pull
from clew.exchange.schemas import ForwardIn, MessagePublic, PermissionAsk, PermissionDecision
from clew.intel import files
from clew.web.deps import FormDep, Page, PageDep
from clew.web.exchange_forms import render_exchange, text, valid
from clew.web.labels import error_text, field_errors
from clew.web.render import redirect, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Ref = Annotated[str, StringConstraints(min_length=1, max_length=40,
                                       pattern=r"^[A-Za-z0-9_-]{1,40}$")]  # fmt: skip


def _message_page(request: Request, page: Page, message_id: str, *,
                  error: ClewError | None = None, form: dict[str, str] | None = None,
                  status: int = 200) -> HTMLResponse:  # fmt: skip
    language = use_language(request)  # the clearing house words its notes in the reader's
    message = messages.read_message(
        page.session, page.actor, message_id, keeper=request.app.state.index, language=language
    )
    own = page.viewer.agency_code
    ours = message.author_agency == own
    mine = next((r for r in message.receipts if r.agency == own), None)
    may_write = page.actor.can(Permission.WRITE_EXCHANGE)
    agencies, _ = directory.list_agencies(page.session, page.actor, limit=500, offset=0)
    context: dict[str, Any] = {
        "message": message, "ours": ours, "mine": mine, "may_write": may_write,
        "needs_permission": message.handling_code == HandlingCode.H2 and not ours,
        "agencies": [a for a in agencies if a.active and a.code != own],
        "analysis_files": files.writable_files(page.session, page.actor),
        "reply": {"subject": _reply_subject(message), "language": language,
                  "handling_code": message.handling_code},
        "permissions": message.permissions, "form": form or {},
        "error": error_text(error) if error else None,
        "errors": field_errors(error.fields) if error else {},
    }  # fmt: skip
    return render_exchange(request, "exchange/message.html", context, status=status)


def _reply_subject(message: MessagePublic) -> str:
    subject = message.subject
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"[:300]


@router.get("/exchange/messages/{message_id}", response_class=HTMLResponse)
def message_detail(request: Request, message_id: Ref, page: PageDep) -> HTMLResponse:
    return _message_page(request, page, message_id)


@router.post("/exchange/messages/{message_id}/acknowledge")
def message_acknowledge(message_id: Ref, page: PageDep, form: FormDep) -> RedirectResponse:
    messages.acknowledge(page.session, page.actor, message_id)
    return redirect(f"/exchange/messages/{message_id}?done=x_acknowledged")


def _refusable(exc: ClewError) -> bool:
    """A refusal the page explains beside the form kept (not a message that does not exist)."""
    return exc.status in (403, 409, 422)


@router.post("/exchange/messages/{message_id}/forward", response_model=None)
def message_forward(
    request: Request, message_id: Ref, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    data = {"to": [c for c in (form.get("to", ""),) if c], "note": text(form, "note")}
    try:
        sent = messages.forward(page.session, page.actor, message_id, valid(ForwardIn, data))
    except ClewError as exc:
        if not _refusable(exc):
            raise
        page.session.rollback()
        return _message_page(request, page, message_id, error=exc, form=form, status=exc.status)
    return redirect(f"/exchange/messages/{sent.id}?done=x_forwarded")


@router.post("/exchange/messages/{message_id}/permission", response_model=None)
def message_ask_permission(
    request: Request, message_id: Ref, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    data = {"to": form.get("to", ""), "reason": form.get("reason", ""),
            "language": form.get("language") or page.viewer.locale}  # fmt: skip
    try:
        asked = messages.ask_permission(
            page.session, page.actor, message_id, valid(PermissionAsk, data)
        )
    except ClewError as exc:
        if not _refusable(exc):
            raise
        page.session.rollback()
        return _message_page(request, page, message_id, error=exc, form=form, status=exc.status)
    target = asked.request_message or message_id
    return redirect(f"/exchange/messages/{target}?done=x_permission_asked")


@router.post("/exchange/permissions/{permission_id}/decide")
def permission_decide(permission_id: Ref, page: PageDep, form: FormDep) -> RedirectResponse:
    data = {"grant": form.get("grant") == "1", "note": text(form, "note"),
            "language": page.viewer.locale}  # fmt: skip
    decided = messages.decide_permission(
        page.session, page.actor, permission_id, valid(PermissionDecision, data)
    )
    target = decided.decision_message or decided.message
    return redirect(f"/exchange/messages/{target}?done=x_permission_decided")


@router.post("/exchange/messages/{message_id}/pull")
def message_pull(message_id: Ref, page: PageDep, form: FormDep) -> RedirectResponse:
    """Pull the message's entities into one of the user's writable analysis files."""
    data = valid(PullIn, {"file_id": form.get("file_id", "")})
    pull(page.session, page.actor, message_id, data)
    return redirect(f"/exchange/messages/{message_id}?done=x_pulled")


@router.get("/exchange/attachments/{attachment_id}")
def attachment_download(request: Request, attachment_id: Ref, page: PageDep) -> FileResponse:
    """The file, always as a download (never shown inline), sandboxed should a browser try."""
    found, path = attachments.download(
        page.session, page.actor, attachment_id, settings=request.app.state.settings
    )
    return FileResponse(
        path, media_type=found.media_type, filename=found.filename,
        content_disposition_type="attachment",
        headers={"Content-Security-Policy": "default-src 'none'; sandbox",
                 "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )  # fmt: skip
