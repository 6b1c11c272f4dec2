"""Reading lines with a budget per row."""

from __future__ import annotations

import io

import pytest

from clew.interop.lines import BoundedLines, RowTooLong


def test_lines_are_counted_and_rows_are_bounded() -> None:
    lines = BoundedLines(io.StringIO("ab\ncd\n" + "x" * 50 + "\nlast\n"), limit=10)
    assert next(lines) == "ab\n"
    assert next(lines) == "cd\n"  # 6 characters in this row so far
    lines.new_row()
    with pytest.raises(RowTooLong):
        next(lines)
    assert lines.number == 3
    lines.skip_line()
    lines.new_row()
    assert (next(lines), lines.number) == ("last\n", 4)
    with pytest.raises(StopIteration):
        next(lines)
