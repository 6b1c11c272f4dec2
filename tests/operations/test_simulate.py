"""A tiny simulation through the real paths: PAXLST manifests screened in bulk, checks and field
reports as participating officers; the planted passengers are found and everything is counted
for the operation."""

from __future__ import annotations

import io

from clew.operations import report, simulate
from clew.operations.kinds import CheckKind
from clew.screening.manifests import read_paxlst
from clew.storage import Database
from tests.operations.conftest import Cast, accept, add_post, create, keeper, record
from tests.records.conftest import person

WANTED = [
    person(names=[{"given": "Goran", "family": "Markovic", "kind": "primary"}],
           date_of_birth="1979-04-12", identifiers=[]),
    person(names=[{"given": "Elena", "family": "Dumitrescu", "kind": "primary"}],
           date_of_birth="1988-11-30",
           identifiers=[{"type": "passport", "number": "RO1234567", "country": "RO"}]),
]  # fmt: skip


def test_a_paxlst_message_reads_back_traveller_by_traveller() -> None:
    someone = simulate.Traveller("O'Neil", "Ana Maria", simulate.date(1990, 5, 17), "F", "ROU",
                                 "X1234567", "ROU")  # fmt: skip
    text = simulate.paxlst("RO301", "VIE", "OTP", simulate.utcnow(), [someone, someone])
    rows = list(read_paxlst(io.StringIO(text), place="Henri Coanda"))
    assert len(rows) == 2 and not rows[0].errors
    request = rows[0].request
    assert request is not None and request.person is not None and request.document is not None
    assert (request.person.family_name, request.person.given_names) == ("O'NEIL", "ANA MARIA")
    assert rows[0].traveller == "ANA MARIA O'NEIL"
    assert str(request.person.date_of_birth) == "1990-05-17"
    assert request.document.number == "X1234567" and request.place == "Henri Coanda"


def test_a_tiny_simulation_finds_the_planted_passengers_and_counts_for_the_operation(
    database: Database, cast: Cast
) -> None:
    for body in WANTED:
        record(database, cast, body)
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    add_post(database, cast, operation_id, "RO-POLICE", "Henri Coanda", "OTP", kind="airport")
    add_post(database, cast, operation_id, "BG-NCB", "Kalotina", kind="border_crossing")
    plan = simulate.Plan(flights=3, passengers_per_flight=8, vehicles=4, persons=3, reports=5,
                         planted=2, seed=7)  # fmt: skip
    steps: list[str] = []
    outcome = simulate.run(database, keeper(database), operation_id,
                           [cast["officer.ro"], cast["officer.bg"]], plan,
                           progress=lambda step, n: steps.append(step))  # fmt: skip
    assert outcome.planted == 2 and outcome.planted_found == 2
    assert (outcome.flights, outcome.passengers, outcome.reports) == (3, 24, 5)
    assert len(steps) == 3 + 4 + 3 + 5
    with database.transaction() as session:
        f = report.figures(session, cast["coord.bg"], operation_id)
    assert f.checks[CheckKind.FLIGHT] == 3 and f.checks[CheckKind.PASSENGER] == 24
    assert f.checks[CheckKind.VEHICLE] == 4 and f.checks[CheckKind.PERSON] == 3
    assert f.checks[CheckKind.HIT] >= 2
    airport = next(p for p in f.by_post if p.name == "Henri Coanda")
    assert airport.counts[CheckKind.PASSENGER] == 24
    assert f.results.reports == 5
