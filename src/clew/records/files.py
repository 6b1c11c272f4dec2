"""Import and export files of records, in any format of :mod:`clew.interop`.

Shared by the API, the web upload and the CLI so they read, decode and report the same way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO, TextIO

from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.errors import ValidationError
from clew.interop import ParsedRow, detect_format, get_format
from clew.records.imports import ImportMode, ImportReport, import_rows
from clew.records.schemas import RecordPublic
from clew.records.store import RecordFilter, iter_export

__all__ = ["export_file", "import_file", "read_rows"]

HEAD = 8192


def _decoded(rows: Iterator[ParsedRow]) -> Iterator[ParsedRow]:
    try:
        yield from rows
    except UnicodeDecodeError:
        raise ValidationError.field("file", "is not UTF-8 text") from None


def read_rows(
    source: BinaryIO,
    *,
    filename: str,
    format_name: str | None,
    progress: Callable[[int], None] | None = None,
) -> list[ParsedRow]:
    """Read and check every row of ``source`` before anything is written.

    Parsing needs no database, so shells do it before they open the write transaction: on
    SQLite, a 100,000-row file is parsed without holding the write lock that checks need.
    """
    head = source.read(HEAD)
    fmt = get_format(format_name or detect_format(filename, head))
    stream = io.TextIOWrapper(
        io.BufferedReader(_Rewound(head, source)), encoding="utf-8-sig", errors="strict",
        newline="",
    )  # fmt: skip
    rows: list[ParsedRow] = []
    for row in _decoded(fmt.read(stream)):
        rows.append(row)
        if progress and len(rows) % 500 == 0:
            progress(len(rows))
    return rows


def import_file(
    session: Session,
    actor: Actor,
    source: BinaryIO,
    *,
    filename: str,
    format_name: str | None,
    mode: ImportMode,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read ``source`` (bytes, UTF-8 with or without BOM) and import it as ``actor``'s agency.

    The format is ``format_name`` or, when ``None``, detected from the first bytes and the name.
    """
    rows = read_rows(source, filename=filename, format_name=format_name)
    return import_rows(session, actor, rows, mode, filename=filename, progress=progress)


def export_file(
    session: Session, actor: Actor, flt: RecordFilter, format_name: str, stream: TextIO
) -> tuple[int, int]:
    """Write every visible record matching ``flt``; returns (exported, skipped by the format)."""
    fmt = get_format(format_name)
    counted = 0

    def records() -> Iterator[RecordPublic]:
        nonlocal counted
        for record in iter_export(session, actor, flt, fmt.name):
            counted += 1
            yield record

    skipped = fmt.write(records(), stream)
    return counted - skipped, skipped


class _Rewound(io.RawIOBase):
    """The bytes already read for format detection, then the rest of the source."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
