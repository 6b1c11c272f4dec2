"""Field reports are checked whole before anything is stored: each problem is named with its
field, in words an officer understands, and nothing of a refused report is kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError as PydanticError
from sqlalchemy import func, select

from clew.errors import ConflictError, ForbiddenError, ValidationError
from clew.operations import operations, results
from clew.operations.models import FieldResult
from clew.operations.schemas import FieldResultIn
from clew.storage import Database, utcnow
from tests.operations.conftest import Cast, accept, add_post, create

NOW = utcnow()


def report(**fields: Any) -> dict[str, Any]:
    return {"occurred_at": (utcnow() - timedelta(minutes=1)).isoformat(), **fields}


SEIZURE = {"kind": "seizure", "category": "drugs", "item": "Cocaine", "unit": "kg", "amount": 2.5}
REFUSED = [
    ("kilograms of pistols", report(kind="seizure", category="firearms", unit="kg", amount=3),
     {"unit": "firearms is counted in units"}),
    ("a drug seizure in units", report(kind="seizure", category="drugs", item="heroin",
                                       unit="units", amount=3),
     {"unit": "drugs is counted in g, kg, l, tablets"}),
    ("cash in no currency", report(kind="seizure", category="cash", item="EURO",
                                   unit="currency", amount=5000),
     {"item": "EURO is not an ISO 4217 currency code"}),
    ("drugs with no substance", report(kind="seizure", category="drugs", unit="kg", amount=1),
     {"item": "needed: the substance"}),
    ("more minors than victims", report(kind="victim", count=3, minors=5),
     {"minors": "more minors (5) than persons (3)"}),
    ("in the future", report(kind="event", title="Convoy",
                             occurred_at=(utcnow() + timedelta(hours=2)).isoformat()),
     {"occurred_at": "is in the future"}),
    ("long before the period", report(kind="event", title="Convoy",
                                      occurred_at=(utcnow() - timedelta(days=3)).isoformat()),
     {"occurred_at": "is outside the operation's period (give or take a day)"}),
    ("an arrest without its basis", report(kind="arrest", crime_area="drug_trafficking"),
     {"basis": "needed for a report of kind arrest"}),
    ("a field of another kind", report(kind="arrest", crime_area="fraud", basis="flagrante",
                                       unit="kg"),
     {"unit": "not part of a report of kind arrest"}),
    ("a post of another agency", report(kind="event", title="Convoy", post="KALOTINA"),
     {"post": "no such post of your agency in this operation"}),
]  # fmt: skip


def _stored(database: Database) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(FieldResult)).scalar_one()


@pytest.fixture
def running(database: Database, cast: Cast) -> str:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    return operation_id


def _report(database: Database, cast: Cast, operation_id: str, body: dict[str, Any]) -> str:
    with database.transaction() as session:
        data = FieldResultIn.model_validate(body)
        return results.report_result(session, cast["officer.ro"], operation_id, data).id


@pytest.mark.parametrize(("why", "body", "problems"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_wrong_report_is_refused_with_its_field_and_nothing_stored(
    database: Database, cast: Cast, running: str, why: str, body: dict[str, Any],
    problems: dict[str, str],
) -> None:  # fmt: skip
    kalotina = add_post(database, cast, running, "BG-NCB", "Kalotina")
    if body.get("post") == "KALOTINA":
        body = {**body, "post": kalotina}
    with pytest.raises(ValidationError) as caught:
        _report(database, cast, running, body)
    assert {f.field: f.message for f in caught.value.fields} == problems
    assert _stored(database) == 0


@pytest.mark.parametrize(
    ("field", "value"), [("amount", -2), ("amount", 0), ("count", -1), ("minors", -1)]
)
def test_negative_numbers_are_refused_before_anything_is_asked(field: str, value: int) -> None:
    body = report(kind="seizure" if field == "amount" else "victim", **{field: value})
    with pytest.raises(PydanticError) as caught:
        FieldResultIn.model_validate(body)
    assert [e["loc"] for e in caught.value.errors()] == [(field,)]
    assert "greater than" in caught.value.errors()[0]["msg"]


def test_a_valid_report_is_stored(database: Database, cast: Cast, running: str) -> None:
    post = add_post(database, cast, running, "RO-POLICE", "Giurgiu Bridge", "GRG")
    body = report(**SEIZURE, post=post, occurred_at=(utcnow() + timedelta(minutes=3)).isoformat())
    _report(database, cast, running, body)  # a phone's clock a little ahead is fine
    _report(database, cast, running, report(kind="seizure", category="cash", item="eur",
                                            unit="currency", amount=12000))  # fmt: skip
    with database.reading() as session:
        listed, total = results.list_results(session, cast["officer.bg"], running)
    assert total == 2
    assert {(r.item, r.unit, r.amount, r.post_name) for r in listed} == {
        ("cocaine", "kg", 2.5, "Giurgiu Bridge"), ("EUR", "currency", 12000, None),
    }  # fmt: skip


def test_only_an_accepted_participant_reports(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    with database.transaction() as session, pytest.raises(ForbiddenError):
        results.report_result(session, cast["officer.rs"], operation_id,
                              FieldResultIn.model_validate(report(**SEIZURE)))  # fmt: skip
    assert _stored(database) == 0


def test_only_the_reporting_agency_withdraws(database: Database, cast: Cast, running: str) -> None:
    result_id = _report(database, cast, running, report(**SEIZURE))
    with database.transaction() as session, pytest.raises(ForbiddenError):
        results.withdraw_result(session, cast["officer.bg"], running, result_id)
    with database.transaction() as session:
        results.withdraw_result(session, cast["liaison.ro"], running, result_id)
    with database.transaction() as session, pytest.raises(ConflictError):
        results.withdraw_result(session, cast["officer.ro"], running, result_id)
    with database.reading() as session:
        assert results.list_results(session, cast["officer.ro"], running) == ([], 0)
        withdrawn, _ = results.list_results(session, cast["officer.ro"], running, withdrawn=True)
    assert [r.id for r in withdrawn] == [result_id] and withdrawn[0].withdrawn_at is not None


def test_a_cancelled_operation_takes_no_reports(
    database: Database, cast: Cast, running: str
) -> None:
    with database.transaction() as session:
        operations.cancel(session, cast["coord.bg"], running)
    with pytest.raises(ConflictError) as caught:
        _report(database, cast, running, report(**SEIZURE))
    assert caught.value.detail == "The operation is cancelled: it takes no more reports."
    assert _stored(database) == 0
