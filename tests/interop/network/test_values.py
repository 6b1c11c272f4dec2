"""Cell values: kinds with synonyms, dates, numbers with either decimal mark, grading."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.interop.network.values import (
    entity_kind,
    link_kind,
    parse_bool,
    parse_date,
    parse_duration,
    parse_information,
    parse_int,
    parse_number,
    parse_reliability,
    unescape,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("person", "person"),
        ("Person", "person"),
        ("Organization", "organisation"),  # American spelling
        ("company", "organisation"),
        ("bank account", "account"),
        ("Bank-Account", "account"),
        ("telephone", "phone"),
        ("car", "vehicle"),
    ],
)
def test_entity_kinds(text: str, kind: str) -> None:
    assert entity_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("called", "called"),
        ("Call", "called"),
        ("payment", "paid"),
        ("member of", "member_of"),
        ("Travelled-With", "travelled_with"),
        ("associate", "related_to"),
    ],
)
def test_link_kinds(text: str, kind: str) -> None:
    assert link_kind(text) == kind


def test_unknown_kinds_list_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"'spaceship' is not one of person, organisation"):
        entity_kind("spaceship")
    with pytest.raises(ValueError, match=r"'hugged' is not one of called, met"):
        link_kind("hugged")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("01.03.2024", date(2024, 3, 1)),
        ("01/03/2024", date(2024, 3, 1)),  # day first, as in Europe
        ("2024-03-01 14:22:05", date(2024, 3, 1)),  # time ignored
        ("2024-03-01T14:22:05Z", date(2024, 3, 1)),
    ],
)
def test_dates(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["2024-03", "2024", "yesterday", "31.02.2024", "T"])
def test_not_full_dates(text: str) -> None:
    with pytest.raises(ValueError, match="is not a full date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3.0),
        ("2.5", 2.5),
        ("2,5", 2.5),  # decimal comma
        ("1,000", 1000.0),  # a comma and three digits groups thousands
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("1 234 567", 1234567.0),
        ("1'000.5", 1000.5),
        ("-4", -4.0),
        ("1e3", 1000.0),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1.2.3", "nan", "inf", "1e999", "--1", ""])
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a number|is too large"):
        parse_number(text)


def test_whole_numbers() -> None:
    assert parse_int("12") == 12
    with pytest.raises(ValueError, match="is not a whole number"):
        parse_int("1.5")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("95", 95), ("95.4", 95), ("1:35", 95), ("0:01:35", 95), ("2:00:00", 7200)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1:75", "soon", "-5"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|negative"):
        parse_duration(text)


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("TRUE", True), ("1", True),
                                             ("no", False), ("undirected", False)])  # fmt: skip
def test_yes_no(text: str, value: bool) -> None:
    assert parse_bool(text) is value


def test_grading() -> None:
    assert parse_reliability("b") == "B"
    assert parse_information("3") == "3"
    with pytest.raises(ValueError, match="A, B, C or X"):
        parse_reliability("D")
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        parse_information("5")
    with pytest.raises(ValueError, match="is not yes or no"):
        parse_bool("perhaps")


def test_unescape_removes_only_the_writers_mark() -> None:
    assert unescape("'+391234") == "+391234"
    assert unescape("'=1") == "=1"
    assert unescape("'tis") == "'tis"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_number_parsing_raises_only_value_error(text: str) -> None:
    for parse in (parse_number, parse_duration, parse_date, parse_bool, entity_kind, link_kind):
        with contextlib.suppress(ValueError):
            parse(text)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1850, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(["", " 10:00", "T10:00:00Z"]),
)
def test_the_fast_path_for_iso_dates_agrees_with_the_general_one(day: date, time: str) -> None:
    assert parse_date(day.isoformat() + time) == day
    assert parse_date(day.strftime("%d.%m.%Y") + time) == day


def test_dates_in_other_digits_are_refused() -> None:
    with pytest.raises(ValueError, match="is not a full date"):
        parse_date("٢٠٢٤-٠٣-٠١")
