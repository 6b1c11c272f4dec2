"""Name books: every origin has one, and gendered family names follow each language's rule."""

from __future__ import annotations

import importlib

import pytest

from clew.synth.namebooks import Script, female_surname, namebook, supported_countries
from clew.synth.people import ORIGINS


@pytest.mark.parametrize(
    ("country", "male", "female", "why"),
    [
        ("LV", "Bērziņš", "Bērziņa", "-š becomes -a"),
        ("LV", "Kalniņš", "Kalniņa", "-š becomes -a"),
        ("LV", "Alksnis", "Alksne", "-is becomes -e"),
        ("LV", "Ozols", "Ozola", "-s becomes -a"),
        ("LV", "Kalējs", "Kalēja", "-js becomes -ja"),
        ("LV", "Birznieks", "Birzniece", "-ieks becomes -iece"),
        ("LV", "Purmals", "Purmale", "a listed exception"),
        ("BG", "Петров", "Петрова", "-ов takes -а"),
        ("BG", "Георгиев", "Георгиева", "-ев takes -а"),
        ("MK", "Алексовски", "Алексовска", "-ски becomes -ска"),
        ("MK", "Шакири", "Шакири", "an Albanian name does not inflect"),
        ("RU", "Достоевский", "Достоевская", "-ский becomes -ская"),
        ("RU", "Толстой", "Толстая", "-ой becomes -ая"),
        ("RU", "Пушкин", "Пушкина", "-ин takes -а"),
        ("UA", "Зеленський", "Зеленська", "-ський becomes -ська"),
        ("UA", "Тихий", "Тиха", "adjectival -ий becomes -а"),
        ("UA", "Шевченко", "Шевченко", "-енко does not inflect"),
        ("UA", "Бабій", "Бабій", "-ій does not inflect"),
        ("DE", "Müller", "Müller", "German does not inflect"),
    ],
)
def test_female_surnames(country: str, male: str, female: str, why: str) -> None:
    assert female_surname(country, male) == female, why


@pytest.mark.parametrize(("country", "locale"), [("LV", "lv_LV"), ("RU", "ru_RU"), ("MK", "mk_MK")])
def test_the_rules_reproduce_faker_s_own_female_lists(country: str, locale: str) -> None:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    derived = {female_surname(country, name) for name in provider.last_names_male}
    assert set(provider.last_names_female) <= derived


def test_every_origin_has_a_name_book() -> None:
    assert set(ORIGINS.values) <= set(supported_countries())
    for country in supported_countries():
        book = namebook(country)
        assert len(book.given_male) >= 20 and len(book.given_female) >= 15
        assert len(book.family_male) >= 14
        assert len(book.family_male) == len(book.family_female) or book.script is Script.GREEK


def test_paired_family_names_are_the_same_family() -> None:
    book = namebook("BG")
    pairs = dict(zip(book.family_male, book.family_female, strict=True))
    assert pairs["Иванов"] == "Иванова"


def test_an_unknown_country_has_no_book() -> None:
    with pytest.raises(KeyError):
        namebook("JP")
