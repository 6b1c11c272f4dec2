"""Comparing what is written on objects: travel documents, MRZs, VINs, firearm serials.

Pure functions. Each comparison gives a ``Verdict`` and a short English detail that
``screening.explain`` can render in the user's language.

* **Document numbers** (``compare_document_numbers``): normalised as issuers print them
  (``clew.identifiers.normalise_document_number``); ``exact`` when equal, ``close`` when they
  are equal once the characters OCR and typists confuse are folded together (``O Q D`` and
  ``0``, ``I L`` and ``1``, ``S 5``, ``B 8``, ``Z 2``, ``G 6``), ``different`` otherwise. The
  issuing country is compared as well: the same number from another country is a different
  document (``different``, with the detail saying so); an unknown country on either side does
  not count against.
* **MRZ** (``parse_mrz``): the two 44-character lines of a passport (TD3) and the three
  30-character lines of an identity card (TD1) become names, date of birth, sex, nationality,
  document number and expiry, with every check digit verified (ICAO 9303 Parts 4 and 5). In
  the purely numeric fields (dates, check digits) letters that OCR reads for digits are
  repaired first (``O`` as ``0``...), and the repair is reported. The year of a two-digit date
  of birth is placed in the last hundred years before ``today``; an unknown month or day
  (``<<``) gives a partial date.
* **VINs** (``compare_vins``): a VIN never holds ``I O Q``, so those are read as ``1 0 0``
  before anything else; ``exact``, ``close`` (equal after folding ``S 5``, ``B 8``, ``Z 2``,
  ``G 6``), or ``different``. The North American check digit is reported, never demanded
  (European VINs often carry another character in position 9).
* **Firearms** (``compare_firearms``): serials by the NCIC rule
  (``clew.identifiers.serial_core``: letters embedded between digits ignored, prefix and
  suffix letters significant), then make, model and calibre, each by its canonical name in the
  firearms reference table (:mod:`clew.firearms.reference`; ``9x19`` is ``9mm Luger``): a
  serial match with a different make is a different firearm; model and calibre confirm or
  weaken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum

from clew.access.countries import read_country, same_country
from clew.firearms import reference
from clew.firearms.calibres import calibre_key
from clew.firearms.makes import make_key
from clew.identifiers import (
    mrz_check_digit,
    normalise_document_number,
    normalise_vin,
    serial_core,
    vin_check_digit,
)
from clew.names.fold import fold

__all__ = [
    "DocumentComparison",
    "FirearmComparison",
    "Mrz",
    "MrzError",
    "Verdict",
    "compare_document_numbers",
    "compare_firearms",
    "compare_vins",
    "ocr_fold",
    "parse_mrz",
]


class Verdict(StrEnum):
    EXACT = "exact"
    CLOSE = "close"
    DIFFERENT = "different"
    NOT_COMPARED = "not compared"


_OCR = str.maketrans("OQDILSBZG", "000115826")


def ocr_fold(value: str) -> str:
    """Letters that read like digits, as those digits (upper-case input)."""
    return value.translate(_OCR)


class DocumentComparison:
    """A verdict and a language-neutral detail (``A = B``, ``A ~ B``, ``A ≠ B``; a country
    conflict adds ``; BG ≠ RO``)."""

    __slots__ = ("detail", "verdict")

    def __init__(self, verdict: Verdict, detail: str) -> None:
        self.verdict = verdict
        self.detail = detail

    def __repr__(self) -> str:
        return f"DocumentComparison({self.verdict.value!r}, {self.detail!r})"


def _country_conflict(a: str | None, b: str | None) -> bool:
    return bool(a and b and not same_country(a, b))


def compare_document_numbers(
    query: str,
    record: str,
    *,
    query_country: str | None = None,
    record_country: str | None = None,
) -> DocumentComparison:
    """Compare two document numbers and their issuing countries (see the module docstring).
    A number that cannot be read (empty, too long, other characters) is ``not compared``."""
    try:
        a = normalise_document_number(query)
        b = normalise_document_number(record)
    except ValueError:
        return DocumentComparison(Verdict.NOT_COMPARED, "")
    if a == b:
        verdict, detail = Verdict.EXACT, f"{a} = {b}"
    elif ocr_fold(a) == ocr_fold(b):
        verdict, detail = Verdict.CLOSE, f"{a} ~ {b}"
    else:
        return DocumentComparison(Verdict.DIFFERENT, f"{a} ≠ {b}")
    if _country_conflict(query_country, record_country):
        return DocumentComparison(
            Verdict.DIFFERENT, f"{detail}; {query_country} ≠ {record_country}"
        )
    return DocumentComparison(verdict, detail)


# --- the machine-readable zone ----------------------------------------------------------------


class MrzError(ValueError):
    """An MRZ that cannot be read: wrong number or length of lines, or characters that cannot
    appear in one."""


_MRZ_CHARS = re.compile("[A-Z0-9<]+")
_DIGIT_REPAIR = str.maketrans("OQDIL|SBZG", "0001115826")


def _mrz_country(code: str) -> str:
    """The stored code of an MRZ country (``clew.access.countries.read_country``: ``BGR`` and
    ``D<<`` give ``BG`` and ``DE``, ``XXA`` stays); a code it cannot place (the specimen
    ``UTO``) is returned upper-cased, fillers removed."""
    return read_country(code) or code.replace("<", "").upper()


class Mrz:
    """What an MRZ says. ``checks`` maps each checked field (``number``, ``date_of_birth``,
    ``expires_on``, ``personal_number``, ``composite``) to whether its digit verified;
    ``repairs`` lists the fields whose letters were read as digits."""

    __slots__ = (
        "checks",
        "date_of_birth",
        "document_code",
        "expires_on",
        "family",
        "format",
        "given",
        "issuing_country",
        "nationality",
        "number",
        "optional",
        "repairs",
        "sex",
    )

    def __init__(self, **values: object) -> None:
        for name in self.__slots__:
            setattr(self, name, values[name])

    document_code: str
    format: str
    issuing_country: str
    family: str
    given: str
    number: str
    nationality: str
    date_of_birth: str | None
    sex: str
    expires_on: str | None
    optional: str
    checks: dict[str, bool]
    repairs: tuple[str, ...]

    @property
    def valid(self) -> bool:
        """Every check digit verified."""
        return all(self.checks.values())

    @property
    def names(self) -> str:
        """The name as one text, given names first (for the name comparison)."""
        return " ".join(part for part in (self.given, self.family) if part)

    def __repr__(self) -> str:
        return f"Mrz({self.format}, {self.family!r}, {self.given!r}, {self.number!r})"


def _lines(text: str | Sequence[str]) -> list[str]:
    raw = text.splitlines() if isinstance(text, str) else list(text)
    lines = [re.sub(r"\s+", "", line).upper() for line in raw if line.strip()]
    for line in lines:
        if not _MRZ_CHARS.fullmatch(line):
            raise MrzError("an MRZ holds only the letters A-Z, digits and '<'")
    return lines


def _digits(field: str, name: str, repairs: list[str]) -> str:
    fixed = field.translate(_DIGIT_REPAIR)
    if fixed != field:
        repairs.append(name)
    return fixed


def _check(field: str, digit: str) -> bool:
    return (digit == "<" and not field.strip("<")) or digit == str(mrz_check_digit(field))


def _mrz_date(field: str, *, birth: bool, today: date) -> str | None:
    """``YYMMDD`` to a partial ISO date: births in the hundred years up to ``today`` (never
    after it: ``251201`` read on 2025-06-01 is 1925), expiry dates up to fifty years ahead;
    ``<<`` for an unknown month or day; ``None`` if unreadable."""
    year_text, month_text, day_text = field[:2], field[2:4], field[4:6]
    if not year_text.isdigit():
        return None
    two = int(year_text)
    month = int(month_text) if month_text.isdigit() else 0
    day = int(day_text) if day_text.isdigit() and month else 0
    if month > 12:
        return None
    if birth:
        year = 2000 + two
        known = (year, month, day)[: 1 + bool(month) + bool(day)]
        if known > (today.year, today.month, today.day)[: len(known)]:
            year -= 100
    else:
        year = 2000 + two if 2000 + two <= today.year + 50 else 1900 + two
    if not month:
        return f"{year:04d}"
    if not day:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _names(field: str) -> tuple[str, str]:
    family, _, given = field.strip("<").partition("<<")
    return family.replace("<", " ").strip(), given.replace("<", " ").strip()


def _sex(char: str) -> str:
    return {"M": "male", "F": "female"}.get(char, "unknown")


def parse_mrz(text: str | Sequence[str], *, today: date | None = None) -> Mrz:
    """Read a TD3 (2 × 44) or TD1 (3 × 30) machine-readable zone; ``MrzError`` if neither.

    White space inside a line is ignored (OCR often splits a line); blank lines are skipped.
    A failed check digit does not raise: it is reported in ``checks`` and ``valid``.
    """
    lines = _lines(text)
    day = today or date.today()
    if len(lines) == 2 and all(len(line) == 44 for line in lines):
        return _td3(lines, day)
    if len(lines) == 3 and all(len(line) == 30 for line in lines):
        return _td1(lines, day)
    shape = " + ".join(str(len(line)) for line in lines) or "nothing"
    raise MrzError(f"not a TD3 (2 × 44) or TD1 (3 × 30) MRZ: lines of {shape} characters")


def _number(field: str, digit: str, optional: str) -> tuple[str, str, bool]:
    """The document number, continued into the optional data when longer than nine
    characters (``<`` in place of the check digit); returns number, rest of optional, check."""
    if digit == "<" and optional.strip("<"):
        rest = optional.strip("<")
        tail, _, remainder = rest.partition("<")
        full = field + tail[:-1]
        return full, remainder, tail[-1:] == str(mrz_check_digit(full))
    return field.rstrip("<"), optional, _check(field, digit)


def _td3(lines: list[str], today: date) -> Mrz:
    one, two = lines
    repairs: list[str] = []
    family, given = _names(one[5:44])
    birth = _digits(two[13:19], "date_of_birth", repairs)
    birth_digit = _digits(two[19], "date_of_birth", repairs)
    expiry = _digits(two[21:27], "expires_on", repairs)
    expiry_digit = _digits(two[27], "expires_on", repairs)
    optional, optional_digit = two[28:42], two[42]
    number, rest, number_ok = _number(two[0:9], two[9], optional)
    composite = _digits(two[43], "composite", repairs)
    checks = {
        "number": number_ok,
        "date_of_birth": _check(birth, birth_digit),
        "expires_on": _check(expiry, expiry_digit),
        "personal_number": _check(optional, optional_digit),
        "composite": _check(two[0:10] + birth + birth_digit + expiry + expiry_digit
                            + optional + optional_digit, composite),
    }  # fmt: skip
    return Mrz(
        format="TD3", document_code=one[0:2].rstrip("<"), issuing_country=_mrz_country(one[2:5]),
        family=family, given=given, number=number, nationality=_mrz_country(two[10:13]),
        date_of_birth=_mrz_date(birth, birth=True, today=today), sex=_sex(two[20]),
        expires_on=_mrz_date(expiry, birth=False, today=today), optional=rest.strip("<"),
        checks=checks, repairs=tuple(dict.fromkeys(repairs)),
    )  # fmt: skip


def _td1(lines: list[str], today: date) -> Mrz:
    one, two, three = lines
    repairs: list[str] = []
    number, optional_one, number_ok = _number(one[5:14], one[14], one[15:30])
    birth = _digits(two[0:6], "date_of_birth", repairs)
    birth_digit = _digits(two[6], "date_of_birth", repairs)
    expiry = _digits(two[8:14], "expires_on", repairs)
    expiry_digit = _digits(two[14], "expires_on", repairs)
    composite = _digits(two[29], "composite", repairs)
    family, given = _names(three)
    checks = {
        "number": number_ok,
        "date_of_birth": _check(birth, birth_digit),
        "expires_on": _check(expiry, expiry_digit),
        "composite": _check(one[5:30] + birth + birth_digit + expiry + expiry_digit
                            + two[18:29], composite),
    }  # fmt: skip
    return Mrz(
        format="TD1", document_code=one[0:2].rstrip("<"), issuing_country=_mrz_country(one[2:5]),
        family=family, given=given, number=number, nationality=_mrz_country(two[15:18]),
        date_of_birth=_mrz_date(birth, birth=True, today=today), sex=_sex(two[7]),
        expires_on=_mrz_date(expiry, birth=False, today=today),
        optional=(optional_one.strip("<") + " " + two[18:29].strip("<")).strip(),
        checks=checks, repairs=tuple(dict.fromkeys(repairs)),
    )  # fmt: skip


# --- vehicles ---------------------------------------------------------------------------------

_VIN_NEVER = str.maketrans("IOQ", "100")
_VIN_CONFUSED = str.maketrans("S5B8Z2G6", "55882266")


class VinComparison(DocumentComparison):
    __slots__ = ("check_digit_ok",)

    def __init__(self, verdict: Verdict, detail: str, check_digit_ok: bool | None) -> None:
        super().__init__(verdict, detail)
        self.check_digit_ok = check_digit_ok


def _vin(text: str) -> str | None:
    value = re.sub(r"[\s\-]+", "", text.strip().upper()).translate(_VIN_NEVER)
    try:
        return normalise_vin(value)
    except ValueError:
        return None


def compare_vins(query: str, record: str) -> VinComparison:
    """Compare two VINs (see the module docstring); ``check_digit_ok`` is about the query's
    VIN (``None`` when it cannot be read)."""
    a, b = _vin(query), _vin(record)
    if a is None or b is None:
        return VinComparison(Verdict.NOT_COMPARED, "", None)
    check_ok = a[8] == vin_check_digit(a)
    if a == b:
        return VinComparison(Verdict.EXACT, f"{a} = {b}", check_ok)
    if a.translate(_VIN_CONFUSED) == b.translate(_VIN_CONFUSED):
        return VinComparison(Verdict.CLOSE, f"{a} ~ {b}", check_ok)
    return VinComparison(Verdict.DIFFERENT, f"{a} ≠ {b}", check_ok)


# --- firearms ---------------------------------------------------------------------------------


def _make(text: str) -> str:
    """A make's key: its canonical name in the reference table (``H&K``, ``Heckler und Koch``
    and ``HK`` are ``Heckler & Koch``), else the writing with company-form words dropped."""
    return make_key(reference.current().make(text) or text)


def _calibre(text: str) -> str:
    """A calibre's key: its canonical name in the reference table (``9x19``, ``9mm Para`` and
    ``9 mm Luger`` are ``9mm Luger``), else the writing folded by :func:`calibre_key`."""
    return calibre_key(reference.current().calibre(text) or text)


def _model(text: str, make: str) -> str:
    value = fold(text)
    for word in make.split():
        value = re.sub(rf"\b{re.escape(word)}\b", " ", value)
    return "".join(value.split())


class FirearmComparison:
    """The verdict on one firearm pair: serial, make, model, calibre, and an overall score."""

    __slots__ = ("calibre", "make", "model", "score", "serial", "verdict")

    def __init__(
        self,
        score: float,
        verdict: Verdict,
        serial: DocumentComparison,
        make: Verdict,
        model: Verdict,
        calibre: Verdict,
    ) -> None:
        self.score = score
        self.verdict = verdict
        self.serial = serial
        self.make = make
        self.model = model
        self.calibre = calibre

    def __repr__(self) -> str:
        return (
            f"FirearmComparison({self.score:.2f}, {self.verdict.value}, serial "
            f"{self.serial.verdict.value}, make {self.make.value}, model {self.model.value}, "
            f"calibre {self.calibre.value})"
        )


def _same(a: str | None, b: str | None, key: Callable[[str], str]) -> Verdict:
    if not a or not b:
        return Verdict.NOT_COMPARED
    return Verdict.EXACT if key(a) == key(b) else Verdict.DIFFERENT


def compare_firearms(
    query_serial: str,
    record_serial: str,
    *,
    query_make: str | None = None,
    record_make: str | None = None,
    query_model: str | None = None,
    record_model: str | None = None,
    query_calibre: str | None = None,
    record_calibre: str | None = None,
) -> FirearmComparison:
    """Compare two firearms (see the module docstring). The score: 1.0 for an NCIC serial
    match with nothing against it, 0.9 for a serial equal only after OCR folding; each
    known and agreeing make, model and calibre confirms (no change), a different model or
    calibre costs 0.25 each, a different make sets the score to 0.2 (a different gun)."""
    try:
        a, b = serial_core(query_serial), serial_core(record_serial)
    except ValueError:
        serial = DocumentComparison(Verdict.NOT_COMPARED, "")
        return FirearmComparison(0.0, Verdict.NOT_COMPARED, serial, *(Verdict.NOT_COMPARED,) * 3)
    if a == b:
        serial = DocumentComparison(Verdict.EXACT, f"{a} = {b}")
        score = 1.0
    elif ocr_fold(a) == ocr_fold(b):
        serial = DocumentComparison(Verdict.CLOSE, f"{a} ~ {b}")
        score = 0.9
    else:
        serial = DocumentComparison(Verdict.DIFFERENT, f"{a} ≠ {b}")
        score = 0.0
    make = _same(query_make, record_make, _make)
    make_key = _make(record_make or query_make or "")
    model = _same(query_model, record_model, lambda text: _model(text, make_key))
    calibre = _same(query_calibre, record_calibre, _calibre)
    if score:
        if make is Verdict.DIFFERENT:
            score = 0.2
        else:
            score -= 0.25 * sum(v is Verdict.DIFFERENT for v in (model, calibre))
    score = max(score, 0.0)
    verdict = (
        Verdict.EXACT if score >= 0.95 else Verdict.CLOSE if score >= 0.6 else Verdict.DIFFERENT
    )
    return FirearmComparison(round(score, 3), verdict, serial, make, model, calibre)
