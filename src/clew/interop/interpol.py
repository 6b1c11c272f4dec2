"""INTERPOL red notices: the JSON of INTERPOL's public notices API, read and written.

A file holds one notice (an object), a list of notices, or a search result of the API
(``{"_embedded": {"notices": [...]}}``). Each notice becomes a person with a wanted-for-arrest
alert (action :data:`~clew.interop.alerts.ARREST_ACTION`, reason the charges of the arrest
warrants joined with ``; ``). Keys Clew does not know (``_links``, ``thumbnail``...) are
ignored. The whole file is read at once: INTERPOL's files are small (a few thousand notices).

Mapping, notice -> person:

- ``name`` -> family name, ``forename`` -> given names (one primary name);
- ``date_of_birth`` (``YYYY/MM/DD``, ``YYYY/MM`` or ``YYYY``) -> date of birth;
- ``sex_id`` (``M``, ``F``, ``U``) -> gender; ``nationalities`` -> nationalities;
- ``place_of_birth``, ``country_of_birth_id``, ``entity_id`` (-> external id);
- ``distinguishing_marks`` -> distinguishing marks, followed by a line with ``height`` (metres),
  ``weight`` (kg), ``eyes_colors_id`` and ``hairs_id`` when given (zero means unknown);
- ``arrest_warrants[].charge`` (else ``charge_translation``) -> alert reason, cut at 1000
  characters; ``languages_spoken_ids`` is accepted and not kept.

:func:`write_interpol` writes a JSON list of notices for persons whose current alert is
wanted-for-arrest; everything else is skipped and counted, because writing a missing person
or a discreet check as a red notice would turn it into an arrest request on import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Final, TextIO

from clew.errors import FieldError
from clew.interop.alerts import arrest_alert, current_alert, reason_text
from clew.interop.rows import (
    NOT_UTF8,
    FieldPath,
    Located,
    ParsedRow,
    dotted,
    excerpt,
    validate_record,
)
from clew.interop.vocabulary import gender_token
from clew.records.kinds import AlertCategory, Gender, NameKind
from clew.records.schemas import PersonFields, RecordPublic

__all__ = ["read_interpol", "write_interpol"]

MAX_TEXT: Final = 1000
_SEX: Final = {Gender.MALE: "M", Gender.FEMALE: "F", Gender.UNKNOWN: "U"}
_FIELDS: Final = {
    "date_of_birth": "date_of_birth",
    "gender": "sex_id",
    "nationalities": "nationalities",
    "place_of_birth": "place_of_birth",
    "country_of_birth": "country_of_birth_id",
    "external_id": "entity_id",
    "distinguishing_marks": "distinguishing_marks",
    "alert": "arrest_warrants",
}


# --- reading ----------------------------------------------------------------------------------


def read_interpol(stream: TextIO) -> Iterator[ParsedRow]:
    """Parse a file of INTERPOL notices; one row per notice, numbered from 1."""
    try:
        text = stream.read()
    except UnicodeDecodeError:
        yield ParsedRow(1, None, [FieldError("file", NOT_UTF8)])
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"is not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        yield ParsedRow(1, None, [FieldError("file", message)], excerpt(text))
        return
    except (ValueError, RecursionError):
        yield ParsedRow(1, None, [FieldError("file", "is not JSON Clew can read")], excerpt(text))
        return
    notices = _notices(document)
    if notices is None:
        message = "is not a notice, a list of notices or a search result of the notices API"
        yield ParsedRow(1, None, [FieldError("file", message)], excerpt(text))
        return
    for position, notice in enumerate(notices, start=1):
        yield _parse(position, notice)


def _notices(document: object) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    embedded = document.get("_embedded")
    if isinstance(embedded, dict) and "notices" in embedded:
        notices = embedded["notices"]
        return notices if isinstance(notices, list) else None
    return [document]


class _Notice:
    """Typed access to one notice's values, collecting errors for values of the wrong type."""

    __slots__ = ("errors", "raw")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.errors: list[FieldError] = []

    def text(self, key: str) -> str | None:
        """A string, stripped (a number is taken as its digits); ``None`` when empty or absent."""
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.errors.append(FieldError(key, "must be text"))
        return None

    def texts(self, key: str) -> list[str]:
        value = self.raw.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.errors.append(FieldError(key, "must be a list of codes"))
            return []
        return [v.strip() for v in value if v.strip()]

    def charges(self) -> str | None:
        warrants = self.raw.get("arrest_warrants")
        if warrants is None:
            return None
        if not isinstance(warrants, list) or not all(isinstance(w, dict) for w in warrants):
            self.errors.append(FieldError("arrest_warrants", "must be a list of objects"))
            return None
        charges: list[str] = []
        for warrant in warrants:
            charge = warrant.get("charge") or warrant.get("charge_translation")
            if isinstance(charge, str) and charge.strip():
                charges.append(charge.strip())
            elif charge is not None:
                self.errors.append(FieldError("arrest_warrants", "a charge must be text"))
        return reason_text(charges)

    def description(self) -> str | None:
        """Distinguishing marks, then height, weight, eye and hair colours on one line."""
        parts: list[str] = []
        for key, template in (("height", "height {} m"), ("weight", "weight {} kg")):
            value = self.raw.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                parts.append(template.format(value))
            elif isinstance(value, str) and value.strip() not in ("", "0"):
                parts.append(template.format(value.strip()))
        for key, label in (("eyes_colors_id", "eyes"), ("hairs_id", "hair")):
            codes = self.texts(key)
            if codes:
                parts.append(f"{label} {'/'.join(codes)}")
        marks = self.text("distinguishing_marks")
        return _clip("\n".join(p for p in (marks, ", ".join(parts)) if p)) or None


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _parse(position: int, raw: object) -> ParsedRow:
    if not isinstance(raw, dict):
        return ParsedRow(position, None, [FieldError("notice", "is not a JSON object")])
    notice = _Notice(raw)
    source = excerpt(
        " ".join(
            str(raw.get(k))
            for k in ("entity_id", "forename", "name", "date_of_birth")
            if isinstance(raw.get(k), str | int)
        )
    )
    name = {"family": notice.text("name"), "given": notice.text("forename")}
    data: dict[str, Any] = {
        "kind": "person",
        "names": [{k: v for k, v in name.items() if v}],
        "nationalities": notice.texts("nationalities"),
        "alert": arrest_alert(notice.charges()),
    }
    optional = {
        "external_id": notice.text("entity_id"),
        "date_of_birth": notice.text("date_of_birth"),
        "place_of_birth": notice.text("place_of_birth"),
        "country_of_birth": notice.text("country_of_birth_id"),
        "distinguishing_marks": notice.description(),
    }
    data |= {k: v for k, v in optional.items() if v is not None}
    sex = notice.text("sex_id")
    if sex:
        data["gender"] = gender_token(sex)
    notice.texts("languages_spoken_ids")  # accepted, checked for shape, not kept
    if not any(name.values()):
        notice.errors.append(FieldError("name", "a notice needs a name or a forename"))
    record, errors = validate_record(data, _locate, notice.errors)
    return ParsedRow(position, record, errors, source)


