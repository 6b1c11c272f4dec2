"""Partial dates of birth: the accepted spellings, the refusals, and the round trip."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.identifiers.dates import PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("1985", "1985", "a year alone"),
        ("1985-03", "1985-03", "year and month"),
        ("1985-03-07", "1985-03-07", "ISO"),
        ("1985/03/07", "1985-03-07", "INTERPOL slashes"),
        ("1985/03", "1985-03", "INTERPOL year and month"),
        ("07.03.1985", "1985-03-07", "day first, dots (Europe)"),
        ("07/03/1985", "1985-03-07", "day first, slashes (Vietnam)"),
        ("7.3.1985", "1985-03-07", "single-digit day and month"),
        ("1985-00-00", "1985", "00 means unknown"),
        ("1985-03-00", "1985-03", "unknown day"),
        ("00.00.1985", "1985", "unknown day and month, day first"),
        ("  1985-03-07  ", "1985-03-07", "surrounding spaces"),
        ("2000-02-29", "2000-02-29", "leap day"),
        ("1850", "1850", "lowest year"),
        ("2200-12-31", "2200-12-31", "highest year"),
    ],
)
def test_accepted(text: str, expected: str, why: str) -> None:
    assert str(parse_partial_date(text)) == expected, why


@pytest.mark.parametrize(
    ("text", "message", "why"),
    [
        ("", "empty", "nothing"),
        ("   ", "empty", "only spaces"),
        ("1985-02-30", "day 30 does not exist", "no 30 February"),
        ("1900-02-29", "day 29 does not exist", "1900 was not a leap year"),
        ("1985-13", "month 13", "no month 13"),
        ("1700", "out of range", "too early"),
        ("1849-12-31", "out of range", "just too early"),
        ("2201", "out of range", "too late"),
        ("85", "not a date", "two-digit year"),
        ("March 1985", "not a date", "words"),
        ("1985-03-07T10:00", "not a date", "a timestamp"),
        ("19850307", "not a date", "digits run together"),
    ],
)
def test_refused(text: str, message: str, why: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (PartialDate(1985), "year"),
        (PartialDate(1985, 3), "month"),
        (PartialDate(1985, 3, 7), "day"),
    ],
)
def test_precision(value: PartialDate, precision: str) -> None:
    assert value.precision == precision


def test_dates_of_different_precision_can_be_sorted() -> None:
    assert sorted([PartialDate(1985, 3), PartialDate(1985)]) == [
        PartialDate(1985),
        PartialDate(1985, 3),
    ]


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_value_error(text: str) -> None:
    try:
        value = parse_partial_date(text)
    except ValueError:
        return
    assert parse_partial_date(str(value)) == value


@given(st.dates(min_value=date(1850, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 2))
def test_round_trip_of_every_real_date(day: date, precision: int) -> None:
    text = day.isoformat()[: (4, 7, 10)[precision]]
    assert str(parse_partial_date(text)) == text
    assert str(parse_partial_date(str(parse_partial_date(text)))) == text
