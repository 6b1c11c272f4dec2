"""Translated labels for domain vocabulary and errors shown in the web UI.

Enum values stay stable English identifiers in the database and the API; people see these.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from clew.access.countries import INTERNATIONAL, country_name
from clew.errors import ClewError, FieldError
from clew.i18n import current
from clew.i18n import gettext as _
from clew.records.kinds import handling_meaning
from clew.screening.explain import phrase
from clew.web.problems import problem_text

__all__ = [
    "band_label",
    "change_label",
    "country_label",
    "decision_label",
    "error_text",
    "explanation_item",
    "field_errors",
    "field_label",
    "handling_meaning",
    "kind_label",
    "record_term",
    "role_label",
    "scope_label",
    "score_text",
    "visibility_label",
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
    """Each field's problem, by the field's last name, in the interface language."""
    return {f.field.split(".")[-1]: problem_text(f.message) for f in fields}


# --- records ----------------------------------------------------------------------------------


def record_term(value: str) -> str:
    """A value of the records vocabulary (``clew.records.kinds``) in the interface language.

    One table serves every vocabulary: where two vocabularies share a value (``passport``,
    ``stolen``, ``active``, ``other``), the word is the same in both. Handling codes are shown
    as themselves (see :func:`handling_meaning`); an unknown value is shown as it is.
    """
    labels = {
        # record kinds
        "person": _("Person"),
        "document": _("Travel document"),
        "vehicle": _("Vehicle"),
        "firearm": _("Firearm"),
        # record and alert status
        "active": _("Active"),
        "cancelled": _("Cancelled"),
        "cleared": _("Cleared"),
        "lapsed": _("Lapsed"),
        # gender
        "male": _("Male"),
        "female": _("Female"),
        "unknown": _("Unknown"),
        # name kinds
        "primary": _("Name as written (own script)"),
        "latin": _("Latin form (as in the passport)"),
        "alias": _("Alias"),
        # identifier and document types
        "passport": _("Passport"),
        "national_id": _("National identity number"),
        "id_card": _("Identity card"),
        "visa": _("Visa"),
        "residence_permit": _("Residence permit"),
        "driving_licence": _("Driving licence"),
        "other": _("Other"),
        # document and firearm status
        "stolen": _("Stolen"),
        "lost": _("Lost"),
        "revoked": _("Revoked"),
        "invalidated": _("Invalidated"),
        "counterfeit": _("Counterfeit"),
        "blank_stolen": _("Stolen blank"),
        "trafficked": _("Trafficked"),
        "smuggled": _("Smuggled"),
        "seized": _("Seized"),
        "recovered": _("Recovered"),
        # vehicle kinds
        "car": _("Car"),
        "truck": _("Truck"),
        "motorcycle": _("Motorcycle"),
        "trailer": _("Trailer"),
        "boat": _("Boat"),
        # firearm types
        "pistol": _("Pistol"),
        "revolver": _("Revolver"),
        "rifle": _("Rifle"),
        "carbine": _("Carbine"),
        "shotgun": _("Shotgun"),
        "submachine_gun": _("Submachine gun"),
        "machine_gun": _("Machine gun"),
        "assault_rifle": _("Assault rifle"),
        # alert categories
        "wanted_for_arrest": _("Wanted for arrest"),
        "missing_person": _("Missing person"),
        "discreet_check": _("Discreet check"),
        "specific_check": _("Specific check"),
        "object_to_seize": _("Object to seize"),
        "for_information": _("For information"),
    }
    return labels.get(value, value)


def visibility_label(mode: str) -> str:
    labels = {
        "all": _("Every member country"),
        "only": _("Only the listed countries"),
        "except": _("Every member country except the listed ones"),
    }
    return labels.get(mode, mode)


def field_label(name: str) -> str:
    """The label of a record field (form inputs, detail pages and the history)."""
    labels = {
        "names": _("Names"),
        "kind": _("Kind of name"),
        "given": _("Given name"),
        "family": _("Family name"),
        "full": _("Full name"),
        "date_of_birth": _("Date of birth"),
        "dob_uncertain": _("Date of birth uncertain"),
        "gender": _("Gender"),
        "nationalities": _("Nationalities"),
        "place_of_birth": _("Place of birth"),
        "country_of_birth": _("Country of birth"),
        "identifiers": _("Identifiers"),
        "type": _("Type"),
        "country": _("Issuing country"),
        "photo_ref": _("Photo reference"),
        "distinguishing_marks": _("Distinguishing marks"),
        "document_type": _("Document type"),
        "number": _("Number"),
        "issuing_country": _("Issuing country"),
        "issued_on": _("Issued on"),
        "expires_on": _("Expires on"),
        "status": _("Status"),
        "holder_name": _("Holder's name"),
        "vin": _("VIN"),
        "plate": _("Registration plate"),
        "plate_country": _("Plate country"),
        "make": _("Make"),
        "model": _("Model"),
        "colour": _("Colour"),
        "year": _("Year"),
        "vehicle_type": _("Vehicle type"),
        "serial_number": _("Serial number"),
        "firearm_type": _("Firearm type"),
        "calibre": _("Calibre"),
        "country_of_manufacture": _("Country of manufacture"),
        "import_marks": _("Import marks"),
        "other_markings": _("Other markings"),
        "serial_obliterated": _("Serial obliterated"),
        "serial_restored": _("Restored serial"),
        "found_on": _("Found on"),
        "found_at": _("Found at"),
        "found_by": _("Found by (agency)"),
        "cleared_on": _("Cleared on"),
        "external_id": _("Your reference"),
        "visibility": _("Who may see it"),
        "countries": _("Countries"),
        "action": _("Action to take"),
        "handling_code": _("Handling code"),
        "handling_note": _("Handling note"),
        "reason": _("Reason"),
        "alert": _("Alert"),
        "category": _("Category"),
    }
    return labels.get(name, name)


def change_label(action: str) -> str:
    """An entry of a record's history."""
    labels = {
        "create": _("Created"),
        "update": _("Changed"),
        "cancel": _("Cancelled"),
        "locate": _("Found (locate)"),
        "clear": _("Cleared"),
        "alert.add": _("Alert added"),
        "alert.extend": _("Alert extended"),
        "alert.lapse": _("Alert lapsed"),
        "alert.expire": _("Alert expired"),
    }
    return labels.get(action, action)


