"""Intelligence headline figures: ``bench/run.py intelligence``.

Runs the three intelligence benchmarks in one go and writes their headline keys together to
``bench/results/intelligence.json`` (each part also keeps its own file): FEBRL4 linkage beside
recordlinkage's classic pipeline (``intel_linkage``), the 200k-node / 1M-edge graph beside
networkx (``intel_graph``), and laundering typologies on injected synthetic transactions beside
a naive detector (``intel_money``).
"""

from __future__ import annotations

from typing import Any

import intel_graph
import intel_linkage
import intel_money
from common import bar_plot, write

HEADLINE = (
    "febrl4_f1", "febrl4_seconds", "graph_1m_build_s", "graph_1m_ranking_s",
    "networkx_1m_pagerank_s", "path_query_ms_p99", "typology_precision", "typology_recall",
)  # fmt: skip


def main() -> None:
    results: dict[str, Any] = {}
    for part in (intel_linkage, intel_graph, intel_money):
        print(f"-- {part.__name__}")
        measured = part.measure()
        write(part.__name__, measured)
        results |= {f"{part.__name__}.{k}": v for k, v in measured.items()}
        results |= {k: v for k, v in measured.items() if k in HEADLINE}
    missing = [k for k in HEADLINE if k not in results]
    if missing:
        raise SystemExit(f"intelligence benchmark lacks {missing}")
    path = write("intelligence", results)
    bar_plot("intelligence", "Intelligence: Clew beside baselines (seconds, lower is better)", {
        "Clew PageRank+ranking, 1M edges": float(results["graph_1m_ranking_s"]),
        "networkx PageRank, 1M edges": float(results["networkx_1m_pagerank_s"]),
        "Clew FEBRL4 linkage": float(results["febrl4_seconds"]),
    }, "s")  # fmt: skip
    for key in HEADLINE:
        print(f"{key:>24}: {results[key]}")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
