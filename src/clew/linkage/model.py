"""The Fellegi–Sunter model: how much each field's verdict says for or against a match.

For each field and each of its levels the model holds ``m``, the probability of that verdict
when the two entities are the same, and ``u``, when they are not. A verdict adds
``ln(m / u)`` to the log-odds (a field ``not compared`` adds nothing), and the score is the
probability of a match::

    score = 1 / (1 + exp(-(ln(prior / (1 - prior)) + Σ ln(m / u))))

``prior`` is the share of matches among the pairs that blocking proposes, so the score reads
as the probability that a proposed pair is one entity, given what was compared (fields are
taken as independent given match or non-match, the model's one simplification: an address,
its locality and its postcode count as three witnesses).

**The fixed calibration** (``DEFAULT``) was set by hand from what each verdict means, not
fitted: names alone never make a strong match (an exact name with nothing else is 0.87:
proposed, not strong); a date of birth that is ``different`` outweighs an exact name; a
shared identifier or phone outweighs nearly everything but a different name *and* a
different date of birth (a stolen passport); the other sex's form of a surname together with
``gender: different`` refutes. It is what small lists use.

**Estimation** (``estimate``): expectation-maximisation on the compared pairs, unsupervised,
like Splink's and recordlinkage's ECM: it starts from ``DEFAULT`` (which fixes which class is
"match"), counts each distinct pattern of verdicts once with its multiplicity, and adds one
pseudo-pair per field distributed like ``DEFAULT`` so that a level never seen keeps a
sensible probability instead of zero. ``link`` and ``dedupe`` estimate when they have at
least ``MIN_PAIRS`` pairs to learn from.

EM splits the compared pairs into the two classes that explain them best, and that is the
match/non-match split only when matches are a fair share of the pairs. When they are rare
(a list with a few duplicates among thousands of people), the pairs that blocking brought
together for sharing a date of birth alone can form the larger "class" instead. An estimate
is therefore refused, and ``start`` kept, unless in every field where agreement and
disagreement are both common (1 % of the pairs or more) agreement counts for a match and
disagreement against it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from clew.linkage.compare import FIELDS, Field, Verdict

__all__ = ["DEFAULT", "LEVELS", "MIN_PAIRS", "Model", "estimate"]

V = Verdict
LEVELS: Mapping[Field, tuple[Verdict, ...]] = {
    Field.NAME: (V.EXACT, V.CLOSE, V.PARTIAL, V.WEAK, V.DIFFERENT),
    Field.BIRTH_DATE: (V.EXACT, V.PARTIAL, V.SWAPPED, V.TYPO, V.NEAR, V.APART, V.DIFFERENT),
    Field.GENDER: (V.EXACT, V.DIFFERENT),
    Field.COUNTRY: (V.EXACT, V.DIFFERENT),
    Field.IDENTIFIER: (V.EXACT, V.CLOSE, V.TYPO, V.DIFFERENT),
    Field.PHONE: (V.EXACT, V.DIFFERENT),
    Field.ADDRESS: (V.EXACT, V.CLOSE, V.PARTIAL, V.DIFFERENT),
    Field.LOCALITY: (V.EXACT, V.CLOSE, V.DIFFERENT),
    Field.POSTCODE: (V.EXACT, V.TYPO, V.DIFFERENT),
}
"""The levels each field can take (besides ``not compared``)."""

MIN_PAIRS = 500
"""Fewer compared pairs than this and ``link``/``dedupe`` keep the fixed calibration."""

Table = Mapping[Field, Mapping[Verdict, float]]


class Model:
    """``m`` and ``u`` per field and level, and the prior share of matches; ``weights``
    holds ``ln(m / u)`` (what scoring reads)."""

    __slots__ = ("m", "prior", "u", "weights")

    def __init__(self, m: Table, u: Table, prior: float) -> None:
        if not 0.0 < prior < 1.0:
            raise ValueError("the prior must be strictly between 0 and 1")
        self.m = {f: dict(m[f]) for f in FIELDS}
        self.u = {f: dict(u[f]) for f in FIELDS}
        self.prior = prior
        self.weights: dict[Field, dict[Verdict, float]] = {
            f: {level: math.log(self.m[f][level] / self.u[f][level]) for level in LEVELS[f]}
            for f in FIELDS
        }

    def weight(self, field: Field, verdict: Verdict) -> float:
        """What one verdict adds to the log-odds (0 for ``not compared``)."""
        return self.weights[field].get(verdict, 0.0)

    def log_odds(self, verdicts: Sequence[Verdict]) -> float:
        """The log-odds of a match for one verdict per field, in ``FIELDS`` order."""
        total = math.log(self.prior / (1.0 - self.prior))
        for field, verdict in zip(FIELDS, verdicts, strict=True):
            total += self.weights[field].get(verdict, 0.0)
        return total

    def probability(self, verdicts: Sequence[Verdict]) -> float:
        z = self.log_odds(verdicts)
        if z < -700:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def __repr__(self) -> str:
        return f"Model(prior={self.prior:.4f})"


def _table(values: Mapping[Field, tuple[float, ...]]) -> Table:
    return {f: dict(zip(LEVELS[f], values[f], strict=True)) for f in FIELDS}


# The fixed calibration (see the module docstring). Each row sums to 1, in LEVELS order.
_M = _table({
    Field.NAME: (0.60, 0.27, 0.11, 0.01, 0.01),
    Field.BIRTH_DATE: (0.80, 0.04, 0.02, 0.08, 0.03, 0.02, 0.01),
    Field.GENDER: (0.97, 0.03),
    Field.COUNTRY: (0.90, 0.10),
    Field.IDENTIFIER: (0.85, 0.04, 0.06, 0.05),
    Field.PHONE: (0.90, 0.10),
    Field.ADDRESS: (0.55, 0.25, 0.10, 0.10),
    Field.LOCALITY: (0.80, 0.10, 0.10),
    Field.POSTCODE: (0.82, 0.08, 0.10),
})  # fmt: skip
_U = _table({
    Field.NAME: (0.01, 0.03, 0.10, 0.30, 0.56),
    Field.BIRTH_DATE: (0.02, 0.01, 0.001, 0.005, 0.03, 0.08, 0.854),
    Field.GENDER: (0.5, 0.5),
    Field.COUNTRY: (0.3, 0.7),
    Field.IDENTIFIER: (0.0005, 0.0005, 0.002, 0.997),
    Field.PHONE: (0.001, 0.999),
    Field.ADDRESS: (0.01, 0.02, 0.07, 0.90),
    Field.LOCALITY: (0.05, 0.02, 0.93),
    Field.POSTCODE: (0.05, 0.12, 0.83),
})  # fmt: skip
DEFAULT = Model(_M, _U, prior=0.1)
"""The fixed calibration, for small lists (see the module docstring)."""


def estimate(
    patterns: Iterable[Sequence[Verdict]],
    *,
    start: Model = DEFAULT,
    iterations: int = 200,
    tolerance: float = 1e-7,
    smoothing: float = 1.0,
) -> Model:
    """Fit ``m``, ``u`` and the prior by EM on the verdict patterns of the compared pairs
    (one per pair, in ``FIELDS`` order). Unsupervised: no pair's truth is read. Stops when
    the prior moves less than ``tolerance`` or after ``iterations`` rounds."""
    counts = Counter(tuple(p) for p in patterns)
    if not counts:
        return start
    rows = list(counts.items())
    model = start
    for _ in range(iterations):
        m_counts = {f: dict.fromkeys(LEVELS[f], 0.0) for f in FIELDS}
        u_counts = {f: dict.fromkeys(LEVELS[f], 0.0) for f in FIELDS}
        matched = total = 0.0
        for pattern, count in rows:
            p = model.probability(pattern)
            matched += count * p
            total += count
            for field, verdict in zip(FIELDS, pattern, strict=True):
                if verdict in m_counts[field]:
                    m_counts[field][verdict] += count * p
                    u_counts[field][verdict] += count * (1.0 - p)
        prior = min(max(matched / total, 1e-6), 1.0 - 1e-6)
        m = _normalise(m_counts, start.m, smoothing)
        u = _normalise(u_counts, start.u, smoothing)
        previous, model = model, Model(m, u, prior)
        if abs(previous.prior - model.prior) < tolerance:
            break
    return model if _plausible(model, rows) else start


def _plausible(model: Model, rows: list[tuple[tuple[Verdict, ...], int]]) -> bool:
    """Agreement must count for a match and disagreement against it, in every field where
    both are common (1 % of the pairs or more): otherwise EM has split the pairs on
    something else (see the module docstring)."""
    total = sum(count for _, count in rows)
    for index, field in enumerate(FIELDS):
        seen = Counter()  # type: Counter[Verdict]
        for pattern, count in rows:
            seen[pattern[index]] += count
        if min(seen[Verdict.EXACT], seen[Verdict.DIFFERENT]) < 0.01 * total:
            continue
        if model.weight(field, Verdict.EXACT) <= 0 or model.weight(field, Verdict.DIFFERENT) >= 0:
            return False
    return True


def _normalise(
    counts: Mapping[Field, Mapping[Verdict, float]], start: Table, smoothing: float
) -> Table:
    out: dict[Field, dict[Verdict, float]] = {}
    for field in FIELDS:
        row = {level: counts[field][level] + smoothing * start[field][level]
               for level in LEVELS[field]}  # fmt: skip
        total = sum(row.values())
        out[field] = {level: value / total for level, value in row.items()}
    return out
