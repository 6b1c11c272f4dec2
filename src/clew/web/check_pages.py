"""The check page: an officer checks a traveller, a document, a vehicle or a firearm.

A thin shell over :func:`clew.screening.checks.check`: the form's inputs are named by their
path in ``CheckRequest`` (``person.date_of_birth``, ``vehicle.plate``), so a validation error's
location names its input. What matches, what the caller may see and what is stored as a hit is
decided by the service alone.

With htmx the form posts in the background and the answer replaces the results panel (the form
comes back out of band, with its values and any errors); without JavaScript it is an ordinary
POST that renders the whole page. The last place of a check is remembered in a cookie so an
officer at a border post types it once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError as PydanticValidationError

from clew import i18n
from clew.access import agencies
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ValidationError
from clew.records.kinds import Gender
from clew.screening import checks
from clew.screening.schemas import CheckRequest, CheckResponse
from clew.screening.sync import IndexKeeper
from clew.settings import Settings
from clew.web import labels
from clew.web.deps import FormDep, PageDep
from clew.web.problems import problem_text, validation_text
from clew.web.render import render, use_language

__all__ = ["PLACE_COOKIE", "router"]

router = APIRouter(include_in_schema=False)

PLACE_COOKIE = "clew_place"
PLACE_DAYS = 90
#: The inputs of each part of a check, in the form's order (and the schemas' names).
GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("names", "date_of_birth", "gender", "nationality", "mrz"),
    "document": ("number", "country"),
    "vehicle": ("vin", "plate"),
    "firearm": ("serial_number", "make", "model", "calibre"),
}
INPUTS = (*(f"{group}.{name}" for group, names in GROUPS.items() for name in names), "place")
#: Where an error about a whole part belongs ("give at least one name or the MRZ").
PART_INPUT = {"person": "person.names", "vehicle": "vehicle.vin"}
#: Several written forms of a name go on one line, separated by ";" or "/".
NAME_SEPARATORS = re.compile(r"\s*[;/]\s*")


def _keeper(request: Request) -> IndexKeeper:
    keeper: IndexKeeper = request.app.state.index
    return keeper


def _htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


# --- the form ---------------------------------------------------------------------------------


def _check_data(form: dict[str, str]) -> dict[str, Any]:
    """The filled inputs as a ``CheckRequest``'s data; a part with no input filled is left out."""
    data: dict[str, Any] = {}
    for group, names in GROUPS.items():
        values: dict[str, Any] = {}
        for name in names:
            if value := form.get(f"{group}.{name}", "").strip():
                values[name] = value
        if values:
            data[group] = values
    person = data.get("person", {})
    if "names" in person:
        person["names"] = [n for n in NAME_SEPARATORS.split(person["names"]) if n]
    if place := form.get("place", "").strip():
        data["place"] = place
    return data


def _input(loc: Sequence[object]) -> str:
    """The input an error location belongs to: ``("person", "names", 0)`` -> ``person.names``."""
    parts = [str(p) for p in loc if str(p)]
    if not parts:
        return "form"
    if len(parts) == 1:
        return PART_INPUT.get(parts[0], parts[0])
    return ".".join(parts[:2])


def _message(error: Any) -> str:
    """A pydantic error's message; ours, translated, where the officer left something out."""
    if not error["loc"]:  # the request as a whole: nothing to check
        return i18n.gettext(
            "Type a name, a document number, a VIN or plate, or a firearm's serial number."
        )
    if error["type"] == "missing":
        return i18n.gettext("Required.")
    return validation_text(error)


def _errors(exc: ValidationError | PydanticValidationError) -> dict[str, str]:
    """Errors by input (the first per input); ``form`` for what belongs to no input."""
    found: list[tuple[str, str]]
    if isinstance(exc, PydanticValidationError):
        found = [(_input(e["loc"]), _message(e)) for e in exc.errors()]
    else:
        found = [(_input(f.field.split(".")), problem_text(f.message)) for f in exc.fields]
        found = found or [("form", labels.error_text(exc))]
    errors: dict[str, str] = {}
    for key, message in found:
        errors.setdefault(key if key in INPUTS else "form", message)
    return errors


def _place(request: Request) -> str:
    return unquote(request.cookies.get(PLACE_COOKIE, ""))[:200]


def _remember_place(request: Request, response: HTMLResponse, place: str | None) -> None:
    if not place:
        response.delete_cookie(PLACE_COOKIE, path="/")
        return
    settings: Settings = request.app.state.settings
    response.set_cookie(
        PLACE_COOKIE, quote(place, safe=""), max_age=PLACE_DAYS * 24 * 3600, httponly=True,
        samesite="lax", secure=settings.production, path="/",
    )  # fmt: skip


def _asked(form: dict[str, str]) -> list[str]:
    """What was checked, as the officer typed it, for the line above the results."""
    shown = []
    for name in INPUTS:
        value = form.get(name, "").strip()
        if not value or name == "place":
            continue
        if name == "person.mrz":
            value = i18n.gettext("MRZ")
        elif name == "person.gender":
            value = labels.record_term(value)
        shown.append(value)
    return shown


def _render(
    request: Request, form: dict[str, str], *, answer: CheckResponse | None = None,
    errors: dict[str, str] | None = None, focus: str | None = "person.names",
    status: int = 200, contacts: dict[str, Agency] | None = None,
) -> HTMLResponse:  # fmt: skip
    errors = errors or {}
    if errors:
        focus = next((name for name in INPUTS if name in errors), "person.names")
    context: dict[str, Any] = {
        "form": form, "errors": errors, "answer": answer, "focus": focus,
        "asked": _asked(form) if answer else [], "genders": [Gender.FEMALE, Gender.MALE],
        "term": labels.record_term, "field_label": labels.field_label,
        "handling_meaning": labels.handling_meaning, "band_label": labels.band_label,
        "score_text": labels.score_text, "contacts": contacts or {},
    }  # fmt: skip
    if _htmx(request):
        return render(request, "_check_swap.html", context, status=status)
    return render(request, "check.html", context, status=status)


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.CHECK)
    return _render(request, {"place": _place(request)})


@router.post("/check", response_class=HTMLResponse)
def check_submit(request: Request, page: PageDep, form: FormDep) -> HTMLResponse:
    values = {name: form[name] for name in INPUTS if name in form}
    language = use_language(request)
    try:
        data = CheckRequest.model_validate(_check_data(form))
        answer = checks.check(page.session, page.actor, _keeper(request), data, language=language)
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        # htmx swaps only successful answers: the marked form is one, to the browser.
        status = 200 if _htmx(request) else 422
        return _render(request, values, errors=_errors(exc), status=status)
    owners = agencies.contacts(page.session, page.actor, [r.owner for r in answer.results])
    response = _render(
        request, values, answer=answer, focus=None if _htmx(request) else "person.names",
        contacts=owners,
    )  # fmt: skip
    _remember_place(request, response, data.place)
    return response
