"""Watchlist pages: search records, read one, create, change and cancel them.

A thin shell over ``clew.records``: a route turns the form into the records schemas, calls one
service function and renders. Inputs are named by their path in the schemas (``names.0.family``,
``alert.action``, ``visibility.countries``), so a validation error's location names its input.
Whether a record is shown, changed or refused is decided by the services alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from clew import i18n
from clew.access import agencies
from clew.access.roles import Permission
from clew.api.deps import Id
from clew.api.records import record_filter
from clew.errors import ClewError, NotFoundError, ValidationError
from clew.firearms import reference
from clew.intel import files
from clew.records import facets as record_facets
from clew.records import store
from clew.records.kinds import (
    AlertCategory,
    DocumentStatus,
    DocumentType,
    FirearmStatus,
    FirearmType,
    Gender,
    HandlingCode,
    IdentifierType,
    NameKind,
    RecordKind,
    RecordSort,
    RecordStatus,
    VehicleKind,
    VisibilityMode,
)
from clew.records.schemas import (
    ChangePublic,
    DocumentCreate,
    FirearmCreate,
    FirearmFields,
    PersonCreate,
    RecordPublic,
    RecordUpdate,
    VehicleCreate,
)
from clew.screening import hits, misses
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.web import labels, record_search
from clew.web.deps import FormDep, Page, PageDep
from clew.web.problems import problem_text, validation_text
from clew.web.render import redirect, render

__all__ = ["alert_data", "form_errors", "reason", "record_page", "render_records", "router"]

router = APIRouter(include_in_schema=False)
E = TypeVar("E", bound=StrEnum)

PAGE_SIZE = 50
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=200)]

#: Plain inputs per kind, named as in the schemas.
FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.PERSON: ("date_of_birth", "gender", "place_of_birth", "country_of_birth",
                        "photo_ref", "distinguishing_marks"),
    RecordKind.DOCUMENT: ("document_type", "number", "issuing_country", "issued_on", "expires_on",
                          "status", "holder_name"),
    RecordKind.VEHICLE: ("vin", "plate", "plate_country", "make", "model", "colour", "year",
                         "vehicle_type"),
    RecordKind.FIREARM: ("serial_number", "make", "model", "firearm_type", "calibre",
                         "country_of_manufacture", "year", "status", "other_markings",
                         "serial_restored"),
}  # fmt: skip
CREATE: dict[RecordKind, type[BaseModel]] = {
    RecordKind.PERSON: PersonCreate, RecordKind.DOCUMENT: DocumentCreate,
    RecordKind.VEHICLE: VehicleCreate, RecordKind.FIREARM: FirearmCreate,
}  # fmt: skip
#: Repeated rows of a person: (parts, the parts that make a row filled, rows the schema allows,
#: rows an empty form offers).
ROWS = {
    "names": (("kind", "given", "family", "full"), ("given", "family", "full"), 20, 3),
    "identifiers": (("type", "number", "country"), ("number", "country"), 10, 2),
    "import_marks": (("country", "year"), ("country", "year"), 10, 2),
}
#: The repeated groups of each kind.
GROUPS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.PERSON: ("names", "identifiers"), RecordKind.FIREARM: ("import_marks",),
}  # fmt: skip
ALERT_PARTS = ("category", "action", "reason", "handling_code", "handling_note", "expires_on")
#: Comma-separated inputs that stand for a list: an error on any item marks the whole input.
LISTS = ("nationalities", "visibility.countries")
#: The options of the selects, in their order (``status`` differs between documents and firearms).
CHOICES: dict[str, list[str]] = {
    "gender": list(Gender), "document_type": list(DocumentType),
    "vehicle_type": list(VehicleKind), "firearm_type": list(FirearmType),
    "status.document": list(DocumentStatus), "status.firearm": list(FirearmStatus),
    "name_kind": list(NameKind), "identifier_type": list(IdentifierType),
    "category": list(AlertCategory), "handling_code": list(HandlingCode),
    "visibility": list(VisibilityMode), "kinds": list(RecordKind),
}  # fmt: skip
LABELS = {
    "term": labels.record_term, "field_label": labels.field_label,
    "handling_meaning": labels.handling_meaning, "visibility_label": labels.visibility_label,
    "change_label": labels.change_label,
}  # fmt: skip


def render_records(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """``render`` with the records vocabulary's labels at hand."""
    return render(request, template, LABELS | {"choices": CHOICES} | context, status=status)


