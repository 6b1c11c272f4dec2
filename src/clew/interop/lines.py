"""Lines of a text stream, read with a bound so that one huge row cannot fill memory."""

from __future__ import annotations

from typing import Final, TextIO

__all__ = ["MAX_ROW", "BoundedLines", "RowTooLong"]

MAX_ROW: Final = 1_000_000


class RowTooLong(Exception):
    """The current row passed ``limit`` characters; raised from inside the iteration."""


class BoundedLines:
    """Iterate the lines of ``stream``, counting them, with a budget of characters per row.

    A row is one line (JSON lines) or several (a CSV record with a quoted line break): the
    caller calls :meth:`new_row` before each. When a row passes ``limit`` characters, iteration
    raises :class:`RowTooLong`, having read at most ``limit + 1`` characters of it;
    :meth:`skip_line` then drops the rest of the physical line. ``number`` is the 1-based
    number of the last line read.
    """

    __slots__ = ("limit", "number", "stream", "used")

    def __init__(self, stream: TextIO, limit: int = MAX_ROW) -> None:
        self.stream = stream
        self.limit = limit
        self.number = 0
        self.used = 0

    def new_row(self) -> None:
        self.used = 0

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(self.limit + 1 - self.used)
        if not line:
            raise StopIteration
        self.number += 1
        self.used += len(line)
        if self.used > self.limit:
            raise RowTooLong
        return line

    def skip_line(self) -> None:
        """Read to the end of the current physical line and forget it."""
        line = "x"
        while line and not line.endswith(("\n", "\r")):
            line = self.stream.readline(self.limit)
        self.used = 0
