"""What the exchange's pages share: the words of its vocabulary, the choices of its forms, a
compose form's rows (graded items, structured entities, files) shaped as the API's body, and
deadlines in words.

No rule of the exchange lives here: the services decide who may see and do what; this module
only reads forms and words things in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar

from babel import Locale
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from starlette.datastructures import UploadFile

from clew import i18n
from clew.errors import ForbiddenError, ValidationError
from clew.exchange.kinds import (
    CaseState,
    CrimeArea,
    EntityKind,
    HandlingCode,
    MessageKind,
    RefusalReason,
    RequestStatus,
    Urgency,
)
from clew.i18n import gettext as _
from clew.i18n import ngettext
from clew.records.kinds import handling_meaning
from clew.web.render import check_csrf, env, render

__all__ = [
    "CHOICES",
    "ENTITY_ROWS",
    "ITEM_ROWS",
    "MAX_FILES",
    "Upload",
    "UploadDep",
    "checked",
    "due_words",
    "entity_rows",
    "exchange_term",
    "item_rows",
    "language_name",
    "notice",
    "render_exchange",
    "text",
    "valid",
]

M = TypeVar("M", bound=BaseModel)

ITEM_ROWS = 3
ENTITY_ROWS = 2
MAX_FILES = 5
MAX_TEXT = 100_000  # a message body may be long; other fields are bounded by their models
#: Languages a message may be written in, offered first; any BCP 47 tag is accepted by the API.
MESSAGE_LANGUAGES = (
    "en", "vi", "lv", "bg", "km", "lo", "th", "zh", "sr", "ro", "el", "tr", "ru", "uk", "et",
    "lt", "pl", "de", "fr", "es", "it", "pt", "nl", "ar",
)  # fmt: skip


def exchange_term(value: str) -> str:
    """The interface's word for a value of the exchange's vocabulary (an unknown one as is)."""
    terms = {
        # crime areas
        "drug_trafficking": _("Drug trafficking"),
        "migrant_smuggling": _("Migrant smuggling"),
        "trafficking_in_human_beings": _("Trafficking in human beings"),
        "firearms_trafficking": _("Firearms trafficking"), "terrorism": _("Terrorism"),
        "money_laundering": _("Money laundering"), "fraud": _("Fraud"),
        "cybercrime": _("Cybercrime"),
        "organised_property_crime": _("Organised property crime"),
        "excise_fraud": _("Excise fraud"), "document_fraud": _("Document fraud"),
        "other": _("Other"),
        # case states
        "open": _("Open"), "closed": _("Closed"),
        # message kinds
        "message": _("Message"), "request": _("Request"), "answer": _("Answer"),
        "partial_answer": _("Partial answer"), "refusal": _("Refusal"),
        "reminder": _("Reminder"), "permission_request": _("Permission asked"),
        "permission_decision": _("Permission decision"), "forward": _("Forwarded"),
        # urgency
        "urgent": _("Urgent"), "non_urgent": _("Not urgent"),
        # request statuses
        "sent": _("Sent"), "routed": _("Routed"), "partially_answered": _("Partially answered"),
        "answered": _("Answered"), "refused": _("Refused"),
        # refusal reasons (Directive 2023/977, article 6)
        "not_available": _("The information is not held"),
        "not_competent": _("Another authority holds the information"),
        "needs_judicial_authorisation": _("It needs a judicial authorisation"),
        "jeopardises_investigation": _("It would jeopardise an investigation"),
        "essential_national_security": _("It would harm essential national security"),
        "disproportionate": _("Disproportionate or irrelevant to the purpose"),
        "minor_offence": _("A minor offence (up to one year)"),
        "third_party_consent_refused": _("The provider of the information did not agree"),
        # permissions
        "asked": _("Asked"), "granted": _("Granted"),
        # entity kinds
        "person": _("Person"), "document": _("Document"), "vehicle": _("Vehicle"),
        "firearm": _("Firearm"),
        # recipient roles
        "to": _("Addressed"), "spoc_copy": _("Copy to the SPOC"),
        # grades (the 4x4)
        "A": _("A · completely reliable"), "B": _("B · mostly reliable"),
        "C": _("C · not reliable"), "X": _("X · cannot be judged"),
        "1": _("1 · known to be true"), "2": _("2 · known personally to the source"),
        "3": _("3 · corroborated"), "4": _("4 · cannot be judged"),
    }  # fmt: skip
    return terms.get(value, value)


CHOICES: dict[str, list[str]] = {
    "crime_areas": list(CrimeArea), "handling": list(HandlingCode), "states": list(CaseState),
    "kinds": list(MessageKind), "urgencies": list(Urgency), "statuses": list(RequestStatus),
    "refusals": list(RefusalReason), "entity_kinds": list(EntityKind),
    "source_grades": ["A", "B", "C", "X"], "info_grades": ["1", "2", "3", "4"],
    "languages": list(MESSAGE_LANGUAGES),
}  # fmt: skip


def language_name(code: str) -> str:
    """A message language's name in the interface language (``km`` -> "Khmer"), else the code."""
    try:
        name = Locale.parse(i18n.current()).languages.get(code.split("-")[0])
    except (ValueError, TypeError):
        name = None
    return name or code


