"""A firearm's point of diversion, time to crime and trafficking indicators, as golden cases each
naming why, and properties that hold for any list of events."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.firearms.history import CustodyEvent, EventKind, History, analyse, parse_partial_date
from clew.firearms.indicators import IndicatorKind, Markings, Thresholds, assess, split_serial
from clew.firearms.reasons import Reason, ReasonCode, describe

K = EventKind


def ev(
    kind: str, on: str | None, *, country: str = "", actor: str = "", counterpart: str = ""
) -> CustodyEvent:
    return CustodyEvent(on, EventKind(kind), country, actor=actor, counterpart=counterpart)


MADE = ev("manufactured", "2015-03-01", country="DE", actor="Walther")
EXPORT = ev("exported", "2015-06", country="DE", actor="Walther", counterpart="Baltic Arms")
IMPORT = ev("imported", "2015-07-20", country="LV", actor="Baltic Arms", counterpart="Walther")
SALE = ev("sold", "2016-01-10", country="LV", actor="Baltic Arms", counterpart="Jānis Ozols")
STOLEN = ev("reported_stolen", "2016-09-01", country="LV", actor="Jānis Ozols")
RECOVERED = ev("recovered", "2017-05-02", country="SE", actor="Polisen", counterpart="Erik Berg")


# --- point of diversion -------------------------------------------------------------------------

DIVERSION_CASES = [
    pytest.param([MADE, EXPORT, IMPORT, SALE, STOLEN, RECOVERED], SALE, None,
                 id="full-chain: the retail sale is the last legal event before the theft"),
    pytest.param([RECOVERED, STOLEN, SALE, IMPORT, EXPORT, MADE], SALE, None,
                 id="shuffled: the input order does not matter, the dates do"),
    pytest.param([MADE, EXPORT, IMPORT, RECOVERED], IMPORT, None,
                 id="import-then-recovery: no sale known, the import is the last legal step"),
    pytest.param([MADE, ev("reported_stolen", "2015-04", actor="Walther")], MADE, None,
                 id="stolen-from-factory: the making itself is the point"),
    pytest.param([MADE, EXPORT, IMPORT, SALE], None, ReasonCode.NO_ILLICIT_MARKER,
                 id="never-illicit: a legal chain without a marker names nothing"),
    pytest.param([STOLEN, RECOVERED], None, ReasonCode.NO_LEGAL_EVENT,
                 id="no-legal-event: only the theft and the recovery are known"),
    pytest.param([ev("reported_stolen", "2015-01", actor="X"), SALE, RECOVERED], None,
                 ReasonCode.NO_LEGAL_EVENT,
                 id="legal-after-marker: a sale after the first theft is no diversion point"),
    pytest.param([], None, ReasonCode.NO_EVENTS, id="empty: nothing to read"),
    pytest.param([ev("sold", ""), ev("recovered", "someday")], None, ReasonCode.NO_EVENTS,
                 id="undated-only: events without a usable date cannot be ordered"),
    pytest.param([MADE, IMPORT, SALE, ev("sold", "2016-03", actor="Pēteris Kalns",
                                         counterpart="Anna"), RECOVERED],
                 None, ReasonCode.CHAIN_GAP,
                 id="gap-between-sales: sold to Ozols, next sold by Kalns (unrecorded hand-over)"),
    pytest.param([SALE, ev("reported_lost", "2016-09", actor="Anna Liepa"), RECOVERED], None,
                 ReasonCode.CHAIN_GAP,
                 id="gap-before-loss: the loss is reported by someone who never bought it"),
    pytest.param([SALE, ev("reported_stolen", "2016-09", actor="  jānis   OZOLS "), RECOVERED],
                 SALE, None,
                 id="same-holder-spelt-loosely: case and spaces are no gap"),
    pytest.param([ev("sold", "2016-01", actor="Baltic Arms"), ev("sold", "2016-05"),
                  STOLEN], ev("sold", "2016-05"), None,
                 id="unknown-names: a missing name never makes a gap"),
    pytest.param([MADE, EXPORT, IMPORT, ev("other", "2016-02", actor="Nobody"), SALE, STOLEN],
                 SALE, None,
                 id="other-event: neither legal nor illicit, it neither breaks nor ends the chain"),
    pytest.param([ev("sold", "2016", actor="D", counterpart="P"),
                  ev("reported_stolen", "2016-05-03", actor="P")],
                 ev("sold", "2016", actor="D", counterpart="P"), None,
                 id="partial-year: a sale in 2016 sorts by 1 January, before a theft in May"),
    pytest.param([ev("reported_stolen", "2016-05-03", actor="P"),
                  ev("sold", "2016-05-03", actor="D", counterpart="P")],
                 ev("sold", "2016-05-03", actor="D", counterpart="P"), None,
                 id="same-day: a sale and a theft on one day, the sale comes first by kind"),
    pytest.param([MADE, ev("sold", "2016-02-30", actor="Walther", counterpart="Q"),
                  ev("reported_stolen", "2016-09-01")], MADE, None,
                 id="impossible-date: 30 February is undated, so the making is the last legal"),
]  # fmt: skip


@pytest.mark.parametrize(("events", "point", "why_not"), DIVERSION_CASES)
def test_point_of_diversion(
    events: list[CustodyEvent], point: CustodyEvent | None, why_not: ReasonCode | None
) -> None:
    history = analyse(events)
    assert history.diversion == point
    assert (history.no_diversion.code if history.no_diversion else None) == why_not


def test_a_gap_names_both_holders_in_words() -> None:
    second = ev("sold", "2016-03", actor="Pēteris Kalns", counterpart="Anna")
    history = analyse([SALE, second, RECOVERED])
    assert history.no_diversion is not None
    assert describe(history.no_diversion, "en") == (
        "The chain of custody has a gap: the weapon went to Jānis Ozols, but the next known "
        "holder is Pēteris Kalns."
    )


def test_undated_events_are_kept_apart_and_said() -> None:
    undated = ev("sold", "last spring", actor="?")
    history = analyse([SALE, undated, STOLEN])
    assert history.undated == (undated,)
    assert undated not in history.events
    assert [describe(note, "en") for note in history.notes] == [
        "1 event has no usable date and is left out of the order."
    ]


# --- time to crime ------------------------------------------------------------------------------

TIME_CASES = [
    pytest.param([SALE, STOLEN, RECOVERED], (478, 478),
                 id="exact: 10 January 2016 to 2 May 2017 is 478 days"),
    pytest.param([IMPORT, RECOVERED], (652, 652),
                 id="from-import: the import is the last legal transfer"),
    pytest.param([ev("sold", "2016", actor="D", counterpart="P"),
                  ev("recovered", "2017-05", counterpart="Q")], (121, 516),
                 id="partial: latest sale to earliest recovery up to earliest sale to latest"),
    pytest.param([ev("sold", "2016-05", actor="D", counterpart="P"),
                  ev("seized", "2016-05", counterpart="Q")], (0, 30),
                 id="same-month: the low end never goes below zero"),
    pytest.param([MADE, ev("reported_stolen", "2015-04", actor="Walther"), RECOVERED], None,
                 id="no-transfer: the making is no transfer, so there is no start"),
    pytest.param([SALE, STOLEN], None, id="not-recovered: no end"),
    pytest.param([SALE, ev("sold", "2016-03", actor="Kalns", counterpart="Anna"), RECOVERED],
                 (397, 427),
                 id="gap: measured from the last known transfer (an unrecorded one is later)"),
]  # fmt: skip


@pytest.mark.parametrize(("events", "days"), TIME_CASES)
def test_time_to_crime(events: list[CustodyEvent], days: tuple[int, int] | None) -> None:
    ttc = analyse(events).time_to_crime
    assert (None if ttc is None else (ttc.low, ttc.high)) == days


def test_time_to_crime_says_when_it_is_approximate() -> None:
    exact = analyse([SALE, RECOVERED]).time_to_crime
    rough = analyse([ev("sold", "2016"), ev("recovered", "2017-05")]).time_to_crime
    assert exact is not None and rough is not None
    assert describe(exact.reason, "en") == "Time to crime: 478 days."
    assert describe(rough.reason, "en") == (
        "Time to crime: between 121 and 516 days (the dates are partial)."
    )


POSSESSOR_CASES = [
    pytest.param([SALE, STOLEN, RECOVERED], "Jānis Ozols", "Erik Berg", False,
                 id="stranger: the purchaser lost it, someone else had it"),
    pytest.param([SALE, ev("seized", "2017", counterpart="JĀNIS OZOLS")], "Jānis Ozols",
                 "JĀNIS OZOLS", True, id="purchaser-himself: found with the buyer, case-blind"),
    pytest.param([SALE, ev("seized", "2017")], "Jānis Ozols", None, None,
                 id="possessor-unknown: nothing to compare"),
    pytest.param([IMPORT, RECOVERED], None, "Erik Berg", None,
                 id="no-purchase: an import has no purchaser"),
]  # fmt: skip


@pytest.mark.parametrize(("events", "purchaser", "possessor", "same"), POSSESSOR_CASES)
def test_possessor_against_purchaser(
    events: list[CustodyEvent], purchaser: str | None, possessor: str | None, same: bool | None
) -> None:
    history = analyse(events)
    assert (history.purchaser, history.possessor) == (purchaser, possessor)
    assert history.possessor_is_purchaser is same


def test_countries_are_read_as_alpha_2() -> None:
    history = analyse([ev("sold", "2016", country=" lva ", actor="D", counterpart="P"),
                       ev("recovered", "2017", country="SWE", counterpart="Q")])  # fmt: skip
    assert (history.diversion_country, history.recovery_country) == ("LV", "SE")


DIVERSION_COUNTRY_CASES = [
    pytest.param([ev("sold", "2016", actor="D", counterpart="P"),
                  ev("reported_stolen", "2017", country="EE", actor="P")], "EE",
                 id="sale-country-unknown: the weapon left the market where it was stolen"),
    pytest.param([ev("sold", "2016", actor="D", counterpart="P"),
                  ev("seized", "2017", country="SE", counterpart="Q")], None,
                 id="seizure-is-the-other-end: where it was seized is no diversion country"),
    pytest.param([ev("seized", "2017", country="SE", counterpart="Q")], None,
                 id="no-diversion: no country either"),
]  # fmt: skip


@pytest.mark.parametrize(("events", "country"), DIVERSION_COUNTRY_CASES)
def test_diversion_country(events: list[CustodyEvent], country: str | None) -> None:
    assert analyse(events).diversion_country == country


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2019", ("2019-01-01", "2019-12-31")),
        ("2020-02", ("2020-02-01", "2020-02-29")),  # a leap year's February
        (" 2019-05-03 ", ("2019-05-03", "2019-05-03")),
        ("2019-13", None),
        ("0000", None),
        ("19-05-03", None),
        ("", None),
        (None, None),
    ],
)
def test_partial_dates(text: str | None, span: tuple[str, str] | None) -> None:
    found = parse_partial_date(text)
    assert (None if found is None else (str(found.earliest), str(found.latest))) == span


# --- indicators ---------------------------------------------------------------------------------


@dataclass
class Gun:
    """A traced firearm for the indicator cases: sold by ``dealer`` to ``buyer`` in ``sold``
    (country ``at``), recovered from ``holder`` in ``found`` (country ``to``)."""

    sold: str = "2016-01-10"
    found: str = "2017-05-02"
    dealer: str = "Baltic Arms"
    buyer: str = "Buyer"
    holder: str = "Holder"
    at: str = "LV"
    to: str = "SE"
    marks: Markings = field(default_factory=Markings)

    def history(self) -> History:
        return analyse([
            ev("sold", self.sold, country=self.at, actor=self.dealer, counterpart=self.buyer),
            ev("recovered", self.found, country=self.to, counterpart=self.holder),
        ])  # fmt: skip


def pistol(serial: str, make: str = "Zastava", model: str = "M70") -> Markings:
    return Markings(make, model, serial)


def _fired(guns: dict[str, Gun], thresholds: Thresholds | None = None) -> dict[str, set[str]]:
    found = assess(
        [(key, gun.history()) for key, gun in guns.items()],
        {key: gun.marks for key, gun in guns.items()},
        thresholds,
    )
    return {key: {i.kind.value for i in indicators} for key, indicators in found.items()}


S, P, D, B, R = (IndicatorKind.SHORT_TIME_TO_CRIME.value, IndicatorKind.SAME_PURCHASER.value,
                 IndicatorKind.SAME_DEALER.value, IndicatorKind.SAME_BATCH.value,
                 IndicatorKind.REPEATED_ROUTE.value)  # fmt: skip

INDICATOR_CASES = [
    pytest.param({"g": Gun(to="LV")}, {"g": {S}},
                 id="short-ttc: 16 months, found with a stranger"),
    pytest.param({"g": Gun(found="2019-01-09", to="LV")}, {"g": {S}},
                 id="short-ttc-edge: one day short of 3 years still fires"),
    pytest.param({"g": Gun(found="2019-01-10", to="LV")}, {"g": set()},
                 id="not-short-at-3-years: exactly 3 calendar years is not less than 3"),
    pytest.param({"g": Gun(holder="buyer", to="LV")}, {"g": set()},
                 id="own-buyer: quick, but found with the purchaser himself"),
    pytest.param({"g": Gun(holder="", to="LV")}, {"g": set()},
                 id="no-possessor: an unnamed possessor is not 'someone else'"),
    pytest.param({"g": Gun(sold="2016", found="2018", to="LV")}, {"g": {S}},
                 id="partial-short: 2016 to 2018 is at most 1,095 days, within 3 years"),
    pytest.param({"g": Gun(sold="2016", found="2019", to="LV")}, {"g": set()},
                 id="partial-maybe-long: 2016 to 2019 may be nearly 4 years: no claim"),
    pytest.param({"g": Gun(found="2020-01-01", to="LV")}, {"g": set()},
                 id="long-ttc: four years is no quick diversion"),
    pytest.param({"a": Gun(found="2021", dealer="X", to="LV"),
                  "b": Gun(found="2022", dealer="Y", buyer=" BUYER", to="EE")},
                 {"a": {P}, "b": {P}},
                 id="straw-purchaser: two guns bought by one person, spelt loosely"),
    pytest.param({"a": Gun(found="2021", buyer="A", to="LV"),
                  "b": Gun(found="2022", buyer="B", to="EE")}, {"a": {D}, "b": {D}},
                 id="one-dealer: two guns sold by one dealer to different buyers"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A", to="LV",
                           marks=pistol("AB-100")),
                  "b": Gun(found="2021", dealer="Y", buyer="B", to="EE", marks=pistol("ab130")),
                  "c": Gun(found="2021", dealer="Z", buyer="C", to="FI", marks=pistol("AB 175"))},
                 {"a": {B}, "b": {B}, "c": {B}},
                 id="batch: serials 100, 130, 175 follow within 50 and turn up in 3 countries"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A", to="LV", marks=pistol("AB100")),
                  "b": Gun(found="2021", dealer="Y", buyer="B", to="EE", marks=pistol("AB200"))},
                 {"a": set(), "b": set()},
                 id="no-batch-far-serials: 100 apart is not one batch"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A", to="LV", marks=pistol("AB100")),
                  "b": Gun(found="2021", dealer="Y", buyer="B", to="EE",
                           marks=pistol("AB101", model="M57"))},
                 {"a": set(), "b": set()},
                 id="no-batch-other-model: a neighbouring serial of another model"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A", to="LV", marks=pistol("AB100")),
                  "b": Gun(found="2021", dealer="Y", buyer="B", to="LV", marks=pistol("AB101"))},
                 {"a": set(), "b": set()},
                 id="no-batch-one-country: a batch recovered in one country is not spread"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A", to="LV", marks=pistol("AB1*")),
                  "b": Gun(found="2021", dealer="Y", buyer="B", to="EE", marks=pistol("AB101"))},
                 {"a": set(), "b": set()},
                 id="no-batch-wildcard: a partly read serial belongs to no batch"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A"),
                  "b": Gun(found="2022", dealer="Y", buyer="B")}, {"a": {R}, "b": {R}},
                 id="route: two guns diverted in LV recovered in SE"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A", to="LV"),
                  "b": Gun(found="2022", dealer="Y", buyer="B", to="LV")},
                 {"a": set(), "b": set()},
                 id="no-route-domestic: diverted and recovered at home is no trafficking route"),
    pytest.param({"a": Gun(found="2021", dealer="X", buyer="A"),
                  "b": Gun(found="2022", dealer="Y", buyer="B", to="EE")},
                 {"a": set(), "b": set()},
                 id="no-route-once: each route seen only once"),
    pytest.param({"a": Gun(), "b": Gun()}, {"a": {S, P, D, R}, "b": {S, P, D, R}},
                 id="all-at-once: one quick straw purchase from one dealer along one route"),
]  # fmt: skip


@pytest.mark.parametrize(("guns", "expected"), INDICATOR_CASES)
def test_indicators(guns: dict[str, Gun], expected: dict[str, set[str]]) -> None:
    assert _fired(guns) == expected


def test_thresholds_are_configurable() -> None:
    guns = {"g": Gun(found="2020-01-01", to="LV")}
    assert _fired(guns) == {"g": set()}
    assert _fired(guns, Thresholds(short_years=5)) == {"g": {S}}
    trio = {k: Gun(buyer="Same", dealer=k, to=c) for k, c in (("a", "LV"), ("b", "EE"))}
    assert _fired(trio, Thresholds(min_firearms=3, short_years=0)) == {"a": set(), "b": set()}


def test_indicators_give_their_reasons_and_the_other_firearms() -> None:
    guns = {
        "a": Gun(found="2021", dealer="X", buyer="A", to="LV", marks=pistol("AB-100")),
        "b": Gun(found="2021", dealer="Y", buyer="B", to="EE", marks=pistol("AB130")),
        "c": Gun(dealer="Z", buyer="C", to="LV"),
    }
    found = assess(
        [(k, g.history()) for k, g in guns.items()], {k: g.marks for k, g in guns.items()}
    )
    (batch,) = found["a"]
    assert batch.related == ("b",)
    assert [describe(r, "en") for r in batch.reasons] == [
        "2 firearms of one batch (Zastava M70, serials AB-100 to AB130) recovered in Estonia "
        "and Latvia."
    ]
    (short,) = found["c"]
    assert [describe(r, "en") for r in short.reasons] == [
        "Recovered 478 days after the last legal transfer, within 3 years.",
        "Recovered from Holder, not from the last legal purchaser C.",
    ]


def test_reasons_render_in_every_language_with_local_numbers() -> None:
    reason = Reason.of(ReasonCode.SHORT_TIME_TO_CRIME, days=1095, years=3)
    assert describe(reason, "en").startswith("Recovered 1,095 days")
    for language in ("vi", "lv", "bg"):
        assert "1,095" not in describe(reason, language)  # each language groups digits its way
    route = Reason.of(ReasonCode.REPEATED_ROUTE, origin="LV", destination="SE", count=2)
    assert "Zviedrija" in describe(route, "lv")  # country names come from CLDR
    assert describe(route, "en") == "The route Latvia → Sweden is seen in 2 histories."


@pytest.mark.parametrize("code", list(ReasonCode))
@pytest.mark.parametrize("language", ["en", "vi", "lv", "bg", "xx"])
def test_every_reason_renders_even_without_its_values(code: ReasonCode, language: str) -> None:
    assert describe(Reason.of(code), language).strip()


@pytest.mark.parametrize(
    ("serial", "split"),
    [("ab-0123", ("AB", 123)), ("12345", ("", 12345)), ("A1B2", ("A1B", 2)),
     ("AB12X", None), ("AB1?", None), ("", None),
     ("X" + "9" * 18, ("X", 10**18 - 1)), ("X" + "1" * 19, None), ("0" * 30 + "7", ("", 7))],
)  # fmt: skip
def test_serial_split(serial: str, split: tuple[str, int] | None) -> None:
    assert split_serial(serial) == split


# --- properties ---------------------------------------------------------------------------------

_dates = st.one_of(
    st.sampled_from(["2015", "2015-06", "2015-06-15", "2016-02-29", "2016", "2017-13", "", None]),
    st.text(max_size=12),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()[:7]),
)
_names = st.sampled_from(["", "A", "a ", "B", "C", " Ozols ", "OZOLS"])
_events = st.builds(
    CustodyEvent,
    occurred_on=_dates,
    kind=st.sampled_from(list(EventKind)),
    country=st.sampled_from(["", "LV", "lv", "LVA", "SE", "QQ", "??"]),
    place=st.sampled_from(["", "Rīga"]),
    actor=_names,
    counterpart=_names,
    source=st.sampled_from(["", "trace-1"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_events, max_size=12), st.randoms(use_true_random=False))
def test_analyse_never_crashes_and_ignores_input_order(
    events: list[CustodyEvent], rng: random.Random
) -> None:
    history = analyse(events)
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert analyse(shuffled) == history
    assert len(history.events) + len(history.undated) == len(events)
    assert (history.diversion is None) == (history.no_diversion is not None)
    if history.time_to_crime is not None:
        assert 0 <= history.time_to_crime.low <= history.time_to_crime.high
    for reason in (*history.notes, *([history.no_diversion] if history.no_diversion else [])):
        assert describe(reason, "lv")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcdef"), st.lists(_events, max_size=6)), max_size=6),
    st.randoms(use_true_random=False),
)
def test_indicators_never_crash_and_ignore_input_order(
    guns: list[tuple[str, list[CustodyEvent]]], rng: random.Random
) -> None:
    unique = list({key: events for key, events in reversed(guns)}.items())
    pairs = [(key, analyse(events)) for key, events in unique]
    marks = {key: pistol(f"AB{ord(key) * 7}") for key, _ in unique}
    found = assess(pairs, marks)
    rng.shuffle(pairs)
    assert assess(pairs, marks) == found
    for indicators in found.values():
        for indicator in indicators:
            for reason in indicator.reasons:
                assert describe(reason, "bg")