def _choice(enum: type[E], value: str | None) -> E | None:
    """A select's value as the enum, or ``None`` for "any" (and for anything unknown)."""
    return enum(value) if value in {member.value for member in enum} else None


# --- forms ------------------------------------------------------------------------------------


def _text(form: dict[str, str], name: str) -> str | None:
    return form.get(name, "").strip() or None


def _codes(text: str) -> list[str]:
    """``"bg, LV;at"`` -> ``["bg", "LV", "at"]`` (the schemas check and upper-case each code)."""
    return [code for code in re.split(r"[\s,;]+", text) if code]


def _rows(form: dict[str, str], group: str) -> tuple[list[dict[str, str]], list[int]]:
    """The filled rows of a repeated group and the row number each came from.

    A row counts when any of its text inputs is filled; its selects alone do not make it.
    """
    parts, filled, limit, _ = ROWS[group]
    found, numbers = [], []
    for number in range(limit):
        row = {p: form.get(f"{group}.{number}.{p}", "").strip() for p in parts}
        if any(row[p] for p in filled):
            found.append({p: v for p, v in row.items() if v})
            numbers.append(number)
    return found, numbers


Rows = dict[str, list[int]]


def _record_data(kind: RecordKind, form: dict[str, str]) -> tuple[dict[str, Any], Rows]:
    """A record's data from its form, and the row numbers of its repeated groups."""
    data: dict[str, Any] = {"kind": kind.value}
    data |= {name: value for name in FIELDS[kind] if (value := _text(form, name))}
    rows: dict[str, list[int]] = {}
    for group in GROUPS.get(kind, ()):
        data[group], rows[group] = _rows(form, group)
    if kind is RecordKind.FIREARM:
        data["serial_obliterated"] = form.get("serial_obliterated") == "on"
    if kind is RecordKind.PERSON:
        data["nationalities"] = _codes(form.get("nationalities", ""))
        data["dob_uncertain"] = form.get("dob_uncertain") == "on"
    return data, rows


def _visibility(form: dict[str, str]) -> dict[str, Any]:
    return {"mode": form.get("visibility.mode") or VisibilityMode.ALL.value,
            "countries": _codes(form.get("visibility.countries", ""))}  # fmt: skip


def alert_data(form: dict[str, str]) -> dict[str, str] | None:
    """The ``alert.*`` inputs; ``None`` when none but the handling code (a select) is filled."""
    alert = {p: value for p in ALERT_PARTS if (value := _text(form, f"alert.{p}"))}
    return alert if set(alert) - {"handling_code"} else None


def _values(record: RecordPublic) -> dict[str, str]:
    """A record as the values of its form (for editing)."""
    values: dict[str, str] = {}
    for name, value in record.data.model_dump(mode="json", exclude_none=True).items():
        if name in ROWS:
            for number, row in enumerate(value):
                values |= {f"{name}.{number}.{part}": str(v) for part, v in row.items()}
        elif isinstance(value, dict):
            continue  # set by a transaction (a locate), not a form input
        elif isinstance(value, list):
            values[name] = ", ".join(value)
        elif isinstance(value, bool):
            values[name] = "on" if value else ""
        else:
            values[name] = str(value)
    if record.visibility is not None:
        values["visibility.mode"] = record.visibility.mode.value
        values["visibility.countries"] = ", ".join(record.visibility.countries)
    values["external_id"] = record.external_id or ""
    return values


def _row_counts(values: dict[str, str]) -> dict[str, int]:
    """Rows to offer per group: the usual number, or as many as the values fill, plus none."""
    counts = {}
    for group, (_, _, limit, usual) in ROWS.items():
        used = [int(m.group(1)) for k in values if (m := re.match(rf"{group}\.(\d+)\.", k))]
        counts[group] = min(limit, max([usual, *(n + 1 for n in used)]))
    return counts


