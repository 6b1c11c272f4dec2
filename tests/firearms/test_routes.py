"""Routes: from where firearms left the legal market to where they were recovered."""

from __future__ import annotations

from clew.firearms.history import CustodyEvent, EventKind, History, analyse
from clew.firearms.routes import CountryTotals, Flow, country_totals, flows


def traced(sold_in: str, found_in: str, *, buyer: str = "P", holder: str = "Q") -> History:
    return analyse([
        CustodyEvent("2018-02", EventKind.SOLD, country=sold_in, actor="D", counterpart=buyer),
        CustodyEvent("2019-07-01", EventKind.SEIZED, country=found_in, counterpart=holder),
    ])  # fmt: skip


def test_flows_count_firearms_per_route_busiest_first() -> None:
    found = flows([
        ("g1", traced("AT", "SE")), ("g2", traced("RS", "SE")), ("g3", traced("at", "swe")),
        ("g4", traced("LV", "LV")),
    ])  # fmt: skip
    assert found == [
        Flow("AT", "SE", ("g1", "g3")),
        Flow("LV", "LV", ("g4",)),
        Flow("RS", "SE", ("g2",)),
    ]
    assert [(f.count, f.domestic) for f in found] == [(2, False), (1, True), (1, False)]


def test_a_firearm_without_both_ends_draws_no_line() -> None:
    no_recovery = analyse([
        CustodyEvent("2018", EventKind.SOLD, country="AT", actor="D", counterpart="P"),
        CustodyEvent("2019", EventKind.REPORTED_STOLEN, country="AT", actor="P"),
    ])  # fmt: skip
    no_diversion = analyse([CustodyEvent("2019", EventKind.SEIZED, country="SE")])
    unknown_country = traced("", "SE")
    assert flows([("a", no_recovery), ("b", no_diversion), ("c", unknown_country)]) == []


def test_a_firearm_given_twice_counts_once() -> None:
    assert flows([("g", traced("AT", "SE")), ("g", traced("AT", "SE"))]) == [
        Flow("AT", "SE", ("g",))
    ]


def test_country_totals_for_the_map() -> None:
    found = flows([("a", traced("AT", "SE")), ("b", traced("AT", "DE")), ("c", traced("SE", "SE"))])
    assert country_totals(found) == [
        CountryTotals("AT", outgoing=2, incoming=0, domestic=0),
        CountryTotals("DE", outgoing=0, incoming=1, domestic=0),
        CountryTotals("SE", outgoing=0, incoming=1, domestic=1),
    ]
