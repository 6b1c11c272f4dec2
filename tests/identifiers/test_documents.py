"""Travel document numbers and ICAO 9303 check digits."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.identifiers.documents import mrz_check_digit, normalise_document_number


@pytest.mark.parametrize(
    ("field", "digit", "why"),
    [
        ("L898902C3", 6, "ICAO specimen document number"),
        ("740812", 2, "ICAO specimen date of birth"),
        ("120415", 9, "ICAO specimen date of expiry"),
        ("ZE184226B<<<<<", 1, "ICAO specimen personal number"),
        (
            "L898902C3674081221204159ZE184226B<<<<<1",
            0,
            "ICAO specimen composite check digit",
        ),
        ("D23145890", 7, "ICAO TD1 specimen document number"),
        ("l898902c3", 6, "lower case is read as upper case"),
        ("<<<<<<", 0, "fillers count as zero"),
        ("", 0, "an empty field"),
    ],
)
def test_check_digits(field: str, digit: int, why: str) -> None:
    assert mrz_check_digit(field) == digit, why


@pytest.mark.parametrize("field", ["L898-902", "AB CD", "Ж123", "1985.03"])
def test_characters_outside_the_mrz_are_refused(field: str) -> None:
    with pytest.raises(ValueError, match="cannot appear"):
        mrz_check_digit(field)


def test_non_ascii_digits_are_refused() -> None:
    with pytest.raises(ValueError):
        mrz_check_digit("٣")


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("L898902C3", "L898902C3", "already normal"),
        ("l898 902 c3", "L898902C3", "lower case and spaces"),
        ("AB-123.456/7", "AB1234567", "dashes, dots and slashes"),
        ("L898902C3<<", "L898902C3", "MRZ fillers"),
        ("\u00a0123\u2003456 ", "123456", "Unicode spaces"),
        ("X" * 30, "X" * 30, "thirty characters is the limit"),
    ],
)
def test_normalise_document_number(text: str, expected: str, why: str) -> None:
    assert normalise_document_number(text) == expected, why


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (" - . / < ", "empty"),
        ("X" * 31, "longer than 30"),
        ("№123", "letters A-Z and digits"),
        ("АВ123", "letters A-Z and digits"),  # Cyrillic look-alikes
        ("AB_123", "letters A-Z and digits"),
    ],
)
def test_document_numbers_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_document_number(text)


@pytest.mark.parametrize("text", ["ß123", "ﬁ123"])
def test_letters_that_upper_case_into_ascii_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        normalise_document_number(text)


@given(st.text(max_size=40))
def test_normalise_never_crashes_and_is_idempotent(text: str) -> None:
    try:
        once = normalise_document_number(text)
    except ValueError:
        return
    assert normalise_document_number(once) == once
    assert 0 < len(once) <= 30 and once.isascii() and once.isalnum() and once == once.upper()
    assert 0 <= mrz_check_digit(once) <= 9


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<", max_size=44))
def test_check_digit_is_a_digit_for_any_mrz_field(field: str) -> None:
    assert 0 <= mrz_check_digit(field) <= 9


@given(st.text(max_size=20))
def test_check_digit_raises_only_value_error(field: str) -> None:
    with contextlib.suppress(ValueError):
        mrz_check_digit(field)
