"""Adjacency matrices in CSV: a square table of counts, as the CAVIAR phases are published.

The header's first cell names the corner (``players``, or empty: any text is accepted), the
other cells are node ids. Then one row per node: its id, then one count per column, the number
of calls (or meetings, payments...) from the row's node to the column's node::

    "players","1","4","89"
    "1",0,1,4
    "4",0,0,0
    "89",1,0,0

The reader yields every node of the header first (at the header's line, ``kind`` ``person``
unless told, the id as label), then, row by row, one directed edge of the given ``kind``
(default ``called``) per non-zero cell with the count as its weight, dated ``start``/``end``
when the whole matrix covers a known time window (a CAVIAR phase). An empty cell is 0; the
diagonal is read like any other cell.

Errors: a header without node ids or with an id twice (on the header; nothing is read), a row
whose id is not in the header or comes twice, a row with more or fewer cells than the header,
a cell that is not a number or is negative (on the row, naming the column's id; the row's
good cells are still read), and, after the last row, a matrix that is not square (ids of the
header with no row).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date

from clew.errors import FieldError
from clew.graph.items import Edge, Node
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.interop.lines import RowTooLong
from clew.interop.network.parsed import NOT_UTF8_MESSAGE, TOO_LONG, ParsedItem, Source, text_lines
from clew.interop.network.table import read_header
from clew.interop.network.values import parse_number
from clew.interop.rows import excerpt

__all__ = ["read_matrix_csv"]


def read_matrix_csv(
    data: Source,
    *,
    kind: str = LinkKind.CALLED,
    node_kind: str = EntityKind.PERSON,
    start: date | None = None,
    end: date | None = None,
) -> Iterator[ParsedItem]:
    """Read an adjacency matrix (see the module docstring)."""
    link, entity = LinkKind(kind), EntityKind(node_kind)
    lines = text_lines(data)
    header = read_header(lines)
    if isinstance(header, ParsedItem):
        yield header
        return
    ids = header.cells[1:]
    problems = _header_errors(ids)
    if problems:
        yield ParsedItem(header.line, None, problems, header.source)
        return
    for node_id in ids:
        yield ParsedItem(header.line, Node(node_id, entity.value, node_id), [], header.source)
    rows: dict[str, int] = {}
    reader = csv.reader(lines, delimiter=header.delimiter)
    while True:
        line = lines.number + 1
        lines.new_row()
        try:
            cells = next(reader)
        except StopIteration:
            break
        except RowTooLong:
            yield ParsedItem(line, None, [FieldError("row", f"{TOO_LONG}: the rest is not read")])
            return
        except UnicodeDecodeError:
            yield ParsedItem(lines.number + 1, None, [FieldError("file", NOT_UTF8_MESSAGE)])
            return
        except csv.Error as error:
            yield ParsedItem(line, None, [FieldError("row", str(error))])
            if lines.number < line:
                return
            continue
        if not any(cell.strip() for cell in cells):
            continue
        source = excerpt(header.delimiter.join(cells))
        row_id = cells[0].strip()
        refused = _row_error(row_id, rows, ids, len(cells), len(header.cells))
        if row_id in ids and row_id not in rows:
            rows[row_id] = line  # a row of the wrong width is still this node's row
        if refused is not None:
            yield ParsedItem(line, None, [refused], source)
            continue
        bad: list[FieldError] = []
        for column, cell in zip(ids, cells[1:], strict=True):
            count = _count(cell, column, bad)
            if count:
                edge = Edge(row_id, column, link.value, count, start, end, True)
                yield ParsedItem(line, edge, [], source)
        if bad:
            yield ParsedItem(line, None, bad, source)
    missing = [node_id for node_id in ids if node_id not in rows]
    if missing:
        listed = ", ".join(repr(m[:20]) for m in missing[:10]) + (
            ", ..." if len(missing) > 10 else ""
        )
        message = f"is not square: {len(ids)} columns but {len(rows)} rows; no row for {listed}"
        yield ParsedItem(lines.number + 1, None, [FieldError("matrix", message)])


def _header_errors(ids: list[str]) -> list[FieldError]:
    if not ids or not any(ids):
        return [FieldError("header", "has no node ids: the first row lists the nodes")]
    errors: list[FieldError] = []
    if not all(ids):
        errors.append(FieldError("header", "has an empty node id"))
    twice = sorted({i for i in ids if i and ids.count(i) > 1})
    if twice:
        errors.append(
            FieldError(
                "header", "names a node twice: " + ", ".join(repr(i[:20]) for i in twice[:10])
            )
        )
    return errors


def _row_error(
    row_id: str, rows: dict[str, int], ids: list[str], width: int, header_width: int
) -> FieldError | None:
    if not row_id:
        return FieldError("row", "has no node id in its first cell")
    if row_id not in ids:
        return FieldError("row", f"'{row_id[:20]}' is not a node of the header")
    if row_id in rows:
        return FieldError("row", f"'{row_id[:20]}' has a row already, on line {rows[row_id]}")
    if width != header_width:
        return FieldError("row", f"has {width} cells, the header has {header_width}")
    return None


def _count(cell: str, column: str, bad: list[FieldError]) -> float:
    text = cell.strip()
    if not text:
        return 0.0
    try:
        value = parse_number(text)
    except ValueError as error:
        bad.append(FieldError(f"column {column[:20]}", str(error)))
        return 0.0
    if value < 0:
        bad.append(FieldError(f"column {column[:20]}", f"'{text[:20]}' is negative"))
        return 0.0
    return value
