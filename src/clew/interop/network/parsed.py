"""What a network reader yields, and how it reads its input: UTF-8 bytes, line by line.

Every reader in :mod:`clew.interop.network` takes ``bytes`` or a binary stream and yields
:class:`ParsedItem`: a :class:`~clew.graph.items.Node` or an :class:`~clew.graph.items.Edge`
with the 1-based line it came from, or the errors that stopped one being made. Readers never
raise on bad input. A problem with the whole file (not UTF-8, a header without the columns the
mapping names) is one item with no node or edge, at the line where it was found.

Text is decoded line by line, so a file that is not UTF-8 is reported at the line holding the
first bad byte; a UTF-8 byte-order mark is dropped. Lines end with LF, CRLF or a lone CR.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Final, TextIO, cast

from clew.errors import FieldError
from clew.graph.items import Edge, Node
from clew.interop.lines import MAX_ROW, BoundedLines
from clew.interop.rows import NOT_UTF8

__all__ = [
    "NOT_UTF8_MESSAGE",
    "TOO_LONG",
    "ParsedItem",
    "Source",
    "binary",
    "count_lines",
    "text_lines",
]

Source = bytes | BinaryIO
"""What readers take: the whole file as bytes, or a binary stream (an upload, an open file)."""

NOT_UTF8_MESSAGE: Final = NOT_UTF8
TOO_LONG: Final = f"is longer than {MAX_ROW:,} characters"
_LINE_END: Final = re.compile(r"\r\n|\r|\n")
_CHUNK: Final = 1 << 16


@dataclass(slots=True)
class ParsedItem:
    """One node or edge read from a file, or why a row gave none.

    ``line`` is the 1-based line where the row starts (several items may share one line: a
    call-detail row gives the two phones and the call). ``errors`` stop the item; ``warnings``
    do not (an IBAN whose check digits fail, when not strict). ``source`` is a short excerpt of
    the row for the report.
    """

    line: int
    item: Node | Edge | None
    errors: list[FieldError] = field(default_factory=list)
    source: str = ""
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.item is not None and not self.errors

    @property
    def node(self) -> Node | None:
        return self.item if isinstance(self.item, Node) else None

    @property
    def edge(self) -> Edge | None:
        return self.item if isinstance(self.item, Edge) else None


def binary(data: Source) -> BinaryIO:
    """``data`` as a binary stream (bytes are wrapped, streams returned as they are)."""
    return io.BytesIO(data) if isinstance(data, bytes | bytearray) else data


def count_lines(data: Source) -> int:
    """The number of lines in ``data`` (LF, CRLF or CR), to show progress against ``line``.

    Reads a stream in chunks to its end and puts it back where it was, so call it before
    reading; a stream that cannot seek is not counted (``0``).
    """
    if isinstance(data, bytes | bytearray):
        return _count(iter([bytes(data)]))
    if not data.seekable():
        return 0
    start = data.tell()
    try:
        return _count(iter(lambda: data.read(_CHUNK), b""))
    finally:
        data.seek(start)


def _count(chunks: Iterator[bytes]) -> int:
    lines = 0
    last = b""
    previous_cr = False
    for chunk in chunks:
        crlf = chunk.count(b"\r\n") + (1 if previous_cr and chunk.startswith(b"\n") else 0)
        lines += chunk.count(b"\n") + chunk.count(b"\r") - crlf
        previous_cr = chunk.endswith(b"\r")
        last = chunk[-1:]
    return lines + (1 if last and last not in (b"\n", b"\r") else 0)


class _Utf8Text:
    """Just enough of a text stream for :class:`~clew.interop.lines.BoundedLines`.

    ``readline(size)`` returns one line of at most ``size`` characters, decoded from UTF-8
    bytes line by line (so a decoding error comes with the line that holds it), with a leading
    byte-order mark dropped and any line end (LF, CRLF, CR) kept as written, as a text file
    opened with ``newline=""`` reads.
    """

    __slots__ = ("decoder", "eof", "pending", "raw")

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.pending = ""
        self.eof = False

    def readline(self, size: int = -1) -> str:
        limit = size if size >= 0 else MAX_ROW + 1
        while True:
            match = _LINE_END.search(self.pending)
            if match and not (match.group() == "\r" and match.end() == len(self.pending)):
                end = min(match.end(), limit)
                return self._take(end)
            if self.eof or len(self.pending) >= limit:
                return self._take(min(len(self.pending), limit))
            chunk = self.raw.readline(max(limit - len(self.pending), 1))
            if not chunk:
                self.eof = True
                self.pending += self.decoder.decode(b"", final=True)
            else:
                self.pending += self.decoder.decode(chunk)

    def _take(self, end: int) -> str:
        line, self.pending = self.pending[:end], self.pending[end:]
        return line


def text_lines(data: Source) -> BoundedLines:
    """The lines of ``data`` as text, each row bounded to ``MAX_ROW`` characters.

    Iteration raises :class:`UnicodeDecodeError` at the first line that is not UTF-8 and
    :class:`~clew.interop.lines.RowTooLong` for an over-long row, as ``BoundedLines`` does.
    """
    # BoundedLines only calls readline(size): the adapter stands in for a TextIO.
    return BoundedLines(cast(TextIO, _Utf8Text(binary(data))))
