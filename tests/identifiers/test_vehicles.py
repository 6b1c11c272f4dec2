"""Vehicle identification numbers and registration plates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.identifiers.vehicles import (
    normalise_plate,
    normalise_vin,
    vin_check_digit,
    vin_has_valid_check_digit,
)

VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


@pytest.mark.parametrize(
    ("vin", "digit", "why"),
    [
        ("1M8GDM9AXKP042788", "X", "the ISO 3779 textbook example: remainder 10 is X"),
        ("11111111111111111", "1", "all ones"),
        ("1HGCM82633A004352", "3", "a Honda VIN"),
        ("WVWZZZ1JZ3W386752", "Z", "not a check digit: European VINs often carry Z"),
    ],
)
def test_check_digit(vin: str, digit: str, why: str) -> None:
    if digit == "Z":
        assert vin_check_digit(vin) != "Z" and not vin_has_valid_check_digit(vin), why
    else:
        assert vin_check_digit(vin) == digit, why
        assert vin_has_valid_check_digit(vin), why


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP042788", "already normal"),
        ("1m8gdm9axkp042788", "1M8GDM9AXKP042788", "lower case"),
        (" 1M8 GDM9A-XKP042788 ", "1M8GDM9AXKP042788", "spaces and dashes"),
        ("WVWZZZ1JZ3W386752", "WVWZZZ1JZ3W386752", "a wrong check digit is not refused"),
    ],
)
def test_normalise_vin(text: str, expected: str, why: str) -> None:
    assert normalise_vin(text) == expected, why


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "17 characters, not 0"),
        ("1M8GDM9AXKP04278", "17 characters, not 16"),
        ("1M8GDM9AXKP0427888", "17 characters, not 18"),
        ("1M8GDM9AXKP04278O", "other than I, O and Q"),
        ("1M8GDM9AXKP04278I", "other than I, O and Q"),
        ("1M8GDM9AXKP04278Ж", "other than I, O and Q"),
    ],
)
def test_vins_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_vin(text)


def test_check_digit_of_an_invalid_vin_raises_value_error() -> None:
    with pytest.raises(ValueError, match="other than I, O and Q"):
        vin_check_digit("1M8GDM9AXKP04278I")
    with pytest.raises(ValueError, match="17 characters"):
        vin_check_digit("1M8GDM9")
    assert vin_has_valid_check_digit("1M8GDM9AXKP04278I") is False


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("AB 1234 CD", "AB1234CD", "spaces"),
        ("b-xy 123", "BXY123", "dash and lower case"),
        ("СА 1234 ВХ", "СА1234ВХ", "Cyrillic plates stay Cyrillic"),
        ("30A-123.45", "30A12345", "Vietnamese punctuation"),
    ],
)
def test_normalise_plate(text: str, expected: str, why: str) -> None:
    assert normalise_plate(text) == expected, why


@pytest.mark.parametrize(("text", "message"), [("", "empty"), (" - ", "empty"), ("A" * 16, "15")])
def test_plates_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_plate(text)


@given(st.text(max_size=30))
def test_vin_and_plate_never_crash_and_are_idempotent(text: str) -> None:
    for normalise in (normalise_vin, normalise_plate):
        try:
            once = normalise(text)
        except ValueError:
            continue
        assert normalise(once) == once


@given(st.text(alphabet=VIN_ALPHABET, min_size=17, max_size=17))
def test_check_digit_of_any_valid_vin(vin: str) -> None:
    digit = vin_check_digit(vin)
    assert digit in "0123456789X"
    fixed = vin[:8] + digit + vin[9:]
    assert vin_has_valid_check_digit(fixed)
    assert normalise_vin(fixed) == fixed
