"""Alerts and visibility: the proportions the world promises."""

from __future__ import annotations

from collections import Counter

from clew.records.kinds import AlertCategory, HandlingCode, RecordKind
from clew.synth import SynthRecord
from clew.synth.agencies import AGENCY_COUNTRY, MEMBER_COUNTRIES
from clew.synth.alerts import PERSON_CATEGORIES, alert_data, visibility_data
from clew.synth.dice import Dice

N = 5000


def test_visibility_mix_is_within_its_bands() -> None:
    dice = Dice(9, "visibility")
    rules = [visibility_data(dice, "BG") for _ in range(N)]
    modes = Counter(rule["mode"] for rule in rules)
    assert 0.77 <= modes["all"] / N <= 0.83
    assert 0.10 <= modes["except"] / N <= 0.14
    assert 0.065 <= modes["only"] / N <= 0.095
    for rule in rules:
        countries = rule.get("countries", [])
        assert "BG" not in countries and set(countries) <= set(MEMBER_COUNTRIES)
        assert countries == sorted(set(countries))
        if rule["mode"] == "except":
            assert 1 <= len(countries) <= 3
        if rule["mode"] == "only":
            assert 2 <= len(countries) <= 5


def test_handling_codes_are_mostly_h0_and_h3_has_a_note() -> None:
    dice = Dice(9, "alerts")
    wanted = AlertCategory.WANTED_FOR_ARREST
    alerts = [alert_data(dice, RecordKind.PERSON, wanted) for _ in range(N)]
    codes = Counter(alert.get("handling_code", "H0") for alert in alerts)
    assert 0.77 <= codes["H0"] / N <= 0.83
    assert codes["H1"] > codes["H2"] > codes["H3"] > 0
    for alert in alerts:
        assert ("handling_note" in alert) == (alert.get("handling_code") == HandlingCode.H3)
        assert alert["action"] and alert["reason"]


def test_categories_in_the_world(synth_world: list[SynthRecord]) -> None:
    alerted = [r.data for r in synth_world if "alert" in r.data]
    persons = Counter(d["alert"]["category"] for d in alerted if d["kind"] == "person")
    objects = Counter(d["alert"]["category"] for d in alerted if d["kind"] != "person")
    top = [category for category, _ in persons.most_common(3)]
    assert top[0] == AlertCategory.WANTED_FOR_ARREST
    assert set(top) == {"wanted_for_arrest", "discreet_check", "missing_person"}
    assert objects.most_common(1)[0][0] == AlertCategory.OBJECT_TO_SEIZE
    assert objects["object_to_seize"] / sum(objects.values()) >= 0.78
    assert AlertCategory.OBJECT_TO_SEIZE not in PERSON_CATEGORIES.values
    assert "missing_person" not in objects


def test_owner_country_is_never_excluded(synth_world: list[SynthRecord]) -> None:
    for record in synth_world:
        assert AGENCY_COUNTRY[record.owner] not in record.data["visibility"].get("countries", [])
