"""The audit log for auditors: filter, page, export and verify the chain."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from clew.access import anchors, audit
from clew.access.models import AuditEntry
from clew.access.roles import Permission
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.i18n import gettext as _
from clew.web.audit_labels import action_label, outcome_label
from clew.web.deps import FormDep, PageDep
from clew.web.render import render, use_language

__all__ = ["asked", "router"]

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


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value)
    return str(value)


def asked(query: dict[str, Any], within: str = "") -> list[tuple[str, str]]:
    """What was asked as a reader reads it: one ``(field, value)`` pair per field, the field's
    words spaced (``handling code``), a list joined by commas, yes/no for a flag, a dash for
    nothing, and a nested group's fields named after it (``filters › status``)."""
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        field = f"{within} › {key}" if within else str(key)
        field = field.replace("_", " ")
        if isinstance(value, dict) and value:
            pairs.extend(asked(value, field))
        else:
            pairs.append((field, _value(value if not isinstance(value, dict) else None)))
    return pairs


def _row(entry: AuditEntry) -> dict[str, Any]:
    row = audit.entry_row(entry)
    row["asked"] = asked(row["query"]) if isinstance(row["query"], dict) else []
    row["action_label"] = action_label(entry.action)
    row["outcome_label"] = outcome_label(entry.outcome)
    return row


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
    use_language(request)  # the rows' labels are worded before the page renders
    flt = _filter(username, agency, action, since, until, q)
    rows, total = audit.list_entries(page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset)
    filters = {"username": username or "", "agency": agency or "", "action": action or "",
               "since": since or "", "until": until or "", "q": q or ""}  # fmt: skip
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    context = {
        "entries": [_row(r) for r in rows], "total": total, "offset": offset,
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
