"""Guessing a mapping from a header, and reading the header for the mapping step."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.errors import ValidationError
from clew.interop.network.mapping import (
    CDR_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    TRANSACTION_FIELDS,
    Field,
    guess_mapping,
)
from clew.interop.network.table import columns

CASES: list[tuple[str, tuple[Field, ...], list[str], dict[str, str]]] = [
    ("Gephi edge table", EDGE_FIELDS, ["Source", "Target", "Weight", "Type"],
     {"source": "Source", "target": "Target", "weight": "Weight", "kind": "Type"}),
    ("from/to with one date: start and end share it", EDGE_FIELDS, ["from", "to", "date"],
     {"source": "from", "target": "to", "start": "date", "end": "date"}),
    ("caller/callee in an edge list", EDGE_FIELDS, ["caller", "callee", "calls"],
     {"source": "caller", "target": "callee", "weight": "calls"}),
    ("separate start and end", EDGE_FIELDS, ["src", "dst", "Start Date", "End Date"],
     {"source": "src", "target": "dst", "start": "Start Date", "end": "End Date"}),
    ("grading columns", EDGE_FIELDS, ["from", "to", "Source reliability", "Information"],
     {"source": "from", "target": "to", "reliability": "Source reliability",
      "information": "Information"}),
    ("nodes with an id and a name", NODE_FIELDS, ["id", "name", "type", "role"],
     {"key": "id", "label": "name", "kind": "type", "role": "role"}),
    ("nodes with only a name: it is key and label", NODE_FIELDS, ["Name", "Category"],
     {"key": "Name", "label": "Name", "kind": "Category"}),
    ("operator CDR", CDR_FIELDS, ["A-party", "B-party", "Start time", "Duration (s)"],
     {"caller": "A-party", "callee": "B-party", "start": "Start time",
      "duration": "Duration (s)"}),
    ("CDR with calling/called number", CDR_FIELDS, ["calling_number", "called_number", "date"],
     {"caller": "calling_number", "callee": "called_number", "start": "date"}),
    ("bank statement", TRANSACTION_FIELDS,
     ["Booking date", "From account", "To account", "Amount", "Currency", "Payer name"],
     {"date": "Booking date", "source": "From account", "target": "To account",
      "amount": "Amount", "currency": "Currency", "source_name": "Payer name"}),
    ("SEPA words", TRANSACTION_FIELDS, ["Debtor IBAN", "Creditor IBAN", "Sum"],
     {"amount": "Sum"}),  # "debtor iban" is no name the guess knows: the person maps it
    ("nothing known", EDGE_FIELDS, ["foo", "bar"], {}),
]  # fmt: skip


@pytest.mark.parametrize(("why", "fields", "header", "expected"), CASES, ids=[c[0] for c in CASES])
def test_guess_mapping(
    why: str, fields: tuple[Field, ...], header: list[str], expected: dict[str, str]
) -> None:
    assert guess_mapping(header, fields) == expected


def test_a_column_is_guessed_for_one_field_only() -> None:
    mapping = guess_mapping(["from", "to", "amount", "value", "sum"], EDGE_FIELDS)
    assert mapping == {"source": "from", "target": "to", "amount": "amount"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8))
def test_guessing_never_fails_and_names_only_header_columns(header: list[str]) -> None:
    for fields in (NODE_FIELDS, EDGE_FIELDS, CDR_FIELDS, TRANSACTION_FIELDS):
        mapping = guess_mapping(header, fields)
        assert set(mapping.values()) <= set(header)
        assert guess_mapping(header, fields) == mapping


def test_columns_reads_the_header_with_its_delimiter_and_bom() -> None:
    assert columns(b"\xef\xbb\xbfA-party;B-party;Start time\n1;2;3\n") == [
        "A-party", "B-party", "Start time",
    ]  # fmt: skip
    assert columns(b"\n\n a , b \n") == ["a", "b"]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "line 1: is empty"), (b"\xff\xfeA\x00", "line 1: is not UTF-8")],
)
def test_columns_of_a_file_without_a_header_is_an_error(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        columns(data)
    assert message in raised.value.detail
