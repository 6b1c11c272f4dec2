"""Disruption simulation: what happens to the network when chosen nodes are taken out.

``disrupt(network, by="betweenness", k=5)`` removes the top ``k`` nodes by a measure (or the
given ``keys``, in order) one at a time and records, after each removal, the size of the largest
connected component and the number of components (direction ignored; isolated nodes count as
components). Step 0 is the intact network; the last step is the state after removing all ``k``
at once. With ``adaptive=True`` the measure is recomputed on what remains before each removal
(the "recalculated" attack, which hurts more; costs one measure per step, PageRank then taken
undirected). ``by="score"`` removes by the key-player score; with ``adaptive=True`` the
players are ranked again on what remains before each removal. The baseline removes ``k``
random nodes, ``trials`` times with a seeded generator, and averages each step: a targeted
removal is worth something when it beats random.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from clew.graph.measures import Measures, compute_measures, measure
from clew.graph.network import Network
from clew.graph.ranking import key_players

__all__ = ["SCORE", "Disruption", "Step", "disrupt"]

SCORE = "score"
"""Remove by the key-player score (``clew.graph.ranking``) rather than by one measure."""

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Step:
    """The network after ``removed`` (``None`` at step 0): largest component, component count;
    ``random_largest``/``random_components`` are the random baseline's means at this step."""

    removed: str | None
    largest: int
    components: int
    random_largest: float
    random_components: float


@dataclass(frozen=True, slots=True)
class Disruption:
    """The removal order used and the state after each step (``steps[0]``: intact)."""

    by: str
    removed: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def fragmentation(self) -> float:
        """Share of the intact largest component lost after the last step (0..1)."""
        first, last = self.steps[0].largest, self.steps[-1].largest
        return 1 - last / first if first else 0.0


def _state(network: Network, alive: BoolArray) -> tuple[int, int]:
    kept = np.flatnonzero(alive)
    if not len(kept):
        return 0, 0
    parts = network.simple.induced_subgraph(kept.tolist()).connected_components()
    sizes = parts.sizes()
    return max(sizes), len(sizes)


def _top(values: npt.NDArray[np.float64], alive: BoolArray, keys: list[str]) -> int:
    candidates = np.flatnonzero(alive)
    best = values[candidates].max()
    tied = candidates[values[candidates] == best]
    return int(min(tied.tolist(), key=lambda i: keys[i]))


def _scores(network: Network, alive: BoolArray, seed: int) -> npt.NDArray[np.float64]:
    """The key-player scores of the nodes still in, ranked on what remains of the network."""
    kept = np.flatnonzero(alive)
    keys = {network.keys[i] for i in kept}
    rest = Network.build(
        [network.nodes[i] for i in kept],
        [e for e in network.edges if e.source in keys and e.target in keys],
    )
    return key_players(rest, limit=0, seed=seed).scores


def disrupt(
    network: Network,
    *,
    by: str = "betweenness",
    k: int = 5,
    keys: Sequence[str] | None = None,
    adaptive: bool = False,
    measures: Measures | None = None,
    trials: int = 20,
    seed: int = 0,
) -> Disruption:
    """Remove ``keys`` (or the top ``k`` by measure ``by``) one at a time; see the module."""
    n = len(network)
    names = network.keys
    alive = np.ones(n, dtype=np.bool_)
    order: list[int] = []
    if keys is not None:
        order = list(dict.fromkeys(network.indexes(keys)))
        by = "given"
    elif adaptive:
        for _ in range(min(k, n)):
            kept = np.flatnonzero(alive)
            values = np.full(n, -np.inf)
            if by == SCORE:
                values[kept] = _scores(network, alive, seed)
            else:
                sub = network.simple.induced_subgraph(kept.tolist())
                values[kept] = measure(network, by, graph=sub, seed=seed)
            chosen = _top(values, alive, names)
            order.append(chosen)
            alive[chosen] = False
        alive[:] = True
    else:
        if by == SCORE:
            values = key_players(network, measures=measures, limit=0, seed=seed).scores
        else:
            values = (measures or compute_measures(network, seed=seed)).get(by)
        for _ in range(min(k, n)):
            chosen = _top(values, alive, names)
            order.append(chosen)
            alive[chosen] = False
        alive[:] = True
    states = [_state(network, alive)]
    for v in order:
        alive[v] = False
        states.append(_state(network, alive))
    rng = np.random.default_rng(seed)
    baseline = np.zeros((len(order) + 1, 2))
    for _ in range(trials):
        alive[:] = True
        picks: list[int] = rng.choice(n, size=len(order), replace=False).tolist() if n else []
        baseline[0] += _state(network, alive)
        for step, v in enumerate(picks, start=1):
            alive[v] = False
            baseline[step] += _state(network, alive)
    baseline /= max(trials, 1)
    steps = tuple(
        Step(
            removed=None if step == 0 else names[order[step - 1]],
            largest=largest,
            components=count,
            random_largest=round(float(baseline[step, 0]), 3),
            random_components=round(float(baseline[step, 1]), 3),
        )
        for step, (largest, count) in enumerate(states)
    )
    return Disruption(by, tuple(names[v] for v in order), steps)
