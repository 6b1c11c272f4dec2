"""Reading bytes: UTF-8 line by line, a byte-order mark dropped, any line end, a line count."""

from __future__ import annotations

import io

import pytest

from clew.graph.items import Edge, Node
from clew.interop.lines import MAX_ROW, RowTooLong
from clew.interop.network.parsed import ParsedItem, count_lines, text_lines


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"", 0),
        (b"a", 1),
        (b"a\n", 1),
        (b"a\nb", 2),
        (b"a\r\nb\r\n", 2),
        (b"a\rb\rc", 3),  # old Mac line ends
        (b"a\n\nb\n", 3),  # a blank line counts: readers number lines as the file does
    ],
)
def test_count_lines(data: bytes, lines: int) -> None:
    assert count_lines(data) == lines
    assert count_lines(io.BytesIO(data)) == lines


def test_count_lines_puts_a_stream_back_and_splits_crlf_across_chunks() -> None:
    stream = io.BytesIO(b"x" * (3 + (1 << 16) - 1) + b"\r\nnext\n")
    stream.read(3)
    assert count_lines(stream) == 2  # from where it was: the CR and LF meet across chunks
    assert stream.tell() == 3


def test_lines_keep_their_ends_and_drop_the_bom() -> None:
    lines = list(text_lines(b"\xef\xbb\xbfa,b\r\nc\rd\ne"))
    assert lines == ["a,b\r\n", "c\r", "d\n", "e"]


def test_a_bad_byte_is_reported_on_its_own_line() -> None:
    lines = text_lines(b"one\ntwo\nth\xffree\nfour\n")
    assert next(lines) == "one\n"
    assert next(lines) == "two\n"
    with pytest.raises(UnicodeDecodeError):
        next(lines)
    assert lines.number + 1 == 3


def test_a_character_cut_by_a_chunk_is_decoded_whole() -> None:
    text = "é" * (MAX_ROW // 2 - 2) + "\n"
    assert list(text_lines(text.encode("utf-8"))) == [text]


def test_an_over_long_row_stops_with_row_too_long() -> None:
    lines = text_lines(b"x" * (MAX_ROW + 10) + b"\nok\n")
    with pytest.raises(RowTooLong):
        next(lines)


def test_parsed_item_says_what_it_holds() -> None:
    node = ParsedItem(3, Node("a"))
    edge = ParsedItem(4, Edge("a", "b"))
    assert node.ok and node.node == Node("a") and node.edge is None
    assert edge.ok and edge.edge == Edge("a", "b") and edge.node is None
    assert not ParsedItem(5, None).ok
