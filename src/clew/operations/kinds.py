"""The vocabulary of joint operations: states, posts, what is counted and what officers report
from the field, in the categories press releases use.

A leaf module (no imports from services), so shells, services, the simulator and the benchmark
share it.

Counting rules
--------------
A check (single or one traveller of a manifest) **belongs to an operation** when, at the moment
it is made, (1) the checking agency takes part in the operation and has accepted it, and (2)
the moment falls within one of the operation's action days (``period_start`` ≤ t <
``period_end``). It is counted **for a post** when the check's ``place`` equals the name or the
code of one of that agency's posts in the operation (case and spaces ignored), otherwise under
the agency with no post. A check belongs to every running operation that satisfies the rules
(operations may overlap). Hits are counted when the checker was shown them (a silent hit is
never counted: a tile moving within seconds of a check would tell the checker what the hidden
record could not); *confirmed* hits when the record's owner confirms a counted hit.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "UNITS_FOR",
    "ArrestBasis",
    "CheckKind",
    "FieldKind",
    "OperationState",
    "PostKind",
    "SeizureKind",
    "Unit",
]


class OperationState(StrEnum):
    PLANNED = "planned"  # before its period (participants prepare)
    RUNNING = "running"  # inside its period: checks are counted
    FINISHED = "finished"  # after its period: results being consolidated
    PUBLISHED = "published"  # the coordinator published the results
    CANCELLED = "cancelled"


class PostKind(StrEnum):
    BORDER_CROSSING = "border_crossing"
    AIRPORT = "airport"
    SEAPORT = "seaport"
    RAIL = "rail"
    INLAND = "inland"  # a checkpoint or a mobile unit inside the country


class CheckKind(StrEnum):
    """What the live counters count."""

    PERSON = "person"
    DOCUMENT = "document"
    VEHICLE = "vehicle"
    FIREARM = "firearm"
    PASSENGER = "passenger"  # one traveller of a screened manifest
    FLIGHT = "flight"  # one screened manifest
    HIT = "hit"  # a hit shown to the checker (never a silent one)
    CONFIRMED_HIT = "confirmed_hit"  # confirmed by the record's owner


class FieldKind(StrEnum):
    """What an officer reports from the field."""

    ARREST = "arrest"
    SEIZURE = "seizure"
    VICTIM = "victim"  # victims identified (minors counted apart)
    MIGRANT = "migrant"  # irregular migrants detected
    INVESTIGATION = "investigation"  # investigations opened
    EVENT = "event"  # a notable event for the timeline


class ArrestBasis(StrEnum):
    RED_NOTICE = "red_notice"
    EUROPEAN_ARREST_WARRANT = "european_arrest_warrant"
    NATIONAL_WARRANT = "national_warrant"
    FLAGRANTE = "flagrante"  # caught in the act
    OTHER = "other"


class SeizureKind(StrEnum):
    DRUGS = "drugs"  # item: the substance; kg, g, l or tablets
    FIREARMS = "firearms"  # units
    AMMUNITION = "ammunition"  # units (rounds)
    EXPLOSIVES = "explosives"  # kg
    CASH = "cash"  # item: the currency (ISO 4217); unit: the currency's units
    VEHICLES = "vehicles"  # units
    COUNTERFEIT_DOCUMENTS = "counterfeit_documents"  # units
    CIGARETTES = "cigarettes"  # units (sticks)
    CULTURAL_GOODS = "cultural_goods"  # units
    WILDLIFE = "wildlife"  # units or kg
    OTHER = "other"


class Unit(StrEnum):
    KG = "kg"
    G = "g"
    L = "l"
    TABLETS = "tablets"
    UNITS = "units"
    CURRENCY = "currency"  # an amount of money in the seizure's currency (``item``)


UNITS_FOR: dict[SeizureKind, frozenset[Unit]] = {
    SeizureKind.DRUGS: frozenset({Unit.KG, Unit.G, Unit.L, Unit.TABLETS}),
    SeizureKind.FIREARMS: frozenset({Unit.UNITS}),
    SeizureKind.AMMUNITION: frozenset({Unit.UNITS}),
    SeizureKind.EXPLOSIVES: frozenset({Unit.KG, Unit.G}),
    SeizureKind.CASH: frozenset({Unit.CURRENCY}),
    SeizureKind.VEHICLES: frozenset({Unit.UNITS}),
    SeizureKind.COUNTERFEIT_DOCUMENTS: frozenset({Unit.UNITS}),
    SeizureKind.CIGARETTES: frozenset({Unit.UNITS}),
    SeizureKind.CULTURAL_GOODS: frozenset({Unit.UNITS}),
    SeizureKind.WILDLIFE: frozenset({Unit.UNITS, Unit.KG}),
    SeizureKind.OTHER: frozenset(Unit),
}
"""The units a seizure of each kind may be reported in (never kilograms of pistols)."""
