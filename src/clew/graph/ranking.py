"""Key players (high-value targets): one score from structure and from what the file knows.

Each node gets components in 0..1 and a weighted sum of them (weights in ``Weights``):

- structure, as *percentile ranks* among all nodes (so a betweenness of 0.02 and a PageRank of
  0.004 compare): betweenness, PageRank, weighted degree, coreness, and brokerage (open
  two-paths that cross a group boundary: itinerant + representative + gatekeeper + liaison);
  a node whose value is 0 scores 0;
- the file: ``role`` from ``Node.attrs`` through ``ROLE_WEIGHTS`` (an unlisted role 0.5),
  ``alerts`` as 1 - 0.5 ** count (1 alert 0.5, 2 alerts 0.75...), ``money`` on a log scale
  relative to the largest amount in the network.

Each ranked node carries ``Reason``s, structured (a code and values) so that the interface can
render them in any language (``clew.graph.explain``) and tests can check them: ``broker``
(communities its contacts span, when it brokers across groups), ``top_betweenness`` /
``top_pagerank`` / ``many_contacts`` (percentile >= 90), ``core`` (in the innermost k-core),
``role``, ``alerts`` and ``money``. Ties in score are broken by key: the same file always gives
the same ranking.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from clew.graph.brokerage import BROKER_ROLES, Brokerage, brokerage
from clew.graph.groups import Partition, communities
from clew.graph.measures import Measures, compute_measures
from clew.graph.network import Network

__all__ = [
    "DEFAULT_WEIGHTS",
    "FILE_COMPONENTS",
    "ROLE_WEIGHTS",
    "KeyPlayers",
    "Rank",
    "Reason",
    "Weights",
    "key_players",
    "percentiles",
]

FloatArray = npt.NDArray[np.float64]

ROLE_WEIGHTS: Mapping[str, float] = {
    "leader": 1.0,
    "boss": 1.0,
    "organiser": 0.9,
    "organizer": 0.9,
    "financier": 0.85,
    "lieutenant": 0.8,
    "broker": 0.75,
    "trafficker": 0.7,
    "supplier": 0.7,
    "courier": 0.4,
    "associate": 0.3,
}
TOP_PERCENTILE = 90
FILE_COMPONENTS = ("role", "alerts", "money")
"""The components that come from what the file knows of a node, not from the network."""


class Reason(NamedTuple):
    """Why a node ranks where it does: a code and the values that back it."""

    code: str
    values: Mapping[str, float | int | str]


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each component counts; they need not add up to 1 (the score is divided by
    their sum, so it stays in 0..1)."""

    betweenness: float = 0.25
    pagerank: float = 0.15
    weighted_degree: float = 0.1
    coreness: float = 0.05
    brokerage: float = 0.15
    role: float = 0.1
    alerts: float = 0.1
    money: float = 0.1

    def items(self) -> list[tuple[str, float]]:
        return [(name, float(getattr(self, name))) for name in self.__slots__]

    def shares(self) -> list[tuple[str, float]]:
        """Each component's share of the score (0..1; together 1), in ``items`` order: what
        the interface shows beside a ranking."""
        total = sum(weight for _, weight in self.items()) or 1.0
        return [(name, weight / total) for name, weight in self.items()]


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Rank:
    """One ranked node: 1-based ``rank``, ``score`` in 0..1, components and reasons."""

    key: str
    rank: int
    score: float
    components: Mapping[str, float]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True, eq=False)
class KeyPlayers:
    """The full ranking and what it was computed from (reusable by disruption and periods)."""

    ranks: list[Rank]
    scores: FloatArray
    measures: Measures
    groups: Partition
    brokerage: Brokerage
    weights: Weights = field(default=DEFAULT_WEIGHTS)


def percentiles(values: FloatArray) -> FloatArray:
    """Per value, the share of values strictly below it (0..1); zeros map to 0."""
    n = len(values)
    if not n:
        return np.zeros(0)
    below = np.searchsorted(np.sort(values), values, side="left").astype(np.float64)
    out = below / max(n - 1, 1)
    out[values <= 0] = 0.0
    return np.minimum(out, 1.0)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    number = float(value)
    return number if math.isfinite(number) and number > 0 else 0.0


def _file_knowledge(network: Network) -> tuple[list[str], FloatArray, FloatArray]:
    roles = [str(node.attrs.get("role") or "").strip().lower() for node in network.nodes]
    alerts = np.array([_number(node.attrs.get("alerts")) for node in network.nodes])
    money = np.array([_number(node.attrs.get("money")) for node in network.nodes])
    return roles, alerts, money


