"""CSV watchlist files: one layout for every kind of record, made for people with a spreadsheet.

Every file has one header row with the columns of :data:`COLUMNS` (any order, any case, spaces
or hyphens for underscores; columns a file does not need may be left out). Each row is one
record of the kind named in its ``kind`` column, and fills only the columns of that kind plus
the common ones; a column of another kind holding a value is an error. The full list, with
examples, is in ``docs/import-formats.md``.

Reading (:func:`read_csv`) streams: one row in memory at a time; a row longer than
:data:`~clew.interop.lines.MAX_ROW` characters ends the reading with an error. The delimiter
(``,``, ``;`` or a tab) is taken from the header line; a UTF-8 byte-order mark is dropped;
blank rows are skipped. A problem with the header (an unknown or repeated column, no ``kind``
column) is reported once, on the header line, and no row is read: a misspelt column would
otherwise be lost silently. A bad row never stops the next.

Lists inside a cell are separated by ``|`` (country codes may also be separated by commas or
spaces). An identifier is ``TYPE:NUMBER:COUNTRY`` with type and country optional
(``passport:X1234567:BG``, ``X1234567``). Visibility is ``all``, ``only:BG,LV`` or
``except:RS``.

Writing (:func:`write_csv`) produces the same layout with ``id`` and ``owner`` first (the
reader ignores them), so an export imports back to the same records. A cell that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) is written with a leading
``'``, and the reader removes it again; ``'`` itself is escaped the same way.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final, TextIO

from clew.errors import FieldError
from clew.interop.alerts import current_alert
from clew.interop.lines import MAX_ROW, BoundedLines, RowTooLong
from clew.interop.rows import (
    NOT_UTF8,
    FieldPath,
    Located,
    ParsedRow,
    dotted,
    excerpt,
    validate_record,
)
from clew.interop.vocabulary import (
    document_type_token,
    full_date,
    gender_token,
    identifier_type_token,
    token,
    vehicle_kind_token,
)
from clew.records.kinds import Gender, NameKind, RecordKind, VisibilityMode
from clew.records.schemas import (
    FirearmFields,
    NameIn,
    PersonFields,
    RecordCreate,
    RecordPublic,
    Visibility,
)

__all__ = ["COLUMNS", "EXPORT_COLUMNS", "read_csv", "write_csv"]

PERSON_COLUMNS: Final = (
    "family_name",
    "given_names",
    "full_name_native",
    "latin_names",
    "aliases",
    "date_of_birth",
    "dob_uncertain",
    "gender",
    "nationalities",
    "place_of_birth",
    "country_of_birth",
    "identifiers",
    "distinguishing_marks",
    "photo_ref",
)
DOCUMENT_COLUMNS: Final = (
    "document_type",
    "number",
    "issuing_country",
    "issued_on",
    "expires_on",
    "holder_name",
)
VEHICLE_COLUMNS: Final = ("vin", "plate", "plate_country", "colour", "vehicle_type")
FIREARM_COLUMNS: Final = (
    "serial_number",
    "firearm_type",
    "calibre",
    "country_of_manufacture",
    "import_marks",
    "other_markings",
    "serial_obliterated",
    "serial_restored",
)
# make, model, year: vehicles and firearms; status: documents and firearms
SHARED_COLUMNS: Final = ("make", "model", "year", "status")
ALERT_COLUMNS: Final = (
    "alert_category",
    "alert_action",
    "alert_reason",
    "handling_code",
    "handling_note",
    "alert_expires_on",
)
COLUMNS: Final = (
    "kind",
    "external_id",
    *PERSON_COLUMNS,
    *DOCUMENT_COLUMNS,
    *VEHICLE_COLUMNS,
    *FIREARM_COLUMNS,
    *SHARED_COLUMNS,
    *ALERT_COLUMNS,
    "visibility",
)
EXPORT_COLUMNS: Final = ("id", "owner", *COLUMNS)

_IGNORED: Final = frozenset({"id", "owner"})
_COMMON: Final = frozenset({"kind", "external_id", "visibility", *ALERT_COLUMNS})
_OF_KIND: Final = {
    RecordKind.PERSON: _COMMON | set(PERSON_COLUMNS),
    RecordKind.DOCUMENT: _COMMON | set(DOCUMENT_COLUMNS) | {"status"},
    RecordKind.VEHICLE: _COMMON | set(VEHICLE_COLUMNS) | {"make", "model", "year"},
    RecordKind.FIREARM: _COMMON | set(FIREARM_COLUMNS) | set(SHARED_COLUMNS),
}
_KNOWN: Final = frozenset(EXPORT_COLUMNS)
_DATE_COLUMNS: Final = frozenset({"issued_on", "expires_on", "alert_expires_on"})
_NAME_PARTS: Final = {"family": "family_name", "given": "given_names", "full": "full_name_native"}
_ALERT_FIELDS: Final = {
    "category": "alert_category",
    "action": "alert_action",
    "reason": "alert_reason",
    "handling_code": "handling_code",
    "handling_note": "handling_note",
    "expires_on": "alert_expires_on",
}
_LIST = "|"
_CODES = re.compile(r"[|,;\s]+")
_FORMULA = "=+-@'"
_DELIMITERS = (",", ";", "\t")
_KINDS_TEXT = ", ".join(kind.value for kind in RecordKind)
_TOO_LONG = f"is longer than {MAX_ROW:,} characters"
_NOT_UTF8 = f"{NOT_UTF8} (in a spreadsheet: CSV UTF-8)"


# --- reading ----------------------------------------------------------------------------------


def _sniff(line: str) -> str:
    """The delimiter used most in the header line; a comma when none is."""
    counts = [(line.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


def _unescape(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in _FORMULA:
        return cell[1:]
    return cell


class _Header:
    """The columns of a file: position -> column name (``None`` for unnamed columns)."""

    __slots__ = ("names", "present", "width")

    def __init__(self, cells: list[str]) -> None:
        self.names = [token(cell) or None for cell in cells]
        self.present = frozenset(n for n in self.names if n)
        self.width = len(cells)

    def errors(self) -> list[FieldError]:
        found: list[FieldError] = []
        unknown = [c for c in dict.fromkeys(n for n in self.names if n) if c not in _KNOWN]
        if unknown:
            found.append(
                FieldError(
                    "header",
                    "unknown column" + ("s " if len(unknown) > 1 else " ")
                    + ", ".join(repr(c[:40]) for c in unknown[:20])
                    + " (the columns are listed in docs/import-formats.md)",
                )
            )  # fmt: skip
        repeated = sorted({n for n in self.names if n and self.names.count(n) > 1})
        if repeated:
            found.append(
                FieldError("header", "repeated column " + ", ".join(repr(c) for c in repeated))
            )
        if "kind" not in self.present:
            found.append(FieldError("header", f"no 'kind' column ({_KINDS_TEXT})"))
        return found


def read_csv(stream: TextIO) -> Iterator[ParsedRow]:
    """Parse a CSV watchlist file row by row (see the module docstring).

    Open files with ``newline=""`` (as for the ``csv`` module), so that line breaks inside
    quoted cells and old Mac line ends (a lone CR) are read as written.
    """
    lines = BoundedLines(stream)
    try:
        header_text = next((line for line in lines if line.strip("\ufeff \t\r\n")), "")
    except RowTooLong:
        yield ParsedRow(lines.number, None, [FieldError("header", _TOO_LONG)])
        return
    except UnicodeDecodeError:
        yield ParsedRow(lines.number + 1, None, [FieldError("file", _NOT_UTF8)])
        return
    header_text = header_text.lstrip("\ufeff")
    if not header_text.strip():
        yield ParsedRow(1, None, [FieldError("file", "is empty: it needs a header row")])
        return
    delimiter = _sniff(header_text)
    header_line = lines.number
    try:
        header = _Header(next(csv.reader([header_text], delimiter=delimiter), []))
    except csv.Error as error:
        yield ParsedRow(header_line, None, [FieldError("header", str(error))])
        return
    problems = header.errors()
    if problems:
        yield ParsedRow(header_line, None, problems, excerpt(header_text))
        return
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        start = lines.number + 1
        lines.new_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except RowTooLong:
            yield ParsedRow(
                start, None, [FieldError("row", f"{_TOO_LONG}: the rest of the file is not read")]
            )
            return
        except UnicodeDecodeError:
            yield ParsedRow(lines.number + 1, None, [FieldError("file", _NOT_UTF8)])
            return
        except csv.Error as error:
            yield ParsedRow(start, None, [FieldError("row", str(error))])
            if lines.number < start:  # nothing consumed: the parser cannot go on
                return
            continue
        if not any(cell.strip() for cell in cells):
            continue
        source = excerpt(delimiter.join(cells))
        if len(cells) != header.width:
            message = f"has {len(cells)} cells, the header has {header.width}"
            yield ParsedRow(start, None, [FieldError("row", message)], source)
            continue
        record, errors = _parse(header, cells)
        yield ParsedRow(start, record, errors, source)


def _parse(header: _Header, cells: list[str]) -> tuple[RecordCreate | None, list[FieldError]]:
    values: dict[str, str] = {}
    errors: list[FieldError] = []
    for position, (name, cell) in enumerate(zip(header.names, cells, strict=True), start=1):
        value = _unescape(cell.strip())
        if not value or name in _IGNORED:
            continue
        if name is None:
            errors.append(FieldError(f"column {position}", "has a value but no column name"))
        else:
            values[name] = value
    text = values.pop("kind", "")
    try:
        kind = RecordKind(token(text))
    except ValueError:
        message = f"'{text[:20]}' is not one of" if text else "is empty: write one of"
        message = f"{message} {_KINDS_TEXT}"
        return None, [*errors, FieldError("kind", message)]
    for name in values:
        if name not in _OF_KIND[kind]:
            errors.append(FieldError(name, f"is not used for {kind.value} records: leave it empty"))
    row = _Row(kind, values, header.present)
    data = row.fields()
    record, found = validate_record(data, row.locate, errors + row.errors)
    return record, [row.explain(e) for e in found]


class _Row:
    """One row's cells turned into the raw fields of a record, remembering where each came from."""

    __slots__ = ("errors", "kind", "names", "present", "values")

    def __init__(self, kind: RecordKind, values: dict[str, str], present: frozenset[str]) -> None:
        self.kind = kind
        self.values = values
        self.present = present
        self.errors: list[FieldError] = []
        self.names: list[tuple[str, int]] = []  # per name: column and position in the column

    def fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value}
        for column in [c for c in self.values if c in _DATE_COLUMNS]:
            self._date(column)
        if self.kind is RecordKind.PERSON:
            self._person(data)
        else:
            self._copy(data, _OF_KIND[self.kind] - _COMMON)
        for column, fold in (
            ("document_type", document_type_token),
            ("vehicle_type", vehicle_kind_token),
            ("firearm_type", token),
            ("status", token),
        ):
            if column in data:
                data[column] = fold(data[column])
        if self.kind is RecordKind.FIREARM:
            _firearm(data)
        self._copy(data, {"external_id"})
        if "visibility" in self.values:
            data["visibility"] = _visibility(self.values["visibility"])
        alert = {
            name: self.values[column]
            for name, column in _ALERT_FIELDS.items()
            if column in self.values
        }
        if alert:
            if "category" in alert:
                alert["category"] = token(alert["category"])
            if "handling_code" in alert:
                alert["handling_code"] = alert["handling_code"].upper()
            data["alert"] = alert
        return data

    def _copy(self, data: dict[str, Any], columns: Iterable[str]) -> None:
        for column in columns:
            if column in self.values:
                data[column] = self.values[column]

    def _date(self, column: str) -> None:
        text = self.values.pop(column)
        iso = full_date(text)
        if iso is None:
            self.errors.append(FieldError(column, f"'{text[:20]}' is not a full date (YYYY-MM-DD)"))
        else:
            self.values[column] = iso

    def _person(self, data: dict[str, Any]) -> None:
        values = self.values
        names: list[dict[str, str]] = []
        primary = {part: values[column] for part, column in _NAME_PARTS.items() if column in values}
        if primary:
            names.append(primary)
            self.names.append(("family_name", 0))
        for column, kind in (("latin_names", NameKind.LATIN), ("aliases", NameKind.ALIAS)):
            for i, full in enumerate(_items(values.get(column, ""))):
                names.append({"full": full, "kind": kind.value})
                self.names.append((column, i))
        if not names:
            self.errors.append(
                FieldError(
                    "family_name",
                    "a person needs a name: fill family_name, given_names, full_name_native,"
                    " latin_names or aliases",
                )
            )
        data["names"] = names
        self._copy(
            data,
            ("date_of_birth", "place_of_birth", "country_of_birth", "distinguishing_marks",
             "photo_ref"),
        )  # fmt: skip
        if "dob_uncertain" in values:
            data["dob_uncertain"] = values["dob_uncertain"].lower()
        if "gender" in values:
            data["gender"] = gender_token(values["gender"])
        if "nationalities" in values:
            data["nationalities"] = [c for c in _CODES.split(values["nationalities"]) if c]
        if "identifiers" in values:
            data["identifiers"] = [_identifier(item) for item in _items(values["identifiers"])]

    def locate(self, path: FieldPath) -> Located:
        """The column (and list item) a validation error belongs to."""
        if not path:
            return "record", ""
        head, rest = str(path[0]), path[1:]
        if head == "names" and not rest and not self.names:
            return "family_name", ""  # reported already: no name at all
        if head == "names" and rest and isinstance(rest[0], int) and rest[0] < len(self.names):
            column, position = self.names[rest[0]]
            if column == "family_name":
                part = str(rest[1]) if len(rest) > 1 else "family"
                return _NAME_PARTS.get(part, "family_name"), ""
            return column, f"item {position + 1}: "
        if (
            head in ("nationalities", "identifiers", "import_marks")
            and rest
            and isinstance(rest[0], int)
        ):
            part = f" ({dotted(rest[1:])})" if len(rest) > 1 else ""
            return head, f"item {rest[0] + 1}{part}: "
        if head == "alert":
            return _ALERT_FIELDS.get(str(rest[0]) if rest else "", "handling_note"), ""
        if head == "visibility":
            return "visibility", ""
        return dotted(path), ""

    def explain(self, error: FieldError) -> FieldError:
        """Name a required column that the file does not have at all."""
        if not error.message.endswith("is required"):
            return error
        if error.field in _KNOWN and error.field not in self.present:
            return FieldError(error.field, f"{error.message}, and the file has no such column")
        return error


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(_LIST) if item.strip()]


