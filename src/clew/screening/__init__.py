"""Screening: checking persons, documents, vehicles and firearms against the watchlists.

This package holds the pure parts of screening, with no storage or web imports: ``scoring``
(the one calibrated model that scores a watchlist person for a check and explains why),
``documents`` (document numbers, MRZs, VINs and firearm serials compared with their usual
confusions) and ``explain`` (the explanation in plain words, in each interface language).
"""

from clew.screening.documents import (
    compare_document_numbers,
    compare_firearms,
    compare_vins,
    parse_mrz,
)
from clew.screening.explain import explain
from clew.screening.scoring import (
    Band,
    Identifier,
    PersonCandidate,
    PersonName,
    PersonQuery,
    Score,
    Thresholds,
    score_person,
)

__all__ = [
    "Band",
    "Identifier",
    "PersonCandidate",
    "PersonName",
    "PersonQuery",
    "Score",
    "Thresholds",
    "compare_document_numbers",
    "compare_firearms",
    "compare_vins",
    "explain",
    "parse_mrz",
    "score_person",
]