def key_players(
    network: Network,
    *,
    measures: Measures | None = None,
    groups: Partition | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int | None = 50,
    seed: int = 0,
) -> KeyPlayers:
    """Rank every node; ``ranks`` holds the top ``limit`` (all with ``None``).

    ``measures`` and ``groups`` (default: Leiden communities) are computed when not given.
    """
    measures = measures or compute_measures(network, seed=seed)
    groups = groups or communities(network, seed=seed)
    broker = brokerage(network, groups)
    n = len(network)
    crossing = broker.total(BROKER_ROLES).astype(np.float64)
    roles, alerts, money = _file_knowledge(network)
    top_money = float(money.max()) if n else 0.0
    components: dict[str, FloatArray] = {
        "betweenness": percentiles(measures.betweenness),
        "pagerank": percentiles(measures.pagerank),
        "weighted_degree": percentiles(measures.weighted_degree),
        "coreness": measures.scaled("coreness"),
        "brokerage": percentiles(crossing),
        "role": np.array([ROLE_WEIGHTS.get(r, 0.5) if r else 0.0 for r in roles]),
        "alerts": 1.0 - 0.5**alerts,
        "money": np.log1p(money) / math.log1p(top_money) if top_money > 0 else np.zeros(n),
    }
    total_weight = sum(w for _, w in weights.items()) or 1.0
    scores = np.zeros(n)
    for name, weight in weights.items():
        scores += weight * components[name]
    scores /= total_weight
    keys = network.keys
    rounded = np.round(scores, 12)
    candidates = np.arange(n)
    if limit is not None and limit < n:  # only the top ``limit`` (and ties) need sorting
        threshold = np.partition(rounded, n - limit)[n - limit] if limit > 0 else np.inf
        candidates = np.flatnonzero(rounded >= threshold)
    order = sorted(candidates.tolist(), key=lambda i: (-rounded[i], keys[i]))[:limit]
    reach = _groups_reached(network, groups)
    top_core = float(measures.coreness.max()) if n else 0.0
    percent = {
        name: _whole_percent(measures.get(name)) for name in ("betweenness", "pagerank", "degree")
    }
    ranks = [
        Rank(
            key=keys[i],
            rank=position,
            score=round(float(scores[i]), 6),
            components={name: round(float(values[i]), 6) for name, values in components.items()},
            reasons=_reasons(i, measures, percent, crossing, reach, roles, alerts, money, top_core),
        )
        for position, i in enumerate(order, start=1)
    ]
    return KeyPlayers(ranks, scores, measures, groups, broker, weights)


def _groups_reached(network: Network, groups: Partition) -> npt.NDArray[np.int64]:
    """Per node, how many distinct groups it and its direct contacts belong to."""
    n = len(network)
    pairs = network.simple_pairs
    member = groups.membership
    count = groups.count or 1
    nodes = np.concatenate([pairs[:, 0], pairs[:, 1], np.arange(n)])
    their = np.concatenate([member[pairs[:, 1]], member[pairs[:, 0]], member])
    unique = np.unique(nodes * count + their)
    return np.bincount(unique // count, minlength=n).astype(np.int64)


def _whole_percent(values: FloatArray) -> npt.NDArray[np.int64]:
    """Per value, the whole percentage of values strictly below it ("98": top 2%)."""
    below = np.searchsorted(np.sort(values), values, side="left")
    return (100 * below // max(len(values), 1)).astype(np.int64)


def _reasons(
    i: int,
    measures: Measures,
    percent: Mapping[str, npt.NDArray[np.int64]],
    crossing: FloatArray,
    reach: npt.NDArray[np.int64],
    roles: list[str],
    alerts: FloatArray,
    money: FloatArray,
    top_core: float,
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if crossing[i] > 0 and reach[i] >= 2:
        reasons.append(Reason("broker", {"communities": int(reach[i])}))
    for code, name in (("top_betweenness", "betweenness"), ("top_pagerank", "pagerank")):
        percentile = int(percent[name][i])
        if measures.get(name)[i] > 0 and percentile >= TOP_PERCENTILE:
            reasons.append(Reason(code, {"percentile": percentile}))
    degree = measures.degree
    if degree[i] > 0 and percent["degree"][i] >= TOP_PERCENTILE:
        reasons.append(Reason("many_contacts", {"contacts": int(degree[i])}))
    if top_core >= 2 and measures.coreness[i] == top_core:
        reasons.append(Reason("core", {"coreness": int(top_core)}))
    if roles[i]:
        reasons.append(Reason("role", {"role": roles[i]}))
    if alerts[i] > 0:
        reasons.append(Reason("alerts", {"count": int(alerts[i])}))
    if money[i] > 0:
        reasons.append(Reason("money", {"amount": float(money[i])}))
    return tuple(reasons)
