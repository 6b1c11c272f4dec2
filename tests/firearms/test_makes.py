"""Make normalisation: marking codes and company forms find the listed make."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.firearms.makes import make_key, shipped_makes

CASES = [
    ("Heckler & Koch GmbH", "Heckler & Koch", "company form and ampersand are spelling"),
    ("heckler und koch", "Heckler & Koch", "German 'und'"),
    ("HK", "Heckler & Koch", "the marking code"),
    ("CZ", "Česká zbrojovka", "the marking code"),
    ("Ceska Zbrojovka", "Česká zbrojovka", "diacritics are spelling"),
    ("Izhmash", "Kalashnikov", "the former name of the maker"),
    ("Glock Ges.m.b.H.", "Glock", "Austrian company form"),
    ("S&W", "Smith & Wesson", "the monogram"),
    ("Colt's Manufacturing", "Colt", "possessive and company form"),
    ("Crvena Zastava", "Zastava", "the former name"),
    ("Acme", None, "not a make anyone lists"),
]


@pytest.mark.parametrize(("written", "listed", "why"), CASES, ids=[c[2] for c in CASES])
def test_a_writing_finds_its_listed_make(written: str, listed: str | None, why: str) -> None:
    assert shipped_makes().canonical(written) == listed, why


def test_the_starter_set_has_countries_and_models() -> None:
    makes = shipped_makes().makes
    assert len(makes) >= 40
    assert makes["Glock"].country == "AT"
    assert {m.name for m in makes["Glock"].models} >= {"17", "19"}


@settings(deadline=None)  # the first call loads the folding tables
@given(st.text(max_size=40))
def test_the_key_never_crashes_and_is_idempotent(text: str) -> None:
    key = make_key(text)
    assert make_key(key) == key
