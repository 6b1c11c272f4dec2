"""The network formats by name: readers, writers, and a guess at what an upload is.

Readers: ``nodes-csv``, ``edges-csv``, ``cdr-csv``, ``transactions-csv`` (CSV through a
mapping: :attr:`NetworkReader.fields` lists what can be mapped), ``matrix-csv`` and ``ftm``
(no mapping). Writers: ``graphml``, ``gexf``, ``csv`` (a zip of ``nodes.csv`` and
``edges.csv``), ``nodes-csv``, ``edges-csv`` and ``ftm``; each returns the file as bytes.
A new format is one module and one line here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from types import MappingProxyType
from typing import Any, Final

from clew.errors import ValidationError
from clew.graph.items import Edge, Node
from clew.interop.network.cdr import read_cdr_csv
from clew.interop.network.csv_files import write_csv_zip, write_edges_csv, write_nodes_csv
from clew.interop.network.ftm import read_ftm_network
from clew.interop.network.ftm_writer import write_ftm_network
from clew.interop.network.gexf import write_gexf
from clew.interop.network.graphml import write_graphml
from clew.interop.network.lists import read_edges_csv, read_nodes_csv
from clew.interop.network.mapping import (
    CDR_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    TRANSACTION_FIELDS,
    Field,
    FieldMap,
    fold,
    guess_mapping,
)
from clew.interop.network.matrix import read_matrix_csv
from clew.interop.network.parsed import ParsedItem, Source
from clew.interop.network.table import sniff
from clew.interop.network.transactions import read_transactions_csv
from clew.interop.network.values import parse_number, unescape

__all__ = [
    "READERS",
    "WRITERS",
    "NetworkReader",
    "NetworkWriter",
    "detect_network_format",
    "get_reader",
    "get_writer",
]

Write = Callable[[Iterable[Node], Iterable[Edge]], bytes]


@dataclass(frozen=True, slots=True)
class NetworkReader:
    """A readable format. ``fields`` is empty for formats read without a mapping."""

    name: str
    label: str
    extensions: tuple[str, ...]
    reader: Callable[..., Iterator[ParsedItem]]
    fields: tuple[Field, ...] = ()

    def guess(self, header: Sequence[str]) -> dict[str, str]:
        """A proposed mapping for ``header`` (``{}`` for formats without one)."""
        return guess_mapping(header, self.fields) if self.fields else {}

    def read(
        self, data: Source, mapping: FieldMap | None = None, **options: Any
    ) -> Iterator[ParsedItem]:
        """Read ``data``; ``mapping`` only for formats with fields (guessed when ``None``),
        ``options`` as the format's reader takes them (``kind``, ``aggregate``...)."""
        if mapping is not None and not self.fields:
            raise ValidationError.field("mapping", f"{self.name} files are read without one")
        if self.fields:
            return self.reader(data, mapping, **options)
        return self.reader(data, **options)


@dataclass(frozen=True, slots=True)
class NetworkWriter:
    name: str
    label: str
    extension: str
    media_type: str
    write: Write


