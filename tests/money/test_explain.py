"""Findings' reasons in every language: each typology found on a small ledger, rendered in
English exactly as the reason always read, and in Vietnamese, Latvian and Bulgarian with the
language's numbers and plural forms."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from itertools import pairwise

import pytest

from clew import i18n
from clew.money import Finding, Thresholds, Transfer, Typology, detect, explain
from clew.money.explain import Value, render

from .factories import ledger, pay

T = Typology
NBSP = "\u00a0"


def _hops(accounts: str, amount: float, day: float) -> list[Transfer]:
    out = []
    for a, b in pairwise(accounts):
        out.append(pay(a, b, round(amount, 2), day))
        amount, day = amount * 0.97, day + 2
    return out


def _mules(forward: float = 4_750) -> list[Transfer]:
    """S splits 15,000 over M, N and O, who each forward ``forward`` to T two days later."""
    return [
        t
        for i, m in enumerate("MNO")
        for t in (pay("S", m, 5_000, 10 + i * 0.1), pay(m, "T", forward, 12 + i * 0.1))
    ]


def _two_cycles() -> list[Transfer]:
    """A->B->C->A and A->B->D->A, sharing the first hop."""
    hops = [("A", "B", 50_000, 10), ("B", "C", 48_500, 12), ("C", "A", 47_045, 14),
            ("B", "D", 48_400, 12.5), ("D", "A", 47_000, 14.5)]  # fmt: skip
    return [pay(*hop) for hop in hops]


LEDGERS: dict[str, tuple[Typology, list[Transfer], Thresholds | None]] = {
    "fan-in": (T.FAN_IN, [pay(f"S{i}", "H", 2_000 + i, 10 + i * 0.2) for i in range(8)], None),
    "fan-out": (T.FAN_OUT, [pay("H", f"R{i}", 2_000 + i, 10 + i * 0.1) for i in range(8)], None),
    "gather-scatter": (
        T.GATHER_SCATTER,
        [pay(f"S{i}", "H", 2_000 + i, 10 + i * 0.2) for i in range(5)]
        + [pay("H", f"R{i}", 1_900 + i, 12 + i * 0.2) for i in range(5)],
        None,
    ),
    "scatter-gather": (T.SCATTER_GATHER, _mules(), None),
    "cycle": (T.CYCLE, _hops("ABCA", 50_000, 10), None),
    "overlapping cycles": (T.CYCLE, _two_cycles(), None),
    "structuring": (T.STRUCTURING, [pay("CASH", "X", 9_500, 10 + i) for i in range(3)], None),
    "other thresholds": (
        T.SCATTER_GATHER,
        _mules(forward=3_600),
        Thresholds(max_loss=0.3, max_gain=0.125, burst_factor=2.5),
    ),
    "a 15,000 threshold": (
        T.STRUCTURING,
        [pay("CASH", "X", 14_500.25, 10 + i * 1.3) for i in range(3)],
        Thresholds(reporting_threshold=15_000, structuring_margin=0.05, burst_factor=2.5),
    ),
}


def _finding(case: str) -> Finding:
    typology, transfers, thresholds = LEDGERS[case]
    (finding,) = detect(ledger(transfers), thresholds)
    assert finding.typology is typology
    return finding


# How each detector wrote its reason before reasons were translatable, from the same values.
OLD: Mapping[str, Callable[[Mapping[str, Value], Thresholds], str]] = {
    "fan_in": lambda v, r: (
        f"received from {v['senders']} distinct senders in {v['days']:.1f} days "
        f"({v['transfers']} transfers of at least {r.min_amount:,.0f}, none an established "
        f"relationship), at least {r.burst_factor:g}x the account's usual rate and unlikely by "
        f"chance (p < {r.surprise:g})"
    ),
    "fan_out": lambda v, r: (
        f"sent to {v['receivers']} distinct receivers in {v['days']:.1f} days "
        f"({v['transfers']} transfers of at least {r.min_amount:,.0f}, none an established "
        f"relationship), at least {r.burst_factor:g}x the account's usual rate and unlikely by "
        f"chance (p < {r.surprise:g})"
    ),
    "gather_scatter": lambda v, r: (
        f"gathered {v['total_in']:,.2f} from {v['senders']} distinct senders, then sent "
        f"{v['total_out']:,.2f} to {v['receivers']} distinct receivers within "
        f"{r.gather_window_days:g} days, all new relationships"
    ),
    "scatter_gather": lambda v, r: (
        f"split {v['amount']:,.2f} over {v['intermediaries']} intermediaries that each "
        f"forwarded what they received (within {r.max_loss:.0%} less or {r.max_gain:.0%} more) "
        f"to {v['target']} within {v['days']:.1f} days"
    ),
    "cycle": lambda v, r: (
        f"{v['amount']:,.2f} left {v['origin']} and {v['back']:,.2f} came back through "
        f"{v['others']} other accounts in {v['days']:.1f} days, each hop after the one before "
        f"and carrying about the same amount"
        + (f" ({v['cycles']} overlapping cycles)" if int(v["cycles"]) > 1 else "")
    ),
    "structuring": lambda v, r: (
        f"{v['transfers']} transfers between "
        f"{r.reporting_threshold * (1 - r.structuring_margin):,.0f} and "
        f"{r.reporting_threshold:,.0f} (just under the reporting threshold) in "
        f"{v['days']:.1f} days, {v['total']:,.2f} in all, at least {r.burst_factor:g}x the "
        f"account's usual rate of such amounts"
    ),
}


@pytest.mark.parametrize("case", LEDGERS)
def test_english_is_the_reason_as_it_always_read(case: str) -> None:
    finding = _finding(case)
    old = OLD[finding.typology](finding.values, LEDGERS[case][2] or Thresholds())
    assert finding.code == finding.typology
    assert explain(finding) == explain(finding, "en") == finding.reason == old


def test_every_typology_has_a_case() -> None:
    assert {LEDGERS[case][0] for case in LEDGERS} == set(Typology)


@pytest.mark.parametrize("language", ["vi", "lv", "bg"])
@pytest.mark.parametrize("case", LEDGERS)
def test_every_typology_renders_in_every_language(case: str, language: str) -> None:
    finding = _finding(case)
    text = explain(finding, language)
    assert text != finding.reason, "not translated"
    assert "{" not in text and "}" not in text
    for english in ("distinct", "transfers", "days", "account", "within", " in "):
        assert english not in text
    for name in ("origin", "target"):
        if name in finding.values:
            assert str(finding.values[name]) in text


def test_the_values_are_the_numbers_the_reason_shows() -> None:
    finding = _finding("cycle")
    assert finding.values == {"amount": 50_000.0, "origin": "A", "back": 47_045.0, "others": 2,
                              "days": 4.0, "cycles": 1}  # fmt: skip
    assert "47,045.00 came back through 2 other accounts in 4.0 days" in finding.reason


TOTAL: dict[str, Value] = {
    "transfers": 3, "floor": 9_000.0, "limit": 10_000.0, "days": 2.0, "total": 38_644.4,
    "factor": 2.5,
}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "9,000 and 10,000 (just under the reporting threshold) in 2.0 days, 38,644.40"),
        ("vi", "từ 9.000 đến 10.000 (ngay dưới ngưỡng phải báo cáo) trong 2,0 ngày, tổng cộng "
               "38.644,40, nhiều gấp ít nhất 2,5 lần"),
        ("lv", f"no 9{NBSP}000 līdz 10{NBSP}000 (nedaudz zem ziņošanas sliekšņa) 2,0 dienu "
               f"laikā, kopā 38{NBSP}644,40, šādas summas vismaz 2,5 reizes"),
        ("bg", f"между 9{NBSP}000 и 10{NBSP}000 (малко под прага за докладване) за 2,0 дни, "
               f"общо 38{NBSP}644,40, поне 2,5 пъти"),
    ],
)  # fmt: skip
def test_numbers_are_written_the_languages_way(language: str, shown: str) -> None:
    assert shown in render("structuring", TOTAL, language)


CYCLE: dict[str, Value] = {
    "amount": 50_000.0,
    "origin": "A",
    "back": 47_045.0,
    "days": 4.0,
    "cycles": 1,
}


@pytest.mark.parametrize(
    ("language", "values", "shown"),
    [
        # Latvian: 1, 21, 31... take the singular, 11 the plural, a decimal its last digit
        ("lv", {"others": 2}, "caur 2 citiem kontiem"),
        ("lv", {"others": 21}, "caur 21 citu kontu"),
        ("lv", {"others": 11}, "caur 11 citiem kontiem"),
        ("lv", {"others": 2, "days": 2.1}, "2,1 dienas laikā"),
        ("lv", {"others": 2, "days": 2.5}, "2,5 dienu laikā"),
        ("lv", {"others": 2, "days": 1.0}, "1,0 dienu laikā"),
        ("lv", {"others": 2, "cycles": 21}, "(21 cikls, kas pārklājas)"),
        ("lv", {"others": 2, "cycles": 3}, "(3 cikli, kas pārklājas)"),
        # Bulgarian: a count form for things, the plural for persons, 21 singular, 11 plural
        ("bg", {"others": 21}, "през 21 друга сметка"),
        ("bg", {"others": 11}, "през 11 други сметки"),
        ("bg", {"others": 2, "cycles": 3}, "(3 припокриващи се цикъла)"),
        ("bg", {"others": 2, "cycles": 31}, "(31 припокриващ се цикъл)"),
        ("bg", {"others": 2, "days": 1.0}, "за 1,0 дни"),
        # Vietnamese has no plural
        ("vi", {"others": 21, "cycles": 2}, "qua 21 tài khoản khác trong 4,0 ngày"),
    ],
)  # fmt: skip
def test_counted_nouns_agree_with_their_number(
    language: str, values: dict[str, Value], shown: str
) -> None:
    assert shown in render("cycle", CYCLE | values, language)


@pytest.mark.parametrize(
    ("language", "values", "shown"),
    [
        ("lv", {"transfers": 21, "senders": 21}, "no 21 dažāda sūtītāja 2,0 dienu laikā "
                                                 "(21 pārskaitījums, katrs"),
        ("lv", {"transfers": 8, "senders": 8, "factor": 21.0}, "vismaz 21 reizi biežāk"),
        ("bg", {"transfers": 21, "senders": 21}, "от 21 различен подател за 2,0 дни (21 превод"),
        ("bg", {"transfers": 8, "senders": 8}, "от 8 различни податели за 2,0 дни (8 превода"),
    ],
)  # fmt: skip
def test_fan_counts_agree_with_their_number(
    language: str, values: dict[str, Value], shown: str
) -> None:
    fan: dict[str, Value] = {"days": 2.0, "min_amount": 1_000.0, "factor": 4.0, "surprise": 1e-6}
    assert shown in render("fan_in", fan | values, language)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("lv", "pēc tam 1 dienas laikā"), ("bg", "в рамките на 1 ден"), ("vi", "trong vòng 1 ngày")],
)
def test_a_window_of_one_day(language: str, shown: str) -> None:
    values: dict[str, Value] = {
        "total_in": 10_000.0, "senders": 4, "total_out": 9_000.0, "receivers": 4, "window": 1.0,
    }  # fmt: skip
    assert shown in render("gather_scatter", values, language)


@pytest.mark.parametrize("language", ["", "de", "EN", "xx-YY"])
def test_an_unknown_language_is_english(language: str) -> None:
    finding = _finding("cycle")
    assert explain(finding, language) == finding.reason


@pytest.fixture
def catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], dict[object, str]]]:
    """A language's compiled catalogue, to change for one test."""
    changed: dict[str, object] = {}
    real = i18n.translations

    def messages(language: str) -> dict[object, str]:
        if language not in changed:
            copied = copy.copy(real(language))
            copied._catalog = dict(copied._catalog)  # type: ignore[attr-defined]
            changed[language] = copied
        return changed[language]._catalog  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(i18n, "translations", lambda lang: changed.get(lang) or real(lang))
    yield messages


def test_a_missing_phrase_is_english(catalogue: Callable[[str], dict[object, str]]) -> None:
    messages = catalogue("lv")
    for form in range(3):
        del messages[("%(n)s overlapping cycle", form)]
    text = render("cycle", CYCLE | {"others": 2, "cycles": 3}, "lv")
    assert text.startswith("50\u00a0000,00 aizplūda no konta A")
    assert text.endswith("(3 overlapping cycles)")


def test_a_translation_that_cannot_be_filled_is_english(
    catalogue: Callable[[str], dict[object, str]],
) -> None:
    messages = catalogue("bg")
    cycle = next(key for key in messages if isinstance(key, str) and "came back" in key)
    messages[cycle] = "%(nothing)s"
    finding = _finding("cycle")
    assert explain(finding, "bg") == finding.reason


def test_a_finding_made_by_hand_is_explained_by_its_reason() -> None:
    day = date(2025, 1, 1)
    finding = Finding(T.FAN_IN, ("A",), ("t",), 1.0, day, day, "because")
    assert explain(finding, "lv") == "because"
    assert render("no_such_code", {}, "bg") == "no_such_code"


def test_findings_stay_hashable() -> None:
    assert len({_finding("cycle"), _finding("structuring")}) == 2
