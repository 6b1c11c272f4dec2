"""Joint operation pages: the list, creating one, an operation's plan (participants and their
acceptance, posts, targets, the briefing, the link to its exchange case) and its field results
(with withdrawing one's own).

A thin shell over :mod:`clew.operations.operations` and :mod:`clew.operations.results`: who
sees and may do what is the services' business (an agency that does not take part gets the same
*not found* page as for an id never issued). The live dashboard and the field form are in
:mod:`clew.web.operation_live_pages`; the words of the vocabulary are here, for both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from clew import i18n
from clew.access import agencies as directory
from clew.access.roles import Permission
from clew.errors import ClewError, FieldError, ValidationError
from clew.exchange.kinds import CrimeArea
from clew.i18n import gettext as _
from clew.operations import operations, results
from clew.operations.kinds import (
    ArrestBasis,
    CheckKind,
    FieldKind,
    OperationState,
    PostKind,
    SeizureKind,
    Unit,
)
from clew.operations.schemas import (
    AcceptIn,
    OperationCreate,
    OperationPublic,
    OperationRef,
    PostIn,
)
from clew.records.kinds import HandlingCode, handling_meaning
from clew.web.deps import FormDep, Page, PageDep
from clew.web.exchange_forms import exchange_term
from clew.web.labels import error_text
from clew.web.render import env, redirect, render

__all__ = [
    "CHOICES",
    "form_errors",
    "local_time",
    "number",
    "operation_term",
    "render_operation",
    "router",
    "validate",
]

router = APIRouter(include_in_schema=False)
M = TypeVar("M", bound=BaseModel)

PAGE_SIZE = 50
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Choice = Annotated[str | None, Query(max_length=40)]
#: Time zones offered first on the form (any IANA name is accepted).
ZONES = (
    "UTC", "Europe/Sofia", "Europe/Riga", "Europe/Brussels", "Europe/Lisbon", "Europe/Athens",
    "Europe/Istanbul", "Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Phnom_Penh", "Africa/Lagos",
    "America/Bogota",
)  # fmt: skip


def operation_term(value: str) -> str:
    """The interface's word for a value of the operations' vocabulary (crime areas as the
    exchange words them; an unknown value as is)."""
    terms = {
        # states
        "planned": _("Planned"), "running": _("Running"), "finished": _("Finished"),
        "published": _("Published"), "cancelled": _("Cancelled"),
        # posts
        "border_crossing": _("Border crossing"), "airport": _("Airport"),
        "seaport": _("Seaport"), "rail": _("Railway station"), "inland": _("Inland checkpoint"),
        # what is counted
        "person": _("Persons checked"), "document": _("Documents checked"),
        "vehicle": _("Vehicles checked"), "firearm": _("Firearms checked"),
        "passenger": _("Passengers screened"), "flight": _("Flights screened"),
        "hit": _("Hits"), "confirmed_hit": _("Confirmed hits"),
        # field results
        "arrest": _("Arrest"), "seizure": _("Seizure"), "victim": _("Victims identified"),
        "migrant": _("Irregular migrants"), "investigation": _("Investigations opened"),
        "event": _("Notable event"),
        # legal bases
        "red_notice": _("INTERPOL Red Notice"),
        "european_arrest_warrant": _("European Arrest Warrant"),
        "national_warrant": _("National warrant"), "flagrante": _("Caught in the act"),
        # seizures
        "drugs": _("Drugs"), "firearms": _("Firearms"), "ammunition": _("Ammunition"),
        "explosives": _("Explosives"), "cash": _("Cash"), "vehicles": _("Vehicles"),
        "counterfeit_documents": _("Counterfeit documents"), "cigarettes": _("Cigarettes"),
        "cultural_goods": _("Cultural goods"), "wildlife": _("Wildlife"),
        # units
        "kg": _("kg"), "g": _("g"), "l": _("litres"), "tablets": _("tablets"),
        "units": _("units"), "currency": _("in the currency"),
    }  # fmt: skip
    return terms.get(value) or exchange_term(value)


CHOICES: dict[str, list[str]] = {
    "states": list(OperationState), "post_kinds": list(PostKind),
    "crime_areas": list(CrimeArea), "bases": list(ArrestBasis),
    "seizures": list(SeizureKind), "units": list(Unit), "field_kinds": list(FieldKind),
    "check_kinds": list(CheckKind), "handling": list(HandlingCode), "zones": list(ZONES),
}  # fmt: skip


def number(value: float, digits: int = 2) -> str:
    """A figure in the interface language's notation (``1 234,5`` in Bulgarian)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=i18n.current()))