def _nodes_csv(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    buffer = io.StringIO(newline="")
    write_nodes_csv(nodes, buffer)
    return buffer.getvalue().encode("utf-8")


def _edges_csv(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    buffer = io.StringIO(newline="")
    write_edges_csv(edges, buffer)
    return buffer.getvalue().encode("utf-8")


def _ftm(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    buffer = io.StringIO()
    write_ftm_network(nodes, edges, buffer)
    return buffer.getvalue().encode("utf-8")


READERS: Final[Mapping[str, NetworkReader]] = MappingProxyType(
    {
        "nodes-csv": NetworkReader("nodes-csv", "Node list (CSV)", (".csv", ".tsv", ".txt"),
                                   read_nodes_csv, NODE_FIELDS),
        "edges-csv": NetworkReader("edges-csv", "Edge list (CSV)", (".csv", ".tsv", ".txt"),
                                   read_edges_csv, EDGE_FIELDS),
        "matrix-csv": NetworkReader("matrix-csv", "Adjacency matrix (CSV)", (".csv",),
                                    read_matrix_csv),
        "cdr-csv": NetworkReader("cdr-csv", "Call-detail records (CSV)", (".csv", ".tsv"),
                                 read_cdr_csv, CDR_FIELDS),
        "transactions-csv": NetworkReader("transactions-csv", "Bank transactions (CSV)",
                                          (".csv", ".tsv"), read_transactions_csv,
                                          TRANSACTION_FIELDS),
        "ftm": NetworkReader("ftm", "FollowTheMoney entities (JSON lines)",
                             (".ftm", ".ijson", ".jsonl", ".ndjson"), read_ftm_network),
    }
)  # fmt: skip

WRITERS: Final[Mapping[str, NetworkWriter]] = MappingProxyType(
    {
        "graphml": NetworkWriter("graphml", "GraphML (igraph, networkx, yEd, Cytoscape)",
                                 ".graphml", "application/graphml+xml", write_graphml),
        "gexf": NetworkWriter("gexf", "GEXF 1.3 (Gephi)", ".gexf", "application/gexf+xml",
                              write_gexf),
        "csv": NetworkWriter("csv", "nodes.csv and edges.csv (zip)", ".zip", "application/zip",
                             write_csv_zip),
        "nodes-csv": NetworkWriter("nodes-csv", "Node list (CSV)", ".csv", "text/csv",
                                   _nodes_csv),
        "edges-csv": NetworkWriter("edges-csv", "Edge list (CSV)", ".csv", "text/csv",
                                   _edges_csv),
        "ftm": NetworkWriter("ftm", "FollowTheMoney entities (JSON lines)", ".ftm.json",
                             "application/x-ndjson", _ftm),
    }
)  # fmt: skip


def _named(table: Mapping[str, Any], name: str, what: str) -> Any:
    found = table.get(name.strip().lower())
    if found is None:
        message = f"'{name[:20]}' is not a {what} format: one of {', '.join(table)}"
        raise ValidationError.field("format", message)
    return found


def get_reader(name: str) -> NetworkReader:
    """The reader called ``name`` (any case); a field error on ``format`` when there is none."""
    found: NetworkReader = _named(READERS, name, "network import")
    return found


def get_writer(name: str) -> NetworkWriter:
    """The writer called ``name`` (any case); a field error on ``format`` when there is none."""
    found: NetworkWriter = _named(WRITERS, name, "network export")
    return found


_CDR_WORDS: Final = frozenset(
    {"caller", "callee", "aparty", "bparty", "anumber", "bnumber", "callingnumber",
     "callednumber", "msisdna", "msisdnb", "duration", "callduration"}
)  # fmt: skip
_MONEY_WORDS: Final = frozenset(
    {"iban", "fromaccount", "toaccount", "payer", "beneficiary", "debtor", "creditor",
     "fromiban", "toiban", "payeraccount", "beneficiaryaccount", "bookingdate", "valuedate"}
)  # fmt: skip
_CORNERS: Final = frozenset({"", "players", "player", "nodes", "node", "id", "ids"})


def _rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()][:2]
    if not lines:
        return []
    try:
        return [
            [unescape(c.strip()) for c in row]
            for row in csv.reader(lines, delimiter=sniff(lines[0]))
        ]
    except csv.Error:
        return []


def _is_matrix(rows: list[list[str]]) -> bool:
    if len(rows) < 2 or len(rows[0]) < 2 or fold(rows[0][0]) not in _CORNERS:
        return False
    header, first = rows[0], rows[1]
    if len(first) != len(header) or first[0] not in header[1:]:
        return False
    try:
        for cell in first[1:]:
            if cell:
                parse_number(cell)
    except ValueError:
        return False
    return True


def _complete(header: list[str], fields: tuple[Field, ...]) -> bool:
    guessed = guess_mapping(header, fields)
    return all(spec.name in guessed for spec in fields if spec.required)


def detect_network_format(filename: str, first_bytes: bytes) -> str | None:
    """The reader for an upload when its first bytes (a few kilobytes) leave no doubt.

    A first line that is a JSON object with a ``schema`` (or a ``.ftm``/``.jsonl``... name) is
    ``ftm``. A CSV whose header starts with ``players`` or an empty cell and whose next row
    starts with one of the header's ids and holds numbers is ``matrix-csv``. Otherwise the
    header decides: call words (``caller``, ``A-party``, ``duration``...) with both ends found
    are ``cdr-csv``; account words (``IBAN``, ``payer``, ``debtor``, ``booking date``...) or
    an amount with a currency, with both ends and the amount found, are
    ``transactions-csv``; both ends found are ``edges-csv``; a key with no ends is
    ``nodes-csv``. ``None`` when nothing fits: ask the person importing.
    """
    text = first_bytes.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    first_line = text.partition("\n")[0].strip()
    suffix = PurePath(filename).suffix.lower()
    if first_line.startswith("{"):
        try:
            entity = json.loads(first_line)
        except (ValueError, RecursionError):
            entity = None
        if (isinstance(entity, dict) and "schema" in entity) or '"schema"' in first_line:
            return "ftm"
        return None
    if suffix in READERS["ftm"].extensions:
        return "ftm"
    rows = _rows(text)
    if not rows:
        return None
    if _is_matrix(rows):
        return "matrix-csv"
    header = rows[0]
    words = {fold(cell) for cell in header}
    if words & _CDR_WORDS and _complete(header, CDR_FIELDS):
        return "cdr-csv"
    money = bool(words & _MONEY_WORDS) or {"amount", "currency"} <= words
    if money and "weight" not in words and _complete(header, TRANSACTION_FIELDS):
        return "transactions-csv"
    if _complete(header, EDGE_FIELDS):
        return "edges-csv"
    if _complete(header, NODE_FIELDS):
        return "nodes-csv"
    return None