def notice(flash: str) -> str:
    """The words of an exchange page's notice (``?done=x_...``), or "" for another's."""
    notices = {
        "x_case_opened": _("Case opened."),
        "x_case_closed": _("Case closed."),
        "x_case_reopened": _("Case reopened."),
        "x_sent": _("Message sent."),
        "x_acknowledged": _("Acknowledged: the sender sees it."),
        "x_forwarded": _("Message forwarded."),
        "x_permission_asked": _("Permission asked: the owner of the message decides."),
        "x_permission_decided": _("Decision sent to the agency that asked."),
        "x_pulled": _("Added to the analysis file."),
        "x_request_sent": _("Request sent to the addressed agencies."),
        "x_routed": _("Request routed."),
        "x_answered": _("Answer sent to the requester."),
        "x_refused": _("Refusal sent to the requester."),
        "x_reminded": _("Reminder sent."),
    }
    return notices.get(flash, "")


env.globals["exchange_notice"] = notice


def _span(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, hours = minutes // 1440, (minutes % 1440) // 60
    if days:
        return ngettext("%(num)d day", "%(num)d days", days) % {"num": days}
    if hours:
        return ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours}
    return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}


def due_words(due_at: datetime, overdue: bool, now: datetime) -> str:
    """ "3 days left" or "overdue by 2 hours" (whether it is overdue is the service's word)."""
    if overdue:
        return _("overdue by %(time)s") % {"time": _span(now - due_at)}
    return _("%(time)s left") % {"time": _span(due_at - now)}


def render_exchange(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    values = {
        "term": exchange_term, "choices": CHOICES, "handling_meaning": handling_meaning,
        "language_name": language_name,
    }  # fmt: skip
    return render(request, template, values | context, status=status)


def valid(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as ``model``; a form's mistake as the one validation error of Clew."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "form"
        raise ValidationError.field(where, first["msg"].removeprefix("Value error, ")) from None


def text(form: dict[str, str], name: str) -> str | None:
    return form.get(name, "").strip() or None


def checked(form: dict[str, str], prefix: str) -> list[str]:
    """The codes of the ticked boxes named ``<prefix><code>`` (a form keeps one value a name)."""
    return [k.removeprefix(prefix) for k, v in form.items() if k.startswith(prefix) and v == "1"]


def item_rows(form: dict[str, str]) -> list[dict[str, str]]:
    """The graded items of a form (rows ``it<i>_text/_source/_information``, empty ones left)."""
    rows = []
    for i in range(ITEM_ROWS):
        if body := text(form, f"it{i}_text"):
            rows.append({"text": body, "source": form.get(f"it{i}_source", "X"),
                         "information": form.get(f"it{i}_information", "4")})  # fmt: skip
    return rows


#: Per entity kind: the row prefix and the form fields -> the API's field names.
ENTITY_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "person": ("ep", ("name", "date_of_birth", "nationality")),
    "document": ("ed", ("number", "country")),
    "vehicle": ("ev", ("vin", "plate")),
    "firearm": ("ef", ("serial_number", "make")),
}


def entity_rows(form: dict[str, str]) -> list[dict[str, Any]]:
    """The structured entities of a form, shaped as :class:`clew.exchange.schemas.EntityIn`."""
    rows: list[dict[str, Any]] = []
    for kind, (prefix, fields) in ENTITY_FIELDS.items():
        for i in range(ENTITY_ROWS):
            given: dict[str, Any] = {f: v for f in fields if (v := text(form, f"{prefix}{i}_{f}"))}
            if not given:
                continue
            if kind == "person":
                given["names"] = [given.pop("name")] if "name" in given else []
            for field in ("country", "nationality"):
                if field in given:
                    given[field] = given[field].upper()
            rows.append({
                "kind": kind, kind: given,
                "source": form.get(f"{prefix}{i}_source", "X"),
                "information": form.get(f"{prefix}{i}_information", "4"),
            })  # fmt: skip
    return rows


@dataclass(slots=True)
class Upload:
    """A form that may carry files: its text fields (first value of each) and its files."""

    fields: dict[str, str]
    files: list[UploadFile]


async def get_upload_form(request: Request) -> Upload:
    """Like :func:`clew.web.deps.get_form` (CSRF checked, oversized values refused) for a
    multipart form with up to :data:`MAX_FILES` files; empty file inputs are dropped."""
    form = await request.form(max_files=MAX_FILES, max_fields=300)
    fields: dict[str, str] = {}
    files: list[UploadFile] = []
    for key, value in form.multi_items():
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise ForbiddenError("The form could not be accepted.")
            fields.setdefault(key, value)
        elif value.filename:
            files.append(value)
    if not check_csrf(request, fields.get("csrf_token")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    return Upload(fields, files)


UploadDep = Annotated[Upload, Depends(get_upload_form)]
