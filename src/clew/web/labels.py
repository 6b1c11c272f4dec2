"""Translated labels for domain vocabulary and errors shown in the web UI.

Enum values stay stable English identifiers in the database and the API; people see these.
"""

from __future__ import annotations

from clew.access.countries import INTERNATIONAL, country_name
from clew.errors import ClewError, FieldError
from clew.i18n import current
from clew.i18n import gettext as _

__all__ = [
    "country_label",
    "error_text",
    "field_errors",
    "kind_label",
    "role_label",
    "scope_label",
]


def country_label(code: str) -> str:
    """The country's name in the interface language (CLDR), or "International"."""
    if code == INTERNATIONAL:
        return _("International")
    return country_name(code, current())


def role_label(role: str) -> str:
    labels = {
        "officer": _("Officer"),
        "analyst": _("Analyst"),
        "liaison_officer": _("Liaison officer"),
        "coordinator": _("Coordinator"),
        "data_manager": _("Data manager"),
        "administrator": _("Administrator"),
        "auditor": _("Auditor"),
    }
    return labels.get(role, role)


def kind_label(kind: str) -> str:
    labels = {
        "national_central_bureau": _("National central bureau"),
        "police": _("Police"),
        "border_guard": _("Border guard"),
        "customs": _("Customs"),
        "financial_intelligence_unit": _("Financial intelligence unit"),
        "liaison_office": _("Liaison office"),
        "international_body": _("International body"),
    }
    return labels.get(kind, kind)


def scope_label(scope: str) -> str:
    labels = {
        "read": _("Read records and run checks"),
        "write": _("Change records"),
        "admin": _("Administer agencies and users"),
        "audit": _("Read the audit log"),
    }
    return labels.get(scope, scope)


def error_text(exc: ClewError) -> str:
    """A translated headline for an error; the detail (English) follows in the field list."""
    headlines = {
        "validation_error": _("Please correct the marked fields."),
        "not_found": _("Not found."),
        "forbidden": _("You are not allowed to do this."),
        "conflict": _("That already exists."),
        "too_many_attempts": _("Too many failed attempts. Try again later."),
        "unauthenticated": _("Please sign in."),
    }
    headline = headlines.get(exc.code, _("Something went wrong."))
    return headline if exc.fields or exc.code == "not_found" else f"{headline} {exc.detail}"


def field_errors(fields: list[FieldError]) -> dict[str, str]:
    return {f.field.split(".")[-1]: f.message for f in fields}
