"""The demo's pairs: Vietnam–Cambodia twice and Bulgaria–Serbia, about sixty reports, seeded
once however often the demo is loaded."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from clew.access.actor import Actor
from clew.demo import seed_agencies
from clew.liaison import report
from clew.liaison.demo import seed_liaison
from clew.liaison.models import IncidentReport, OfficePair
from clew.storage import Database


def test_the_demo_pairs_are_seeded_once_with_plausible_reports(database: Database) -> None:
    today = date(2026, 12, 1)
    with database.transaction() as session:
        seed_agencies(session)
        first = seed_liaison(session, today=today)
    with database.transaction() as session:
        assert seed_liaison(session, today=today) == first
        borders = set(session.execute(select(OfficePair.border)).scalars())
        count = session.execute(select(func.count(IncidentReport.id))).scalar_one()
        oldest = session.execute(select(func.min(IncidentReport.occurred_on))).scalar_one()
        built = report.build(session, Actor.system(), first[0],
                             report.period(start=date(2026, 6, 1), end=today))  # fmt: skip
    assert borders == {"Moc Bai – Bavet", "Tinh Bien – Phnom Den", "Kalotina – Gradina"}
    assert count == 60 and oldest >= date(2026, 6, 1)
    units = {(item, unit) for item, unit, _, _ in built.figures.quantities}
    assert ("methamphetamine", "kg") in units and ("migrants", "persons") in units
