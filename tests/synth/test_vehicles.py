"""Synthetic vehicles: valid VINs of real makers, plates in each country's layout."""

from __future__ import annotations

import re
from datetime import date

import pytest

from clew.identifiers import normalise_plate, normalise_vin
from clew.identifiers.vehicles import vin_has_valid_check_digit
from clew.synth import SynthRecord
from clew.synth.dice import Dice
from clew.synth.vehicles import MAKES, PLATE_COUNTRIES, model_year_code, plate, vehicle_data

WMIS = {wmi for wmi, *_ in MAKES}


def test_vins_have_a_valid_check_digit_and_a_real_maker(synth_world: list[SynthRecord]) -> None:
    vins = [r.data["vin"] for r in synth_world if r.data["kind"] == "vehicle" and "vin" in r.data]
    assert len(vins) > 200
    for vin in vins:
        assert normalise_vin(vin) == vin
        assert vin_has_valid_check_digit(vin), vin
        assert vin[:3] in WMIS


def test_every_vehicle_has_a_vin_or_a_plate() -> None:
    dice = Dice(4, "vehicles")
    for _ in range(500):
        data = vehicle_data(dice, date(2026, 1, 1), "DE")
        assert "vin" in data or "plate" in data
        assert ("plate" in data) == ("plate_country" in data)
        if "vin" in data:
            assert data["vin"][9] == model_year_code(data["year"])


@pytest.mark.parametrize(
    ("year", "code"),
    [(1980, "A"), (2000, "Y"), (2001, "1"), (2009, "9"), (2010, "A"), (2018, "J"), (2024, "R")],
)
def test_model_year_codes(year: int, code: str) -> None:
    assert model_year_code(year) == code


PLATE_FORMATS = {
    "ES": r"\d{4} [B-DF-HJ-NPR-TV-Z]{3}",
    "FR": r"[A-Z]{2}-\d{3}-[A-Z]{2}",
    "GB": r"[A-Z]{2}\d{2} [A-Z]{3}",
    "VN": r"\d{2}[A-Z]-\d{3}\.\d{2}",
    "LV": r"[A-Z]{2}-\d{3,4}",
    "DE": r"[A-Z]{1,2}-[A-Z]{1,2} \d{2,4}",
    "TR": r"(0[1-9]|[1-7]\d|8[01]) [A-Z]{1,3} \d{3,4}",
    "BG": r"[A-ZА-Я]{1,2} \d{4} [A-ZА-Я]{2}",
    "MD": r"[A-Z]{3} \d{3}",
    "AL": r"[A-Z]{2} \d{3} [A-Z]{2}",
}


@pytest.mark.parametrize("country", PLATE_COUNTRIES.values)
def test_plates_normalise(country: str) -> None:
    dice = Dice(5, country)
    for _ in range(100):
        value = plate(dice, country)
        assert 4 <= len(normalise_plate(value)) <= 10
        if country in PLATE_FORMATS:
            assert re.fullmatch(PLATE_FORMATS[country], value), value


def test_some_bulgarian_plates_are_written_in_cyrillic() -> None:
    dice = Dice(6, "bg")
    cyrillic = sum(bool(re.search("[А-Я]", plate(dice, "BG"))) for _ in range(1000))
    assert 0.10 <= cyrillic / 1000 <= 0.20
