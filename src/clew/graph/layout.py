"""Where to draw each node: a force-directed layout that is the same every time.

``seeded_layout(keys, pairs)`` places the nodes with Fruchterman-Reingold (igraph), starting
from a circle in the order given and drawing from a ``random.Random(seed)`` installed for the call
only, so the same nodes and links in the same order always get the same positions: a chart
stays put between loads and the printed report shows the picture the analyst saw. Callers
order the nodes by rank, so the best-ranked start near each other. Positions are scaled to
``spacing`` units between linked nodes on average (pixels for a chart). No node: ``{}``; one
node: at the origin; pairs naming unknown keys or a node twice (loops) are ignored.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

from clew.graph.groups import RNG_LOCK
from clew.graph.network import igraph

__all__ = ["seeded_layout"]

ITERATIONS = 500
"""Iterations up to ``FULL`` nodes; fewer above (at least ``FEWEST``), so that a chart of
2,000 nodes is laid out in about a second rather than seven."""
FULL, FEWEST = 300, 60


def seeded_layout(
    keys: Sequence[str], pairs: Iterable[tuple[str, str]], *, spacing: float = 90.0,
    seed: int = 0,
) -> dict[str, tuple[float, float]]:  # fmt: skip
    """Key -> (x, y) for every key (see the module docstring)."""
    n = len(keys)
    if n < 2:
        return {key: (0.0, 0.0) for key in keys}
    index = {key: i for i, key in enumerate(keys)}
    edges = sorted({
        (min(index[a], index[b]), max(index[a], index[b]))
        for a, b in pairs if a in index and b in index and a != b
    })  # fmt: skip
    graph = igraph().Graph(n=n, edges=edges)
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    iterations = max(FEWEST, ITERATIONS * min(n, FULL) // n)
    with RNG_LOCK:
        igraph().set_random_number_generator(random.Random(seed))  # noqa: S311 (not security)
        try:
            coords = graph.layout_fruchterman_reingold(seed=start, niter=iterations).coords
        finally:
            igraph().set_random_number_generator(random)
    lengths = [math.dist(coords[a], coords[b]) for a, b in edges]
    mean = sum(lengths) / len(lengths) if lengths else 1.0
    scale = spacing / (mean or 1.0)
    return {
        key: (round(x * scale, 1), round(y * scale, 1))
        for key, (x, y) in zip(keys, coords, strict=True)
    }
