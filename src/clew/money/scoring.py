"""Scoring typology detection against labelled (planted or confirmed) patterns.

What counts: a finding *matches* a labelled pattern when both have the same typology and they
share at least half of the accounts of the smaller of the two (so the centre alone is not
enough for any pattern of three or more accounts, and a finding that caught most of a pattern's
accounts, or a pattern that caught most of a finding's, is a match). A finding is a true
positive when it matches some pattern; a pattern is found when some finding matches it.
Precision is true positives over findings, recall found patterns over patterns; with nothing
to count, each is 1.0 (no false claim, nothing missed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from clew.money.typologies import Finding, Typology

__all__ = ["OVERALL", "Labelled", "Score", "matches", "score"]

OVERALL = "overall"


class Labelled(Protocol):
    """A known pattern: its typology and the accounts that form it."""

    @property
    def typology(self) -> str: ...

    @property
    def accounts(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Score:
    findings: int
    true_findings: int
    patterns: int
    found_patterns: int

    @property
    def precision(self) -> float:
        return self.true_findings / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found_patterns / self.patterns if self.patterns else 1.0


def matches(finding: Finding, pattern: Labelled) -> bool:
    if finding.typology != pattern.typology:
        return False
    mine = set(finding.accounts)
    shared = len(mine & pattern.accounts)
    return shared > 0 and 2 * shared >= min(len(mine), len(pattern.accounts))


def score(findings: Iterable[Finding], patterns: Iterable[Labelled]) -> dict[str, Score]:
    """Scores per typology value (every ``Typology``) and under ``"overall"``."""
    known = list(patterns)
    by_account: dict[tuple[str, str], list[int]] = {}
    for number, pattern in enumerate(known):
        for account in pattern.accounts:
            by_account.setdefault((str(pattern.typology), account), []).append(number)
    found: set[int] = set()
    counts: dict[str, list[int]] = {str(t): [0, 0] for t in Typology}
    for finding in findings:
        kind = str(finding.typology)
        candidates = {n for a in finding.accounts for n in by_account.get((kind, a), ())}
        hits = [n for n in candidates if matches(finding, known[n])]
        found.update(hits)
        tally = counts.setdefault(str(finding.typology), [0, 0])
        tally[0] += 1
        tally[1] += bool(hits)
    result: dict[str, Score] = {}
    for typology, (total, true) in counts.items():
        numbers = [n for n, p in enumerate(known) if p.typology == typology]
        result[typology] = Score(total, true, len(numbers), sum(n in found for n in numbers))
    result[OVERALL] = Score(
        sum(s.findings for s in result.values()), sum(s.true_findings for s in result.values()),
        len(known), len(found),
    )  # fmt: skip
    return result
