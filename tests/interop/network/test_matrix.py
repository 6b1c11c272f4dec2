"""Adjacency matrices: the CAVIAR phases as published, and every way a matrix can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from clew.intel.caviar import DATA as CAVIAR
from clew.interop.network.matrix import read_matrix_csv
from clew.interop.network.parsed import count_lines
from tests.interop.network.factories import day, edge, edges_of, errors, node, nodes_of, read

PHASES = [CAVIAR / f"phase{n}.csv" for n in range(1, 12)]

SMALL = """\
"players","1","4","89"
"1",0,1,4
"4",0,0,0
"89",1,,2
"""


def test_a_small_matrix() -> None:
    items = read(read_matrix_csv, SMALL, start=day("1994-01-01"), end=day("1994-02-28"))
    assert nodes_of(items) == [node("1", label="1"), node("4", label="4"), node("89", label="89")]
    assert {i.line for i in items if i.node} == {1}
    window = {"start": day("1994-01-01"), "end": day("1994-02-28"), "directed": True}
    assert edges_of(items) == [
        edge("1", "4", "called", weight=1.0, **window),
        edge("1", "89", "called", weight=4.0, **window),
        edge("89", "1", "called", weight=1.0, **window),
        edge("89", "89", "called", weight=2.0, **window),  # the diagonal is read as written
    ]
    assert [i.line for i in items if i.edge] == [2, 2, 4, 4]
    assert not errors(items)


def test_kinds_and_an_empty_corner_and_semicolons() -> None:
    items = read(read_matrix_csv, ";a;b\na;0;3\nb;1;0\n", kind="met", node_kind="organisation")
    assert nodes_of(items)[0] == node("a", "organisation", "a")
    assert [(e.source, e.target, e.kind, e.weight) for e in edges_of(items)] == [
        ("a", "b", "met", 3.0), ("b", "a", "met", 1.0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("players\n", [(1, "header", "has no node ids: the first row lists the nodes")]),
        ("players,a,a\na,0,0\n", [(1, "header", "names a node twice: 'a'")]),
        ("players,a,\na,0,0\n", [(1, "header", "has an empty node id")]),
        ("players,a,b\na,0,x\nb,0,0\n", [(2, "column b", "'x' is not a number")]),
        ("players,a,b\na,0,-1\nb,0,0\n", [(2, "column b", "'-1' is negative")]),
        ("players,a,b\na,0,1\nc,1,0\nb,0,0\n", [(3, "row", "'c' is not a node of the header")]),
        ("players,a,b\na,0,1\na,1,0\nb,0,0\n", [(3, "row", "'a' has a row already, on line 2")]),
        ("players,a,b\na,0\nb,0,0\n", [(2, "row", "has 2 cells, the header has 3")]),
        ("players,a,b\n,0,1\nb,0,0\na,0,0\n", [(2, "row", "has no node id in its first cell")]),
        ("players,a,b,c\na,0,1,0\n",
         [(3, "matrix", "is not square: 3 columns but 1 rows; no row for 'b', 'c'")]),
        (b"players,a\na,\xff\n", [(2, "file", "is not UTF-8 text: save it as UTF-8")]),
        (b"", [(1, "file", "is empty: it needs a header row")]),
    ],
)  # fmt: skip
def test_matrix_errors(text: str | bytes, expected: list[tuple[int, str, str]]) -> None:
    assert errors(read(read_matrix_csv, text)) == expected


def test_a_bad_cell_does_not_lose_the_good_ones() -> None:
    items = read(read_matrix_csv, "players,a,b,c\na,0,x,2\nb,0,0,0\nc,0,0,0\n")
    assert [(e.source, e.target) for e in edges_of(items)] == [("a", "c")]


@pytest.mark.parametrize("path", PHASES, ids=lambda p: p.stem)
def test_every_caviar_phase_reads_cleanly(path: Path) -> None:
    data = path.read_bytes()
    items = read(read_matrix_csv, data)
    assert not errors(items)
    nodes = nodes_of(items)
    assert 15 <= len(nodes) <= 42
    assert count_lines(data) == len(nodes) + 1
    keys = {n.key for n in nodes}
    edges = edges_of(items)
    assert edges and all(e.source in keys and e.target in keys for e in edges)
    assert all(e.weight >= 1 and e.directed and e.kind == "called" for e in edges)


def test_the_caviar_network_as_a_whole() -> None:
    players: set[str] = set()
    calls = 0.0
    for path in PHASES:
        with path.open("rb") as stream:  # a binary stream, as an upload arrives
            items = list(read_matrix_csv(stream))
        players |= {n.key for n in nodes_of(items)}
        calls += sum(e.weight for e in edges_of(items))
    # The README speaks of 110 players; the eleven published matrices name 107 of them.
    assert len(players) == 107
    assert {"1", "3"} <= players  # present in every phase
    assert calls > 1000
