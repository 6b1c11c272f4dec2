"""Passenger manifests in: CSV, JSON and UN/EDIFACT PAXLST, one traveller per row.

Readers never raise on bad input: each traveller comes back as a ``PersonQuery`` (with an
optional document) or as field errors naming the line (CSV, JSON item) or the segment
(PAXLST), and good rows are screened whatever the bad ones are.

PAXLST (UN/EDIFACT passenger list, read with pydifact): a traveller starts at ``NAD+FL`` (name:
``SURNAME:GIVEN:MIDDLE``) and takes the ``ATT+2`` (gender ``M``/``F``), ``DTM+329`` (date of
birth ``YYMMDD``), ``NAT+2`` (nationality, alpha-3), ``DOC`` (document type and number) and
``LOC+91`` (document issuing country) segments that follow; ``TDT+20`` names the flight.

Countries are read as everywhere in Clew (``clew.access.countries.read_country``): alpha-2,
alpha-3 and the travel-document codes (``XK``, ``RKS``, ``D``, ``XXA``...). A date of birth
in the future is that row's error; the other travellers are screened.
"""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TextIO

from pydantic import ValidationError as PydanticValidationError

from clew.access.countries import read_country
from clew.errors import FieldError
from clew.screening.schemas import CheckRequest

__all__ = ["FORMATS", "ManifestRow", "detect_manifest", "read_manifest"]

FORMATS = ("csv", "json", "paxlst")
CSV_COLUMNS = (
    "family_name", "given_names", "name", "date_of_birth", "gender", "nationality",
    "document_number", "document_country", "mrz",
)  # fmt: skip
"""The columns read into a check (any order, case-insensitive, spaces as ``_``)."""
REFERENCE_COLUMN = "traveller_id"
"""The sender's own identifier of a traveller (a booking or passenger reference): not
screened, written back beside the traveller's results."""
EXTRA_COLUMNS = 20
"""Other columns are not screened either and are written back as they came (up to this many;
more is a header error)."""


@dataclass(slots=True)
class ManifestRow:
    line: int
    traveller: str
    request: CheckRequest | None
    errors: list[FieldError] = field(default_factory=list)
    reference: str = ""  # the sender's ``traveller_id``
    extra: dict[str, str] = field(default_factory=dict)  # columns not screened, as they came


def _request(line: int, values: dict[str, Any], place: str | None) -> ManifestRow:
    reference = str(values.get(REFERENCE_COLUMN) or "")[:100]
    extra = {k: str(v)[:200] for k, v in values.items()
             if k not in CSV_COLUMNS and k != REFERENCE_COLUMN}  # fmt: skip
    row = _screened(line, values, place)
    row.reference, row.extra = reference, extra
    return row


def _screened(line: int, values: dict[str, Any], place: str | None) -> ManifestRow:
    given, family = values.get("given_names"), values.get("family_name")
    names = [values["name"]] if values.get("name") else []
    person: dict[str, Any] = {"names": names}
    if family or given:  # given and family apart: the scorer knows which is the family name
        person["family_name"], person["given_names"] = family, given
        names = names or [" ".join(p for p in (given, family) if p)]
    for key in ("date_of_birth", "nationality", "mrz"):
        if values.get(key):
            person[key] = values[key]
    gender = str(values.get("gender") or "").strip().upper()[:1]
    if gender in ("M", "F"):
        person["gender"] = "male" if gender == "M" else "female"
    body: dict[str, Any] = {"person": person, "place": place}
    if values.get("document_number"):
        body["document"] = {"number": values["document_number"]}
        if values.get("document_country"):
            body["document"]["country"] = values["document_country"]
    traveller = (names[0] if names else "")[:80]
    try:
        return ManifestRow(line, traveller, CheckRequest.model_validate(body))
    except PydanticValidationError as exc:
        errors = [
            FieldError(".".join(str(p) for p in e["loc"]) or "row",
                       str(e["msg"]).removeprefix("Value error, "))
            for e in exc.errors()
        ]  # fmt: skip
        return ManifestRow(line, traveller, None, errors)


def read_csv(stream: TextIO, place: str | None = None) -> Iterator[ManifestRow]:
    """Columns (any order, case-insensitive): family_name, given_names or name,
    date_of_birth, gender, nationality, document_number, document_country, mrz; the sender's
    ``traveller_id`` and any other column are written back with the results, unscreened."""
    reader = csv.reader(stream)
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    except StopIteration:
        return
    except (csv.Error, UnicodeDecodeError) as exc:
        yield ManifestRow(1, "", None, [FieldError("file", f"cannot be read: {exc}"[:200])])
        return
    other = [h for h in header if h and h not in CSV_COLUMNS and h != REFERENCE_COLUMN]
    if len(other) > EXTRA_COLUMNS or len(set(header)) != len(header):
        problem = (f"{len(other)} columns that are not screened (at most {EXTRA_COLUMNS})"
                   if len(other) > EXTRA_COLUMNS else "a column is named twice")  # fmt: skip
        yield ManifestRow(1, "", None, [FieldError("header", problem)])
        return
    if not {"name", "family_name", "given_names", "mrz"} & set(header):
        problem = "no name column: give name, family_name and given_names, or mrz"
        yield ManifestRow(1, "", None, [FieldError("header", problem)])
        return
    line = 1
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                yield ManifestRow(line, "", None, [FieldError(
                    "row", f"has {len(cells)} cells, the header has {len(header)}")])  # fmt: skip
                continue
            values = {h: c.strip() for h, c in zip(header, cells, strict=True) if h and c.strip()}
            yield _request(line, values, place)
    except (csv.Error, UnicodeDecodeError) as exc:
        yield ManifestRow(line + 1, "", None, [FieldError("file", f"cannot be read: {exc}"[:200])])


