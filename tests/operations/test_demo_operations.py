"""The demo's operations: a finished, published one with its report and a running one; seeding
twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from clew import demo
from clew.access.login import actor_for
from clew.access.models import User
from clew.operations import report, tally
from clew.operations.demo import seed_operations
from clew.operations.kinds import CheckKind, OperationState
from clew.operations.models import FieldResult, Operation, OperationPost, OperationTally
from clew.storage import Database


def _sizes(database: Database) -> tuple[int, ...]:
    with database.reading() as session:
        rows = [
            session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (Operation, OperationPost, FieldResult)
        ]
        return (*rows, session.execute(select(func.sum(OperationTally.count))).scalar_one())


def test_seeding_twice_changes_nothing_and_gives_a_published_and_a_running_operation(
    database: Database,
) -> None:
    tally.forget()
    with database.transaction() as session:
        demo.seed(session)
        first = seed_operations(session)
    before = _sizes(database)
    with database.transaction() as session:
        assert seed_operations(session) == first
    assert _sizes(database) == before
    with database.transaction() as session:
        officer = actor_for(session.execute(select(User).where(User.username == "officer.bg"))
                            .scalar_one())  # fmt: skip
        finished, running = (report.figures(session, officer, i) for i in first)
    assert finished.state is OperationState.PUBLISHED and running.state is OperationState.RUNNING
    assert finished.countries == ["AL", "BG", "MD", "RO", "RS"] and finished.posts == 13
    assert finished.checks[CheckKind.PASSENGER] > finished.checks[CheckKind.FLIGHT] > 0
    assert finished.results.arrests.total > 0 and finished.results.seizures
    assert running.checks[CheckKind.PERSON] > 0
