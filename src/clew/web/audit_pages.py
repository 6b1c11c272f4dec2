"""The audit log for auditors: filter, page, export and verify the chain."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from clew.access import anchors, audit
from clew.access.roles import Permission
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.web.deps import FormDep, PageDep
from clew.web.render import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(max_length=10)]


def _day(value: str | None, *, end: bool = False) -> datetime | None:
    """``YYYY-MM-DD`` from a date input, as the start (or end) of that UTC day; junk is ignored."""
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start + timedelta(days=1) if end else start


def _filter(
    username: str | None, agency: str | None, action: str | None,
    since: str | None, until: str | None, q: str | None,
) -> audit.AuditFilter:  # fmt: skip
    return audit.AuditFilter(
        username=username or None, agency_code=agency or None, action=action or None,
        since=_day(since), until=_day(until, end=True), text=q or None,
    )  # fmt: skip


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request, page: PageDep, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    username: Text = None, agency: Text = None, action: Text = None,
    since: Day = None, until: Day = None, q: Text = None,
) -> HTMLResponse:  # fmt: skip
    flt = _filter(username, agency, action, since, until, q)
    rows, total = audit.list_entries(page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset)
    filters = {"username": username or "", "agency": agency or "", "action": action or "",
               "since": since or "", "until": until or "", "q": q or ""}  # fmt: skip
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    context = {
        "entries": [audit.entry_row(r) for r in rows], "total": total, "offset": offset,
        "page_size": PAGE_SIZE, "filters": filters, "query": query,
        "may_verify": page.actor.platform_wide and page.actor.can(Permission.READ_AUDIT),
    }  # fmt: skip
    template = "_audit_rows.html" if request.headers.get("hx-request") else "audit.html"
    return render(request, template, context)


@router.get("/audit/export")
def audit_export(
    request: Request, page: PageDep, format: Literal["csv", "jsonl"] = "csv",
    username: Text = None, agency: Text = None, action: Text = None,
    since: Day = None, until: Day = None, q: Text = None,
) -> Response:  # fmt: skip
    flt = _filter(username, agency, action, since, until, q)
    body = audit.export(page.session, page.actor, flt, format)
    return attachment(body, MEDIA_TYPES[format], f"clew-audit.{format}")


@router.post("/audit/verify", response_class=HTMLResponse)
def audit_verify(request: Request, page: PageDep, form: FormDep) -> HTMLResponse:
    settings = request.app.state.settings
    evidence = anchors.evidence(settings.audit_key_file, settings.audit_anchor_file)
    result = audit.verify_recorded(page.session, page.actor, **evidence)
    return render(request, "audit_verify.html", {"result": result})