def _firearm(data: dict[str, Any]) -> None:
    """A firearm's import marks (``DE:1998|AT``: country, then the year if known) and whether
    its serial is obliterated (``yes``/``no``), as the schema reads them."""
    if "import_marks" in data:
        marks = []
        for item in _items(data["import_marks"]):
            country, _, year = (part.strip() for part in item.partition(":"))
            marks.append({"country": country} | ({"year": year} if year else {}))
        data["import_marks"] = marks
    if "serial_obliterated" in data:
        data["serial_obliterated"] = data["serial_obliterated"].lower()


def _identifier(item: str) -> dict[str, str]:
    """``TYPE:NUMBER:COUNTRY``, ``TYPE:NUMBER``, ``NUMBER:COUNTRY`` or ``NUMBER``.

    Two parts are a type and a number when the first names a type (``passport``, ``national_id``,
    ``other``, or a document type such as ``ID card``), else a number and a country. A type
    that is not known in three parts is left for validation to name.
    """
    parts = [part.strip() for part in item.split(":")]
    if len(parts) == 1 or (len(parts) == 2 and identifier_type_token(parts[0]) is None):
        parts = ["", *parts]
    found = {"number": parts[1]}
    if parts[0]:
        found["type"] = identifier_type_token(parts[0]) or token(parts[0])
    if len(parts) > 2 and parts[2]:
        found["country"] = ":".join(parts[2:])
    return found


