"""Synthetic persons: names in their own script, passport forms, gendered surnames, dates."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date

import pytest

from clew.names.icao import icao_transliterate
from clew.records.kinds import Gender
from clew.synth.dice import Dice
from clew.synth.namebooks import ARABIC_LATIN
from clew.synth.people import ORIGINS, PLACES, SynthPerson, person_data

TODAY = date(2026, 1, 1)


def people(country: str, gender: Gender, count: int = 150) -> list[SynthPerson]:
    dice = Dice(3, f"test-{country}-{gender}")
    return [person_data(dice, country, gender, TODAY) for _ in range(count)]


def primary(person: SynthPerson) -> dict[str, str]:
    return person.data["names"][0]  # type: ignore[no-any-return]


def script_of(text: str) -> set[str]:
    """The scripts of the letters (the Ukrainian apostrophe ʼ is a modifier, not a letter)."""
    return {
        unicodedata.name(c).split()[0]
        for c in text
        if c.isalpha() and unicodedata.category(c) != "Lm"
    }


@pytest.mark.parametrize(
    ("country", "script"),
    [
        ("BG", "CYRILLIC"), ("RS", "CYRILLIC"), ("MK", "CYRILLIC"), ("RU", "CYRILLIC"),
        ("UA", "CYRILLIC"), ("GR", "GREEK"), ("SY", "ARABIC"), ("IQ", "ARABIC"),
        ("LV", "LATIN"), ("VN", "LATIN"), ("KH", "LATIN"), ("AL", "LATIN"), ("DE", "LATIN"),
    ],
)  # fmt: skip
def test_primary_names_are_in_the_country_s_own_script(country: str, script: str) -> None:
    for person in people(country, Gender.MALE, 60) + people(country, Gender.FEMALE, 60):
        assert script_of(primary(person)["full"]) == {script}, primary(person)


def test_vietnamese_names_keep_their_diacritics_and_order() -> None:
    persons = people("VN", Gender.FEMALE, 200)
    with_marks = [p for p in persons if not primary(p)["full"].isascii()]
    assert len(with_marks) >= 0.9 * len(persons)
    for person in persons:
        name = primary(person)
        assert name["full"] == f"{name['family']} {name['given']}", "family name first"
    assert Counter(primary(p)["family"] for p in persons).most_common(1)[0][0] == "Nguyễn"


@pytest.mark.parametrize("country", ["BG", "RS", "MK", "RU", "UA", "GR", "LV", "VN", "DE", "TR"])
def test_the_latin_name_is_the_passport_form(country: str) -> None:
    for person in people(country, Gender.FEMALE, 50):
        name = primary(person)
        latin = [n for n in person.data["names"] if n.get("kind") == "latin" and "given" in n]
        expected_family = icao_transliterate(name["family"], country)
        if not latin:  # a Latin name already in its passport form is not repeated
            assert name["full"].upper() == icao_transliterate(name["full"], country)
            continue
        assert latin[0]["family"] == expected_family == person.family_latin
        assert latin[0]["given"] == icao_transliterate(name["given"], country)


def test_bulgarian_passport_forms_follow_bulgarian_law() -> None:
    for person in people("BG", Gender.MALE, 100):
        assert "KH" not in person.family_latin and "SHCH" not in person.family_latin
        assert len(person.given_latin.split()) == 2, "given name and father's name"


def test_arabic_names_carry_the_phonetic_passport_form() -> None:
    for person in people("SY", Gender.MALE, 100):
        name = primary(person)
        assert person.family_latin == ARABIC_LATIN[name["family"]][0]
        assert "X" not in person.given_latin.replace("ALEX", "")  # never the ICAO X-scheme


def test_cyrillic_names_sometimes_carry_a_second_romanisation() -> None:
    persons = people("RU", Gender.FEMALE, 300)
    others = [
        (p.data["names"][1]["full"], n["full"])
        for p in persons
        for n in p.data["names"][2:]
        if n.get("kind") == "latin"
    ]
    assert 0.1 <= len(others) / len(persons) <= 0.5  # half the time, when it differs at all
    for passport_form, other in others:
        assert other.upper() != passport_form and other.isascii()
    assert any("Yu" in other or "Ya" in other for _, other in others)


def test_serbian_second_romanisation_is_serbian_latin() -> None:
    seen = [
        n["full"]
        for p in people("RS", Gender.MALE, 200)
        for n in p.data["names"]
        if n.get("kind") == "latin" and "given" not in n
    ]
    assert seen and all(script_of(name) == {"LATIN"} for name in seen)
    assert any(re.search("[ČĆŠŽĐčćšžđ]", name) for name in seen)


def test_latvian_surnames_are_gendered() -> None:
    for person in people("LV", Gender.FEMALE, 200):
        assert primary(person)["family"].endswith(("a", "e")), primary(person)
    male = [primary(p)["family"] for p in people("LV", Gender.MALE, 200)]
    assert sum(name.endswith(("s", "š")) for name in male) >= 0.8 * len(male)


def test_every_origin_has_places_of_birth() -> None:
    assert set(ORIGINS.values) <= set(PLACES)


def test_dates_of_birth_are_mostly_full() -> None:
    persons = people("DE", Gender.MALE, 1000)
    lengths = Counter(len(p.data["date_of_birth"]) for p in persons)
    assert 0.74 <= lengths[10] / 1000 <= 0.86
    assert 0.08 <= lengths[4] / 1000 <= 0.16
    assert 0.04 <= lengths[7] / 1000 <= 0.12
    years = [int(p.data["date_of_birth"][:4]) for p in persons]
    assert min(years) >= 2026 - 75 and max(years) <= 2026 - 16


def test_passports_match_the_person() -> None:
    for person in people("UA", Gender.FEMALE, 100):
        if person.passport is None:
            continue
        identifiers = {i["number"] for i in person.data["identifiers"]}
        assert person.passport.number in identifiers
        assert person.passport.date_of_birth == person.data["date_of_birth"]
        assert person.passport.family == person.family_latin
