"""Network analysis at scale: a synthetic criminal-network-shaped graph of 200k nodes and 1M
edges (communities of power-law sizes, heavy-tailed activity, 80% of links inside a community),
built from ``Node``/``Edge`` lists as an analysis file would pass them.

Times the build, Leiden communities, PageRank, sampled betweenness, the full key-player ranking
(measures computed once, communities, brokerage, scores), and neighbourhood + path queries
(p50/p99 of 100), beside networkx PageRank on the same graph in the same run (the reference
implementation an analyst would otherwise use). ``CLEW_BENCH_GRAPH_NODES`` /
``CLEW_BENCH_GRAPH_EDGES`` change the size. Figures go to ``bench/results/intel_graph.json``.
"""

from __future__ import annotations

import os
import resource
import time
from datetime import date, timedelta

import numpy as np
from common import bar_plot, timed, write

from clew.graph import (
    Edge,
    Network,
    Node,
    brokerage,
    communities,
    compute_measures,
    key_players,
    neighbourhood,
    short_paths,
    shortest_path,
    time_paths,
)
from clew.graph.measures import PIVOTS, _betweenness, _pivots

NODES = int(os.environ.get("CLEW_BENCH_GRAPH_NODES", "200000"))
EDGES = int(os.environ.get("CLEW_BENCH_GRAPH_EDGES", "1000000"))
GROUPS = max(NODES // 100, 1)
QUERIES = 100


def synthetic(
    nodes: int = NODES, edges: int = EDGES, seed: int = 7
) -> tuple[list[Node], list[Edge]]:
    """Seeded community-structured, power-law graph as ``Node``/``Edge`` lists.

    Each node has a community (sizes vary) and a Pareto "activity"; an edge picks its community
    by total activity and both ends by activity inside it (80%), or both ends anywhere (20%).
    A third of the edges are directed calls with a date in 2023-2024; some nodes carry a role,
    watchlist alerts or money, as an analysis file would.
    """
    rng = np.random.default_rng(seed)
    group = np.sort(rng.integers(0, GROUPS, nodes))
    activity = rng.pareto(1.6, nodes) + 1
    cumulative = np.cumsum(activity)
    starts = np.searchsorted(group, np.arange(GROUPS))
    group_total = np.add.reduceat(activity, starts)
    group_offset = np.concatenate([[0.0], cumulative])[starts]
    inside = int(edges * 0.8)

    def pick_inside(groups: np.ndarray) -> np.ndarray:
        at = group_offset[groups] + rng.random(len(groups)) * group_total[groups]
        return np.minimum(np.searchsorted(cumulative, at, side="right"), nodes - 1)

    def pick_any(count: int) -> np.ndarray:
        return np.minimum(
            np.searchsorted(cumulative, rng.random(count) * cumulative[-1]), nodes - 1
        )

    chosen = rng.choice(GROUPS, inside, p=group_total / group_total.sum())
    source = np.concatenate([pick_inside(chosen), pick_any(edges - inside)])
    target = np.concatenate([pick_inside(chosen), pick_any(edges - inside)])
    directed = rng.random(edges) < 1 / 3
    day0 = date(2023, 1, 1)
    days = rng.integers(0, 730, edges)
    weights = rng.integers(1, 20, edges)
    roles = ("leader", "lieutenant", "courier", "financier")
    node_list = []
    for i in range(nodes):
        attrs: dict[str, object] = {}
        if i % 997 == 0:
            attrs["role"] = roles[(i // 997) % 4]
        if i % 1009 == 0:
            attrs["alerts"] = 1 + i % 3
        if i % 499 == 0:
            attrs["money"] = float(activity[i] * 10_000)
        node_list.append(Node(f"n{i}", attrs=attrs))
    edge_list = [
        Edge(f"n{s}", f"n{t}", "called" if d else "met", float(w),
             day0 + timedelta(days=int(x)) if d else None,
             day0 + timedelta(days=int(x)) if d else None, bool(d))
        for s, t, d, w, x in zip(source.tolist(), target.tolist(), directed.tolist(),
                                 weights.tolist(), days.tolist(), strict=True)
    ]  # fmt: skip
    return node_list, edge_list


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _queries(network: Network, seed: int = 3) -> tuple[list[float], list[float], list[float]]:
    """Per query: neighbourhood (depth 2, 500 cap) + shortest + all shortest; and time paths."""
    rng = np.random.default_rng(seed)
    keys = network.keys
    busy = np.flatnonzero(np.asarray(network.simple.degree()) > 0)
    pairs = rng.choice(busy, size=(QUERIES, 2))
    combined, paths_ms, timed_ms = [], [], []
    for a, b in pairs.tolist()[:1]:  # warm-up: one query builds the CSR arc indexes it uses
        neighbourhood(network, [keys[a]], depth=2, limit=500)
        short_paths(network, keys[a], keys[b], limit=100)
        time_paths(network, keys[a], keys[b], max_hops=4, limit=5)
    for a, b in pairs.tolist():
        started = time.perf_counter()
        neighbourhood(network, [keys[a]], depth=2, limit=500)
        middle = time.perf_counter()
        shortest_path(network, keys[a], keys[b])
        short_paths(network, keys[a], keys[b], limit=100)
        done = time.perf_counter()
        time_paths(network, keys[a], keys[b], max_hops=4, limit=5)
        timed_ms.append((time.perf_counter() - done) * 1000)
        combined.append((done - started) * 1000)
        paths_ms.append((done - middle) * 1000)
    return combined, paths_ms, timed_ms


def _p(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2)


def measure() -> dict[str, float]:
    """Run the whole benchmark once; figures by name (seconds, milliseconds, counts)."""
    (nodes, edges), generate_s = timed(lambda: synthetic())
    before = _rss_mb()
    network, build_s = timed(lambda: Network.build(nodes, edges))
    build_rss = _rss_mb() - before
    groups, communities_s = timed(lambda: communities(network))
    _, directed_s = timed(lambda: network.directed)  # the directed view is built on first use
    _, pagerank_s = timed(lambda: network.directed.pagerank(weights="weight"))
    pivots = _pivots(len(network), PIVOTS, 0)
    _, betweenness_s = timed(lambda: _betweenness(network.simple, pivots))
    measures = compute_measures(network)
    ranked_measures = ("degree", "weighted_degree", "betweenness", "pagerank", "coreness")
    _, measures_s = timed(lambda: [measures.get(name) for name in ranked_measures])
    _, closeness_s = timed(lambda: measures.closeness)
    _, eigenvector_s = timed(lambda: measures.eigenvector)
    # the full ranking from scratch: measures, communities, brokerage, scores, reasons
    _, brokerage_s = timed(lambda: brokerage(network, groups))
    ranking, ranking_s = timed(lambda: key_players(network, limit=100))
    (combined, paths_ms, timed_ms), queries_s = timed(lambda: _queries(network))
    query_warmup_s = queries_s - (sum(combined) + sum(timed_ms)) / 1000

    import networkx as nx

    def networkx_pagerank() -> object:
        graph = nx.DiGraph()
        graph.add_weighted_edges_from(
            zip(network.directed_pairs[:, 0].tolist(), network.directed_pairs[:, 1].tolist(),
                network.directed.es["weight"], strict=True)
        )  # fmt: skip
        started = time.perf_counter()
        nx.pagerank(graph, weight="weight")
        return time.perf_counter() - started

    nx_pagerank_s, nx_total_s = timed(networkx_pagerank)
    return {
        "nodes": len(network),
        "edges": len(network.edges),
        "simple_edges": network.simple.ecount(),
        "communities": groups.count,
        "modularity": round(groups.modularity, 4),
        "generate_s": round(generate_s, 2),
        "graph_1m_build_s": round(build_s, 2),
        "graph_1m_build_rss_mb": round(build_rss),
        "directed_view_build_s": round(directed_s, 2),
        "communities_s": round(communities_s, 2),
        "pagerank_s": round(pagerank_s, 2),
        "betweenness_sampled_s": round(betweenness_s, 2),
        "betweenness_pivots": PIVOTS,
        "measures_for_ranking_s": round(measures_s, 2),
        "closeness_sampled_s": round(closeness_s, 2),
        "eigenvector_s": round(eigenvector_s, 2),
        "graph_1m_ranking_s": round(ranking_s, 2),
        "brokerage_s": round(brokerage_s, 2),
        "query_warmup_s": round(query_warmup_s, 2),
        "path_query_ms_p50": _p(combined, 50),
        "path_query_ms_p99": _p(combined, 99),
        "paths_only_ms_p99": _p(paths_ms, 99),
        "time_paths_ms_p50": _p(timed_ms, 50),
        "time_paths_ms_p99": _p(timed_ms, 99),
        "networkx_1m_pagerank_s": round(float(nx_pagerank_s), 2),  # type: ignore[arg-type]
        "networkx_1m_pagerank_with_graph_build_s": round(nx_total_s, 2),
        "top_key_player_score": ranking.ranks[0].score,
        "max_rss_mb": round(_rss_mb()),
    }


def main() -> None:
    results: dict[str, object] = {
        **measure(),
        "note": "one process; igraph holds the GIL, so the second core idles. Ranking = Leiden "
        "communities + measures (32-pivot betweenness) + brokerage + scores on a built network "
        "(build and the directed view timed apart). Query = neighbourhood depth 2 (cap 500) + "
        "shortest path + all shortest paths (cap 100), after one warm-up query that builds the "
        "CSR arc indexes (query_warmup_s); time paths apart (max 4 hops, 5 paths).",
    }
    print(results)
    write("intel_graph", results)
    plot(results)


def plot(results: dict[str, object]) -> None:
    """Seconds per stage on the synthetic graph, with networkx PageRank as the reference."""
    stages = {
        "build (Node/Edge -> igraph)": "graph_1m_build_s",
        "Leiden communities": "communities_s",
        "PageRank (igraph)": "pagerank_s",
        "PageRank (networkx)": "networkx_1m_pagerank_s",
        f"betweenness, {PIVOTS} pivots": "betweenness_sampled_s",
        "full key-player ranking": "graph_1m_ranking_s",
    }
    bar_plot(
        "intel_graph",
        f"{results['nodes']:,} nodes / {results['edges']:,} edges, one process",
        {label: float(results[key]) for label, key in stages.items()},  # type: ignore[arg-type]
        "s",
    )


if __name__ == "__main__":
    main()
