"""The intelligence vocabulary: kinds of entity and link, and the grading of what a source says.

Pure: no storage or web imports, so readers, writers and graph code can share it.

Grading follows the 4x4 system used by European police services: the *source* is rated for
reliability (A completely reliable, B mostly reliable, C not reliable, X cannot be judged) and the
*information* for how it is known (1 known to be true without reservation, 2 known personally to
the source but not to the officer, 3 not known personally to the source but corroborated, 4 cannot
be judged).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["EntityKind", "Information", "LinkKind", "Reliability", "Removal", "SourceKind"]


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PHONE = "phone"
    VEHICLE = "vehicle"
    ACCOUNT = "account"
    ADDRESS = "address"
    DOCUMENT = "document"
    EVENT = "event"
    FIREARM = "firearm"


class LinkKind(StrEnum):
    CALLED = "called"
    MET = "met"
    MEMBER_OF = "member_of"
    OWNS = "owns"
    USES = "uses"
    PAID = "paid"
    TRAVELLED_WITH = "travelled_with"
    LIVES_AT = "lives_at"
    TOOK_PART = "took_part"
    RELATED_TO = "related_to"


class SourceKind(StrEnum):
    """What says a link or an entity is so."""

    RECORD = "record"
    MESSAGE = "message"
    IMPORT = "import"
    PERSON = "person"
    TRACE = "trace"  # a firearm trace request and its answers (reference ``trace:<id>``)


class Reliability(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    X = "X"


class Information(StrEnum):
    ONE = "1"
    TWO = "2"
    THREE = "3"
    FOUR = "4"


class Removal(StrEnum):
    """How a disruption simulation picks whom to remove next: from the intact network's ranking
    (all at once), or ranking again what remains after each removal (sequential)."""

    ALL_AT_ONCE = "all_at_once"
    SEQUENTIAL = "sequential"
