"""Reading a found record's alert uses the record's index, whatever the number of alerts.

bench/firearms.py found each hit at 1.5 million records reading every active alert: with a status
filter, SQLite's planner (which has no statistics) chose the (status, review_on) index over
the record one. The read now asks by record only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from clew.access.models import Agency
from clew.records.models import Record
from clew.screening.sync import convert
from clew.storage import Database, utcnow


def test_a_records_alerts_are_read_through_the_record_index(database: Database) -> None:
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM alerts" in statement:
            statements.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", keep)
    try:
        with database.reading() as session:
            codes = dict(session.execute(select(Agency.id, Agency.code)).all())
            records = [Record(id=1, kind="document")]
            list(convert(session, records, codes, utcnow().date(), set()))
    finally:
        event.remove(database.engine, "before_cursor_execute", keep)
    assert len(statements) == 1
    statement, parameters = statements[0]
    assert "alerts.status" not in statement.split("WHERE", 1)[1]
    if database.dialect == "sqlite":
        with database.engine.connect() as conn:
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        assert any("ix_alerts_record_id" in str(row) for row in plan), plan