def local_time(moment: datetime | None, zone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment on the operation's clock (its time zone), as its participants read it."""
    if moment is None:
        return ""
    try:
        return moment.astimezone(ZoneInfo(zone)).strftime(fmt)
    except (ZoneInfoNotFoundError, ValueError):
        return moment.strftime(fmt)


def render_operation(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    values = {
        "term": operation_term, "choices": CHOICES, "handling_meaning": handling_meaning,
        "local_time": local_time, "number": number,
    }  # fmt: skip
    return render(request, template, values | context, status=status)


# --- forms ------------------------------------------------------------------------------------

#: Pydantic's complaints a form meets most, in the interface language.
_COMPLAINTS = {
    "missing": "This field is needed.",
    "greater_than": "Give a number above zero.",
    "greater_than_equal": "Give zero or more.",
    "less_than_equal": "This number is too large.",
    "int_parsing": "Give a whole number.",
    "float_parsing": "Give a number.",
    "enum": "Choose one of the offered values.",
    "string_too_short": "This field is needed.",
    "string_too_long": "This text is too long.",
    "datetime_parsing": "Give a date and time.",
    "datetime_from_date_parsing": "Give a date and time.",
}
#: The services' messages a form meets most, in the interface language.
_MESSAGES = {
    "is in the future": "This moment is in the future.",
    "is outside the operation's period (give or take a day)":
        "This moment is outside the operation's period (give or take a day).",
    "no such post of your agency in this operation": "Choose one of your agency's posts.",
}  # fmt: skip


def _word(message: str) -> str:
    """A complaint in the reader's language when it is a known one (else as the service said)."""
    known = {
        "This field is needed.": _("This field is needed."),
        "Give a number above zero.": _("Give a number above zero."),
        "Give zero or more.": _("Give zero or more."),
        "This number is too large.": _("This number is too large."),
        "Give a whole number.": _("Give a whole number."),
        "Give a number.": _("Give a number."),
        "Choose one of the offered values.": _("Choose one of the offered values."),
        "This text is too long.": _("This text is too long."),
        "Give a date and time.": _("Give a date and time."),
        "This moment is in the future.": _("This moment is in the future."),
        "This moment is outside the operation's period (give or take a day).": _(
            "This moment is outside the operation's period (give or take a day)."
        ),
        "Choose one of your agency's posts.": _("Choose one of your agency's posts."),
    }
    return known.get(message, message)


def validate(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as ``model``; every mistake of the form as one validation error of Clew, each
    with its field (so the page shows each next to its input)."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        fields = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "form"
            message = _COMPLAINTS.get(err["type"]) or str(err["msg"]).removeprefix("Value error, ")
            fields.append(FieldError(where, message))
        raise ValidationError(
            "; ".join(f"{f.field}: {f.message}" for f in fields), fields=fields
        ) from None


def form_errors(error: ClewError | None, rename: dict[str, str] | None = None) -> dict[str, str]:
    """The page's message for each field at fault (by the form's name for it), translated
    where known; a model-wide complaint under ``form``."""
    if error is None:
        return {}
    found: dict[str, str] = {}
    for field in error.fields:
        name = field.field.split(".")[0] if field.field else "form"
        name = (rename or {}).get(name, name)
        found.setdefault(name, _word(_MESSAGES.get(field.message, field.message)))
    return found


def _text(form: dict[str, str], name: str) -> str | None:
    return form.get(name, "").strip() or None


def aware(text: str | None, zone: str) -> str | None:
    """A form's local date and time (``2026-05-04T08:00``) on ``zone``'s clock, as ISO 8601
    with its offset (the model refuses what is not a moment)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return text
    return moment.isoformat()


# --- the list and a new operation ---------------------------------------------------------------


@router.get("/operations", response_class=HTMLResponse)
def operation_list(
    request: Request, page: PageDep, state: Choice = None, offset: Offset = 0
) -> HTMLResponse:
    wanted = OperationState(state) if state in set(OperationState) else None
    found, total = operations.list_operations(
        page.session, page.actor, state=wanted, limit=PAGE_SIZE, offset=offset
    )
    context = {
        "operations": found, "total": total, "offset": offset, "page_size": PAGE_SIZE,
        "query": f"state={wanted}" if wanted else "", "state": wanted or "",
        "may_create": page.actor.can(Permission.COORDINATE_OPERATIONS)
        and page.actor.agency_id is not None,
    }  # fmt: skip
    return render_operation(request, "operations/list.html", context)


def _agencies(page: Page) -> list[Any]:
    rows, _ = directory.list_agencies(page.session, page.actor, limit=500, offset=0)
    return [a for a in rows if a.active and a.code != page.viewer.agency_code]


def _new_form(request: Request, page: Page, form: dict[str, str], error: ClewError | None,
              status: int = 200) -> HTMLResponse:  # fmt: skip
    context = {
        "form": form, "agencies": _agencies(page),
        "error": error_text(error) if error else None, "errors": form_errors(error),
    }  # fmt: skip
    return render_operation(request, "operations/new.html", context, status=status)


@router.get("/operations/new", response_class=HTMLResponse)
def operation_new(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.COORDINATE_OPERATIONS)
    return _new_form(request, page, {"timezone": "UTC", "handling_code": "H0"}, None)


def _checked(form: dict[str, str], prefix: str) -> list[str]:
    return [k.removeprefix(prefix) for k, v in form.items() if k.startswith(prefix) and v == "1"]


@router.post("/operations/new", response_model=None)
def operation_create(
    request: Request, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    zone = form.get("timezone", "UTC").strip() or "UTC"
    data = {
        "name": form.get("name", ""), "description": form.get("description", ""),
        "crime_areas": _checked(form, "area_"),
        "period_start": aware(_text(form, "period_start"), zone),
        "period_end": aware(_text(form, "period_end"), zone), "timezone": zone,
        "handling_code": form.get("handling_code", "H0"),
        "participants": _checked(form, "agency_"),
    }  # fmt: skip
    try:
        created = operations.create_operation(
            page.session, page.actor, validate(OperationCreate, data)
        )
    except ClewError as exc:
        if exc.status not in (409, 422):
            raise
        page.session.rollback()
        return _new_form(request, page, form, exc, status=422)
    return redirect(f"/operations/{created.id}?done=op_created")


# --- an operation's plan ------------------------------------------------------------------------


def _mine(operation: OperationPublic, page: Page) -> Any:
    return next((p for p in operation.participants if p.agency == page.viewer.agency_code), None)


def _plan(request: Request, page: Page, operation_id: str, form: dict[str, str] | None = None,
          error: ClewError | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    operation = operations.get_operation(page.session, page.actor, operation_id)
    mine = _mine(operation, page)
    open_ = operation.state not in (OperationState.PUBLISHED, OperationState.CANCELLED)
    coordinating = operation.coordinating and page.actor.can(Permission.COORDINATE_OPERATIONS)
    post_agencies = (
        [p.agency for p in operation.participants] if coordinating
        else [mine.agency] if mine is not None and page.actor.can(Permission.REPORT_RESULTS)
        else []
    )  # fmt: skip
    context = {
        "op": operation, "mine": mine, "coordinating": coordinating,
        "may_accept": open_ and mine is not None and not mine.accepted
        and page.actor.can(Permission.REPORT_RESULTS),
        "may_report": open_ and mine is not None and mine.accepted
        and page.actor.can(Permission.REPORT_RESULTS),
        "post_agencies": post_agencies if open_ else [],
        "form": form or {}, "error": error_text(error) if error else None,
        "errors": form_errors(error),
    }  # fmt: skip
    return render_operation(request, "operations/plan.html", context, status=status)


@router.get("/operations/{operation_id}", response_class=HTMLResponse)
def operation_plan(request: Request, operation_id: OperationRef, page: PageDep) -> HTMLResponse:
    return _plan(request, page, operation_id)


@router.post("/operations/{operation_id}/accept")
def operation_accept(operation_id: OperationRef, page: PageDep, form: FormDep) -> RedirectResponse:
    data = {"national_coordinator": _text(form, "national_coordinator"),
            "liaison_officer": _text(form, "liaison_officer")}  # fmt: skip
    operations.accept(page.session, page.actor, operation_id, validate(AcceptIn, data))
    return redirect(f"/operations/{operation_id}?done=op_accepted")


@router.post("/operations/{operation_id}/posts", response_model=None)
def operation_add_post(
    request: Request, operation_id: OperationRef, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    data = {
        "agency": form.get("agency", ""), "name": form.get("name", ""),
        "code": _text(form, "code"), "kind": form.get("kind", ""),
        "latitude": _text(form, "latitude"), "longitude": _text(form, "longitude"),
    }  # fmt: skip
    try:
        operations.add_post(page.session, page.actor, operation_id, validate(PostIn, data))
    except ClewError as exc:
        if exc.status not in (409, 422):
            raise
        page.session.rollback()
        return _plan(request, page, operation_id, form, exc, status=422)
    return redirect(f"/operations/{operation_id}?done=op_post_added#posts")


# --- field results ------------------------------------------------------------------------------


@router.get("/operations/{operation_id}/results", response_class=HTMLResponse)
def operation_results(
    request: Request, operation_id: OperationRef, page: PageDep, kind: Choice = None,
    offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    operation = operations.get_operation(page.session, page.actor, operation_id)
    wanted = FieldKind(kind) if kind in set(FieldKind) else None
    found, total = results.list_results(
        page.session, page.actor, operation_id, kind=wanted, withdrawn=True, limit=PAGE_SIZE,
        offset=offset,
    )  # fmt: skip
    mine = _mine(operation, page)
    open_ = operation.state not in (OperationState.PUBLISHED, OperationState.CANCELLED)
    context = {
        "op": operation, "results": found, "total": total, "offset": offset,
        "page_size": PAGE_SIZE, "query": f"kind={wanted}" if wanted else "", "kind": wanted or "",
        "may_withdraw": open_ and mine is not None and mine.accepted
        and page.actor.can(Permission.REPORT_RESULTS),
    }  # fmt: skip
    return render_operation(request, "operations/results.html", context)


@router.post("/operations/{operation_id}/results/{result_id}/withdraw")
def operation_withdraw(
    operation_id: OperationRef, result_id: OperationRef, page: PageDep, form: FormDep
) -> RedirectResponse:  # fmt: skip
    results.withdraw_result(page.session, page.actor, operation_id, result_id)
    return redirect(f"/operations/{operation_id}/results?done=op_withdrawn")


def notice(flash: str) -> str:
    """The words of an operation page's notice (``?done=op_...``), or "" for another's."""
    notices = {
        "op_created": _("Operation created. The invited agencies see it and can accept."),
        "op_accepted": _("Accepted: your agency's checks during the action days are counted."),
        "op_post_added": _("Post added."),
        "op_reported": _("Reported. It is on the dashboard."),
        "op_withdrawn": _("Report withdrawn: it is left out of every figure."),
    }
    return notices.get(flash, "")


env.globals["operation_notice"] = notice
