"""What counts as a true positive: same typology and enough shared accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from clew.money import Finding, Typology, matches, score
from clew.money.scoring import OVERALL


@dataclass(frozen=True)
class Pattern:
    typology: str
    accounts: frozenset[str]


def finding(typology: Typology, *accounts: str) -> Finding:
    day = date(2025, 1, 1)
    return Finding(typology, accounts, ("t",), 1.0, day, day, "because")


PLANTED = Pattern(Typology.FAN_IN, frozenset("HABCDEFGH"))


@pytest.mark.parametrize(
    ("found", "expected", "why"),
    [
        (finding(Typology.FAN_IN, *"HABCDEFGH"), True, "the same accounts"),
        (finding(Typology.FAN_IN, *"HABCD"), True, "all of a smaller finding's accounts"),
        (finding(Typology.FAN_IN, *"HABXYZ"), True, "half of the smaller set"),
        (finding(Typology.FAN_IN, *"HXYZWV"), False, "only the centre in common"),
        (finding(Typology.FAN_OUT, *"HABCDEFGH"), False, "another typology"),
    ],
)
def test_matches(found: Finding, expected: bool, why: str) -> None:
    assert matches(found, PLANTED) is expected, why


def test_score_counts_findings_and_patterns_per_typology() -> None:
    patterns = [PLANTED, Pattern(Typology.CYCLE, frozenset("XYZ"))]
    found = [finding(Typology.FAN_IN, *"HABCD"), finding(Typology.FAN_IN, *"HABCE"),
             finding(Typology.CYCLE, *"PQR")]  # fmt: skip
    scores = score(found, patterns)
    assert scores["fan_in"].precision == 1.0 and scores["fan_in"].recall == 1.0
    assert scores["cycle"].precision == 0.0 and scores["cycle"].recall == 0.0
    assert scores["structuring"].precision == scores["structuring"].recall == 1.0  # nothing
    overall = scores[OVERALL]
    assert (overall.findings, overall.true_findings, overall.patterns, overall.found_patterns) == (
        3, 2, 2, 1)  # fmt: skip
