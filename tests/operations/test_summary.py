"""The results' figures equal the sums of what was recorded: arrests by crime area and basis,
seizures per (category, item, unit) with kilograms never added to units, persons with minors
apart, investigations; withdrawn reports left out."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from clew.operations import results
from clew.operations.schemas import FieldResultIn
from clew.storage import Database, utcnow
from tests.operations.conftest import Cast, accept, create

AREAS = ["drug_trafficking", "migrant_smuggling", "firearms_trafficking"]
BASES = ["red_notice", "european_arrest_warrant", "national_warrant", "flagrante"]
SEIZURES = [("drugs", "Cocaine", "kg"), ("drugs", "cocaine ", "g"), ("drugs", "heroin", "kg"),
            ("firearms", None, "units"), ("cash", "eur", "currency"), ("cash", "USD", "currency"),
            ("wildlife", "ivory", "kg"), ("wildlife", "ivory", "units")]  # fmt: skip


def _random_report(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["arrest", "seizure", "victim", "migrant", "investigation", "event"])
    at = (utcnow() - timedelta(minutes=rng.randint(1, 50))).isoformat()
    if kind == "arrest":
        return {"kind": kind, "occurred_at": at, "crime_area": rng.choice(AREAS),
                "basis": rng.choice(BASES), "persons": rng.randint(1, 3)}  # fmt: skip
    if kind == "seizure":
        category, item, unit = rng.choice(SEIZURES)
        body = {"kind": kind, "occurred_at": at, "category": category, "unit": unit,
                "amount": round(rng.uniform(0.1, 50), 3)}  # fmt: skip
        return body | ({"item": item} if item else {})
    if kind in ("victim", "migrant"):
        count = rng.randint(1, 9)
        return {"kind": kind, "occurred_at": at, "count": count, "minors": rng.randint(0, count)}
    if kind == "investigation":
        return {"kind": kind, "occurred_at": at, "count": rng.randint(1, 2)}
    return {"kind": kind, "occurred_at": at, "title": "Convoy stopped"}


def test_the_figures_are_the_sums_of_what_was_recorded(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    rng = random.Random(13)
    bodies = [_random_report(rng) for _ in range(80)]
    kept: list[dict[str, Any]] = []
    with database.transaction() as session:
        for index, body in enumerate(bodies):
            reporter = cast["officer.ro" if index % 2 else "officer.bg"]
            made = results.report_result(session, reporter, operation_id,
                                         FieldResultIn.model_validate(body))  # fmt: skip
            if index % 7 == 3:
                results.withdraw_result(session, reporter, operation_id, made.id)
            else:
                kept.append(body)
    with database.reading() as session:
        figures = results.get_summary(session, cast["officer.rs"], operation_id)

    arrests = [b for b in kept if b["kind"] == "arrest"]
    by_area: Counter[str] = Counter()
    by_basis: Counter[str] = Counter()
    for b in arrests:
        by_area[b["crime_area"]] += b["persons"]
        by_basis[b["basis"]] += b["persons"]
    assert figures.arrests.total == sum(b["persons"] for b in arrests)
    assert figures.arrests.by_crime_area == dict(by_area)
    assert figures.arrests.by_basis == dict(by_basis)

    seized: dict[tuple[str, str | None, str], float] = defaultdict(float)
    for b in kept:
        if b["kind"] == "seizure":
            item = b.get("item")
            item = (
                item.strip().upper() if b["category"] == "cash" else item and item.strip().lower()
            )
            seized[(b["category"], item, b["unit"])] += b["amount"]
    assert {(s.category, s.item, s.unit): round(s.amount, 3) for s in figures.seizures} == {
        k: round(v, 3) for k, v in seized.items()
    }
    for kind, shown in (("victim", figures.victims), ("migrant", figures.migrants)):
        of_kind = [b for b in kept if b["kind"] == kind]
        assert (shown.total, shown.minors) == (sum(b["count"] for b in of_kind),
                                               sum(b["minors"] for b in of_kind))  # fmt: skip
    investigations = sum(b["count"] for b in kept if b["kind"] == "investigation")
    assert figures.investigations == investigations
    assert figures.events == sum(b["kind"] == "event" for b in kept)
    assert figures.reports == len(kept)


def test_kilograms_are_never_added_to_units(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    at = (utcnow() - timedelta(minutes=5)).isoformat()
    with database.transaction() as session:
        for unit, amount in (("kg", 12.5), ("units", 3), ("kg", 0.5)):
            body = {"kind": "seizure", "category": "wildlife", "item": "Ivory", "unit": unit,
                    "amount": amount, "occurred_at": at}  # fmt: skip
            results.report_result(session, cast["officer.bg"], operation_id,
                                  FieldResultIn.model_validate(body))  # fmt: skip
        figures = results.get_summary(session, cast["officer.bg"], operation_id)
    assert [(s.item, s.unit, s.amount, s.reports) for s in figures.seizures] == [
        ("ivory", "kg", 13.0, 2), ("ivory", "units", 3.0, 1),
    ]  # fmt: skip