# --- screening --------------------------------------------------------------------------------


def band_label(band: str) -> str:
    """How strong a check's result is: a hit, or a possible match to look at."""
    labels = {"hit": _("HIT"), "possible": _("Possible match")}
    return labels.get(band, band)


def decision_label(decision: str) -> str:
    """The owner's decision on a hit (and the inbox's filters)."""
    labels = {
        "pending": _("Pending"),
        "confirmed": _("Confirmed"),
        "rejected": _("Rejected"),
        "all": _("All"),
    }
    return labels.get(decision, decision)


def score_text(score: float) -> str:
    """A score in the interface language's number format: 0.98, or 0,98 in Bulgarian."""
    return format_decimal(score, format="0.00", locale=current())


GENDER_WORDS = re.compile(r"\b(?:female|male|implied)\b")


def explanation_item(field: str, verdict: str, detail: str) -> str:
    """One stored explanation item of a hit, ``field: detail — verdict``, in the interface
    language.

    Persons' fields and verdicts use the words of the checks' own explanations
    (``clew.screening.explain``), also for the words inside a gender's detail
    (``female/female (implied)``); objects' fields are named as on the record pages. A verdict
    with a stored gloss (``close (OCR confusion)``) is looked up without it. A word neither
    knows is shown as stored (English).
    """
    objects = {"VIN": "vin", "plate": "plate", "serial number": "serial_number",
               "make": "make", "model": "model", "calibre": "calibre"}  # fmt: skip
    if field in objects:
        label = field_label(objects[field])
        label = label[:1].lower() + label[1:] if label[1:2].islower() else label
    else:
        label = phrase(field) or field
    key = f"date:{verdict}" if field == "date_of_birth" else verdict
    key = key if phrase(key, "en") else key.split(" (")[0]  # "close (OCR confusion)"
    word = phrase(key) or verdict
    if field == "gender":  # "female/female (implied)"
        detail = GENDER_WORDS.sub(lambda m: phrase(m[0]) or m[0], detail)
    return f"{label}: {detail} — {word}" if detail else f"{label}: {word}"