def _visibility(cell: str) -> dict[str, Any]:
    mode, _, countries = cell.partition(":")
    return {"mode": token(mode), "countries": [c for c in _CODES.split(countries) if c]}


# --- writing ----------------------------------------------------------------------------------


def write_csv(records: Iterable[RecordPublic], stream: TextIO) -> int:
    """Write records in the layout :func:`read_csv` reads, with ``id`` and ``owner`` first.

    Returns the number of records skipped: always 0, every kind has columns.
    """
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    for record in records:
        cells = _cells(record)
        writer.writerow([_escape(cells.get(column, "")) for column in EXPORT_COLUMNS])
    return 0


def _escape(cell: str) -> str:
    return "'" + cell if cell[:1] in _FORMULA and cell else cell


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _joined(items: Iterable[str]) -> str:
    return _LIST.join(item.replace(_LIST, "/") for item in items)


def _cells(record: RecordPublic) -> dict[str, str]:
    data = record.data
    cells = {
        "id": str(record.id),
        "owner": record.owner,
        "kind": data.kind,
        "external_id": _text(record.external_id),
        "visibility": _visibility_text(record.visibility),
    }
    if isinstance(data, PersonFields):
        cells |= _person_cells(data)
    elif isinstance(data, FirearmFields):
        fields = data.model_dump(mode="json", exclude={"kind", "import_marks", "located"})
        cells |= {name: _text(value) for name, value in fields.items()}
        cells["import_marks"] = _LIST.join(
            f"{mark.country}:{mark.year}" if mark.year else mark.country
            for mark in data.import_marks
        )
        cells["serial_obliterated"] = "yes" if data.serial_obliterated else ""
    else:
        fields = data.model_dump(mode="json", exclude={"kind"})
        cells |= {name: _text(value) for name, value in fields.items()}
    alert = current_alert(record)
    if alert is not None:
        cells |= {
            "alert_category": alert.category.value,
            "alert_action": alert.action,
            "alert_reason": _text(alert.reason),
            "handling_code": alert.handling_code.value,
            "handling_note": _text(alert.handling_note),
            "alert_expires_on": alert.expires_on.isoformat(),
        }
    return cells


