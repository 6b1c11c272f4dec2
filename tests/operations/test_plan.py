"""Planning an operation: who may do what, the period's rules, the exchange case, the states."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError as PydanticError
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.errors import ConflictError, ForbiddenError, ValidationError
from clew.exchange.models import Case, CaseParticipant
from clew.operations import operations
from clew.operations.kinds import OperationState
from clew.operations.schemas import AcceptIn, OperationUpdate, ParticipantsIn, PostIn
from clew.storage import Database
from tests.operations.conftest import Cast, accept, add_post, create, moment, period, plan


def test_a_coordinator_plans_and_participants_accept(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    with database.transaction() as session:
        operations.accept(session, cast["liaison.ro"], operation_id,
                          AcceptIn(national_coordinator="officer.ro",
                                   liaison_officer="liaison.ro"))  # fmt: skip
    with database.reading() as session:
        seen = operations.get_operation(session, cast["officer.ro"], operation_id)
    assert seen.state is OperationState.RUNNING and seen.coordinator == "BG-NCB"
    assert seen.accepted and not seen.coordinating
    assert [(p.agency, p.coordinating, p.accepted, p.national_coordinator) for p in
            seen.participants] == [("BG-NCB", True, True, None),
                                   ("RO-POLICE", False, True, "officer.ro"),
                                   ("RS-NCB", False, False, None)]  # fmt: skip


def test_the_operation_has_an_exchange_case_with_its_participants(
    database: Database, cast: Cast
) -> None:
    operation_id = create(database, cast)
    with database.transaction() as session:
        operations.invite_participants(session, cast["coord.bg"], operation_id,
                                       ParticipantsIn(participants=["AT-NCB"]))  # fmt: skip
    with database.reading() as session:
        seen = operations.get_operation(session, cast["coord.bg"], operation_id)
        case = session.execute(
            select(Case).where(Case.public_id == seen.exchange_case)
        ).scalar_one()
        members = session.execute(
            select(CaseParticipant.agency_id).where(CaseParticipant.case_id == case.id)
        ).scalars().all()  # fmt: skip
        assert case.subject == "Operation Theseus" and case.crime_area == "migrant_smuggling"
    assert len(members) == 3  # RO, RS and AT; BG owns it


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (period(5, -1), "the period must end after it starts"),
        (period(1, 24 * 32), "an operation lasts at most 31 days"),
        ({"period_start": "2026-05-01T00:00:00", "period_end": "2026-05-02T00:00:00"},
         "Input should have timezone info"),
        ({"timezone": "Europe/Atlantis"}, "'Europe/Atlantis' is not a time zone"),
    ],
)  # fmt: skip
def test_a_wrong_period_or_time_zone_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(PydanticError) as caught:
        plan(**change)
    assert message in str(caught.value)


def test_an_update_keeps_the_period_rules(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        operations.update_operation(session, cast["coord.bg"], operation_id,
                                    OperationUpdate(period_start=moment(24 * 5)))  # fmt: skip
    assert caught.value.detail == "period_start: the period must end after it starts"


def test_only_the_coordinating_agencys_coordinators_plan(database: Database, cast: Cast) -> None:
    with database.transaction() as session, pytest.raises(ForbiddenError):
        operations.create_operation(session, cast["officer.bg"], plan())
    operation_id = create(database, cast, participants=["RO-POLICE", "EE-POLICE"])
    with database.transaction() as session, pytest.raises(ForbiddenError):
        operations.update_operation(session, cast["officer.ro"], operation_id,
                                    OperationUpdate(name="Mine now"))  # fmt: skip
    with database.transaction() as session, pytest.raises(ForbiddenError) as caught:
        operations.update_operation(session, cast["coord.ee"], operation_id,
                                    OperationUpdate(name="Mine now"))  # fmt: skip
    assert caught.value.detail == (
        "Only the coordinating agency's coordinators change the operation."
    )


def test_a_team_member_is_a_user_of_the_agency(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        operations.accept(session, cast["officer.ro"], operation_id,
                          AcceptIn(liaison_officer="coord.bg"))  # fmt: skip
    assert caught.value.detail == "liaison_officer: no active user coord.bg in your agency"


def test_posts_are_planned_by_the_coordinator_or_their_own_agency(
    database: Database, cast: Cast
) -> None:
    operation_id = create(database, cast)
    add_post(database, cast, operation_id, "RO-POLICE", "Giurgiu Bridge", "GRG")
    ro_post = PostIn(agency="RO-POLICE", name="Calafat", kind="border_crossing")  # type: ignore[arg-type]
    bg_post = PostIn(agency="BG-NCB", name="Vidin", kind="border_crossing")  # type: ignore[arg-type]
    with database.transaction() as session:
        operations.add_post(session, cast["officer.ro"], operation_id, ro_post)
    with database.transaction() as session, pytest.raises(ForbiddenError):
        operations.add_post(session, cast["officer.ro"], operation_id, bg_post)
    same_code = PostIn(agency="RO-POLICE", name="Other", code="grg", kind="rail")  # type: ignore[arg-type]
    with database.transaction() as session, pytest.raises(ConflictError):
        operations.add_post(session, cast["coord.bg"], operation_id, same_code)
    outsider = PostIn(agency="EE-POLICE", name="Narva", kind="border_crossing")  # type: ignore[arg-type]
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        operations.add_post(session, cast["coord.bg"], operation_id, outsider)
    assert caught.value.detail == "agency: EE-POLICE does not take part"
    with database.reading() as session:
        posts = operations.get_operation(session, cast["officer.rs"], operation_id).posts
    assert [(p.agency, p.name) for p in posts] == [
        ("RO-POLICE", "Giurgiu Bridge"),
        ("RO-POLICE", "Calafat"),
    ]


def test_states_follow_the_period_and_publishing(database: Database, cast: Cast) -> None:
    planned = create(database, cast, name="Later", **period(24, 24))
    running = create(database, cast, name="Now")
    finished = create(database, cast, name="Before", **period(-48, 24))
    cancelled = create(database, cast, name="Called off")
    with database.transaction() as session:
        operations.cancel(session, cast["coord.bg"], cancelled)
        with pytest.raises(ConflictError) as caught:
            operations.publish(session, cast["coord.bg"], running)
        assert caught.value.detail == "The operation is published after its period."
        published = operations.publish(session, cast["coord.bg"], finished)
    assert published.state is OperationState.PUBLISHED and published.published_at is not None
    with database.transaction() as session, pytest.raises(ConflictError):
        operations.update_operation(session, cast["coord.bg"], finished,
                                    OperationUpdate(name="Rewritten"))  # fmt: skip
    with database.reading() as session:
        states = {
            state: [o.id for o in operations.list_operations(session, cast["officer.ro"],
                                                            state=state)[0]]
            for state in OperationState
        }  # fmt: skip
    assert states == {
        OperationState.PLANNED: [planned], OperationState.RUNNING: [running],
        OperationState.FINISHED: [], OperationState.PUBLISHED: [finished],
        OperationState.CANCELLED: [cancelled],
    }  # fmt: skip


def test_every_change_is_audited_with_ids_only(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    with database.reading() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.target, AuditEntry.query)
            .where(AuditEntry.action.like("operation.%")).order_by(AuditEntry.seq)
        ).all()  # fmt: skip
    assert [(a, t) for a, t, _ in entries] == [
        ("operation.create", f"operation:{operation_id}"),
        ("operation.accept", f"operation:{operation_id}"),
    ]
    assert all("Theseus" not in q for _, _, q in entries)
