"""CSV tables with a header and a mapping: the part every CSV network reader shares.

:func:`read_table` reads the header (the first non-blank line), checks the mapping against it
and then yields one :class:`Row` per non-blank row: the mapped cells by Clew field, the other
cells by column name. A mapping that names every column by number (``source=1``, ``target=2``: 1
is the first column) reads a file without a header row: its first line is data, and its columns
are named ``column 1``, ``column 2``... in errors and attributes. Problems come back as
:class:`~clew.interop.network.parsed.ParsedItem` with errors, in the order met: a header problem
(a mapped column that is not there, a required field that is not mapped, a field the format does
not have) is reported once on the header line and no row is read; a row with more or fewer cells
than the header is an error on its line.

The delimiter (``,``, ``;`` or a tab) is the one the header line uses most. Cells are stripped;
a leading ``'`` that Clew's writers put before a formula character is removed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

from clew.errors import FieldError, ValidationError
from clew.interop.lines import BoundedLines, RowTooLong
from clew.interop.network.mapping import Field, FieldMap, guess_mapping
from clew.interop.network.parsed import NOT_UTF8_MESSAGE, TOO_LONG, ParsedItem, Source, text_lines
from clew.interop.network.values import unescape
from clew.interop.rows import excerpt

__all__ = ["Cells", "Header", "Row", "columns", "numbered", "read_header", "read_table", "sniff"]

_DELIMITERS: Final = (",", ";", "\t")
T = TypeVar("T")


def sniff(line: str) -> str:
    """The delimiter used most in the header line; a comma when none is."""
    counts = [(line.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


@dataclass(slots=True)
class Header:
    """The header row: its line, its cells and the delimiter it uses."""

    line: int
    cells: list[str]
    delimiter: str
    source: str = ""


@dataclass(slots=True)
class Row:
    """One data row: ``values`` by Clew field (non-empty cells only), ``extra`` by column name
    (the unmapped, non-empty cells), and a short excerpt of the row."""

    line: int
    values: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)
    source: str = ""
    names: Mapping[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        """The file's column for Clew field ``name``, to name it in an error."""
        return self.names.get(name, name)


class Cells:
    """Parse a row's cells one field at a time, collecting errors named by the file's column."""

    __slots__ = ("errors", "row")

    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors: list[FieldError] = []

    def text(self, name: str) -> str | None:
        return self.row.values.get(name)

    def required(self, name: str) -> str:
        value = self.row.values.get(name, "")
        if not value:
            self.fail(name, "is empty")
        return value

    def parse(self, name: str, parse: Callable[[str], T]) -> T | None:
        text = self.row.values.get(name)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.fail(name, str(error))
            return None

    def fail(self, name: str, message: str) -> None:
        self.errors.append(FieldError(self.row.column(name), message))


def read_header(lines: BoundedLines) -> Header | ParsedItem:
    """The first non-blank line parsed as a header, or the error that stops it being one."""
    try:
        text = next((line for line in lines if line.strip(" \t\r\n")), "")
    except RowTooLong:
        return ParsedItem(lines.number, None, [FieldError("header", TOO_LONG)])
    except UnicodeDecodeError:
        return ParsedItem(lines.number + 1, None, [FieldError("file", NOT_UTF8_MESSAGE)])
    if not text.strip():
        return ParsedItem(
            max(lines.number, 1), None, [FieldError("file", "is empty: it needs a header row")]
        )
    delimiter = sniff(text)
    try:
        cells = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error as error:
        return ParsedItem(lines.number, None, [FieldError("header", str(error))], excerpt(text))
    return Header(lines.number, [unescape(c.strip()) for c in cells], delimiter, excerpt(text))


def columns(data: Source) -> list[str]:
    """The column names of a CSV file's header, for the mapping step.

    Raises a :class:`~clew.errors.ValidationError` on ``file`` (or ``header``) when the file
    has no header that can be read: empty, not UTF-8, or an over-long first line.
    """
    header = read_header(text_lines(data))
    if isinstance(header, ParsedItem):
        error = header.errors[0]
        raise ValidationError.field(error.field, f"line {header.line}: {error.message}")
    return header.cells


