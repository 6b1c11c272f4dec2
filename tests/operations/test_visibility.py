"""Participants only: an agency that takes no part in an operation finds no trace of it.

Every read and write answers exactly what a made-up id gets (*not found*, the same words); the
operation is absent from its lists and their totals; an agency taken out finds nothing any
more; a target pulled from a record is shown only to readers who may see the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clew.access.actor import Actor
from clew.errors import NotFoundError
from clew.operations import operations, results, tally
from clew.operations.schemas import (
    AcceptIn,
    FieldResultIn,
    OperationUpdate,
    ParticipantsIn,
    PostIn,
    TargetIn,
)
from clew.storage import Database, utcnow
from tests.operations.conftest import Cast, accept, create, record
from tests.records.conftest import person

MADE_UP = "n0T-a-real-operation-id"
REPORT = {"kind": "event", "title": "Convoy stopped", "occurred_at": utcnow().isoformat()}

Action = Callable[[Any, Actor, str], object]
ACTIONS: dict[str, Action] = {
    "view": operations.get_operation,
    "update": lambda s, a, i: operations.update_operation(s, a, i, OperationUpdate(name="X")),
    "invite": lambda s, a, i: operations.invite_participants(
        s, a, i, ParticipantsIn(participants=["EE-POLICE"])),
    "accept": lambda s, a, i: operations.accept(s, a, i, AcceptIn()),
    "add post": lambda s, a, i: operations.add_post(
        s, a, i, PostIn(agency="EE-POLICE", name="Narva", kind="border_crossing")),  # type: ignore[arg-type]
    "remove post": lambda s, a, i: operations.remove_post(s, a, i, "some-post"),
    "add target": lambda s, a, i: operations.add_target(s, a, i, TargetIn(record_id=1)),
    "publish": operations.publish,
    "cancel": operations.cancel,
    "tallies": tally.get_tallies,
    "report": lambda s, a, i: results.report_result(s, a, i, FieldResultIn.model_validate(REPORT)),
    "results": results.list_results,
    "summary": results.get_summary,
    "withdraw": lambda s, a, i: results.withdraw_result(s, a, i, "some-result"),
}  # fmt: skip


def _error(database: Database, action: Action, actor: Actor, operation_id: str) -> str:
    with database.transaction() as session, pytest.raises(NotFoundError) as caught:
        action(session, actor, operation_id)
    return caught.value.detail


@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("outsider", ["coord.ee", "officer.ee"])
def test_an_outsider_gets_what_a_made_up_id_gets(
    database: Database, cast: Cast, name: str, outsider: str
) -> None:
    operation_id = create(database, cast)
    action, actor = ACTIONS[name], cast[outsider]
    assert _error(database, action, actor, operation_id) == "Operation not found."
    assert _error(database, action, actor, MADE_UP) == "Operation not found."


def test_an_outsider_lists_nothing(database: Database, cast: Cast) -> None:
    create(database, cast)
    with database.reading() as session:
        assert operations.list_operations(session, cast["officer.ee"]) == ([], 0)
        listed, total = operations.list_operations(session, cast["officer.rs"])
    assert total == 1 and [o.name for o in listed] == ["Theseus"]


def test_an_agency_taken_out_finds_no_trace(database: Database, cast: Cast) -> None:
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    with database.transaction() as session:
        operations.remove_participant(session, cast["coord.bg"], operation_id, "RO-POLICE")
    assert _error(database, ACTIONS["view"], cast["officer.ro"], operation_id) == (
        "Operation not found."
    )
    with database.reading() as session:
        assert operations.list_operations(session, cast["officer.ro"]) == ([], 0)


def test_a_target_from_a_record_is_shown_only_to_who_may_see_the_record(
    database: Database, cast: Cast
) -> None:
    operation_id = create(database, cast)
    hidden = record(database, cast, person(visibility={"mode": "only", "countries": ["BG"]}))
    with database.transaction() as session:
        operations.add_target(session, cast["coord.bg"], operation_id,
                              TargetIn(record_id=hidden, note="High-value target"))  # fmt: skip
    with database.reading() as session:
        seen_bg = operations.get_operation(session, cast["coord.bg"], operation_id).targets
        seen_ro = operations.get_operation(session, cast["officer.ro"], operation_id).targets
    assert [(t.source, t.note) for t in seen_bg] == [(f"record:{hidden}", "High-value target")]
    assert seen_ro == []


def test_a_record_the_planner_may_not_see_cannot_be_a_target(
    database: Database, cast: Cast
) -> None:
    operation_id = create(database, cast)
    hidden = record(database, cast, person(visibility={"mode": "except", "countries": ["BG"]}))
    with database.transaction() as session, pytest.raises(NotFoundError) as caught:
        operations.add_target(session, cast["coord.bg"], operation_id, TargetIn(record_id=hidden))
    assert caught.value.detail == "Record not found."
