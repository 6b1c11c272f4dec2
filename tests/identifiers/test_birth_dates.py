"""Dates of birth: a partial date that is not in the future, judged at its own precision."""

from __future__ import annotations

from datetime import date

import pytest

from clew.identifiers import parse_birth_date

TODAY = date(2030, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("1985-03-07", "1985-03-07", "a past date"),
        ("2030-03-15", "2030-03-15", "born today"),
        ("2030-03", "2030-03", "this month: may be born already"),
        ("2030", "2030", "this year: may be born already"),
        ("15.03.2030", "2030-03-15", "day first, today"),
    ],
)
def test_accepted(text: str, expected: str, why: str) -> None:
    assert str(parse_birth_date(text, TODAY)) == expected, why


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2099-01-01", "the issue's example"),
        ("2030-03-16", "tomorrow"),
        ("2030-04", "next month"),
        ("2031", "next year"),
        ("01.01.2031", "day first, next year"),
    ],
)
def test_the_future_is_refused(text: str, why: str) -> None:
    with pytest.raises(ValueError, match="is in the future"):
        parse_birth_date(text, TODAY)


def test_today_is_the_default() -> None:
    with pytest.raises(ValueError, match=r"^2099-01-01 is in the future$"):
        parse_birth_date("2099-01-01")
    assert str(parse_birth_date(date.today().isoformat())) == date.today().isoformat()


def test_what_is_no_date_is_still_refused_as_such() -> None:
    with pytest.raises(ValueError, match="month 13 does not exist"):
        parse_birth_date("2099-13-01", TODAY)
