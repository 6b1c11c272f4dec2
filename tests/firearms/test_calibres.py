"""Calibre normalisation: every writing an investigator meets finds the listed calibre."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.firearms.calibres import calibre_key, shipped_calibres

CASES = [
    # (written, listed calibre or None, why)
    (".308 Win", "308 Winchester", "leading dot and Win abbreviation are spelling"),
    ("308 Winchester", "308 Winchester", "the SAAMI and C.I.P. name itself"),
    ("7.62x51", "308 Winchester", "NATO designation of the same chambering (alias file)"),
    ("308win", "308 Winchester", "run together, lower case"),
    ("9mm Luger", "9mm Luger", "the listed name"),
    ("9x19", "9mm Luger", "metric designation (alias file)"),
    ("9mm Parabellum", "9mm Luger", "the original DWM name (alias file)"),
    ("9 × 19 mm", "9mm Luger", "multiplication sign, spaces and mm are spelling"),
    ("9MM PARA", "9mm Luger", "case is spelling; Para is an alias"),
    (".45 ACP", "45 Automatic", "ACP is Automatic Colt Pistol"),
    ("5.56 NATO", "223 Remington", "NATO name of the same case"),
    (".223 Rem", "223 Remington", "Rem abbreviation"),
    ("7.62x39mm", "7.62 x 39", "the AK round without spaces"),
    ("7,62 x 39", None, "a decimal comma is not folded: 762x39 is not a calibre we guess"),
    (".22 LR", "22 Long Rifle", "LR is Long Rifle"),
    ("32 ACP", "7.65 Browning", "SAAMI and C.I.P. names of one cartridge"),
    ("12 ga", "12/70", "bare 12 gauge is the 70 mm chamber"),
    ("9x18", "9mm Makarov", "Makarov, not Luger: a different case length"),
    ("6.5 Creedmoor", "6.5 Creedmoor", "listed by SAAMI"),
    ("Acme Thunder", None, "not a calibre anyone lists"),
    ("", None, "an empty writing is never in the table"),
]


@pytest.mark.parametrize(("written", "listed", "why"), CASES, ids=[c[2] for c in CASES])
def test_a_writing_finds_its_listed_calibre(written: str, listed: str | None, why: str) -> None:
    assert shipped_calibres().canonical(written) == listed, why


def test_both_standards_are_loaded() -> None:
    table = shipped_calibres()
    assert table.standards["9mm Luger"] == {"SAAMI", "C.I.P."}
    assert len(table.names) > 500


@settings(deadline=None)  # the first call loads the folding tables
@given(st.text(max_size=40))
def test_the_key_never_crashes_and_is_idempotent(text: str) -> None:
    key = calibre_key(text)
    assert calibre_key(key) == key
