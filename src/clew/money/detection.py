"""Typology detection over a whole ledger: every detector, then one finding per pattern.

The detectors overlap by nature: the split of a scatter-gather is also a fan-out, the gathering
of a funnel account a fan-in. Each transfer is explained by its most specific typology: a
fan-in or fan-out finding is dropped when at least half of its transfers belong to a cycle,
scatter-gather, gather-scatter or structuring finding. Findings centred on one of the
``facilities`` (a bank's own till or clearing account) are dropped too.
"""

from __future__ import annotations

from collections.abc import Collection

from clew.money.cycles import cycles
from clew.money.fans import fans, gather_scatter, new_relationships
from clew.money.layering import scatter_gather
from clew.money.ledger import Ledger
from clew.money.structuring import structuring
from clew.money.transfers import seconds
from clew.money.typologies import Finding, Thresholds, Typology

__all__ = ["SPECIFIC", "detect"]

SPECIFIC = frozenset({Typology.CYCLE, Typology.SCATTER_GATHER, Typology.GATHER_SCATTER,
                      Typology.STRUCTURING})  # fmt: skip
"""Typologies that explain their transfers better than a plain fan does."""


def detect(
    ledger: Ledger,
    thresholds: Thresholds | None = None,
    typologies: Collection[Typology] | None = None,
) -> list[Finding]:
    """All findings of ``typologies`` (default: all six), ordered by start time then typology.

    Fans are suppressed under more specific findings only when those typologies are asked for.
    """
    rules = thresholds or Thresholds()
    wanted = set(Typology) if typologies is None else set(typologies)
    findings: list[Finding] = []
    fan_findings: list[Finding] = []
    if wanted & {Typology.FAN_IN, Typology.FAN_OUT, Typology.GATHER_SCATTER}:
        mask = new_relationships(ledger, rules)
        if Typology.GATHER_SCATTER in wanted:
            findings += gather_scatter(ledger, rules, mask)
        if wanted & {Typology.FAN_IN, Typology.FAN_OUT}:
            fan_findings = [f for f in fans(ledger, rules, mask) if f.typology in wanted]
    if Typology.SCATTER_GATHER in wanted:
        findings += scatter_gather(ledger, rules)
    if Typology.CYCLE in wanted:
        findings += cycles(ledger, rules)
    if Typology.STRUCTURING in wanted:
        findings += structuring(ledger, rules)
    explained = {key for f in findings if f.typology in SPECIFIC for key in f.transfers}
    findings += [
        f for f in fan_findings
        if 2 * sum(key in explained for key in f.transfers) < len(f.transfers)
    ]  # fmt: skip
    if rules.facilities:
        findings = [f for f in findings if f.centre not in rules.facilities]
    order = list(Typology)
    findings.sort(key=lambda f: (seconds(f.start), order.index(f.typology), f.accounts))
    return findings
