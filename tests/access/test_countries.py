"""Country codes: one reading of what travel documents and files carry, and their names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.access.countries import (
    TRAVEL_CODES,
    country_code,
    country_name,
    member_country,
    read_country,
    same_country,
)


@pytest.mark.parametrize(
    ("written", "stored", "why"),
    [
        ("BG", "BG", "ISO alpha-2"),
        (" bg ", "BG", "any case, surrounding space"),
        ("XK", "XK", "Kosovo: user-assigned, used by every issuer"),
        ("RKS", "XK", "Kosovo as its passports' MRZ writes it"),
        ("XKX", "XK", "Kosovo's alpha-3 in EU and World Bank files"),
        ("BGR", "BG", "ISO alpha-3, as MRZs and PAXLST write it"),
        ("D", "DE", "ICAO's code for Germany"),
        ("D<<", "DE", "Germany with MRZ fillers"),
        ("GBD", "GBD", "British Overseas Territories citizen: no ISO code, kept"),
        ("GBN", "GBN", "British National (Overseas)"),
        ("GBO", "GBO", "British Overseas citizen"),
        ("GBP", "GBP", "British protected person"),
        ("GBS", "GBS", "British subject"),
        ("UNO", "UNO", "United Nations official"),
        ("UNA", "UNA", "United Nations specialised agency"),
        ("UNK", "UNK", "UNMIK document of a Kosovo resident"),
        ("XXA", "XXA", "stateless"),
        ("xxb", "XXB", "refugee, lower case"),
        ("XXC", "XXC", "refugee (other)"),
        ("XXX", "XXX", "unspecified nationality"),
        ("EUE", "EUE", "European Union laissez-passer"),
        ("XX", "XX", "Clew's international bodies"),
    ],
)
def test_what_travel_documents_carry_is_read(written: str, stored: str, why: str) -> None:
    assert read_country(written) == stored, why
    assert country_code(written) == stored, why


@pytest.mark.parametrize("written", ["", "  ", "QQ", "ZZZ", "BGRX", "B", "<<<", "Б"])
def test_what_names_no_country_is_refused(written: str) -> None:
    assert read_country(written) is None
    with pytest.raises(ValueError, match="is not an ISO 3166 alpha-2 country code"):
        country_code(written)


@pytest.mark.parametrize(
    ("code", "ok"),
    [("BG", True), ("XK", True), ("XX", True), ("XXA", False), ("GBD", False), ("D", False)],
)
def test_a_member_country_is_an_alpha_2_code(code: str, ok: bool) -> None:
    if ok:
        assert member_country(code) == code
    else:
        with pytest.raises(ValueError, match="alpha-2"):
            member_country(code)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("GBD", "GB", True), ("GBR", "GBN", True), ("BG", "BGR", True), ("XK", "RKS", True),
     ("XXA", "XXB", False), ("UNK", "XK", False), ("BG", "RO", False), ("UTO", "uto", True)],
)  # fmt: skip
def test_same_country(a: str, b: str, same: bool) -> None:
    assert same_country(a, b) is same


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("XK", "en", "Kosovo"),
        ("XK", "lv", "Kosova"),
        ("XK", "bg", "Косово"),
        ("XK", "vi", "Kosovo"),
        ("XXA", "en", "Stateless person"),
        ("GBD", "en", "British Overseas Territories citizen"),
        ("EUE", "en", "European Union"),
        ("BG", "bg", "България"),
        ("XX", "en", "International"),
        ("XX", "vi", "Quốc tế"),
    ],
)
def test_names_in_the_interface_languages(code: str, language: str, name: str) -> None:
    assert country_name(code, language) == name


@pytest.mark.parametrize("language", ["vi", "lv", "bg"])
def test_every_travel_code_is_named_in_the_interface_language(language: str) -> None:
    untranslated = [c for c in TRAVEL_CODES if country_name(c, language) == TRAVEL_CODES[c]]
    assert untranslated == []


@given(st.text(max_size=12))
def test_reading_never_crashes_and_reading_twice_changes_nothing(text: str) -> None:
    code = read_country(text)
    assert code is None or read_country(code) == code
