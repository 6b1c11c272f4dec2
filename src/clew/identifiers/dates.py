"""Partial dates of birth: a year, a year and month, or a full date.

Accepted spellings: ``1985``, ``1985-03``, ``1985-03-07``, ``1985/03/07`` (INTERPOL), ``1985/03``,
``07.03.1985`` and ``07/03/1985`` (day first, as written in Europe and Vietnam). Only ASCII
digits, and one separator per date (``1985-03/07`` is refused). Months or days
given as ``00`` mean unknown (``1985-00-00`` is the year 1985). Years before 1850 or after 2200
are refused. The canonical text form is ISO: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A date of birth (:func:`parse_birth_date`) is also refused when it is in the future, judged at
its own precision: in March 2030, ``2030`` and ``2030-03`` are accepted (the person may be born
already), ``2030-04`` and ``2031`` are not.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["PartialDate", "parse_birth_date", "parse_partial_date"]

_ISO = re.compile(r"([0-9]{4})(?:([-/])([0-9]{1,2})(?:\2([0-9]{1,2}))?)?")
_DAY_FIRST = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\2([0-9]{4})")
MIN_YEAR, MAX_YEAR = 1850, 2200


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __lt__(self, other: PartialDate) -> bool:
        """Chronological, a less precise date first: 1985 < 1985-03 < 1985-03-07."""
        return self._key < other._key

    @property
    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def precision(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"


def parse_partial_date(text: str) -> PartialDate:
    """Parse one of the spellings above; raise ``ValueError`` naming what is wrong."""
    value = text.strip()
    if not value:
        raise ValueError("is empty")
    if len(value) > 10:
        raise ValueError("is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    match = _ISO.fullmatch(value)
    if match:
        year_text, _, month_text, day_text = match.groups()
        year = int(year_text)
        month = int(month_text) if month_text else None
        day = int(day_text) if day_text else None
    else:
        match = _DAY_FIRST.fullmatch(value)
        if not match:
            raise ValueError("is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is out of range {MIN_YEAR}-{MAX_YEAR}")
    if month == 0:
        month, day = None, None
    if day == 0:
        day = None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"day {day} does not exist in {year:04d}-{month:02d}")
    return PartialDate(year, month, day)


def parse_birth_date(text: str, today: date | None = None) -> PartialDate:
    """:func:`parse_partial_date`, refusing (``ValueError``) a date after ``today`` (default:
    the current date) at the date's own precision (see the module docstring)."""
    parsed = parse_partial_date(text)
    now = today or date.today()
    reached = (now.year, now.month, now.day)[: len(_precision_parts(parsed))]
    if _precision_parts(parsed) > reached:
        raise ValueError(f"{parsed} is in the future")
    return parsed


def _precision_parts(value: PartialDate) -> tuple[int, ...]:
    parts = (value.year, value.month, value.day)
    return tuple(p for p in parts if p is not None)
