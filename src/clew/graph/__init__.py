"""Network analysis for analysis files: pure code over igraph, leidenalg and numpy.

The caller passes ``Node``/``Edge`` lists (an analysis file or a selection of it); everything
here works on a ``Network`` built from them once:

- ``network``: ``Network.build`` — igraph graphs (simple undirected, simple directed, and the
  multigraph as given) plus key <-> index maps;
- ``neighbourhood``: who is within N links of some entities, capped;
- ``paths``: shortest, all short, and time-ordered paths between two entities;
- ``groups``: connected components and Leiden communities;
- ``layout``: where to draw each node, the same on every load (seeded force-directed);
- ``measures``: degree, betweenness, closeness, eigenvector, PageRank, coreness per node;
- ``brokerage``: Gould-Fernandez brokerage roles by group;
- ``ranking`` and ``explain``: key players (high-value targets) with reasons, in words in
  en, vi, lv and bg;
- ``disruption``: what removing the key players does to the network, against random removal;
- ``periods``: the network across time windows: who rises, falls, appears and disappears.

No storage, web or pydantic imports: this package is tested and benchmarked alone.
"""

from clew.graph.brokerage import BROKER_ROLES, Brokerage, Role, brokerage
from clew.graph.disruption import SCORE, Disruption, Step, disrupt
from clew.graph.explain import explain, explain_reasons
from clew.graph.groups import Partition, communities, components, groups_from_attribute
from clew.graph.items import Edge, Node
from clew.graph.layout import seeded_layout
from clew.graph.measures import MEASURES, Measures, compute_measures
from clew.graph.neighbourhood import Subnetwork, neighbourhood
from clew.graph.network import Network
from clew.graph.paths import Path, TimedPath, short_paths, shortest_path, time_paths
from clew.graph.periods import Move, PeriodComparison, Transition, compare_periods, split_by_window
from clew.graph.ranking import (
    DEFAULT_WEIGHTS,
    FILE_COMPONENTS,
    KeyPlayers,
    Rank,
    Reason,
    Weights,
    key_players,
)

__all__ = [
    "BROKER_ROLES",
    "DEFAULT_WEIGHTS",
    "FILE_COMPONENTS",
    "MEASURES",
    "SCORE",
    "Brokerage",
    "Disruption",
    "Edge",
    "KeyPlayers",
    "Measures",
    "Move",
    "Network",
    "Node",
    "Partition",
    "Path",
    "PeriodComparison",
    "Rank",
    "Reason",
    "Role",
    "Step",
    "Subnetwork",
    "TimedPath",
    "Transition",
    "Weights",
    "brokerage",
    "communities",
    "compare_periods",
    "components",
    "compute_measures",
    "disrupt",
    "explain",
    "explain_reasons",
    "groups_from_attribute",
    "key_players",
    "neighbourhood",
    "seeded_layout",
    "short_paths",
    "shortest_path",
    "split_by_window",
    "time_paths",
]