def _key(loc: Sequence[object], rows: dict[str, list[int]], prefix: str | None) -> str:
    """The input an error location belongs to: ``("data", "person", "names", 0, "family")``
    -> ``names.2.family`` when the first filled name row was row 2."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["data"]:
        parts = parts[1:]
    if parts and parts[0] in {kind.value for kind in RecordKind}:
        parts = parts[1:]  # a discriminated union's tag
    if prefix and parts[:1] != [prefix]:
        parts = [prefix, *parts]
    if len(parts) > 1 and parts[0] in rows and parts[1].isdigit():
        numbers = rows[parts[0]]
        if int(parts[1]) < len(numbers):
            parts[1] = str(numbers[int(parts[1])])
    key = ".".join(parts) or "form"
    return next((name for name in LISTS if key.startswith(f"{name}.")), key)


def _summary_label(key: str) -> str:
    """``names.1.family`` -> "Names 2 · Family name", for the list of errors atop a form."""
    words: list[str] = []
    for part in key.split("."):
        if part.isdigit() and words:
            words[-1] += f" {int(part) + 1}"
        elif part != "form":
            words.append(labels.field_label(part))
    return " · ".join(words)


def form_errors(
    exc: ClewError | PydanticValidationError,
    rows: dict[str, list[int]] | None = None,
    prefix: str | None = None,
) -> dict[str, Any]:
    """Context for a form that failed: the headline, errors by input, and their summary."""
    found: list[tuple[Sequence[object], str]]
    if isinstance(exc, PydanticValidationError):
        found = [(e["loc"], validation_text(e)) for e in exc.errors()]
    else:
        found = [(f.field.split("."), problem_text(f.message)) for f in exc.fields]
        if not found:
            return {"error": labels.error_text(exc), "errors": {}, "summary": []}
    errors: dict[str, str] = {}
    for loc, message in found:
        errors.setdefault(_key(loc, rows or {}, prefix), message)
    summary = [(key.replace(".", "-"), _summary_label(key), msg) for key, msg in errors.items()]
    return {"error": i18n.gettext("Please correct the marked fields."), "errors": errors,
            "summary": summary}  # fmt: skip


def reason(form: dict[str, str], name: str = "reason") -> str:
    """A required free-text reason (cancel, extend, lapse), at most 1000 characters."""
    text = form.get(name, "").strip()
    if not text:
        raise ValidationError.field(name, i18n.gettext("Give a reason."))
    if len(text) > 1000:
        raise ValidationError.field(name, i18n.gettext("At most 1000 characters."))
    return text


# --- list -------------------------------------------------------------------------------------


@router.get("/records", response_class=HTMLResponse)
def record_list(
    request: Request, page: PageDep, offset: Offset = 0, q: Text = None, kind: Text = None,
    status: Text = None, owner: Text = None, nationality: Text = None, serial: Text = None,
    category: Text = None, sort: Text = None,
) -> HTMLResponse:  # fmt: skip
    filters = {"q": q or "", "kind": kind or "", "status": status or "", "owner": owner or "",
               "nationality": nationality or "", "serial": serial or "",
               "category": category or "", "sort": sort or ""}  # fmt: skip
    context: dict[str, Any] = {"records": [], "total": 0, "offset": offset, "filters": filters,
                               "page_size": PAGE_SIZE, "query": urlencode(
                                   {k: v for k, v in filters.items() if v}),
                               "facets": {}, "sorts": record_search.SORTS,
                               "sort_label": record_search.sort_label}  # fmt: skip
    try:
        if message := record_search.invalid_filter(filters):
            raise ValidationError(message)  # named, not ignored: nothing is listed
        flt = replace(
            record_filter(
                _choice(RecordKind, kind), q or None, _choice(RecordStatus, status),
                owner or None, nationality or None, None, None, None, serial or None,
            ),
            category=_choice(AlertCategory, category),
            sort=_choice(RecordSort, sort) or RecordSort.NEWEST,
        )  # fmt: skip
        rows, context["total"] = store.list_records(
            page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset
        )
        context["records"] = [store.public(r, page.actor) for r in rows]
        found = record_facets.facets(page.session, page.actor, flt)
        context["facets"] = record_search.facet_links(found, filters)
    except (ValidationError, NotFoundError) as exc:  # a bad nationality, an unknown agency
        context["search_error"] = exc.fields[0].message if exc.fields else exc.detail
    if request.headers.get("hx-request"):
        return render_records(request, "_record_rows.html", context)
    context["agencies"] = agencies.list_agencies(page.session, page.actor, limit=200, offset=0)[0]
    context["may_write"] = page.actor.can(Permission.WRITE_RECORDS)
    return render_records(request, "records.html", context)


# --- detail -----------------------------------------------------------------------------------


def _shown(name: str, value: Any) -> str:
    """A value of a record's history, readable."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):
        if "mode" in value:
            listed = ", ".join(value.get("countries") or [])
            return labels.visibility_label(value["mode"]) + (f": {listed}" if listed else "")
        shown = value.get("full") or value.get("number") or json.dumps(value, ensure_ascii=False)
        return f"{shown} ({value['country']})" if value.get("country") else str(shown)
    if isinstance(value, list):
        return "; ".join(_shown(name, v) for v in value)
    if isinstance(value, bool):
        return i18n.gettext("Yes") if value else i18n.gettext("No")
    if name == "alert":
        return f"#{value}"
    return labels.record_term(str(value)) if name in CHOICES or name == "status" else str(value)


