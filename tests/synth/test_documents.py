"""Passport numbers per country, the TD3 machine-readable zone, and document records."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from clew.identifiers import mrz_check_digit, normalise_document_number
from clew.records.kinds import DocumentStatus, Gender
from clew.synth import Passport, SynthRecord, mrz_td3
from clew.synth.dice import Dice
from clew.synth.documents import document_data, mrz_country, passport_number

SPECIMEN = Passport(
    number="L898902C3", issuing_country="UTO", family="Eriksson", given="Anna Maria",
    nationality="UTO", date_of_birth="1974-08-12", sex=Gender.FEMALE,
    expires_on=date(2012, 4, 15), personal_number="ZE184226B",
)  # fmt: skip


def test_icao_specimen_is_reproduced_exactly() -> None:
    assert mrz_td3(SPECIMEN) == (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    )


def check_td3(line1: str, line2: str) -> None:
    """Every check digit of a TD3 MRZ, computed from the slices ICAO Doc 9303 Part 4 names."""
    assert len(line1) == len(line2) == 44
    assert re.fullmatch("[A-Z0-9<]{44}", line1) and re.fullmatch("[A-Z0-9<]{44}", line2)
    assert line1[0] == "P"
    assert int(line2[9]) == mrz_check_digit(line2[0:9])
    assert int(line2[19]) == mrz_check_digit(line2[13:19])
    assert int(line2[27]) == mrz_check_digit(line2[21:27])
    if line2[28:42] == "<" * 14:
        assert line2[42] == "<"
    else:
        assert int(line2[42]) == mrz_check_digit(line2[28:42])
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    assert int(line2[43]) == mrz_check_digit(composite)


def test_passports_of_generated_persons_have_valid_mrz(synth_world: list[SynthRecord]) -> None:
    passports = [record.passport for record in synth_world if record.passport]
    assert len(passports) > 500
    for passport in passports:
        line1, line2 = mrz_td3(passport)
        check_td3(line1, line2)
        assert line2[:9].rstrip("<") == passport.number
        assert line1[2:5] == mrz_country(passport.issuing_country)


def passport(**changes: object) -> Passport:
    """A Bulgarian passport, with ``changes``."""
    base = Passport("AB1234567", "BG", "Иванов", "Георги", "BG", "1985-03-07", Gender.MALE,
                    date(2030, 1, 1))  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("date_of_birth", "field"),
    [("1985-03-07", "850307"), ("1985-03", "8503<<"), ("1985", "85<<<<"), ("2004-11-30", "041130")],
)
def test_partial_dates_of_birth_are_filled(date_of_birth: str, field: str) -> None:
    line1, line2 = mrz_td3(passport(date_of_birth=date_of_birth))
    assert line2[13:19] == field
    check_td3(line1, line2)


def test_names_are_transliterated_with_the_issuer_s_scheme() -> None:
    line1, _ = mrz_td3(passport(family="Щербаков", given="Юлиян"))
    assert line1.startswith("P<BGRSHTERBAKOV<<YULIYAN<<")


def test_a_long_name_is_cut_to_the_field() -> None:
    long = passport(issuing_country="DE", family="Wolfeschlegelsteinhausenbergerdorff",
                    given="Hubert Blaine")  # fmt: skip
    line1, line2 = mrz_td3(long)
    assert line1 == "P<D<<WOLFESCHLEGELSTEINHAUSENBERGERDORFF<<HU"
    check_td3(line1, line2)


def test_a_long_document_number_overflows_into_optional_data() -> None:
    _, line2 = mrz_td3(passport(number="AB1234567890"))
    assert line2[:10] == "AB1234567<"
    assert line2[28:33] == f"890{mrz_check_digit('AB1234567890')}<"
    assert int(line2[43]) == mrz_check_digit(line2[0:10] + line2[13:20] + line2[21:43])


def test_unreadable_input_is_refused() -> None:
    with pytest.raises(ValueError):
        mrz_td3(passport(number="№"))
    with pytest.raises(ValueError):
        mrz_td3(passport(date_of_birth="1985-02-30"))


@pytest.mark.parametrize(
    ("country", "code"),
    [("BG", "BGR"), ("DE", "D<<"), ("UTO", "UTO"), ("GB", "GBR"), ("VN", "VNM")],
)
def test_mrz_country(country: str, code: str) -> None:
    assert mrz_country(country) == code


def test_an_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError, match="alpha-2"):
        mrz_country("QQ")


PASSPORT_FORMATS = {
    "BG": r"\d{9}", "RS": r"\d{9}", "GB": r"\d{9}", "RU": r"\d{9}", "FR": r"\d{2}[A-Z]{2}\d{5}",
    "ES": r"[A-Z]{3}\d{6}", "AT": r"[PU]\d{7}", "TR": r"[US]\d{8}", "VN": r"[BCP]\d{7}",
    "LV": r"(LV|PA)\d{7}", "DE": r"[CFGHJK][CFGHJKLMNPRTVWXYZ0-9]{8}",
    "NL": r"[A-NP-Z]{2}[A-NP-Z0-9]{6}\d", "UA": r"[EF][A-Z]\d{6}", "IQ": r"A\d{8}",
}  # fmt: skip


@pytest.mark.parametrize(("country", "pattern"), sorted(PASSPORT_FORMATS.items()))
def test_passport_number_formats(country: str, pattern: str) -> None:
    dice = Dice(1, country)
    for _ in range(100):
        number = passport_number(dice, country)
        assert re.fullmatch(pattern, number), number
        assert normalise_document_number(number) == number and len(number) <= 9


def test_document_records() -> None:
    dice = Dice(2, "documents")
    today = date(2026, 1, 1)
    for _ in range(300):
        data = document_data(dice, country="LV", today=today, holder="ANNA BERZINA")
        if data["status"] == DocumentStatus.BLANK_STOLEN:
            assert "holder_name" not in data and "issued_on" not in data
            continue
        issued = date.fromisoformat(data["issued_on"])
        expires = date.fromisoformat(data["expires_on"])
        assert issued <= today and issued < expires