def _position(header: Sequence[str], column: str) -> int | None:
    if column in header:
        return header.index(column)
    wanted = column.strip().casefold()
    return next((i for i, c in enumerate(header) if c.casefold() == wanted), None)


def numbered(mapping: FieldMap) -> bool:
    """Whether ``mapping`` names its columns by number (``source=1``, 1 the first column): the
    file then has no header row, and its first line is read as data."""
    used = [column.strip() for column in mapping.values() if column and column.strip()]
    return bool(used) and all(c.isascii() and c.isdigit() for c in used)


def _resolve(
    header: Header, fields: Sequence[Field], mapping: FieldMap
) -> dict[str, int] | list[FieldError]:
    """Field -> cell position, or the header errors."""
    known = {spec.name for spec in fields}
    errors: list[FieldError] = []
    positions: dict[str, int] = {}
    by_number = numbered(mapping)
    for name, column in mapping.items():
        if not column:
            continue
        if name not in known:
            message = f"'{name[:30]}' is not a field here (the fields: {', '.join(sorted(known))})"
            errors.append(FieldError("mapping", message))
            continue
        if by_number:
            position: int | None = int(column) - 1
            if not 0 <= int(column) - 1 < len(header.cells):
                width = len(header.cells)
                message = f"is mapped to column {column.strip()}, but the first row has {width}"
                errors.append(FieldError(name, message))
                continue
        else:
            position = _position(header.cells, column)
        if position is None:
            errors.append(FieldError(name, f"is mapped to '{column[:40]}', which is not a column"))
        else:
            positions[name] = position
    for spec in fields:
        if spec.required and not mapping.get(spec.name):
            errors.append(
                FieldError(spec.name, f"is required: map a column to it ({spec.meaning})")
            )
    return errors or positions


def read_table(
    data: Source, fields: Sequence[Field], mapping: FieldMap | None = None
) -> Iterator[Row | ParsedItem]:
    """The rows of a CSV file under ``mapping`` (guessed from the header when ``None``)."""
    lines = text_lines(data)
    header = read_header(lines)
    if isinstance(header, ParsedItem):
        yield header
        return
    if mapping is None:
        mapping = guess_mapping(header.cells, fields)
    positions = _resolve(header, fields, mapping)
    if isinstance(positions, list):
        yield ParsedItem(header.line, None, positions, header.source)
        return
    titles = header.cells
    if numbered(mapping):  # no header row: columns are named by number, the first line is data
        titles = [f"column {i}" for i in range(1, len(header.cells) + 1)]
    names = {name: titles[i] for name, i in positions.items()}
    mapped = set(positions.values())
    extra = {i: c for i, c in enumerate(titles) if i not in mapped and c}
    reader = csv.reader(lines, delimiter=header.delimiter)
    width = len(header.cells)
    if titles is not header.cells:
        values = {name: header.cells[i] for name, i in positions.items() if header.cells[i]}
        others = {name: header.cells[i] for i, name in extra.items() if header.cells[i]}
        yield Row(header.line, values, others, header.source, names)
    while True:
        start = lines.number + 1
        lines.new_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except RowTooLong:
            message = f"{TOO_LONG}: the rest of the file is not read"
            yield ParsedItem(start, None, [FieldError("row", message)])
            return
        except UnicodeDecodeError:
            yield ParsedItem(lines.number + 1, None, [FieldError("file", NOT_UTF8_MESSAGE)])
            return
        except csv.Error as error:
            yield ParsedItem(start, None, [FieldError("row", str(error))])
            if lines.number < start:
                return
            continue
        if not any(cell.strip() for cell in cells):
            continue
        source = excerpt(header.delimiter.join(cells))
        if len(cells) != width:
            first = "header" if titles is header.cells else "first row"
            message = f"has {len(cells)} cells, the {first} has {width}"
            yield ParsedItem(start, None, [FieldError("row", message)], source)
            continue
        stripped = [unescape(cell.strip()) for cell in cells]
        values = {name: stripped[i] for name, i in positions.items() if stripped[i]}
        others = {name: stripped[i] for i, name in extra.items() if stripped[i]}
        yield Row(start, values, others, source, names)
