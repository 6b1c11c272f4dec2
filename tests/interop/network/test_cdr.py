"""Call-detail records: phone numbers normalised, one edge per call or per pair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.interop.network.cdr import normalise_phone, read_cdr_csv
from tests.interop.network.factories import day, edge, edges_of, errors, node, nodes_of, read


@pytest.mark.parametrize(
    ("text", "number", "why"),
    [
        ("+39 06 1234 5678", "+390612345678", "spaces dropped"),
        ("0039-06-1234-5678", "+390612345678", "00 is the international prefix"),
        ("+44 (0)20 7946 0018", "+442079460018", "the (0) after a country code is dropped"),
        ("(020) 7946.0018", "02079460018", "a national number keeps its leading zero"),
        ("tel:+33142685300", "+33142685300", "a tel: link"),
        ("112", "112", "short numbers exist"),
    ],
)
def test_normalise_phone(text: str, number: str, why: str) -> None:
    assert normalise_phone(text) == number


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("call me", "is not a phone number"),
        ("+39 06 1234 5678 ext 12", "is not a phone number"),
        ("12", "has 2 digits; a phone number has 3 to 15"),
        ("+1234567890123456", "has 16 digits"),
        ("+", "is not a phone number"),
        ("٠١٢٣٤٥٦", "is not a phone number"),  # Arabic-Indic digits are not dialled as such
    ],
)
def test_not_phone_numbers(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_phone(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="+0123456789 ()-./tel:x", max_size=25))
def test_normalising_twice_is_normalising_once(text: str) -> None:
    try:
        once = normalise_phone(text)
    except ValueError:
        return
    assert normalise_phone(once) == once


CDR = """\
A-party;B-party;Start time;Duration;Cell
+39 06 1234 5678;0044 20 7946 0018;2024-03-01 14:22:05;1:35;RM-118
+390612345678;+44 20 7946 0018;05.03.2024 09:00;40;RM-120
+44 20 7946 0018;+39 06 1234 5678;2024-03-07T21:10:00;0:00:12;LDN-7
"""
A, B = "+390612345678", "+442079460018"


def test_one_edge_per_call() -> None:
    items = read(read_cdr_csv, CDR)
    assert nodes_of(items) == [node(A, "phone", A), node(B, "phone", B)]
    assert edges_of(items) == [
        edge(A, B, "called", start=day("2024-03-01"), end=day("2024-03-01"), directed=True,
             attrs={"duration": 95}),
        edge(A, B, "called", start=day("2024-03-05"), end=day("2024-03-05"), directed=True,
             attrs={"duration": 40}),
        edge(B, A, "called", start=day("2024-03-07"), end=day("2024-03-07"), directed=True,
             attrs={"duration": 12}),
    ]  # fmt: skip
    assert [i.line for i in items] == [2, 2, 2, 3, 4]


def test_aggregated_one_edge_per_pair_after_the_last_row() -> None:
    items = read(read_cdr_csv, CDR, aggregate=True)
    assert edges_of(items) == [
        edge(A, B, "called", weight=2.0, start=day("2024-03-01"), end=day("2024-03-05"),
             directed=True, attrs={"calls": 2, "duration": 135}),
        edge(B, A, "called", weight=1.0, start=day("2024-03-07"), end=day("2024-03-07"),
             directed=True, attrs={"calls": 1, "duration": 12}),
    ]  # fmt: skip
    assert [i.line for i in items if i.edge] == [2, 4]  # each at its first call


def test_an_explicit_mapping_and_no_duration() -> None:
    text = "von,an,wann\n0611111,0622222,01.02.2024\n"
    items = read(read_cdr_csv, text, {"caller": "von", "callee": "an", "start": "wann"})
    assert edges_of(items) == [
        edge("0611111", "0622222", "called", start=day("2024-02-01"), end=day("2024-02-01"),
             directed=True)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("caller,callee\nabc,0612345\n", (2, "caller", "'abc' is not a phone number (digits, +"
                                                    " and spaces)")),
        ("caller,callee\n0612345,\n", (2, "callee", "is empty")),
        ("caller,callee,start\n0612345,0698765,tomorrow\n",
         (2, "start", "'tomorrow' is not a full date (YYYY-MM-DD or DD.MM.YYYY)")),
        ("caller,callee,duration\n0612345,0698765,long\n",
         (2, "duration", "'long' is not a duration (seconds or H:MM:SS)")),
        ("number,other\n1,2\n", (1, "caller", "is required: map a column to it (the number that"
                                              " called)")),
    ],
)  # fmt: skip
def test_cdr_errors(text: str, expected: tuple[int, str, str]) -> None:
    items = read(read_cdr_csv, text)
    assert errors(items)[0] == expected
    assert not nodes_of(items)  # a bad row adds no phone either


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="+0123456789", min_size=1, max_size=18))
def test_clean_numbers_take_the_short_way_to_the_same_answer(text: str) -> None:
    """Digits (and a +) are checked by a fast path; it must agree with the full rules."""
    cleaned = text.replace("+", "")
    international = text.startswith("+") or (text.startswith("00") and "+" not in text)
    if "+" in text[1:] or (not text.startswith("+") and "+" in text):
        return
    digits = cleaned[2:] if text.startswith("00") else cleaned
    try:
        number = normalise_phone(text)
    except ValueError:
        assert not (3 <= len(digits) <= 15) or not digits
        return
    assert number == ("+" if international else "") + digits
