"""Network files for analysis files: nodes and edges in, and out to analysis tools.

Pure: no database, no web. Readers take ``bytes`` or a binary stream and yield
:class:`~clew.interop.network.parsed.ParsedItem` (a :class:`~clew.graph.items.Node` or an
:class:`~clew.graph.items.Edge` with its line, or errors naming the line and the field); they
never raise on bad input. CSV readers take a mapping from Clew fields to the file's columns,
proposed by :func:`~clew.interop.network.mapping.guess_mapping` from the header that
:func:`~clew.interop.network.table.columns` reads. Writers take nodes and edges. Formats are
listed by name in :mod:`clew.interop.network.formats` and documented in
``docs/network-formats.md``.
"""

from clew.interop.network.cdr import normalise_phone, read_cdr_csv
from clew.interop.network.csv_files import write_csv_zip, write_edges_csv, write_nodes_csv
from clew.interop.network.formats import (
    READERS,
    WRITERS,
    NetworkReader,
    NetworkWriter,
    detect_network_format,
    get_reader,
    get_writer,
)
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
    guess_mapping,
)
from clew.interop.network.matrix import read_matrix_csv
from clew.interop.network.parsed import ParsedItem, Source, count_lines
from clew.interop.network.table import columns
from clew.interop.network.transactions import (
    iban_is_valid,
    normalise_account,
    read_transactions_csv,
)

__all__ = [
    "CDR_FIELDS",
    "EDGE_FIELDS",
    "NODE_FIELDS",
    "READERS",
    "TRANSACTION_FIELDS",
    "WRITERS",
    "Field",
    "FieldMap",
    "NetworkReader",
    "NetworkWriter",
    "ParsedItem",
    "Source",
    "columns",
    "count_lines",
    "detect_network_format",
    "get_reader",
    "get_writer",
    "guess_mapping",
    "iban_is_valid",
    "normalise_account",
    "normalise_phone",
    "read_cdr_csv",
    "read_edges_csv",
    "read_ftm_network",
    "read_matrix_csv",
    "read_nodes_csv",
    "read_transactions_csv",
    "write_csv_zip",
    "write_edges_csv",
    "write_ftm_network",
    "write_gexf",
    "write_graphml",
    "write_nodes_csv",
]
