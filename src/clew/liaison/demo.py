"""The demo's border liaison offices: Vietnam–Cambodia (Moc Bai – Bavet, Tinh Bien – Phnom Den)
and Bulgaria–Serbia (Kalotina – Gradina), with about sixty incident reports over the last six
months: methamphetamine and heroin, migrants, victims of trafficking, pistols, cigarettes.

Deterministic (a seeded generator, dates counted back from ``today``) and idempotent: offices
and pairs are found by name, and a pair that already has reports gets none added. The reports
are filed through :func:`clew.liaison.incidents.file_incident`, as an office would file them.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.models import Agency
from clew.liaison import incidents, offices
from clew.liaison.kinds import IncidentKind
from clew.liaison.models import IncidentReport, Office, OfficePair
from clew.liaison.schemas import IncidentCreate, OfficeCreate, PairCreate

__all__ = ["OFFICES", "PAIRS", "seed_liaison"]

# name, agency, place, latitude, longitude
OFFICES = (
    ("Moc Bai", "VN-NCB", "Moc Bai border gate, Tay Ninh", 11.0630, 106.1840),
    ("Bavet", "KH-POLICE", "Bavet checkpoint, Svay Rieng", 11.0550, 106.1480),
    ("Tinh Bien", "VN-NCB", "Tinh Bien border gate, An Giang", 10.6000, 104.9500),
    ("Phnom Den", "KH-POLICE", "Phnom Den checkpoint, Takeo", 10.6250, 104.9150),
    ("Kalotina", "BG-BORDER", "Kalotina border crossing", 42.9930, 22.8730),
    ("Gradina", "RS-BORDER", "Gradina border crossing", 43.0010, 22.8480),
)  # fmt: skip
PAIRS = (
    ("Moc Bai", "Bavet", "Moc Bai – Bavet", 25),
    ("Tinh Bien", "Phnom Den", "Tinh Bien – Phnom Den", 15),
    ("Kalotina", "Gradina", "Kalotina – Gradina", 20),
)
_NAMES = {
    "VN": ("Nguyen Van Hung", "Tran Thi Mai", "Le Van Phuc", "Pham Minh Tuan", "Vo Thi Lan"),
    "KH": ("Sok Vanna", "Chan Dara", "Kim Sreymom", "Heng Sopheap", "Meas Rithy"),
    "BG": ("Ivan Petrov", "Georgi Dimitrov", "Stoyan Kolev"),
    "RS": ("Milan Jovanovic", "Dragan Nikolic", "Nenad Petrovic"),
    "migrants": ("Ahmad Karimi", "Mohammad Rahimi", "Omar Haddad", "Bilal Khan", "Samir Aziz",
                 "Reza Hosseini", "Yusuf Ali", "Hamid Noori"),
}  # fmt: skip
_NARRATIVE = {
    "vi": "Kiểm tra xe tải qua cửa khẩu, phát hiện hàng cất giấu trong khoang hàng.",
    "km": "ការត្រួតពិនិត្យរថយន្តនៅច្រកព្រំដែន បានរកឃើញទំនិញលាក់ទុក។",
    "bg": "При проверка на товарен автомобил на ГКПП е открита укрита стока.",
    "sr": "Prilikom kontrole teretnog vozila na graničnom prelazu pronađena je skrivena roba.",
}


def _office(session: Session, system: Actor, spec: tuple[str, str, str, float, float]) -> Office:
    name, agency_code, place, lat, lon = spec
    agency_id = session.execute(select(Agency.id).where(Agency.code == agency_code)).scalar_one()
    found = session.execute(
        select(Office).where(Office.agency_id == agency_id, Office.name == name)
    ).scalar_one_or_none()
    if found is None:
        offices.create_office(session, system, OfficeCreate(
            name=name, agency=agency_code, place=place, latitude=lat, longitude=lon))  # fmt: skip
        found = session.execute(
            select(Office).where(Office.agency_id == agency_id, Office.name == name)
        ).scalar_one()
    return found


def _quantities(kind: IncidentKind, rng: random.Random, west: bool) -> list[dict[str, Any]]:
    def amount(low: float, high: float, digits: int = 1) -> float:
        return round(rng.uniform(low, high), digits)

    if kind is IncidentKind.DRUG_SEIZURE:
        if rng.random() < 0.6 and not west:
            if rng.random() < 0.3:
                return [{"item": "methamphetamine", "unit": "tablets",
                         "amount": rng.randrange(2000, 60000, 500)}]  # fmt: skip
            return [{"item": "methamphetamine", "unit": "kg", "amount": amount(0.5, 30)}]
        return [{"item": "heroin", "unit": "kg", "amount": amount(0.2, 8, 2)}]
    if kind is IncidentKind.MIGRANT_SMUGGLING:
        return [{"item": "migrants", "unit": "persons", "amount": rng.randint(3, 25)}]
    if kind is IncidentKind.TRAFFICKING_IN_HUMAN_BEINGS:
        return [{"item": "victims", "unit": "persons", "amount": rng.randint(1, 6)}]
    if kind is IncidentKind.FIREARMS:
        return [
            {"item": "pistols", "unit": "units", "amount": rng.randint(1, 8)},
            {"item": "ammunition", "unit": "units", "amount": rng.randrange(50, 1000, 50)},
        ]
    return [{"item": "cigarettes", "unit": "units", "amount": rng.randrange(2000, 80000, 1000)}]


def _persons(kind: IncidentKind, rng: random.Random, country: str,
             quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:  # fmt: skip
    persons = [{"names": [rng.choice(_NAMES[country])], "role": "suspect", "nationality": country,
                "date_of_birth": f"{rng.randint(1965, 2000)}-{rng.randint(1, 12):02d}-"
                                 f"{rng.randint(1, 28):02d}"}]  # fmt: skip
    if kind in (IncidentKind.MIGRANT_SMUGGLING, IncidentKind.TRAFFICKING_IN_HUMAN_BEINGS):
        role = "migrant" if kind is IncidentKind.MIGRANT_SMUGGLING else "victim"
        count = min(int(quantities[0]["amount"]), 4)
        names = _NAMES["migrants"] if country in ("BG", "RS") else _NAMES[country]
        persons += [{"names": [rng.choice(names)], "role": role} for _ in range(count)]
    return persons


def _reports(session: Session, pair: OfficePair, a: Office, b: Office, count: int,
             today: date, seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
    west = a.country in ("BG", "RS")
    weights = [30, 35, 5, 10, 20, 0] if west else [45, 15, 15, 10, 15, 0]
    kinds = list(IncidentKind)
    for n in range(count):
        office = a if n % 2 == 0 else b
        agency = session.get_one(Agency, office.agency_id)
        actor = Actor.operator_for(agency_id=agency.id, agency_code=agency.code,
                                   country=agency.country, international=False)  # fmt: skip
        kind = rng.choices(kinds, weights)[0]
        day = today - timedelta(days=rng.randint(1, 180))
        moment = datetime.combine(day, time(rng.randint(0, 23), rng.choice((0, 15, 30, 45))))
        quantities = _quantities(kind, rng, west)
        located = rng.random() < 0.9 and office.latitude is not None
        language = {"VN": "vi", "KH": "km", "BG": "bg", "RS": "sr"}[office.country]
        data: dict[str, Any] = {
            "office": office.public_id, "kind": kind, "occurred_at": moment.isoformat(),
            "place": office.place, "quantities": quantities,
            "persons": _persons(kind, rng, office.country, quantities),
            "vehicles": [{"plate": f"{office.country}-{rng.randint(10000, 99999)}"}],
            "narrative": _NARRATIVE[language], "language": language,
            "handling_code": rng.choice(("H0", "H0", "H0", "H1", "H2")),
        }  # fmt: skip
        if located:
            assert office.latitude is not None and office.longitude is not None
            data["latitude"] = round(office.latitude + rng.uniform(-0.08, 0.08), 4)
            data["longitude"] = round(office.longitude + rng.uniform(-0.08, 0.08), 4)
        if kind is IncidentKind.FIREARMS:
            serial = f"{rng.choice('ABCDEFGHKM')}{rng.randint(100000, 999999)}"
            data["firearms"] = [
                {
                    "serial_number": serial,
                    "make": rng.choice(("Glock", "CZ", "Zastava", "Makarov")),
                    "calibre": rng.choice(("9x19mm", "7.62x25mm", "9x18mm")),
                }
            ]
        incidents.file_incident(session, actor, pair.public_id,
                                IncidentCreate.model_validate(data))  # fmt: skip


def seed_liaison(session: Session, *, today: date | None = None) -> list[str]:
    """Create the demo's offices, pairs and reports that are missing; the pairs' public ids."""
    today = today or datetime.now(UTC).date()
    system = Actor.system()
    by_name = {spec[0]: _office(session, system, spec) for spec in OFFICES}
    ids = []
    for seed, (first, second, border, count) in enumerate(PAIRS):
        a, b = by_name[first], by_name[second]
        pair = session.execute(
            select(OfficePair).where(OfficePair.border == border)
        ).scalar_one_or_none()
        if pair is None:
            offices.create_pair(session, system, PairCreate(
                office_a=a.public_id, office_b=b.public_id, border=border))  # fmt: skip
            pair = session.execute(
                select(OfficePair).where(OfficePair.border == border)
            ).scalar_one()
        if session.execute(
            select(IncidentReport.id).where(IncidentReport.pair_id == pair.id).limit(1)
        ).first() is None:  # fmt: skip
            _reports(session, pair, a, b, count, today, seed)
        ids.append(pair.public_id)
    return ids