def _change_rows(change: ChangePublic) -> list[tuple[str, str, str | None]]:
    """(field, value or before, after) per changed field of one history entry."""
    rows: list[tuple[str, str, str | None]] = []
    for name, value in change.changes.items():
        label = labels.field_label(name)
        pair = change.action == "update" or name in ("expires_on", "status")  # [before, after]
        if pair and isinstance(value, list) and len(value) == 2:
            rows.append((label, _shown(name, value[0]), _shown(name, value[1])))
        else:
            rows.append((label, _shown(name, value), None))
    return rows


def _unlisted(page: Page, record: RecordPublic) -> list[str]:
    """The make and calibre of a firearm that the reference table does not list."""
    data = record.data
    if not isinstance(data, FirearmFields):
        return []
    return reference.unlisted(reference.current(page.session), data.make, data.calibre)


def _suggestions(page: Page, kind: RecordKind | None) -> dict[str, list[str]]:
    """The makes and calibres of the reference table, offered as a firearm's form is filled."""
    if kind is not RecordKind.FIREARM:
        return {}
    table = reference.current(page.session)
    return {"makes": sorted(m.name for m in table.makes.makes.values()),
            "calibres": sorted(table.calibres.names)}  # fmt: skip


def record_page(
    request: Request, page: Page, record_id: int, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    """The detail page; also re-rendered with errors when one of its forms fails."""
    record = store.public(store.get_record(page.session, page.actor, record_id), page.actor)
    owner = record.visibility is not None  # the service shows the rule to the owner only
    history = store.history(page.session, page.actor, record_id) if owner else []
    found = hits.record_counts(page.session, page.actor, [record_id]) if owner else {}
    context: dict[str, Any] = {
        "record": record, "owner": owner,
        "may_change": owner and record.status == RecordStatus.ACTIVE
        and page.actor.can(Permission.WRITE_RECORDS),
        "history": [(c, _change_rows(c)) for c in reversed(history)],
        "screening": found.get(record_id, (0, 0)) if owner else None,
        "analysis_files": files.writable_files(page.session, page.actor),
        "unlisted": _unlisted(page, record),
        "form": {}, "errors": {}, "summary": [], "open_form": "",
    } | extra  # fmt: skip
    return render_records(request, "record_detail.html", context, status=status)


# --- create, edit, cancel ---------------------------------------------------------------------


def _form_page(
    request: Request, page: Page, kind: RecordKind | None, form: dict[str, str], *,
    edit: RecordPublic | None = None, status: int = 200, **extra: Any,
) -> HTMLResponse:  # fmt: skip
    context = {"kind": kind, "form": form, "edit": edit, "rows": _row_counts(form),
               "errors": {}, "summary": [],
               "suggest": _suggestions(page, kind)} | extra  # fmt: skip
    return render_records(request, "record_form.html", context, status=status)


@router.get("/records/new", response_class=HTMLResponse)
def record_new(request: Request, page: PageDep, kind: Text = None) -> HTMLResponse:
    page.actor.require(Permission.WRITE_RECORDS)
    return _form_page(request, page, _choice(RecordKind, kind), {})


@router.get("/records/{record_id}", response_class=HTMLResponse)  # after /records/new
def record_detail(request: Request, record_id: Id, page: PageDep) -> HTMLResponse:
    return record_page(request, page, record_id)


@router.post("/records", response_model=None)
def record_create(
    request: Request, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    kind = _choice(RecordKind, form.get("kind"))
    if kind is None:
        raise ValidationError.field("kind", "choose the kind of record")
    data, rows = _record_data(kind, form)
    data |= {"visibility": _visibility(form), "external_id": _text(form, "external_id"),
             "alert": alert_data(form)}  # fmt: skip
    try:
        item: Any = CREATE[kind].model_validate({k: v for k, v in data.items() if v is not None})
        record = store.create_record(page.session, page.actor, item)
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        return _form_page(request, page, kind, form, status=422, **form_errors(exc, rows))
    return redirect(f"/records/{record.id}?done=record_created")


@router.get("/records/{record_id}/edit", response_class=HTMLResponse)
def record_edit(request: Request, record_id: Id, page: PageDep) -> HTMLResponse:
    record = store.get_record(page.session, page.actor, record_id)
    store.owned_record(page.session, page.actor, record_id)  # others may look, not change
    shown = store.public(record, page.actor)
    return _form_page(request, page, shown.kind, _values(shown), edit=shown)


@router.post("/records/{record_id}/edit", response_model=None)
def record_update(
    request: Request, record_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    kind = RecordKind(store.owned_record(page.session, page.actor, record_id).kind)
    data, rows = _record_data(kind, form)
    raw = {"data": data, "visibility": _visibility(form), "external_id": _text(form, "external_id")}
    try:
        store.update_record(page.session, page.actor, record_id, RecordUpdate.model_validate(raw))
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        shown = store.public(store.owned_record(page.session, page.actor, record_id), page.actor)
        return _form_page(
            request, page, kind, form, edit=shown, status=422, **form_errors(exc, rows)
        )
    return redirect(f"/records/{record_id}?done=record_updated")


@router.post("/records/{record_id}/cancel", response_model=None)
def record_cancel(
    request: Request, record_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    store.owned_record(page.session, page.actor, record_id)  # refuse others before checking input
    try:
        store.cancel_record(page.session, page.actor, record_id, reason(form))
    except ValidationError as exc:
        page.session.rollback()
        context = form_errors(exc) | {"open_form": "cancel", "form": form}
        return record_page(request, page, record_id, status=422, **context)
    return redirect(f"/records/{record_id}?done=record_cancelled")


# --- why a check did not find it --------------------------------------------------------------

_EXPLAIN_FIELDS = {"document": "number", "vehicle": "vin", "firearm": "serial_number"}


def _explain_request(kind: str, form: dict[str, str]) -> CheckRequest:
    """The check the asker describes: a person's name and date of birth, or an object's number,
    VIN or serial."""
    if kind == "person":
        person = {"names": [form.get("name", "")],
                  "date_of_birth": form.get("date_of_birth") or None}  # fmt: skip
        return CheckRequest.model_validate({"person": person})
    value = form.get("number", "")
    return CheckRequest.model_validate({kind: {_EXPLAIN_FIELDS[kind]: value}})


@router.post("/records/{record_id}/explain", response_class=HTMLResponse)
def record_explain(request: Request, record_id: Id, page: PageDep, form: FormDep) -> HTMLResponse:
    """Why a check (as the asker describes it) did or did not find the record: the step that
    let it go, its score and the explanation. Nothing is stored; the question is audited."""
    page.actor.require(Permission.CHECK)
    record = store.get_record(page.session, page.actor, record_id)
    keeper: IndexKeeper = request.app.state.index
    try:
        data = _explain_request(record.kind, form)
        verdict = misses.explain_record(page.session, page.actor, keeper, data, record_id,
                                        language=i18n.current())  # fmt: skip
    except (ClewError, PydanticValidationError) as exc:
        return record_page(request, page, record_id, status=422, open_form="explain",
                           form=form, **_explain_errors(exc))  # fmt: skip
    return record_page(request, page, record_id, open_form="explain", form=form,
                       explained=verdict)  # fmt: skip


_EXPLAIN_INPUTS = {"names": "name", "date_of_birth": "date_of_birth", "number": "number",
                   "vin": "number", "serial_number": "number"}  # fmt: skip


def _explain_errors(exc: ClewError | PydanticValidationError) -> dict[str, Any]:
    """The form's problems by its own inputs (name, date of birth, number)."""
    found = form_errors(exc)
    errors: dict[str, str] = {}
    for key, message in found["errors"].items():
        parts = [part for part in key.split(".") if not part.isdigit()]
        errors.setdefault(_EXPLAIN_INPUTS.get(parts[-1] if parts else "", "name"), message)
    return found | {"errors": errors}
