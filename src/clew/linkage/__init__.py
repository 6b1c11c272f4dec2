"""Linkage: proposing which entities, entered separately by several countries, are one.

Pure logic, no storage or web imports. ``candidate`` (the input: ``Candidate``, read once
into ``Prepared``), ``blocking`` (which pairs to compare, in several passes), ``compare``
(one verdict per field, with screening's comparators), ``model`` (Fellegi–Sunter weights,
fixed or estimated by EM), ``link`` (``link`` two lists, ``dedupe`` one, ``Match``) and
``explain`` (a match's reasons in words, in each interface language).
"""

from clew.linkage.candidate import Candidate
from clew.linkage.compare import Field, Reason, Verdict
from clew.linkage.explain import explain
from clew.linkage.link import Match, Strength, Thresholds, clusters, dedupe, link
from clew.linkage.model import DEFAULT, Model, estimate

__all__ = [
    "DEFAULT",
    "Candidate",
    "Field",
    "Match",
    "Model",
    "Reason",
    "Strength",
    "Thresholds",
    "Verdict",
    "clusters",
    "dedupe",
    "estimate",
    "explain",
    "link",
]
