"""Hit pages: the owner's inbox of hits on its records, its decisions, the hits that the
agency's own checks found, and the checks that one of the agency's records drew.

A thin shell over :mod:`clew.screening.hits`: which hits an agency sees (silent ones only by
the owner), who may decide and what a decision changes are the service's business.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError as PydanticValidationError

from clew.access import agencies
from clew.access.roles import Permission
from clew.api.deps import Id
from clew.errors import ValidationError
from clew.i18n import gettext as _
from clew.screening import hits
from clew.screening.schemas import HitDecision, HitPublic, HitRef
from clew.web import labels
from clew.web.deps import FormDep, PageDep
from clew.web.render import redirect, render

__all__ = ["FILTERS", "channel_label", "router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Filter = Literal["pending", "confirmed", "rejected", "all"]
FILTERS: tuple[Filter, ...] = ("pending", "confirmed", "rejected", "all")


def channel_label(channel: str) -> str:
    """How a check came in: the web form, the API or the command line."""
    names = {"web": _("Web"), "api": _("API"), "cli": _("Command line")}
    return names.get(channel, channel)


LABELS = {
    "band_label": labels.band_label, "decision_label": labels.decision_label,
    "score_text": labels.score_text, "explanation_item": labels.explanation_item,
    "channel_label": channel_label,
}  # fmt: skip


def _render(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    return render(request, template, LABELS | context)


@router.get("/hits", response_class=HTMLResponse)
def hit_inbox(
    request: Request, page: PageDep, decision: Filter = "pending", offset: Offset = 0
) -> HTMLResponse:
    found, total = hits.inbox(
        page.session, page.actor, decision=None if decision == "all" else decision,
        limit=PAGE_SIZE, offset=offset,
    )  # fmt: skip
    context = {
        "view": "inbox", "hits": found, "total": total, "filter": decision, "filters": FILTERS,
        "offset": offset, "page_size": PAGE_SIZE, "query": f"decision={decision}",
        "may_decide": page.actor.can(Permission.WRITE_RECORDS),
    }  # fmt: skip
    return _render(request, "hits.html", context)


@router.get("/hits/ours", response_class=HTMLResponse)
def hits_ours(request: Request, page: PageDep, offset: Offset = 0) -> HTMLResponse:
    found = hits.our_checks(page.session, page.actor, limit=PAGE_SIZE + 1, offset=offset)
    owners = [hit.owner for hit in found if hit.owner]
    context = {
        "view": "ours", "hits": found[:PAGE_SIZE], "more": len(found) > PAGE_SIZE,
        "offset": offset, "page_size": PAGE_SIZE, "may_decide": False,
        "contacts": agencies.contacts(page.session, page.actor, owners),
    }  # fmt: skip
    return _render(request, "hits_ours.html", context)


@router.get("/records/{record_id}/checks", response_class=HTMLResponse)
def record_checks(
    request: Request, record_id: Id, page: PageDep, decision: Filter = "all", offset: Offset = 0
) -> HTMLResponse:
    """The checks one of the agency's records drew; not found for anyone but its owner."""
    found = hits.record_checks(
        page.session, page.actor, record_id, decision=None if decision == "all" else decision,
        limit=PAGE_SIZE, offset=offset,
    )  # fmt: skip
    context = {
        "view": "record", "checks": found, "hits": found.items, "total": found.total,
        "filter": decision, "filters": FILTERS, "offset": offset, "page_size": PAGE_SIZE,
        "query": f"decision={decision}",
    }  # fmt: skip
    return _render(request, "record_checks.html", context)


def _decision(form: dict[str, str]) -> HitDecision:
    try:
        return HitDecision.model_validate(
            {"decision": form.get("decision", ""), "note": form.get("note", "").strip() or None}
        )
    except PydanticValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        raise ValidationError.field(field, str(exc.errors()[0]["msg"])) from None


@router.post("/hits/decisions", response_model=None)
def hits_decide_many(page: PageDep, form: FormDep) -> RedirectResponse:
    """One decision on the hits ticked in the inbox (``hit-<id>`` checkboxes): all or none."""
    chosen = [key.removeprefix("hit-") for key in form if key.startswith("hit-")]
    decided = hits.decide_many(page.session, page.actor, chosen, _decision(form))
    back = form.get("back") if form.get("back") in FILTERS else "pending"
    return redirect(f"/hits?decision={back}&done=hits_{decided[0].decision}")


@router.post("/hits/{hit_id}/decision", response_model=None)
def hit_decide(
    request: Request, hit_id: HitRef, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    hit: HitPublic = hits.decide(page.session, page.actor, hit_id, _decision(form))
    back = form.get("back") if form.get("back") in FILTERS else "pending"
    if request.headers.get("hx-request"):
        context = {"view": "inbox", "hit": hit, "filter": back, "may_decide": True}
        return _render(request, "_hit_item.html", context)
    return redirect(f"/hits?decision={back}&done=hit_{hit.decision}")
