"""The counting rules of :mod:`clew.operations.kinds`, as golden cases.

A check belongs to an operation when the checking agency has accepted it and the check falls
inside its period; it is counted at the post its place names (by name or code, case and spaces
ignored), otherwise under its agency with no post. Hits count only when the checker was shown
them; a confirmed hit counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from clew.operations import operations, tally
from clew.screening import hits
from clew.screening.models import Hit
from clew.screening.schemas import HitDecision
from clew.storage import Database
from tests.operations.conftest import (
    Cast,
    accept,
    add_post,
    check,
    create,
    keeper,
    period,
    record,
    tallies,
)
from tests.records.conftest import document, vehicle

PERSON = {"person": {"names": ["Ivan Petrov"], "date_of_birth": "1980-01-02"}}


@dataclass(frozen=True)
class Case:
    why: str
    checker: str = "officer.ro"
    place: str | None = None
    accepted: bool = True
    when: dict[str, str] | None = None  # the operation's period; running by default
    cancelled: bool = False
    body: dict[str, Any] = field(default_factory=lambda: dict(PERSON))
    expected: dict[tuple[str, str, str], int] = field(default_factory=dict)


RO = "RO-POLICE"
CASES = [
    Case("an accepted participant's check inside the period counts",
         expected={(RO, "-", "person"): 1}),
    Case("an invited agency that has not accepted is not counted", accepted=False),
    Case("an invited agency's check is not counted before it accepts", checker="officer.rs"),
    Case("a non-participant's check is not counted", checker="officer.ee"),
    Case("a check after the period is not counted", when=period(-30, 24)),
    Case("a check before the period is not counted", when=period(2, 24)),
    Case("a cancelled operation counts nothing", cancelled=True),
    Case("the coordinating agency takes part from the start", checker="officer.bg",
         expected={("BG-NCB", "-", "person"): 1}),
    Case("a place naming a post counts at the post", place="Giurgiu Bridge",
         expected={(RO, "Giurgiu Bridge", "person"): 1}),
    Case("a post is found by its code", place="GRG",
         expected={(RO, "Giurgiu Bridge", "person"): 1}),
    Case("case and spaces are ignored", place="  giurgiu   BRIDGE ",
         expected={(RO, "Giurgiu Bridge", "person"): 1}),
    Case("spaces inside are ignored too", place="GiurgiuBridge",
         expected={(RO, "Giurgiu Bridge", "person"): 1}),
    Case("another agency's post is not the checker's", place="Kalotina",
         expected={(RO, "-", "person"): 1}),
    Case("a place naming no post counts under the agency with no post", place="Somewhere",
         expected={(RO, "-", "person"): 1}),
    Case("every kind checked counts once", body={"document": {"number": "X1"},
                                                 "vehicle": {"plate": "B 123 ABC"}},
         expected={(RO, "-", "document"): 1, (RO, "-", "vehicle"): 1}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.why for c in CASES])
def test_counting_rules(database: Database, cast: Cast, case: Case) -> None:
    operation_id = create(database, cast, **(case.when or {}))
    add_post(database, cast, operation_id, RO, "Giurgiu Bridge", "GRG")
    add_post(database, cast, operation_id, "BG-NCB", "Kalotina", "KAL")
    if case.accepted:
        accept(database, cast, operation_id, "liaison.ro")
    if case.cancelled:
        with database.transaction() as session:
            operations.cancel(session, cast["coord.bg"], operation_id)
    kept = keeper(database)
    check(database, kept, cast[case.checker], {**case.body, "place": case.place})
    found = {k[1:]: n for k, n in tallies(database).items()}
    assert found == case.expected


def test_overlapping_operations_both_count(database: Database, cast: Cast) -> None:
    first = create(database, cast)
    second = create(database, cast, name="Global Chain", participants=["RO-POLICE"])
    for operation_id in (first, second):
        accept(database, cast, operation_id, "officer.ro")
    check(database, keeper(database), cast["officer.ro"], PERSON)
    assert tallies(database) == {(first, RO, "-", "person"): 1, (second, RO, "-", "person"): 1}


def test_checks_add_up_in_their_minute(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    kept = keeper(database)
    for _ in range(3):
        check(database, kept, cast["officer.ro"], PERSON)
    assert tallies(database) == {(operation_id, RO, "-", "person"): 3}


def test_a_shown_hit_counts_and_a_silent_one_does_not(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    record(database, cast, document(number="AB1234567"))
    record(database, cast, vehicle(visibility={"mode": "except", "countries": ["RO"]}))
    kept = keeper(database)
    shown = check(database, kept, cast["officer.ro"], {"document": {"number": "AB1234567"}})
    silent = check(database, kept, cast["officer.ro"], {"vehicle": {"plate": "CA1234AB"}})
    assert len(shown.results) == 1 and silent.results == []
    assert tallies(database) == {
        (operation_id, RO, "-", "document"): 1, (operation_id, RO, "-", "vehicle"): 1,
        (operation_id, RO, "-", "hit"): 1,
    }  # fmt: skip


def _decide(database: Database, cast: Cast, hit_id: str, decision: str) -> None:
    with database.transaction() as session:
        hits.decide(session, cast["dm.at"], hit_id, HitDecision(decision=decision))  # type: ignore[arg-type]


def test_a_confirmed_hit_counts_once(database: Database, cast: Cast) -> None:
    """Confirmed twice, it counts once; rejected after all, it no longer counts; counted for
    the checking agency's operation at the hit's place, though the owner takes part in none."""
    operation_id = create(database, cast)
    add_post(database, cast, operation_id, RO, "Giurgiu Bridge", "GRG")
    accept(database, cast, operation_id, "officer.ro")
    record(database, cast, document(number="AB1234567"))
    answer = check(database, keeper(database), cast["officer.ro"],
                   {"document": {"number": "AB1234567"}, "place": "grg"})  # fmt: skip
    hit_id = answer.results[0].hit_id
    confirmed = (operation_id, RO, "Giurgiu Bridge", "confirmed_hit")
    _decide(database, cast, hit_id, "confirmed")
    _decide(database, cast, hit_id, "confirmed")
    assert tallies(database)[confirmed] == 1
    _decide(database, cast, hit_id, "rejected")
    assert confirmed not in tallies(database)


def test_a_confirmed_silent_hit_is_not_counted(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    record(database, cast, document(visibility={"mode": "except", "countries": ["RO"]}))
    check(database, keeper(database), cast["officer.ro"], {"document": {"number": "AB1234567"}})
    with database.reading() as session:
        hit_id = session.execute(select(Hit.public_id)).scalar_one()
    _decide(database, cast, hit_id, "confirmed")
    assert tallies(database) == {(operation_id, RO, "-", "document"): 1}


def test_a_manifest_counts_a_flight_its_passengers_and_hits(database: Database, cast: Cast) -> None:
    import io

    from clew.screening import bulk
    from clew.screening.manifests import read_csv

    operation_id = create(database, cast)
    add_post(database, cast, operation_id, RO, "Henri Coanda Airport", "OTP", kind="airport")
    accept(database, cast, operation_id, "officer.ro")
    record(database, cast, document(number="AB1234567"))
    manifest = (
        "name,date_of_birth,document_number\nIvan Petrov,1980-01-02,AB1234567\n"
        "Maria Ionescu,1990-05-06,RX7654321\nNo Birth,not-a-date,X\n"
    )
    rows = list(read_csv(io.StringIO(manifest), place="OTP"))
    with database.transaction() as session:
        bulk.screen_rows(session, cast["officer.ro"], keeper(database), rows, filename="ro.csv")
    post = (operation_id, RO, "Henri Coanda Airport")
    assert tallies(database) == {
        (*post, "flight"): 1, (*post, "passenger"): 2, (*post, "hit"): 1,
    }  # fmt: skip


def test_a_failure_to_count_never_fails_the_check(
    database: Database, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    record(database, cast, document(number="AB1234567"))

    def broken(*_: object) -> None:
        raise RuntimeError("the counters are on fire")

    monkeypatch.setattr(tally, "_upsert", broken)
    answer = check(database, keeper(database), cast["officer.ro"],
                   {"document": {"number": "AB1234567"}})  # fmt: skip
    assert len(answer.results) == 1
    with database.reading() as session:
        assert session.execute(select(Hit.silent)).scalars().all() == [False]
    assert tallies(database) == {}


def test_totals_add_up_by_kind_agency_post_and_minute(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    add_post(database, cast, operation_id, RO, "Giurgiu Bridge", "GRG")
    accept(database, cast, operation_id, "officer.ro")
    kept = keeper(database)
    check(database, kept, cast["officer.ro"], {**PERSON, "place": "GRG"})
    check(database, kept, cast["officer.ro"], {**PERSON, "vehicle": {"plate": "B1"}})
    check(database, kept, cast["officer.bg"], PERSON)
    with database.reading() as session:
        op = session.execute(
            select(operations.Operation).where(operations.Operation.public_id == operation_id)
        ).scalar_one()
        totals = tally.totals(session, op)
    assert totals.kinds == {"person": 3, "vehicle": 1}
    assert totals.agencies == {"BG-NCB": {"person": 1}, RO: {"person": 2, "vehicle": 1}}
    by_post = {(p.agency, p.name): p.counts for p in totals.posts}
    assert by_post == {
        (RO, "Giurgiu Bridge"): {"person": 1}, ("BG-NCB", None): {"person": 1},
        (RO, None): {"person": 1, "vehicle": 1},
    }  # fmt: skip
    assert sum(sum(m.counts.values()) for m in totals.series) == 4
