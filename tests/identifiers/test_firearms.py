"""Firearm serial numbers and the NCIC comparison rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.identifiers.firearms import normalise_serial, serial_core


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("ABC123", "ABC123", "already normal"),
        ("abc-123 / 45", "ABC12345", "punctuation and case"),
        ("№ 12 345", "12345", "symbols dropped"),
        ("Ж123", "123", "non-Latin letters dropped"),
    ],
)
def test_normalise_serial(text: str, expected: str, why: str) -> None:
    assert normalise_serial(text) == expected, why


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("--//", "empty"), ("1" * 31, "30")])
def test_serials_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_serial(text)


@pytest.mark.parametrize(
    ("serial", "core", "why"),
    [
        ("AB12CD34E", "AB1234E", "embedded letters dropped, prefix and suffix kept"),
        ("12AB34", "1234", "the docstring's example"),
        ("AB1234C", "AB1234C", "no embedded letters"),
        ("1A2B3C4", "1234", "several embedded runs"),
        ("ABC", "ABC", "letters only"),
        ("ab-12 x 34", "AB1234", "normalised first"),
    ],
)
def test_serial_core(serial: str, core: str, why: str) -> None:
    assert serial_core(serial) == core, why


@given(st.text(max_size=40))
def test_never_crash_and_idempotent(text: str) -> None:
    try:
        once = normalise_serial(text)
    except ValueError:
        return
    assert normalise_serial(once) == once
    core = serial_core(once)
    assert serial_core(core) == core
    assert len(core) <= len(once)


def test_letters_that_upper_case_into_ascii_are_dropped() -> None:
    assert normalise_serial("ß123") == "123"
