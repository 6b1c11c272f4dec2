"""GraphML, GEXF and CSV exports, read back by independent readers (igraph, networkx) and ours."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import igraph
import networkx as nx

from clew.graph.items import Edge, Node
from clew.interop.network.csv_files import write_csv_zip, write_edges_csv, write_nodes_csv
from clew.interop.network.gexf import write_gexf
from clew.interop.network.graphml import write_graphml
from clew.interop.network.lists import read_edges_csv, read_nodes_csv
from tests.interop.network.factories import day, edge, edges_of, errors, node, nodes_of, read

TRICKY = 'Anna "Annie" <Petrova> & Co\x01'  # XML's five specials and a control character
NODES = [
    node("p1", "person", TRICKY, role="financier", alerts=2, money=1500.5),
    node("p2", "person", "Борис Иванов"),
    node("o1", "organisation", "Orion Logistics Ltd"),
    node("+390612345678", "phone", "+390612345678"),
    node("e1", "event", "Handover", date=day("2024-03-02")),
]
CALLS = [
    edge("p1", "p2", "called", weight=12.0, start=day("2024-03-01"), end=day("2024-03-31"),
         directed=True, key="c1", attrs={"reliability": "B", "information": "2"}),
    edge("p2", "o1", "paid", start=day("2024-02-01"), end=day("2024-02-01"), directed=True,
         key="pay1", attrs={"amount": 1234.5, "currency": "EUR"}),
    edge("p1", "e1", "took_part", directed=True, key="t1"),
    edge("p2", "+390612345678", "uses", weight=2.5, directed=True, key="u1"),
]  # fmt: skip
MEETINGS = [edge("p1", "p2", "met", weight=3.0, key="m1"), edge("p2", "o1", "related_to")]
CLEAN = TRICKY.replace("\x01", "")


def test_graphml_read_by_networkx() -> None:
    graph = nx.read_graphml(io.BytesIO(write_graphml(NODES, CALLS)))
    assert graph.is_directed()
    assert graph.nodes["p1"] == {"label": CLEAN, "kind": "person", "role": "financier",
                                 "alerts": 2, "money": 1500.5}  # fmt: skip
    assert graph.nodes["e1"]["date"] == "2024-03-02"
    assert graph.nodes["p2"]["label"] == "Борис Иванов"
    assert graph.edges["p1", "p2"] == {
        "key": "c1", "kind": "called", "weight": 12.0, "start": "2024-03-01",
        "end": "2024-03-31", "directed": True, "reliability": "B", "information": "2",
        "id": "c1",
    }  # fmt: skip
    assert graph.edges["p2", "o1"]["amount"] == 1234.5
    assert graph.edges["p2", "o1"]["currency"] == "EUR"


def test_graphml_read_by_igraph(tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    path.write_bytes(write_graphml(NODES, CALLS))
    graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.is_directed()
    assert graph.vs["id"] == [n.key for n in NODES]
    assert graph.vs["label"][0] == CLEAN
    assert graph.vs["kind"] == [n.kind for n in NODES]
    assert graph.es["key"] == [e.key for e in CALLS]
    assert graph.es["kind"] == [e.kind for e in CALLS]
    assert graph.es["weight"] == [e.weight for e in CALLS]
    assert graph.es["start"][0] == "2024-03-01"
    ends = [(graph.vs[e.source]["id"], graph.vs[e.target]["id"]) for e in graph.es]
    assert ends == [(e.source, e.target) for e in CALLS]


def test_graphml_of_undirected_links_is_undirected() -> None:
    graph = nx.read_graphml(io.BytesIO(write_graphml(NODES, MEETINGS)))
    assert not graph.is_directed()
    assert graph.edges["p2", "p1"]["weight"] == 3.0


def test_graphml_marks_each_edge_when_directions_are_mixed() -> None:
    text = write_graphml(NODES, CALLS[:1] + MEETINGS[:1]).decode()
    assert 'edgedefault="directed"' in text
    assert 'directed="true"' in text and 'directed="false"' in text


def test_graphml_declares_the_ends_of_every_edge() -> None:
    graph = nx.read_graphml(io.BytesIO(write_graphml([], [edge("x", "y")])))
    assert set(graph.nodes) == {"x", "y"}


def test_gexf_read_by_networkx() -> None:
    graph = nx.read_gexf(io.BytesIO(write_gexf(NODES, CALLS)), version="1.3")
    assert graph.is_directed()
    assert graph.graph["mode"] == "dynamic"
    p1 = graph.nodes["p1"]
    assert (p1["label"], p1["kind"], p1["role"], p1["alerts"]) == (CLEAN, "person", "financier", 2)
    assert graph.nodes["e1"]["start"] == "2024-03-02"  # an event at its date on the timeline
    [(_, _, call)] = [e for e in graph.edges(data=True) if e[2]["id"] == "c1"]
    assert call == {"id": "c1", "kind": "called", "weight": 12.0, "start": "2024-03-01",
                    "end": "2024-03-31", "reliability": "B", "information": "2"}  # fmt: skip
    [(_, _, paid)] = [e for e in graph.edges(data=True) if e[2]["id"] == "pay1"]
    assert (paid["amount"], paid["currency"]) == (1234.5, "EUR")


def test_gexf_without_dates_is_static_and_undirected_links_stay_so() -> None:
    graph = nx.read_gexf(io.BytesIO(write_gexf(NODES[:3], MEETINGS)), version="1.3")
    assert graph.graph["mode"] == "static"
    assert not graph.is_directed()
    assert graph.edges["p1", "p2"]["weight"] == 3.0


def test_gexf_edge_ids_are_unique() -> None:
    twice = [edge("p1", "p2", key="same"), edge("p1", "p2", key="same"), edge("p1", "p2")]
    graph = nx.read_gexf(io.BytesIO(write_gexf(NODES, twice)), version="1.3")
    assert sorted(d["id"] for _, _, d in graph.edges(data=True)) == ["e2", "e3", "same"]


def _roundtrip_csv(nodes: list[Node], edges: list[Edge]) -> tuple[list[Node], list[Edge]]:
    node_text, edge_text = io.StringIO(newline=""), io.StringIO(newline="")
    write_nodes_csv(nodes, node_text)
    write_edges_csv(edges, edge_text)
    node_items = read(read_nodes_csv, node_text.getvalue())
    edge_items = read(read_edges_csv, edge_text.getvalue())
    assert not errors(node_items) and not errors(edge_items)
    return nodes_of(node_items), edges_of(edge_items)


def test_csv_round_trip_with_the_guessed_mapping() -> None:
    nodes = [*NODES[1:], node("p1", "person", CLEAN, role="financier", alerts=2, money=1500.5)]
    edges = [*CALLS, *MEETINGS]
    assert _roundtrip_csv(nodes, edges) == (nodes, edges)


def test_csv_keeps_other_attributes_as_text() -> None:
    nodes, edges = _roundtrip_csv(
        [node("p1", nationality="BG", flagged=True)],
        [edge("p1", "p2", attrs={"source_ref": "message 7", "confidence": 0.5})],
    )
    assert nodes[0].attrs == {"nationality": "BG", "flagged": "yes"}
    assert edges[0].attrs == {"source_ref": "message 7", "confidence": "0.5"}


def test_csv_cells_a_spreadsheet_would_run_are_escaped() -> None:
    text = io.StringIO(newline="")
    write_nodes_csv([node("=HYPERLINK(1)", label="+39 06", role="@boss")], text)
    assert "'=HYPERLINK(1),person,'+39 06,'@boss" in text.getvalue()


def test_csv_zip_holds_both_files() -> None:
    with zipfile.ZipFile(io.BytesIO(write_csv_zip(NODES, CALLS))) as archive:
        assert archive.namelist() == ["nodes.csv", "edges.csv"]
        nodes = read(read_nodes_csv, archive.read("nodes.csv"))
        edges = read(read_edges_csv, archive.read("edges.csv"))
    assert [n.key for n in nodes_of(nodes)] == [n.key for n in NODES]
    assert edges_of(edges) == CALLS


def test_an_empty_network_is_a_valid_file() -> None:
    assert nx.read_graphml(io.BytesIO(write_graphml([], []))).number_of_nodes() == 0
    assert nx.read_gexf(io.BytesIO(write_gexf([], [])), version="1.3").number_of_nodes() == 0
    with zipfile.ZipFile(io.BytesIO(write_csv_zip([], []))) as archive:
        assert archive.read("edges.csv").decode().startswith("key,source,target,kind")
