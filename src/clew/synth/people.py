"""Synthetic persons: native names, their passport (ICAO) forms, dates of birth, identifiers.

Each person is drawn from the name book of their country of origin and written as that
country writes it: the primary name in the person's own script (Cyrillic for Bulgaria, Serbia,
North Macedonia, Russia and Ukraine, Greek for Greece, Arabic for Syria and Iraq, Vietnamese
with its diacritics), in the native order (family name first in Vietnam and Cambodia). The
passport form is ``icao_transliterate`` with the country's national scheme, except for
Arabic names, whose passports print a phonetic form that no table produces (see
``namebooks.ARABIC_LATIN``). Cyrillic, Greek and Arabic names sometimes carry a second common
romanisation as well (``Yuliya`` beside ``IULIIA``, Serbian Latin ``Đoković`` beside
``DJOKOVIC``), as records from different sources do.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from rigour.text import ascii_text

from clew.names.icao import icao_transliterate
from clew.records.kinds import Gender, IdentifierType, NameKind
from clew.synth.dice import Dice, Weighted
from clew.synth.documents import Passport, passport_number
from clew.synth.namebooks import NameBook, Script, namebook
from clew.synth.nationalids import national_id

__all__ = ["ORIGINS", "PLACES", "SynthPerson", "passport_name", "person_data"]

ORIGINS: Weighted[str] = Weighted(
    [
        ("BG", 8), ("LV", 5), ("VN", 6), ("KH", 3), ("AT", 3), ("ES", 4), ("AL", 6), ("BA", 4),
        ("MD", 4), ("MK", 4), ("RO", 6), ("RS", 5), ("TR", 6), ("FR", 4), ("NL", 3), ("DE", 5),
        ("GB", 4), ("UA", 5), ("RU", 4), ("SY", 4), ("IQ", 3), ("GR", 2),
    ]
)  # fmt: skip
"""Where synthetic persons come from (the member countries, plus Ukraine, Russia, Syria, Iraq
and Greece, whose nationals are recorded by the members)."""

PLACES: dict[str, tuple[str, ...]] = {
    "AL": ("Tiranë", "Durrës", "Vlorë", "Shkodër", "Elbasan", "Fier", "Korçë"),
    "AT": ("Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt"),
    "BA": ("Sarajevo", "Banja Luka", "Tuzla", "Zenica", "Mostar", "Bihać"),
    "BG": ("София", "Пловдив", "Варна", "Бургас", "Русе", "Стара Загора", "Плевен", "Сливен"),
    "DE": ("Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Leipzig"),
    "ES": ("Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga", "Zaragoza", "Algeciras"),
    "FR": ("Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Lille", "Strasbourg"),
    "GB": ("London", "Birmingham", "Manchester", "Glasgow", "Liverpool", "Leeds", "Bristol"),
    "GR": ("Αθήνα", "Θεσσαλονίκη", "Πάτρα", "Ηράκλειο", "Λάρισα"),
    "IQ": ("بغداد", "البصرة", "الموصل", "أربيل", "كركوك", "النجف"),
    "KH": ("Phnom Penh", "Siem Reap", "Battambang", "Sihanoukville", "Kampong Cham"),
    "LV": ("Rīga", "Daugavpils", "Liepāja", "Jelgava", "Jūrmala", "Ventspils", "Rēzekne"),
    "MD": ("Chișinău", "Bălți", "Tiraspol", "Cahul", "Orhei", "Ungheni"),
    "MK": ("Скопје", "Битола", "Куманово", "Прилеп", "Тетово", "Охрид"),
    "NL": ("Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen"),
    "RO": ("București", "Cluj-Napoca", "Timișoara", "Iași", "Constanța", "Craiova", "Brașov"),
    "RS": ("Београд", "Нови Сад", "Ниш", "Крагујевац", "Суботица", "Нови Пазар"),
    "RU": ("Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань", "Калининград"),
    "SY": ("دمشق", "حلب", "حمص", "اللاذقية", "حماة", "دير الزور"),
    "TR": ("İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Gaziantep", "Adana"),
    "UA": ("Київ", "Харків", "Одеса", "Дніпро", "Львів", "Запоріжжя"),
    "VN": ("Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Nghệ An"),
}

_SECOND_NATIONALITY = {
    "MD": "RO", "BA": "HR", "MK": "BG", "TR": "DE", "AL": "GR", "SY": "TR", "IQ": "GB",
    "RS": "BA", "VN": "DE", "UA": "PL", "RU": "IL", "KH": "FR",
}  # fmt: skip

_MARKS = (
    "Tattoo of a dragon on the left forearm",
    "Tattoo of a rose on the right hand",
    "Tattoo of Cyrillic letters on the fingers",
    "Tattoo of a scorpion on the neck",
    "Scar across the left cheek",
    "Scar above the right eyebrow",
    "Missing upper front tooth",
    "Birthmark on the neck",
    "Limps on the right leg",
    "Gold crown on a lower front tooth",
    "Burn scars on both hands",
)

_SERBIAN_LATIN = str.maketrans(
    {
        **dict(zip("абвгдђежзијклмнопрстћуфхцчш", "abvgdđežzijklmnoprstćufhcčš", strict=True)),
        **dict(zip("АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ", "ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ", strict=True)),
        "љ": "lj", "њ": "nj", "џ": "dž", "Љ": "Lj", "Њ": "Nj", "Џ": "Dž",
    }
)  # fmt: skip

_PASSPORT_FORMS: dict[tuple[str, str], str] = {}


def _passport_form(book: NameBook, name: str) -> str:
    """The passport form of one name part, memoised: name lists are finite and reused."""
    key = (book.country, name)
    form = _PASSPORT_FORMS.get(key)
    if form is None:
        latin = book.latin.get(name)
        form = latin[0] if latin else icao_transliterate(name, book.country)
        _PASSPORT_FORMS[key] = form
    return form


_OTHER_FORMS: dict[str, str] = {}


def _other_romanisation(dice: Dice, book: NameBook, parts: list[str]) -> str:
    """Serbian Latin for Serbian names, another spelling for Arabic ones, and rigour's
    romanisation (memoised per name part: it is slow the first time) for the rest."""
    if book.country == "RS":
        return " ".join(parts).translate(_SERBIAN_LATIN)
    if book.script is Script.ARABIC:
        return " ".join(dice.pick(book.latin.get(part) or (part,)) for part in parts)
    forms = []
    for part in parts:
        form = _OTHER_FORMS.get(part)
        if form is None:
            form = _OTHER_FORMS[part] = ascii_text(part)
        forms.append(form)
    return " ".join(forms)


def passport_name(dice: Dice, country: str, gender: Gender) -> tuple[str, str]:
    """A (given, family) name of ``country`` in its passport form, e.g. for a document holder."""
    book = namebook(country)
    male = gender is not Gender.FEMALE
    given = dice.pick(book.given_male if male else book.given_female)
    family = dice.pick(book.family_male if male else book.family_female)
    return _passport_form(book, given), _passport_form(book, family)


@dataclass(slots=True)
class SynthPerson:
    """A generated person: the record fields, and what a passport of theirs would carry."""

    data: dict[str, Any]
    country: str
    gender: Gender
    family_latin: str
    given_latin: str
    passport: Passport | None


def _date_of_birth(dice: Dice, today: date, min_age: int, max_age: int) -> str:
    """Mostly a full date; 12 % a year alone, 8 % a year and month (as old records hold)."""
    year = today.year - dice.between(min_age, max_age)
    roll = dice.random()
    if roll < 0.12:
        return f"{year:04d}"
    month = dice.between(1, 12)
    if roll < 0.20:
        return f"{year:04d}-{month:02d}"
    day = dice.between(1, calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def _names(dice: Dice, book: NameBook, male: bool) -> tuple[list[dict[str, Any]], str, str]:
    """The person's names (primary, passport form, sometimes another romanisation and an
    alias) and the passport forms of the given and family names."""
    given_parts = [dice.pick(book.given_male if male else book.given_female)]
    family_parts = [dice.pick(book.family_male if male else book.family_female)]
    if book.country in ("VN", "BG"):  # Vietnamese middle name; Bulgarian father's name
        middle = dice.pick(book.middle_male if male else book.middle_female)
        if book.family_first:
            given_parts.insert(0, middle)
        else:
            given_parts.append(middle)
    elif book.country == "GB" and dice.chance(0.3):
        given_parts.append(dice.pick(book.given_male if male else book.given_female))
    if book.two_family_names:
        family_parts.append(dice.pick(book.family_male))

    given, family = " ".join(given_parts), " ".join(family_parts)
    full = f"{family} {given}" if book.family_first else f"{given} {family}"
    if book.middle_male and book.country in ("RU", "UA") and dice.chance(0.5):
        full = f"{family} {given} {dice.pick(book.middle_male if male else book.middle_female)}"
    elif book.script is Script.ARABIC and dice.chance(0.4):
        full = f"{given} {dice.pick(book.given_male)} {family}"  # with the father's name
    names: list[dict[str, Any]] = [
        {"full": full, "given": given, "family": family, "kind": NameKind.PRIMARY.value}
    ]

    given_latin = " ".join(_passport_form(book, part) for part in given_parts)
    family_latin = " ".join(_passport_form(book, part) for part in family_parts)
    latin_full = (
        f"{family_latin} {given_latin}" if book.family_first else f"{given_latin} {family_latin}"
    )
    if latin_full != full.upper():
        names.append(
            {"full": latin_full, "given": given_latin, "family": family_latin,
             "kind": NameKind.LATIN.value}
        )  # fmt: skip
    if book.script is not Script.LATIN and dice.chance(0.5):
        other = _other_romanisation(dice, book, [*given_parts, *family_parts])
        if other.upper() != latin_full and other.upper() != f"{given_latin} {family_latin}":
            names.append({"full": other, "kind": NameKind.LATIN.value})
    if dice.chance(0.08):
        alias = dice.pick(book.given_male if male else book.given_female)
        alias_full = f"{family} {alias}" if book.family_first else f"{alias} {family}"
        names.append(
            {"full": alias_full, "given": alias, "family": family, "kind": NameKind.ALIAS.value}
        )
    return names, given_latin, family_latin


def person_data(
    dice: Dice, country: str, gender: Gender, today: date, *, min_age: int = 16, max_age: int = 75
) -> SynthPerson:
    """One person of ``country``: the fields of a ``PersonCreate`` (without visibility, alert
    and reference, which the world adds) and the Latin forms of their name."""
    names, given_latin, family_latin = _names(dice, namebook(country), gender is not Gender.FEMALE)
    date_of_birth = _date_of_birth(dice, today, min_age, max_age)
    nationalities = [country]
    second = _SECOND_NATIONALITY.get(country)
    if second and dice.chance(0.08):
        nationalities.append(second)
    data: dict[str, Any] = {
        "kind": "person",
        "names": names,
        "date_of_birth": date_of_birth,
        "gender": gender.value,
        "nationalities": nationalities,
    }
    if dice.chance(0.3 if len(date_of_birth) < 10 else 0.03):
        data["dob_uncertain"] = True
    if dice.chance(0.85):
        data["country_of_birth"] = country
        if dice.chance(0.7):
            data["place_of_birth"] = dice.pick(PLACES[country])
    if dice.chance(0.12):
        data["distinguishing_marks"] = dice.pick(_MARKS)

    identifiers: list[dict[str, Any]] = []
    passport = None
    if dice.chance(0.65):
        number = passport_number(dice, country)
        identifiers.append({"type": IdentifierType.PASSPORT.value, "number": number,
                            "country": country})  # fmt: skip
        expires = date(today.year + dice.between(-2, 9), dice.between(1, 12), dice.between(1, 28))
        passport = Passport(number, country, family_latin, given_latin, country, date_of_birth,
                            gender, expires)  # fmt: skip
    if dice.chance(0.3):
        number_id = national_id(dice, country, date_of_birth, gender)
        if number_id:
            identifiers.append({"type": IdentifierType.NATIONAL_ID.value, "number": number_id,
                                "country": country})  # fmt: skip
    if identifiers:
        data["identifiers"] = identifiers
    return SynthPerson(data, country, gender, family_latin, given_latin, passport)
