"""No input makes a reader raise: arbitrary bytes give items or errors, never an exception."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clew.interop.network import parsed
from clew.interop.network.cdr import read_cdr_csv
from clew.interop.network.formats import detect_network_format
from clew.interop.network.ftm import read_ftm_network
from clew.interop.network.lists import read_edges_csv, read_nodes_csv
from clew.interop.network.matrix import read_matrix_csv
from clew.interop.network.parsed import ParsedItem, count_lines
from clew.interop.network.transactions import read_transactions_csv
from clew.interop.rows import SOURCE_LENGTH

READERS: list[Callable[..., Iterator[ParsedItem]]] = [
    read_nodes_csv, read_edges_csv, read_matrix_csv, read_cdr_csv, read_transactions_csv,
    read_ftm_network,
]  # fmt: skip

# Bytes that look like the files: delimiters, quotes, line ends, digits, a header word, JSON.
_PIECES = [b",", b";", b"\t", b'"', b"\n", b"\r\n", b"\r", b"'", b"=", b"+", b"-", b"1", b"2.5",
           b"a", b"players", b"from", b"to", b"caller", b"callee", b"amount", b"id", b"date",
           b"2024-03-01", b"DE89370400440532013000", b"{", b"}", b"[", b'"schema"', b":",
           b'"Person"', b'"Ownership"', b'"properties"', b"\xef\xbb\xbf", b"\xff", b"\xc3",
           b"\xc3\xa9", b"\x00"]  # fmt: skip
shaped = st.lists(st.sampled_from(_PIECES), max_size=60).map(b"".join)
data = st.one_of(st.binary(max_size=300), shaped)


def _check(items: list[ParsedItem]) -> None:
    for item in items:
        assert item.line >= 1
        assert item.item is not None or item.errors
        assert len(item.source) <= SOURCE_LENGTH
        for error in item.errors + item.warnings:
            assert error.field and error.message


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=data)
def test_readers_never_raise(reader: Callable[..., Iterator[ParsedItem]], raw: bytes) -> None:
    _check(list(reader(raw)))
    _check(list(reader(io.BytesIO(raw))))


@settings(max_examples=150, deadline=None)
@given(raw=data, aggregate=st.booleans(), strict=st.booleans())
def test_reader_options_never_raise(raw: bytes, aggregate: bool, strict: bool) -> None:
    _check(list(read_cdr_csv(raw, aggregate=aggregate)))
    _check(list(read_transactions_csv(raw, strict_iban=strict, currency="EUR")))
    mapping: dict[str, Any] = {"source": "from", "target": "to", "weight": "x"}
    _check(list(read_edges_csv(raw, mapping)))


@settings(max_examples=200, deadline=None)
@given(raw=data, name=st.text(max_size=20))
def test_detect_and_count_never_raise(raw: bytes, name: str) -> None:
    found = detect_network_format(name, raw)
    assert found is None or isinstance(found, str)
    lines = len(raw.splitlines())  # LF, CRLF and CR, as count_lines reads them
    assert count_lines(raw) == lines
    stream = io.BytesIO(raw)
    with patch.object(parsed, "_CHUNK", 3):  # a CRLF split across two chunks counts once
        assert count_lines(stream) == lines
    assert stream.tell() == 0
