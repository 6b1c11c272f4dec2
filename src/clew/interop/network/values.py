"""Cell values of network files: kinds, dates, numbers, yes/no and grading, folded or refused.

Each ``parse_*`` function takes the text of one cell (already stripped, never empty) and
returns the value, or raises :class:`ValueError` with a message that reads after the field
name (``weight: 'abc' is not a number``). Readers turn that message into a row error.

- Kinds: the :class:`~clew.intel.vocabulary.EntityKind` and ``LinkKind`` values in any case,
  with spaces or hyphens for ``_``, and a few common synonyms (``organization``, ``company``,
  ``bank account``, ``telephone``; ``call``, ``payment``, ``member``, ``associate``).
- Dates: ``YYYY-MM-DD``, ``DD.MM.YYYY``, ``DD/MM/YYYY``, ``YYYY/MM/DD`` (a day first, as in
  Europe), with any time after a ``T`` or a space ignored, in the years
  :func:`~clew.identifiers.parse_partial_date` accepts. A partial date (``2024-03``) is
  refused: an edge is dated to the day or not at all.
- Numbers: a point or a comma as the decimal mark. With both, the one that comes last is the
  decimal mark and the other groups thousands (``1.234,50``, ``1,234.50``); a single comma
  followed by exactly three digits groups thousands (``1,000`` is a thousand), any other
  comma is decimal (``2,5``). Spaces, underscores and apostrophes group thousands. Infinity
  and not-a-number are refused.
- Yes/no: ``yes``/``no``, ``true``/``false``, ``1``/``0``, ``y``/``n``, ``directed``/``undirected``.
- Grading: reliability ``A``, ``B``, ``C`` or ``X``; information ``1`` to ``4``.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Final

from clew.intel.vocabulary import EntityKind, Information, LinkKind, Reliability
from clew.interop.vocabulary import full_date, token

__all__ = [
    "DIRECTED_KINDS",
    "ENTITY_KINDS_TEXT",
    "LINK_KINDS_TEXT",
    "entity_kind",
    "link_kind",
    "parse_bool",
    "parse_date",
    "parse_duration",
    "parse_information",
    "parse_int",
    "parse_number",
    "parse_reliability",
    "unescape",
]

ENTITY_KINDS_TEXT: Final = ", ".join(kind.value for kind in EntityKind)
LINK_KINDS_TEXT: Final = ", ".join(kind.value for kind in LinkKind)

DIRECTED_KINDS: Final = frozenset(
    {
        LinkKind.CALLED,
        LinkKind.PAID,
        LinkKind.OWNS,
        LinkKind.USES,
        LinkKind.MEMBER_OF,
        LinkKind.LIVES_AT,
        LinkKind.TOOK_PART,
    }
)
"""Link kinds whose direction means something, when a file does not say."""

_ENTITY_SYNONYMS: Final = {
    "organization": EntityKind.ORGANISATION,
    "org": EntityKind.ORGANISATION,
    "company": EntityKind.ORGANISATION,
    "group": EntityKind.ORGANISATION,
    "legal_entity": EntityKind.ORGANISATION,
    "telephone": EntityKind.PHONE,
    "phone_number": EntityKind.PHONE,
    "mobile": EntityKind.PHONE,
    "msisdn": EntityKind.PHONE,
    "bank_account": EntityKind.ACCOUNT,
    "bankaccount": EntityKind.ACCOUNT,
    "iban": EntityKind.ACCOUNT,
    "car": EntityKind.VEHICLE,
    "location": EntityKind.ADDRESS,
    "place": EntityKind.ADDRESS,
    "passport": EntityKind.DOCUMENT,
    "identification": EntityKind.DOCUMENT,
    "individual": EntityKind.PERSON,
    "weapon": EntityKind.FIREARM,
    "gun": EntityKind.FIREARM,
    "people": EntityKind.PERSON,
}
_LINK_SYNONYMS: Final = {
    "call": LinkKind.CALLED,
    "calls": LinkKind.CALLED,
    "phoned": LinkKind.CALLED,
    "payment": LinkKind.PAID,
    "pays": LinkKind.PAID,
    "transfer": LinkKind.PAID,
    "transaction": LinkKind.PAID,
    "meeting": LinkKind.MET,
    "meets": LinkKind.MET,
    "member": LinkKind.MEMBER_OF,
    "membership": LinkKind.MEMBER_OF,
    "owner": LinkKind.OWNS,
    "ownership": LinkKind.OWNS,
    "owned": LinkKind.OWNS,
    "use": LinkKind.USES,
    "used": LinkKind.USES,
    "lives": LinkKind.LIVES_AT,
    "resides_at": LinkKind.LIVES_AT,
    "travelled": LinkKind.TRAVELLED_WITH,
    "traveled_with": LinkKind.TRAVELLED_WITH,
    "took_part_in": LinkKind.TOOK_PART,
    "participated": LinkKind.TOOK_PART,
    "related": LinkKind.RELATED_TO,
    "associate": LinkKind.RELATED_TO,
    "family": LinkKind.RELATED_TO,
    "knows": LinkKind.RELATED_TO,
}
_TRUE: Final = frozenset({"yes", "y", "true", "t", "1", "directed", "ja", "oui", "si", "da"})
_FALSE: Final = frozenset({"no", "n", "false", "f", "0", "undirected", "nein", "non", "ne"})
_GROUPING: Final = re.compile(r"[\s_'\u00a0\u202f]")
_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS: Final = re.compile(r"[+-]?\d{1,3},\d{3}")
_CLOCK: Final = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})")
_FORMULA: Final = "=+-@'"
_ISO_DAY: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[T ])")


def _short(text: str) -> str:
    return repr(text[:30])


def unescape(cell: str) -> str:
    """Drop the ``'`` that Clew's writers put before a cell a spreadsheet would run as a formula."""
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in _FORMULA:
        return cell[1:]
    return cell


def entity_kind(text: str) -> EntityKind:
    folded = token(text)
    try:
        return _ENTITY_SYNONYMS.get(folded) or EntityKind(folded)
    except ValueError:
        raise ValueError(f"{_short(text)} is not one of {ENTITY_KINDS_TEXT}") from None


def link_kind(text: str) -> LinkKind:
    folded = token(text)
    try:
        return _LINK_SYNONYMS.get(folded) or LinkKind(folded)
    except ValueError:
        raise ValueError(f"{_short(text)} is not one of {LINK_KINDS_TEXT}") from None


def parse_date(text: str) -> date:
    short = _ISO_DAY.match(text)
    if short and 1900 <= int(short[1]) < 2200:  # the common case, the short way (call
        try:  # records have millions); the years lie inside what the general parser takes
            return date(int(short[1]), int(short[2]), int(short[3]))
        except ValueError:
            pass  # 2024-02-30: the general parser says why
    day = text.strip().replace("T", " ", 1).split(" ", 1)[0]
    iso = full_date(day) if day else None
    if iso is None:
        raise ValueError(f"{_short(text)} is not a full date (YYYY-MM-DD or DD.MM.YYYY)")
    return date.fromisoformat(iso)


def parse_number(text: str) -> float:
    """A finite number (see the module docstring for the decimal mark)."""
    cleaned = _GROUPING.sub("", text)
    if "," in cleaned and "." in cleaned:
        thousands = "," if cleaned.rfind(",") < cleaned.rfind(".") else "."
        cleaned = cleaned.replace(thousands, "")
    if "," in cleaned:
        if cleaned.count(",") > 1 or _THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")
        else:
            cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"{_short(text)} is not a number")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"{_short(text)} is too large")
    return value


def parse_int(text: str) -> int:
    value = parse_number(text)
    if not value.is_integer():
        raise ValueError(f"{_short(text)} is not a whole number")
    return int(value)


def parse_duration(text: str) -> int:
    """Seconds, from ``95``, ``95.0``, ``1:35`` (minutes:seconds) or ``0:01:35``."""
    clock = _CLOCK.fullmatch(text.strip())
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        if seconds >= 60 or (minutes >= 60 and clock.group(1)):
            raise ValueError(f"{_short(text)} is not a duration (seconds or H:MM:SS)")
        return hours * 3600 + minutes * 60 + seconds
    try:
        value = parse_number(text)
    except ValueError:
        raise ValueError(f"{_short(text)} is not a duration (seconds or H:MM:SS)") from None
    if value < 0:
        raise ValueError(f"{_short(text)} is negative")
    return round(value)


def parse_bool(text: str) -> bool:
    folded = text.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f"{_short(text)} is not yes or no")


def parse_reliability(text: str) -> Reliability:
    try:
        return Reliability(text.strip().upper())
    except ValueError:
        raise ValueError(f"{_short(text)} is not a source grading: A, B, C or X") from None


def parse_information(text: str) -> Information:
    try:
        return Information(text.strip())
    except ValueError:
        raise ValueError(f"{_short(text)} is not an information grading: 1, 2, 3 or 4") from None
