"""The synthetic world: persons, documents, vehicles and firearms with their alerts, generated
lazily and deterministically from a seed.

``generate`` yields ``SynthRecord``s whose ``data`` is a plain dict shaped exactly as
``RecordCreate`` accepts it (validate with ``TypeAdapter(RecordCreate).validate_python``); it
builds no pydantic model itself, so benchmarks can stream millions of records. Persons come
first, each followed by their own passport as a document record when one is linked (about a
quarter of the documents, as many as there are persons with passports to link), then the
other documents, the vehicles and the firearms.

The same seed and counts give the same records, in the same order, in any process and on any
machine (with the pinned Faker, whose name lists are read): every kind draws from its own
seeded stream, never from the global ``random`` or Faker's seed, and dates are relative to
``today`` (a fixed day unless given).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from clew.records.kinds import AlertCategory, DocumentStatus, DocumentType, Gender, RecordKind
from clew.synth.agencies import AGENCY_COUNTRY, owner_for
from clew.synth.alerts import OBJECT_CATEGORIES, PERSON_CATEGORIES, alert_data, visibility_data
from clew.synth.dice import Dice, Weighted
from clew.synth.documents import DOCUMENT_STATUSES, Passport, document_data
from clew.synth.firearms import FIREARM_COUNTRIES, firearm_data
from clew.synth.people import ORIGINS, passport_name, person_data
from clew.synth.vehicles import PLATE_COUNTRIES, vehicle_data

__all__ = ["REFERENCE_DATE", "SynthRecord", "generate"]

REFERENCE_DATE = date(2026, 1, 1)
"""The default ``today`` of the world, fixed so that output does not change with the clock."""

LINKED_SHARE = 0.25
"""Up to this share of the documents are passports of generated persons."""


@dataclass(slots=True)
class SynthRecord:
    """One record to create: the owning agency's code and the ``RecordCreate`` data. For a
    person with a passport, ``passport`` holds what its MRZ carries (see ``mrz_td3``)."""

    owner: str
    data: dict[str, Any]
    passport: Passport | None = None


_A = AlertCategory
_MALE_SHARE = {
    _A.WANTED_FOR_ARREST: 0.82, _A.DISCREET_CHECK: 0.8, _A.SPECIFIC_CHECK: 0.8,
    _A.MISSING_PERSON: 0.45, _A.FOR_INFORMATION: 0.7,
}  # fmt: skip
_ALERT_SHARE = {
    RecordKind.PERSON: 0.97, RecordKind.DOCUMENT: 0.95, RecordKind.VEHICLE: 0.95,
    RecordKind.FIREARM: 0.95,
}  # fmt: skip
_LINKED_STATUSES: Weighted[DocumentStatus] = Weighted(
    [
        (DocumentStatus.INVALIDATED, 35),
        (DocumentStatus.REVOKED, 25),
        (DocumentStatus.LOST, 25),
        (DocumentStatus.STOLEN, 15),
    ]
)


def _owned(
    dice: Dice, data: dict[str, Any], owner: str, reference: str, kind: RecordKind,
    category: AlertCategory,
) -> dict[str, Any]:  # fmt: skip
    """Add the owner's reference, the visibility and (usually) the alert."""
    data["external_id"] = f"{owner}/{reference}"
    data["visibility"] = visibility_data(dice, AGENCY_COUNTRY[owner])
    if dice.chance(_ALERT_SHARE[kind]):
        data["alert"] = alert_data(dice, kind, category)
    return data


def _linked_document(
    dice: Dice, passport: Passport, owner: str, index: int, today: date
) -> SynthRecord:
    """A person's own passport as a document record: invalidated, revoked, lost or stolen."""
    expires = passport.expires_on
    issued = date(expires.year - 10, expires.month, expires.day) + timedelta(days=1)
    data = document_data(
        dice, country=passport.issuing_country, today=today,
        holder=f"{passport.given} {passport.family}", number=passport.number,
        document_type=DocumentType.PASSPORT, status=dice.draw(_LINKED_STATUSES),
        issued_on=issued, expires_on=expires,
    )  # fmt: skip
    category = dice.draw(OBJECT_CATEGORIES)
    reference = f"D{index:07d}"
    return SynthRecord(owner, _owned(dice, data, owner, reference, RecordKind.DOCUMENT, category))


