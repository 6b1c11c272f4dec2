"""The demo's trafficking case, as the investigator it names (officer.bg) walks it: a batch of
pistols diverted from a dealer, recovered in three countries, traces in every state, one point
of diversion named, routes to draw; and seeding it twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from clew.access.login import actor_for
from clew.access.models import User
from clew.demo import seed, seed_trafficking
from clew.firearms import traces
from clew.firearms.routes import flows
from clew.firearms.trace_models import Trace
from clew.records.models import Record
from clew.storage import Database


def _counts(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        return (
            session.execute(select(func.count()).select_from(Trace)).scalar_one(),
            session.execute(select(func.count()).select_from(Record)).scalar_one(),
        )


def test_the_investigator_walks_a_batch_diverted_by_a_dealer(database: Database) -> None:
    with database.transaction() as session:
        seed(session)
        case = seed_trafficking(session)
    assert case is not None and case.username == "officer.bg"
    with database.transaction() as session:
        user = session.execute(select(User).where(User.username == case.username)).scalar_one()
        actor = actor_for(user)
        seen = []
        for box in ("outgoing", "incoming"):
            found, _ = traces.list_traces(
                session, actor, traces.TraceFilter(direction=box), limit=50, offset=0
            )
            seen += [traces.get_trace(session, actor, t.id) for t in found]
        # recovered in three countries, one batch of one make and model
        assert {t.recovery_country for t in seen} == {"BG", "RS", "RO"}
        assert {(t.markings.make, t.markings.model) for t in seen} == {("Glock", "17")}
        # every state of the workflow is there to look at
        statuses = {r.status.value for t in seen for r in t.recipients}
        assert statuses >= {"answered", "refused", "acknowledged", "sent"}
        assert any(r.overdue for t in seen for r in t.recipients)
        refused = next(r for t in seen for r in t.recipients if r.status == "refused")
        assert refused.refusal_reason is not None and refused.refusal_note
        # the point of diversion: the dealer's sale to the purchaser, in Bulgaria
        histories = [(t.markings.serial_number or "", traces.history(t)) for t in seen]
        diversions = {
            (h.diversion.kind, h.diversion.actor, h.diversion.counterpart, h.diversion_country)
            for _, h in histories
            if h.diversion is not None
        }
        assert diversions == {("sold", "Balkan Hunt & Sport OOD", "Petar Yordanov", "BG")}
        # routes to draw on the map, from diversion to recovery
        routes = {(f.origin, f.destination): f.count for f in flows(histories)}
        assert routes[("BG", "RS")] == 2 and ("BG", "RO") in routes
    # the batch is on the watchlist as stolen firearms
    with database.transaction() as session:
        stolen = session.execute(
            select(func.count()).select_from(Record).where(Record.kind == "firearm")
        ).scalar_one()
    assert stolen == 12


def test_seeding_the_case_twice_changes_nothing(database: Database) -> None:
    with database.transaction() as session:
        seed(session)
        assert seed_trafficking(session) is not None
    before = _counts(database)
    with database.transaction() as session:
        assert seed_trafficking(session) is None
    assert _counts(database) == before == (7, 12)
