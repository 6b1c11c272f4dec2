"""The registry of network formats, and telling an upload's format from its first bytes."""

from __future__ import annotations

import io

import pytest

from clew.errors import ValidationError
from clew.intel.caviar import DATA
from clew.interop.network.formats import (
    READERS,
    WRITERS,
    detect_network_format,
    get_reader,
    get_writer,
)
from tests.interop.network.factories import edge, edges_of, node

CAVIAR = DATA / "phase1.csv"


def test_the_names() -> None:
    assert set(READERS) == {"nodes-csv", "edges-csv", "matrix-csv", "cdr-csv",
                            "transactions-csv", "ftm"}  # fmt: skip
    assert set(WRITERS) == {"graphml", "gexf", "csv", "nodes-csv", "edges-csv", "ftm"}


def test_lookup_by_name_in_any_case_and_unknown_names() -> None:
    assert get_reader(" CDR-csv ").name == "cdr-csv"
    assert get_writer("GraphML").extension == ".graphml"
    with pytest.raises(ValidationError) as raised:
        get_reader("xlsx")
    assert raised.value.fields[0].field == "format"
    assert "'xlsx' is not a network import format: one of nodes-csv" in raised.value.detail
    with pytest.raises(ValidationError, match="network export format"):
        get_writer("pdf")


def test_readers_with_and_without_a_mapping() -> None:
    cdr = get_reader("cdr-csv")
    header = ["A-party", "B-party"]
    assert cdr.guess(header) == {"caller": "A-party", "callee": "B-party"}
    items = list(cdr.read(b"x,y\n0611111,0622222\n", {"caller": "x", "callee": "y"},
                          aggregate=True))  # fmt: skip
    assert edges_of(items)[0].attrs == {"calls": 1}
    matrix = get_reader("matrix-csv")
    assert matrix.fields == () and matrix.guess(header) == {}
    assert len(list(matrix.read(b"players,a\na,1\n", kind="met"))) == 2
    with pytest.raises(ValidationError, match="read without one"):
        matrix.read(b"", {"source": "a"})


@pytest.mark.parametrize("name", ["graphml", "gexf", "csv", "nodes-csv", "edges-csv", "ftm"])
def test_every_writer_returns_bytes(name: str) -> None:
    content = get_writer(name).write([node("a"), node("b")], [edge("a", "b", "met")])
    assert isinstance(content, bytes) and content


def test_edges_csv_writer_reads_back() -> None:
    content = get_writer("edges-csv").write([], [edge("a", "b", "met", key="k")])
    assert edges_of(list(get_reader("edges-csv").read(io.BytesIO(content)))) == [
        edge("a", "b", "met", key="k")
    ]


DETECT = [
    ("FtM line", "x.json", b'{"id": "a", "schema": "Person", "properties": {}}\n', "ftm"),
    ("FtM cut short", "x", b'{"id": "a", "schema": "Person", "propert', "ftm"),
    ("FtM by name", "entities.ftm", b"", "ftm"),
    ("other JSON", "x.json", b'{"notices": []}', None),
    ("a matrix", "phase.csv", b'"players","1","4"\n"1",0,2\n"4",1,0\n', "matrix-csv"),
    ("a matrix, empty corner", "m.csv", b";a;b\na;0;1\n", "matrix-csv"),
    ("CDR", "calls.csv", b"A-party;B-party;Start time;Duration\n", "cdr-csv"),
    ("CDR without duration", "c.csv", b"caller,callee,date\n", "cdr-csv"),
    ("bank statement", "s.csv", b"Booking date;From account;To account;Amount\n",
     "transactions-csv"),
    ("money words", "s.csv", b"from,to,amount,currency\n", "transactions-csv"),
    ("edge list", "e.csv", b"Source,Target,Weight\n", "edges-csv"),
    ("edge list with amounts and weight", "e.csv", b"from,to,weight,amount,currency\n",
     "edges-csv"),
    ("node list", "n.csv", b"\xef\xbb\xbfid,name,type\n", "nodes-csv"),
    ("nothing known", "x.csv", b"foo,bar\n1,2\n", None),
    ("empty", "x.csv", b"", None),
]  # fmt: skip


@pytest.mark.parametrize(("why", "filename", "data", "expected"), DETECT,
                         ids=[d[0] for d in DETECT])  # fmt: skip
def test_detect(why: str, filename: str, data: bytes, expected: str | None) -> None:
    assert detect_network_format(filename, data) == expected


def test_detect_a_caviar_phase() -> None:
    assert detect_network_format(CAVIAR.name, CAVIAR.read_bytes()[:4096]) == "matrix-csv"
