"""Synthetic firearms: makes, models, calibres and serials."""

from __future__ import annotations

from collections import Counter
from datetime import date

from clew.identifiers import normalise_serial
from clew.records.kinds import FirearmType
from clew.synth.dice import Dice
from clew.synth.firearms import MODELS, firearm_data


def firearms(count: int = 2000) -> list[dict[str, object]]:
    dice = Dice(8, "firearms")
    return [firearm_data(dice, date(2026, 1, 1)) for _ in range(count)]


def test_fields_are_consistent_with_the_model_table() -> None:
    table = {(m[0], m[1]): m for m in MODELS}
    for data in firearms():
        key = (str(data["make"]), str(data["model"]))
        _, _, kind, calibre, made_in, _, (first, last), _ = table[key]
        assert data["firearm_type"] == kind.value and data["calibre"] == calibre
        assert data["country_of_manufacture"] == made_in
        assert first <= data["year"] <= last  # type: ignore[operator]
        serial = str(data["serial_number"])
        assert 4 <= len(normalise_serial(serial)) <= 12


def test_the_balkan_mix_dominates() -> None:
    counts = Counter((d["make"], d["model"]) for d in firearms())
    assert counts.most_common(1)[0][0] == ("Zastava", "M70 AB2")
    kinds = Counter(d["firearm_type"] for d in firearms())
    assert kinds[FirearmType.PISTOL] > kinds[FirearmType.ASSAULT_RIFLE] > kinds[FirearmType.SHOTGUN]


def test_well_known_models_are_present() -> None:
    models = {(m[0], m[1], m[3]) for m in MODELS}
    assert {
        ("Glock", "17", "9×19mm"),
        ("Zastava", "M70 AB2", "7.62×39mm"),
        ("Makarov", "PM", "9×18mm Makarov"),
        ("Remington", "870", "12 gauge"),
        ("Beretta", "92FS", "9×19mm"),
        ("CZ", "75 B", "9×19mm"),
    } <= models