def _person_cells(person: PersonFields) -> dict[str, str]:
    primary = next((n for n in person.names if n.kind is NameKind.PRIMARY), None)
    others: dict[NameKind, list[str]] = {NameKind.LATIN: [], NameKind.ALIAS: []}
    for name in person.names:
        if name is not primary:
            others[NameKind.ALIAS if name.kind is NameKind.ALIAS else NameKind.LATIN].append(
                name.full or ""
            )
    cells = {
        "latin_names": _joined(others[NameKind.LATIN]),
        "aliases": _joined(others[NameKind.ALIAS]),
        "date_of_birth": _text(person.date_of_birth),
        "dob_uncertain": "yes" if person.dob_uncertain else "",
        "gender": "" if person.gender is Gender.UNKNOWN else person.gender.value,
        "nationalities": _LIST.join(person.nationalities),
        "place_of_birth": _text(person.place_of_birth),
        "country_of_birth": _text(person.country_of_birth),
        "identifiers": _LIST.join(
            ":".join(p for p in (i.type.value, i.number, i.country) if p)
            for i in person.identifiers
        ),
        "distinguishing_marks": _text(person.distinguishing_marks),
        "photo_ref": _text(person.photo_ref),
    }
    if primary is not None:
        cells |= _primary_cells(primary)
    return cells


def _primary_cells(name: NameIn) -> dict[str, str]:
    joined = " ".join(p for p in (name.given, name.family) if p)
    return {
        "family_name": _text(name.family),
        "given_names": _text(name.given),
        "full_name_native": "" if name.full == joined else _text(name.full),
    }


def _visibility_text(visibility: Visibility | None) -> str:
    if visibility is None:
        return ""
    if visibility.mode is VisibilityMode.ALL:
        return VisibilityMode.ALL.value
    return f"{visibility.mode.value}:{','.join(visibility.countries)}"
