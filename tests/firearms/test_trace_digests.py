"""What each trace's history yields is stored when its events change, so the statistics page
and the routes map read no event and analyse no history per view.

The stored values must be exactly what :func:`clew.firearms.history.analyse` reads from the
history each agency sees on the trace's page: the requester every answer, an addressed agency
its own. Bulgaria's two traces are answered by Latvia (Austria refuses the first); a third,
answered by Austria, has a chain with a gap (no point of diversion).
"""

from __future__ import annotations

from typing import Any

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import event, select, update

from clew.access.models import Agency
from clew.firearms import traces
from clew.firearms.history import History
from clew.firearms.trace_models import Trace, TraceRecipient
from clew.firearms.trace_schemas import TracePublic
from clew.storage import Database
from tests.firearms.test_trace_stats import Headers, agencies, small_world
from tests.firearms.test_traces import open_trace

__all__ = ["agencies"]

GAP_HISTORY = [
    {"occurred_on": "2016-04-02", "kind": "sold", "country": "AT", "actor": "Waffen Huber",
     "counterpart": "Karl Maier"},
    {"occurred_on": "2018-09", "kind": "sold", "country": "AT", "actor": "Franz Gruber",
     "counterpart": "Anna Berger"},
    {"occurred_on": "2025-12-01", "kind": "reported_stolen", "country": "AT",
     "actor": "Anna Berger"},
]  # fmt: skip


def world(client: TestClient, agencies: dict[str, Headers]) -> list[str]:
    ids = small_world(client, agencies)
    gap = open_trace(client, agencies["officer.bg"], addressed=["AT-NCB"])["id"]
    answered = client.post(f"/api/v1/traces/{gap}/answer", headers=agencies["officer.at"],
                           json={"events": GAP_HISTORY})  # fmt: skip
    assert answered.status_code == 200, answered.text
    return [*ids, gap]


def seen_by(client: TestClient, headers: Headers, tid: str) -> History:
    """The history the trace's page shows the agency, read by ``analyse``."""
    got = client.get(f"/api/v1/traces/{tid}", headers=headers)
    assert got.status_code == 200, got.text
    return traces.history(TracePublic.model_validate(got.json()))


def expected(history: History) -> dict[str, Any]:
    gap = history.no_diversion is not None and history.no_diversion.code == "chain_gap"
    ttc = history.time_to_crime
    return {
        "history_diversion_country": history.diversion_country,
        "history_recovery_country": history.recovery_country,
        "history_diverted_on": history.diversion.occurred_on if history.diversion else None,
        "history_chain_gap": gap,
        "history_ttc_low": ttc.low if ttc else None,
        "history_ttc_high": ttc.high if ttc else None,
        "history_transferred_from": (
            history.last_transfer.when.earliest
            if history.last_transfer and history.last_transfer.when else None
        ),
        "history_recovered_by": (
            history.recovery.when.latest if history.recovery and history.recovery.when else None
        ),
        "history_purchaser": history.purchaser,
        "history_dealer": history.dealer,
        "history_possessor": history.possessor,
    }  # fmt: skip


def stored(database: Database, tid: str, agency: str | None = None) -> dict[str, Any]:
    """The stored values of the trace (``agency`` None) or of one addressed agency's row."""
    names = list(expected(History(())))
    with database.reading() as session:
        if agency is None:
            table: Any = Trace
            stmt = select(*(getattr(Trace, n) for n in names)).where(Trace.public_id == tid)
        else:
            table = TraceRecipient
            stmt = (
                select(*(getattr(table, n) for n in names))
                .join(Trace, Trace.id == TraceRecipient.trace_id)
                .join(Agency, Agency.id == TraceRecipient.agency_id)
                .where(Trace.public_id == tid, Agency.code == agency)
            )
        row = session.execute(stmt).one()
    return dict(zip(names, row, strict=True))


def views(agencies: dict[str, Headers]) -> list[tuple[str | None, Headers]]:
    """Whose history is stored where: the requester's on the trace, each agency's on its row."""
    return [(None, agencies["officer.bg"]), ("LV-POLICE", agencies["dm.lv"]),
            ("AT-NCB", agencies["officer.at"])]  # fmt: skip


def test_the_stored_history_is_what_analyse_reads_after_each_answer(
    client: TestClient, database: Database, agencies: dict[str, Headers]
) -> None:
    ids = world(client, agencies)
    for tid in ids:
        for agency, headers in views(agencies):
            if (
                agency is not None
                and client.get(f"/api/v1/traces/{tid}", headers=headers).status_code == 404
            ):
                continue  # not asked: no row  # fmt: skip
            assert stored(database, tid, agency) == expected(seen_by(client, headers, tid)), (
                tid, agency,
            )  # fmt: skip
    # The values are those a user reads on the page: the Zastava left the legal market in
    # Latvia with its sale on 1 February 2019; the third trace's chain has a gap.
    zastava = stored(database, ids[0])
    assert zastava["history_diversion_country"] == "LV"
    assert zastava["history_diverted_on"] == "2019-02-01"
    assert zastava["history_ttc_low"] == 2586 and zastava["history_chain_gap"] is False
    assert stored(database, ids[0], "AT-NCB")["history_diversion_country"] is None  # refused
    gap = stored(database, ids[2])
    assert gap["history_chain_gap"] is True and gap["history_diversion_country"] is None
    assert gap["history_recovery_country"] == "BG"


def test_a_trace_just_opened_stores_its_recovery(
    client: TestClient, database: Database, agencies: dict[str, Headers]
) -> None:
    tid = open_trace(client, agencies["officer.bg"])["id"]
    values = stored(database, tid)
    assert values == expected(seen_by(client, agencies["officer.bg"], tid))
    assert values["history_recovery_country"] == "BG" and values["history_possessor"] is not None
    assert stored(database, tid, "LV-POLICE") == values


def test_the_statistics_and_routes_read_no_event(
    client: TestClient, database: Database, agencies: dict[str, Headers]
) -> None:
    world(client, agencies)
    statements: list[str] = []

    def keep(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "trace_events" in statement:
            statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", keep)
    try:
        for headers in (agencies["officer.bg"], agencies["dm.lv"]):
            for what in ("statistics", "routes"):
                got = client.get(f"/api/v1/traces/{what}", headers=headers)
                assert got.status_code == 200, got.text
    finally:
        event.remove(database.engine, "before_cursor_execute", keep)
    assert statements == []


def test_traces_opened_before_are_filled_in_by_the_migration(
    client: TestClient, database: Database, agencies: dict[str, Headers]
) -> None:
    ids = world(client, agencies)
    asked = {ids[0]: ("LV-POLICE", "AT-NCB"), ids[1]: ("LV-POLICE",), ids[2]: ("AT-NCB",)}
    before = {(tid, agency): stored(database, tid, agency)
              for tid, codes in asked.items() for agency in (None, *codes)}  # fmt: skip
    names = list(expected(History(())))
    with database.transaction() as session:  # as if stored by no one
        session.execute(update(Trace).values(dict.fromkeys(names)))
        session.execute(update(TraceRecipient).values(dict.fromkeys(names)))
    config = database.alembic_config()
    command.downgrade(config, "0012")
    command.upgrade(config, "head")
    after = {key: stored(database, *key) for key in before}
    assert after == before
    assert after[(ids[0], None)]["history_diversion_country"] == "LV"
