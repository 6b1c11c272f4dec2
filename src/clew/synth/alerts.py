"""Alerts and visibility of synthetic records, in realistic proportions.

Persons are mostly wanted for arrest, to be checked discreetly, or missing; objects are
mostly to be seized. Handling codes are mostly H0, some H1 and H2, a few H3 (always with the
note that H3 requires). About 80 % of records are visible to every member country, 12 % to all
but one to three of them, 8 % to a few named countries only.
"""

from __future__ import annotations

from typing import Any

from clew.records.kinds import AlertCategory, HandlingCode, RecordKind, VisibilityMode
from clew.synth.agencies import MEMBER_COUNTRIES
from clew.synth.dice import Dice, Weighted

__all__ = [
    "HANDLING_CODES",
    "OBJECT_CATEGORIES",
    "PERSON_CATEGORIES",
    "VISIBILITY_MODES",
    "alert_data",
    "visibility_data",
]

_A = AlertCategory
PERSON_CATEGORIES: Weighted[AlertCategory] = Weighted(
    [
        (_A.WANTED_FOR_ARREST, 45),
        (_A.DISCREET_CHECK, 20),
        (_A.MISSING_PERSON, 20),
        (_A.SPECIFIC_CHECK, 8),
        (_A.FOR_INFORMATION, 7),
    ]
)
OBJECT_CATEGORIES: Weighted[AlertCategory] = Weighted(
    [(_A.OBJECT_TO_SEIZE, 85), (_A.FOR_INFORMATION, 8), (_A.DISCREET_CHECK, 7)]
)
HANDLING_CODES: Weighted[HandlingCode] = Weighted(
    [(HandlingCode.H0, 80), (HandlingCode.H1, 10), (HandlingCode.H2, 7), (HandlingCode.H3, 3)]
)
VISIBILITY_MODES: Weighted[VisibilityMode] = Weighted(
    [(VisibilityMode.ALL, 80), (VisibilityMode.EXCEPT, 12), (VisibilityMode.ONLY, 8)]
)

_ACTIONS: dict[AlertCategory, tuple[str, ...]] = {
    _A.WANTED_FOR_ARREST: (
        "Arrest with a view to extradition. Inform the owning agency immediately.",
        "Arrest and detain; the owning agency will confirm the warrant within 12 hours.",
        "Arrest with a view to surrender under the European Arrest Warrant.",
    ),
    _A.MISSING_PERSON: (
        "Establish whereabouts and inform the owning agency; do not disclose them to others.",
        "Place in protective custody (minor) and inform the owning agency at once.",
        "Check the person's well-being; report the location only with the person's consent.",
    ),
    _A.DISCREET_CHECK: (
        "Do not alert the subject. Record route, companions, vehicle and items; report.",
        "Discreet check: note travel documents, destination and contacts; report within 24 h.",
    ),
    _A.SPECIFIC_CHECK: (
        "Search the person, vehicle and items carried under national law; report findings.",
        "Specific check: search luggage and vehicle; copy documents found; report.",
    ),
    _A.OBJECT_TO_SEIZE: (
        "Seize the object and inform the owning agency.",
        "Seize and preserve for forensic examination; inform the owning agency.",
        "Seize; identify and report the person presenting it.",
    ),
    _A.FOR_INFORMATION: (
        "For information only; report any contact to the owning agency.",
        "No action required; report the place and time of any hit.",
    ),
}

_PERSON_REASONS: dict[AlertCategory, tuple[str, ...]] = {
    _A.WANTED_FOR_ARREST: (
        "Drug trafficking", "Migrant smuggling", "Trafficking in human beings", "Armed robbery",
        "Murder", "Fraud", "Money laundering", "Participation in a criminal organisation",
        "Illicit trafficking in weapons", "Computer-related crime", "Kidnapping",
        "Vehicle crime (organised theft and export of cars)",
    ),
    _A.MISSING_PERSON: (
        "Minor missing from a care home", "Adult at risk of harm", "Possible victim of trafficking",
        "Minor abducted by a parent", "Missing after a shipwreck",
    ),
    _A.DISCREET_CHECK: (
        "Suspected facilitator of irregular migration", "Suspected drug courier",
        "Suspected member of an organised crime group", "Suspected firearms trafficker",
    ),
    _A.SPECIFIC_CHECK: (
        "Suspected of carrying cash from drug sales", "Suspected of smuggling cigarettes",
        "Suspected of carrying forged documents",
    ),
    _A.FOR_INFORMATION: ("Known associate of a wanted person", "Convicted trafficker, released"),
}  # fmt: skip

_HANDLING_NOTES = (
    "Not to be passed to third countries.",
    "Use for border screening only; do not disclose to the subject.",
    "Owner's consent needed before any use in proceedings.",
    "Do not contact the family.",
)


def alert_data(dice: Dice, kind: RecordKind, category: AlertCategory) -> dict[str, Any]:
    """The fields of an ``AlertIn``: action, reason, handling code (and note for H3)."""
    data: dict[str, Any] = {
        "category": category.value,
        "action": dice.pick(_ACTIONS[category]),
    }
    reasons = _PERSON_REASONS.get(category) if kind is RecordKind.PERSON else None
    if reasons:
        data["reason"] = dice.pick(reasons)
    code = dice.draw(HANDLING_CODES)
    if code is not HandlingCode.H0:
        data["handling_code"] = code.value
    if code is HandlingCode.H3:
        data["handling_note"] = dice.pick(_HANDLING_NOTES)
    return data


def visibility_data(dice: Dice, owner_country: str) -> dict[str, Any]:
    """A ``Visibility``: every member country, all but one to three, or two to five only.
    The owner's own country is never listed (it always sees its records)."""
    mode = dice.draw(VISIBILITY_MODES)
    if mode is VisibilityMode.ALL:
        return {"mode": mode.value}
    others = [country for country in MEMBER_COUNTRIES if country != owner_country]
    count = dice.between(1, 3) if mode is VisibilityMode.EXCEPT else dice.between(2, 5)
    return {"mode": mode.value, "countries": sorted(dice.sample(others, count))}