def _locate(path: FieldPath) -> Located:
    head = str(path[0]) if path else ""
    if head == "names":
        return ("forename" if path[-1] == "given" else "name"), ""
    if head == "nationalities" and len(path) > 1 and isinstance(path[1], int):
        return "nationalities", f"item {path[1] + 1}: "
    return _FIELDS.get(head, dotted(path)), ""


# --- writing ----------------------------------------------------------------------------------


def write_interpol(records: Iterable[RecordPublic], stream: TextIO) -> int:
    """Write wanted persons as a JSON list of notices; return how many records were skipped."""
    skipped = 0
    separator = "[\n"
    for record in records:
        notice = _notice(record)
        if notice is None:
            skipped += 1
            continue
        stream.write(separator + json.dumps(notice, ensure_ascii=False))
        separator = ",\n"
    stream.write("[]\n" if separator == "[\n" else "\n]\n")
    return skipped


def _notice(record: RecordPublic) -> dict[str, Any] | None:
    person = record.data
    alert = current_alert(record)
    if not isinstance(person, PersonFields) or alert is None:
        return None
    if alert.category is not AlertCategory.WANTED_FOR_ARREST:
        return None
    name = next((n for n in person.names if n.kind is NameKind.PRIMARY), person.names[0])
    family, given = (name.family, name.given) if name.family or name.given else (name.full, None)
    warrants = [{"issuing_country_id": record.owner_country, "charge": alert.reason}]
    return {
        "entity_id": record.external_id,
        "name": family,
        "forename": given,
        "date_of_birth": person.date_of_birth.replace("-", "/") if person.date_of_birth else None,
        "sex_id": _SEX[person.gender],
        "nationalities": person.nationalities,
        "place_of_birth": person.place_of_birth,
        "country_of_birth_id": person.country_of_birth,
        "distinguishing_marks": person.distinguishing_marks,
        "arrest_warrants": warrants if alert.reason else [],
    }