def read_json(stream: TextIO, place: str | None = None) -> Iterator[ManifestRow]:
    """A list of travellers (the CSV's keys), or ``{"flight": ..., "passengers": [...]}``."""
    try:
        document = json.load(stream)
    except (ValueError, UnicodeDecodeError) as exc:
        yield ManifestRow(1, "", None, [FieldError("file", f"is not JSON: {exc}"[:200])])
        return
    if isinstance(document, dict):
        place = place or (str(document.get("flight"))[:200] if document.get("flight") else None)
        document = document.get("passengers")
    if not isinstance(document, list):
        yield ManifestRow(1, "", None, [FieldError("file", "must be a list of travellers")])
        return
    for index, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            yield ManifestRow(index, "", None, [FieldError("item", "must be an object")])
            continue
        yield _request(index, {k: str(v) for k, v in item.items() if v is not None}, place)


def _birth(text: str, today: date) -> str:
    """``YYMMDD`` (or ``CCYYMMDD``) to ISO, a two-digit year placing the date in the hundred
    years up to ``today`` (``261231`` read on 2026-12-07 is 1926-12-31)."""
    digits = text.strip()
    if len(digits) == 8:
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    if len(digits) != 6 or not digits.isdigit():
        raise ValueError(f"'{digits[:10]}' is not YYMMDD")
    year = 2000 + int(digits[:2])
    if f"{year:04d}{digits[2:6]}" > today.strftime("%Y%m%d"):
        year -= 100
    return f"{year:04d}-{digits[2:4]}-{digits[4:6]}"


def _element(elements: list[Any], index: int, part: int = 0) -> str:
    if index >= len(elements):
        return ""
    value = elements[index]
    if isinstance(value, list):
        return str(value[part]) if part < len(value) else ""
    return str(value) if part == 0 else ""


def read_paxlst(stream: TextIO, place: str | None = None) -> Iterator[ManifestRow]:
    from pydifact.segmentcollection import Interchange

    text = stream.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            segments = list(Interchange.from_str(text).segments)
    except Exception as exc:  # pydifact raises plain exceptions on malformed EDIFACT
        yield ManifestRow(1, "", None, [FieldError("file", f"is not UN/EDIFACT: {exc}"[:200])])
        return
    today = date.today()
    current: dict[str, Any] | None = None
    start = 0
    errors: list[FieldError] = []

    def finish() -> Iterator[ManifestRow]:
        if current is not None:
            row = _request(start, current, place)
            row.errors = errors + row.errors
            if errors:
                row.request = None
            yield row

    for number, segment in enumerate(segments, start=2):  # UNA/UNB come first
        tag, elements = segment.tag, list(segment.elements)
        if tag == "TDT" and place is None:
            place = _element(elements, 1)[:200] or None
        elif tag == "NAD" and _element(elements, 0) == "FL":
            yield from finish()
            start, errors = number, []
            family, given = _element(elements, 3, 0), _element(elements, 3, 1)
            middle = _element(elements, 3, 2)
            current = {
                "family_name": family,
                "given_names": " ".join(p for p in (given, middle) if p),
            }
        elif current is None:
            continue
        elif tag == "ATT" and _element(elements, 0) == "2":
            current["gender"] = _element(elements, 2)
        elif tag == "DTM" and _element(elements, 0, 0) == "329":
            try:
                current["date_of_birth"] = _birth(_element(elements, 0, 1), today)
            except ValueError as exc:
                errors.append(FieldError(f"segment {number} DTM", str(exc)))
        elif tag == "NAT" and _element(elements, 0) == "2":
            code = read_country(_element(elements, 1))
            if code:
                current["nationality"] = code
            else:
                errors.append(FieldError(f"segment {number} NAT", "unknown country code"))
        elif tag == "DOC":
            current["document_number"] = _element(elements, 1)
        elif tag == "LOC" and _element(elements, 0) == "91":
            code = read_country(_element(elements, 1))
            if code:
                current["document_country"] = code
    yield from finish()


def detect_manifest(filename: str, head: bytes) -> str:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    if text.startswith(("UNA", "UNB")):
        return "paxlst"
    if text.startswith(("[", "{")):
        return "json"
    if filename.lower().endswith((".edi", ".edifact", ".paxlst")):
        return "paxlst"
    return "csv"


def read_manifest(fmt: str, stream: TextIO, place: str | None = None) -> Iterator[ManifestRow]:
    readers = {"csv": read_csv, "json": read_json, "paxlst": read_paxlst}
    return readers[fmt](stream, place)
