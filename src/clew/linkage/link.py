"""Proposing which entities are one: ``link`` two lists, ``dedupe`` one.

Both run the same pipeline: ``prepare`` each entity once; ``blocking`` proposes candidate
pairs; ``compare`` gives each pair a verdict per field; the ``model`` (estimated by EM on
these pairs when there are at least ``model.MIN_PAIRS`` of them, else the fixed calibration)
scores each pair (per kind of entity: each kind has its own model); pairs scoring at least
``Thresholds.propose`` are returned, best first, as ``Match`` objects, ``strong`` from
``Thresholds.strong``. An estimate that EM gets wrong is refused (``model.estimate``).

``one_to_one`` (``link`` only) keeps each entity in at most one match, for two lists that
each hold an entity at most once (two countries' lists of one case): greedy by score, best
first, ties by the keys. Greedy rather than an optimal assignment: among proposed pairs an
entity rarely has two close rivals, and when it does, the analyst sees the reasons.
``clusters`` groups the matches of ``dedupe`` into the sets of keys they join.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from clew.linkage.blocking import MAX_PAIRS, candidate_pairs, dedupe_pairs
from clew.linkage.candidate import Candidate, Prepared, prepare
from clew.linkage.compare import Comparison, Reason, Verdict, compare
from clew.linkage.model import DEFAULT, MIN_PAIRS, Model, estimate

__all__ = ["Match", "Strength", "Thresholds", "clusters", "dedupe", "link"]


class Strength(StrEnum):
    STRONG = "strong"
    PROPOSED = "proposed"


class Thresholds:
    """Where proposals start and where they are strong. ``strong`` must be at least
    ``propose``. The defaults: 0.5 proposes a pair as soon as it is more likely one entity
    than two; 0.95 calls it strong (the fixed calibration gives a strong match for an exact
    name only together with something more: a date of birth, an identifier, an address)."""

    __slots__ = ("propose", "strong")

    def __init__(self, strong: float = 0.95, propose: float = 0.5) -> None:
        if not 0.0 <= propose <= strong <= 1.0:
            raise ValueError("thresholds need 0 <= propose <= strong <= 1")
        self.strong = strong
        self.propose = propose


class Match:
    """A proposed pair: both keys, the score in [0, 1], strong or proposed, and one reason per
    compared field (``(field, verdict)``, with the values compared and the weight)."""

    __slots__ = ("left", "reasons", "right", "score", "strength")

    def __init__(
        self, left: str, right: str, score: float, strength: Strength, reasons: tuple[Reason, ...]
    ) -> None:
        self.left = left
        self.right = right
        self.score = score
        self.strength = strength
        self.reasons = reasons

    def __repr__(self) -> str:
        return f"Match({self.left!r}, {self.right!r}, {self.score:.3f}, {self.strength.value})"


def _scored(comparisons: list[Comparison], model: Model | None, train: bool) -> Model:
    if model is not None:
        return model
    if train and len(comparisons) >= MIN_PAIRS:
        return estimate(c.verdicts() for c in comparisons)
    return DEFAULT


def _matches(
    comparisons: Iterable[Comparison], models: dict[str, Model], limits: Thresholds
) -> list[Match]:
    out: list[Match] = []
    for comparison in comparisons:
        model = models[comparison.left.candidate.kind]
        score = model.probability(comparison.verdicts())
        if score < limits.propose:
            continue
        reasons = []
        for reason in comparison.reasons:
            if reason.verdict is not Verdict.NOT_COMPARED:
                reason.weight = round(model.weight(reason.field, reason.verdict), 3)
                reasons.append(reason)
        strength = Strength.STRONG if score >= limits.strong else Strength.PROPOSED
        out.append(Match(comparison.left.key, comparison.right.key, round(score, 4), strength,
                         tuple(reasons)))  # fmt: skip
    out.sort(key=lambda m: (-m.score, m.left, m.right))
    return out


def _run(
    pairs: list[tuple[Prepared, Prepared]],
    model: Model | None,
    train: bool,
    thresholds: Thresholds | None,
) -> list[Match]:
    by_kind: dict[str, list[Comparison]] = {}
    for a, b in pairs:
        by_kind.setdefault(a.candidate.kind, []).append(compare(a, b))
    models = {kind: _scored(found, model, train) for kind, found in by_kind.items()}
    everything = (c for found in by_kind.values() for c in found)
    return _matches(everything, models, thresholds or Thresholds())


def link(
    left: Sequence[Candidate],
    right: Sequence[Candidate],
    *,
    thresholds: Thresholds | None = None,
    one_to_one: bool = False,
    model: Model | None = None,
    train: bool = True,
    max_pairs: int = MAX_PAIRS,
) -> list[Match]:
    """Propose pairs of one entity of ``left`` and one of ``right`` that may be the same
    (``Match.left`` is a key of ``left``). ``model`` fixes the model (no estimation);
    ``train=False`` keeps the fixed calibration; ``max_pairs`` is blocking's largest block."""
    a = [prepare(c) for c in left]
    b = [prepare(c) for c in right]
    pairs = [(a[i], b[j]) for i, j in candidate_pairs(a, b, max_pairs=max_pairs)]
    found = _run(pairs, model, train, thresholds)
    return _one_to_one(found) if one_to_one else found


def dedupe(
    items: Sequence[Candidate],
    *,
    thresholds: Thresholds | None = None,
    model: Model | None = None,
    train: bool = True,
    max_pairs: int = MAX_PAIRS,
) -> list[Match]:
    """Propose pairs of entities of one list that may be the same (keys in list order:
    ``Match.left`` comes before ``Match.right`` in ``items``). Options as for ``link``."""
    prepared = [prepare(c) for c in items]
    pairs = [(prepared[i], prepared[j]) for i, j in dedupe_pairs(prepared, max_pairs=max_pairs)]
    return _run(pairs, model, train, thresholds)


def _one_to_one(matches: list[Match]) -> list[Match]:
    """Each key at most once: the best match first (``matches`` is sorted best first)."""
    used_left: set[str] = set()
    used_right: set[str] = set()
    out = []
    for match in matches:
        if match.left in used_left or match.right in used_right:
            continue
        used_left.add(match.left)
        used_right.add(match.right)
        out.append(match)
    return out


def clusters(matches: Iterable[Match]) -> list[set[str]]:
    """The groups of keys that matches join (connected components), largest first, then by
    their smallest key. Keys in no match are not listed."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for match in matches:
        a, b = root(match.left), root(match.right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = {}
    for key in parent:
        groups.setdefault(root(key), set()).add(key)
    return sorted(groups.values(), key=lambda g: (-len(g), min(g)))
