"""Periods: the same network in successive time windows, and who rises, falls, comes and goes.

``compare_periods(periods)`` takes period label -> (nodes, edges), in time order, builds each
window's network, computes its measures once, and for each pair of consecutive windows reports:

- ``appeared``: keys present in the later window and not the earlier one (a node is present
  when it is among the window's nodes or an endpoint of one of its edges);
- ``disappeared``: the reverse;
- ``risers`` / ``fallers``: among nodes present in both, the largest changes of rank by
  ``measure`` (rank 1 = highest value, ties by key), at most ``top`` each, biggest move first.
  ``measure="score"`` compares the key-player score, each window ranked on its own network.

``split_by_window(nodes, edges, windows)`` makes the periods from dated edges: an edge belongs to
every window its ``start``..``end`` overlaps (an event with only a start belongs where the start
falls); undated edges belong to no window. A window's nodes are those its edges touch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from clew.graph.items import Edge, Node
from clew.graph.measures import MEASURES, Measures, compute_measures
from clew.graph.network import Network
from clew.graph.ranking import key_players

FloatArray = npt.NDArray[np.float64]
SCORE = "score"
"""Compare by the key-player score (``clew.graph.ranking``), computed window by window."""

__all__ = ["Move", "PeriodComparison", "Transition", "compare_periods", "split_by_window"]


@dataclass(frozen=True, slots=True)
class Move:
    """A node's rank by the measure before and after (1 = top); ``change`` > 0 is a rise."""

    key: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.before - self.after


@dataclass(frozen=True, slots=True)
class Transition:
    """What changed from window ``before`` to window ``after``."""

    before: str
    after: str
    appeared: tuple[str, ...]
    disappeared: tuple[str, ...]
    risers: tuple[Move, ...]
    fallers: tuple[Move, ...]


@dataclass(frozen=True, slots=True, eq=False)
class PeriodComparison:
    """Per-window measures, and the transitions between consecutive windows."""

    labels: tuple[str, ...]
    measure: str
    measures: Mapping[str, Measures]
    transitions: tuple[Transition, ...]
    scores: Mapping[str, FloatArray] = field(default_factory=dict)

    def values(self, label: str, name: str | None = None) -> FloatArray:
        """Measure ``name`` (default: the compared one; ``score``: the key-player score) of
        every node of window ``label``, in its network's order."""
        name = name or self.measure
        if name == SCORE:
            return self.scores[label]
        return self.measures[label].get(name)

    def series(self, key: str, name: str | None = None) -> list[float | None]:
        """The value of measure ``name`` (default: the compared one) for ``key`` in each window;
        ``None`` where the node is absent."""
        out: list[float | None] = []
        for label in self.labels:
            i = self.measures[label].network.index.get(key)
            out.append(None if i is None else float(self.values(label, name)[i]))
        return out

    def ranks(self, label: str) -> dict[str, int]:
        """Each node's rank by the compared measure in window ``label``."""
        return _ranks(self.measures[label].network.keys, self.values(label))


def _ranks(keys: Sequence[str], values: FloatArray) -> dict[str, int]:
    order = sorted(range(len(keys)), key=lambda i: (-float(values[i]), keys[i]))
    return {keys[i]: position for position, i in enumerate(order, start=1)}


def compare_periods(
    periods: Mapping[str, tuple[Sequence[Node], Sequence[Edge]]],
    *,
    measure: str = "pagerank",
    top: int = 10,
    seed: int = 0,
) -> PeriodComparison:
    """Compare the windows of ``periods`` (in the mapping's order); see the module docstring."""
    if measure not in MEASURES and measure != SCORE:
        raise ValueError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}, score")
    labels = tuple(periods)
    computed = {
        label: compute_measures(Network.build(nodes, edges), seed=seed)
        for label, (nodes, edges) in periods.items()
    }
    scores: dict[str, FloatArray] = {}
    if measure == SCORE:
        scores = {
            label: key_players(found.network, measures=found, limit=0, seed=seed).scores
            for label, found in computed.items()
        }
    comparison = PeriodComparison(labels, measure, computed, (), scores)
    transitions: list[Transition] = []
    for before, after in pairwise(labels):
        old, new = comparison.ranks(before), comparison.ranks(after)
        both = [key for key in new if key in old]
        moves = [Move(key, old[key], new[key]) for key in both]
        risers = sorted((m for m in moves if m.change > 0), key=lambda m: (-m.change, m.key))
        fallers = sorted((m for m in moves if m.change < 0), key=lambda m: (m.change, m.key))
        transitions.append(
            Transition(
                before=before,
                after=after,
                appeared=tuple(sorted(key for key in new if key not in old)),
                disappeared=tuple(sorted(key for key in old if key not in new)),
                risers=tuple(risers[:top]),
                fallers=tuple(fallers[:top]),
            )
        )
    return PeriodComparison(labels, measure, computed, tuple(transitions), scores)


def split_by_window(
    nodes: Sequence[Node], edges: Sequence[Edge], windows: Mapping[str, tuple[date, date]]
) -> dict[str, tuple[list[Node], list[Edge]]]:
    """Period label -> (nodes, edges) for each window (first day, last day), inclusive."""
    by_key = {node.key: node for node in nodes}
    dated = [e for e in edges if e.start is not None or e.end is not None]
    starts = np.array([(e.start or e.end).toordinal() for e in dated], dtype=np.int64)  # type: ignore[union-attr]
    ends = np.array([(e.end or e.start).toordinal() for e in dated], dtype=np.int64)  # type: ignore[union-attr]
    out: dict[str, tuple[list[Node], list[Edge]]] = {}
    for label, (first, last) in windows.items():
        inside = np.flatnonzero((starts <= last.toordinal()) & (ends >= first.toordinal()))
        chosen = [dated[i] for i in inside.tolist()]
        touched = dict.fromkeys(k for e in chosen for k in (e.source, e.target))
        out[label] = ([by_key.get(k) or Node(k) for k in touched], chosen)
    return out
