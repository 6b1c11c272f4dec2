"""Money: transfers between accounts, following the money, and laundering typologies.

Pure analysis over a :class:`Ledger` of :class:`Transfer`s (payments in analysis files are
``Edge``s of kind ``"paid"``: see :func:`transfers_from_edges`). :func:`follow` traces a sum
forward or back through time-respecting hops with capped amounts; :func:`detect` finds fan-in,
fan-out, gather-scatter, scatter-gather, cycles and structuring, each :class:`Finding` with
the accounts, transfers, amount, time window and a plain reason in English (:func:`explain`
says it in the analyst's language); :func:`score` measures findings against labelled
patterns. No storage, web or pydantic imports: numpy sweeps, so a million transfers take
seconds.
"""

from clew.money.detection import detect
from clew.money.explain import explain
from clew.money.flow import Direction, Flow, FlowStep, follow
from clew.money.ledger import Ledger
from clew.money.scoring import Labelled, Score, matches, score
from clew.money.transfers import Transfer, transfer_edge, transfers_from_edges
from clew.money.typologies import Finding, Thresholds, Typology

__all__ = [
    "Direction", "Finding", "Flow", "FlowStep", "Labelled", "Ledger", "Score", "Thresholds",
    "Transfer", "Typology", "detect", "explain", "follow", "matches", "score", "transfer_edge",
    "transfers_from_edges",
]  # fmt: skip
