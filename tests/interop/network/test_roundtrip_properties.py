"""Any network written out comes back the same: CSV and FtM through our readers, GraphML and
GEXF through networkx. Labels hold XML's specials, quotes, delimiters and several scripts."""

from __future__ import annotations

import io
from datetime import date

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clew.graph.items import Edge, Node
from clew.intel.vocabulary import LinkKind, Reliability
from clew.interop.network.csv_files import write_edges_csv, write_nodes_csv
from clew.interop.network.ftm import read_ftm_network
from clew.interop.network.ftm_writer import write_ftm_network
from clew.interop.network.gexf import write_gexf
from clew.interop.network.graphml import write_graphml
from clew.interop.network.lists import read_edges_csv, read_nodes_csv
from tests.interop.network.factories import edges_of, errors, nodes_of

_CHARS = "abcXYZ 019 <>&\"' ,;|=+-@\t\nИвнحمد李明é"
text = st.text(alphabet=_CHARS, min_size=1, max_size=20).map(str.strip).filter(bool)
keys = st.text(alphabet="abcdefXYZ0123456789-_", min_size=1, max_size=10)
kinds = st.sampled_from(["person", "organisation", "vehicle", "account", "address", "event"])
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
weights = st.integers(min_value=0, max_value=10_000).map(float) | st.sampled_from([0.5, 2.25])


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[Node], list[Edge]]:
    node_keys = draw(st.lists(keys, min_size=2, max_size=6, unique=True))
    nodes = [Node(k, draw(kinds), draw(text)) for k in node_keys]
    edges: list[Edge] = []
    for position in range(draw(st.integers(min_value=0, max_value=6))):
        start = draw(st.none() | days)
        end = None if start is None else draw(st.sampled_from([start, date(2041, 1, 1)]))
        kind = draw(st.sampled_from([k.value for k in LinkKind if k is not LinkKind.USES]))
        attrs = {"reliability": draw(st.sampled_from([r.value for r in Reliability]))}
        edges.append(
            Edge(
                draw(st.sampled_from(node_keys)), draw(st.sampled_from(node_keys)), kind,
                draw(weights), start, end, draw(st.booleans()), f"link-{position}", attrs,
            )
        )  # fmt: skip
    return nodes, edges


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_csv_round_trip(network: tuple[list[Node], list[Edge]]) -> None:
    nodes, edges = network
    node_text, edge_text = io.StringIO(newline=""), io.StringIO(newline="")
    write_nodes_csv(nodes, node_text)
    write_edges_csv(edges, edge_text)
    node_items = list(read_nodes_csv(node_text.getvalue().encode()))
    edge_items = list(read_edges_csv(edge_text.getvalue().encode()))
    assert not errors(node_items) and not errors(edge_items)
    assert nodes_of(node_items) == nodes
    assert edges_of(edge_items) == edges


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_ftm_round_trip(network: tuple[list[Node], list[Edge]]) -> None:
    nodes, edges = network
    stream = io.StringIO()
    assert write_ftm_network(nodes, edges, stream) == 0
    items = list(read_ftm_network(stream.getvalue().encode()))
    assert not errors(items)
    assert sorted(nodes_of(items), key=lambda n: n.key) == sorted(nodes, key=lambda n: n.key)
    assert edges_of(items) == edges


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_graphml_and_gexf_keep_labels_and_weights(network: tuple[list[Node], list[Edge]]) -> None:
    nodes, edges = network
    uniform = [e for e in edges if e.directed] or edges[:0]  # networkx wants one direction
    for graph in (
        nx.read_graphml(io.BytesIO(write_graphml(nodes, uniform)), force_multigraph=True),
        nx.read_gexf(io.BytesIO(write_gexf(nodes, uniform)), version="1.3"),
    ):
        assert {k: d["label"] for k, d in graph.nodes(data=True)} == {
            n.key: n.label.replace("\r", "") for n in nodes
        }
        assert sorted(d["weight"] for *_, d in graph.edges(data=True)) == sorted(
            e.weight for e in uniform
        )