def generate(
    seed: int,
    *,
    persons: int = 0,
    documents: int = 0,
    vehicles: int = 0,
    firearms: int = 0,
    today: date = REFERENCE_DATE,
) -> Iterator[SynthRecord]:
    """Yield ``persons + documents + vehicles + firearms`` records, lazily.

    Owners: an agency of the person's country of origin when it has one, else any agency;
    mostly an agency of the issuing or registering country for objects. ``ValueError`` for a
    negative count.
    """
    if min(persons, documents, vehicles, firearms) < 0:
        raise ValueError("counts cannot be negative")
    dice, links = Dice(seed, "persons"), Dice(seed, "linked-documents")
    target = min(int(documents * LINKED_SHARE), persons)
    share = min(1.0, target / (persons * 0.6)) if persons else 0.0
    linked = 0
    for index in range(1, persons + 1):
        category = dice.draw(PERSON_CATEGORIES)
        gender = Gender.MALE if dice.chance(_MALE_SHARE[category]) else Gender.FEMALE
        missing = category is _A.MISSING_PERSON
        country = dice.draw(ORIGINS)
        person = person_data(dice, country, gender, today, min_age=8 if missing else 16,
                             max_age=85 if missing else 75)  # fmt: skip
        owner = owner_for(dice, country)
        data = _owned(dice, person.data, owner, f"P{index:07d}", RecordKind.PERSON, category)
        yield SynthRecord(owner, data, person.passport)
        if person.passport and linked < target and links.chance(share):
            linked += 1
            yield _linked_document(links, person.passport, owner, linked, today)
    yield from _documents(Dice(seed, "documents"), range(linked + 1, documents + 1), today)
    yield from _vehicles(Dice(seed, "vehicles"), vehicles, today)
    yield from _firearms(Dice(seed, "firearms"), firearms, today)


def _documents(dice: Dice, indexes: range, today: date) -> Iterator[SynthRecord]:
    for index in indexes:
        country = dice.draw(ORIGINS)
        status = dice.draw(DOCUMENT_STATUSES)
        holder = None
        if status is not DocumentStatus.BLANK_STOLEN:
            gender = Gender.MALE if dice.chance(0.6) else Gender.FEMALE
            holder = " ".join(passport_name(dice, country, gender))
        data = document_data(dice, country=country, today=today, holder=holder, status=status)
        owner = owner_for(dice, country, home_share=0.7)
        category = dice.draw(OBJECT_CATEGORIES)
        yield SynthRecord(
            owner, _owned(dice, data, owner, f"D{index:07d}", RecordKind.DOCUMENT, category)
        )


def _vehicles(dice: Dice, count: int, today: date) -> Iterator[SynthRecord]:
    for index in range(1, count + 1):
        country = dice.draw(PLATE_COUNTRIES)
        data = vehicle_data(dice, today, country)
        owner = owner_for(dice, country, home_share=0.8)
        category = dice.draw(OBJECT_CATEGORIES)
        yield SynthRecord(
            owner, _owned(dice, data, owner, f"V{index:07d}", RecordKind.VEHICLE, category)
        )


def _firearms(dice: Dice, count: int, today: date) -> Iterator[SynthRecord]:
    for index in range(1, count + 1):
        country = dice.draw(FIREARM_COUNTRIES)
        data = firearm_data(dice, today)
        owner = owner_for(dice, country, home_share=0.9)
        category = dice.draw(OBJECT_CATEGORIES)
        yield SynthRecord(
            owner, _owned(dice, data, owner, f"F{index:07d}", RecordKind.FIREARM, category)
        )
