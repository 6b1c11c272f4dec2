"""Trace routes and statistics through the API and the CLI: the figures are those of
:func:`clew.firearms.stats.compute` over the traces the agency sees, and a trace it may not see
changes no figure.

Bulgaria recovers two pistols sold in Latvia and reported stolen there, and asks Latvia (which
answers both) and Austria (which refuses the first). Estonia separately traces a Zastava that
Austria diverted; Bulgaria is not part of it and must not see it in any figure.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from clew.access.models import AuditEntry
from clew.firearms.stats import RecipientRow, TraceRow, compute
from clew.firearms.trace_models import Trace
from clew.firearms.trace_stats_schemas import TraceStatistics
from clew.storage import Database
from tests.firearms.migration_0021 import backfill
from tests.firearms.test_traces import HISTORY, Headers, agencies, open_trace, trace_body
from tests.test_cli import clew

__all__ = ["Headers", "agencies", "estonian_trace", "small_world"]

GLOCK = {"make": "Glock", "model": "17", "firearm_type": "pistol", "calibre": "9x19",
         "serial_number": "BHX113", "country_of_manufacture": "AT"}  # fmt: skip
GLOCK_HISTORY = [
    {"occurred_on": "2024-03-01", "kind": "sold", "country": "LV", "actor": "Ieroču nams",
     "counterpart": "Pēteris Ozols"},
    {"occurred_on": "2025-10", "kind": "reported_stolen", "country": "LV",
     "actor": "Pēteris Ozols"},
]  # fmt: skip
ESTONIAN_HISTORY = [
    {"occurred_on": "2015-01-10", "kind": "sold", "country": "AT", "actor": "Waffen Huber",
     "counterpart": "Karl Maier"},
    {"occurred_on": "2024-02-02", "kind": "reported_stolen", "country": "AT",
     "actor": "Karl Maier"},
]  # fmt: skip


def small_world(client: TestClient, agencies: dict[str, Headers]) -> list[str]:
    """Bulgaria's two traces (both answered by Latvia, the first refused by Austria)."""
    bg, lv, at = agencies["officer.bg"], agencies["dm.lv"], agencies["officer.at"]
    first = open_trace(client, bg)["id"]
    second = open_trace(client, bg, markings=GLOCK, addressed=["LV-POLICE"])["id"]
    for tid, events in ((first, HISTORY), (second, GLOCK_HISTORY)):
        answered = client.post(f"/api/v1/traces/{tid}/answer", headers=lv,
                               json={"events": events})  # fmt: skip
        assert answered.status_code == 200, answered.text
    refused = client.post(f"/api/v1/traces/{first}/refuse", headers=at,
                          json={"reason": "legal_restriction"})  # fmt: skip
    assert refused.status_code == 200, refused.text
    return [first, second]


def estonian_trace(client: TestClient, agencies: dict[str, Headers]) -> str:
    """A trace Bulgaria is not part of: Estonia asks Austria, which answers."""
    ee, at = agencies["officer.ee"], agencies["officer.at"]
    body = trace_body(recovery={"country": "EE", "place": "Tallinn",
                                "recovered_on": "2026-01-05"},
                      addressed=["AT-NCB"], possessor={"name": "Toomas Tamm"})  # fmt: skip
    tid: str = open_trace(client, ee, **body)["id"]
    answered = client.post(f"/api/v1/traces/{tid}/answer", headers=at,
                           json={"events": ESTONIAN_HISTORY})  # fmt: skip
    assert answered.status_code == 200, answered.text
    return tid


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def expected_rows(client: TestClient, headers: Headers, ids: list[str]) -> list[TraceRow]:
    """The traces as the agency reads them one by one, with the routes their histories show
    (both pistols left the legal market in Latvia and were recovered in Bulgaria: the same
    route twice, a trafficking indicator; the Glock, sold two years before its recovery from
    someone else, also has a short time to crime)."""
    countries = {"LV-POLICE": "LV", "AT-NCB": "AT"}
    canonical = {"Zastava": ("Zastava", "7.65 Browning"), "Glock": ("Glock", "9mm Luger")}
    short = {"Zastava": (), "Glock": ("short_time_to_crime",)}
    rows = []
    for tid in ids:
        trace = client.get(f"/api/v1/traces/{tid}", headers=headers).json()
        given = trace["markings"]["make"]
        make, calibre = canonical[given]
        rows.append(TraceRow(
            requesting_country="BG", opened_at=datetime.fromisoformat(trace["created_at"]),
            recipients=tuple(
                RecipientRow(countries[r["agency"]], r["status"], when(r["sent_at"]),
                             when(r["answered_at"]))
                for r in trace["recipients"]
            ),
            make=make, firearm_type="pistol", calibre=calibre, source_country="LV",
            recovery_country="BG", indicators=(*short[given], "repeated_route"),
        ))  # fmt: skip
    return rows


def test_the_statistics_are_those_of_compute_over_the_traces_the_agency_sees(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg = agencies["officer.bg"]
    ids = small_world(client, agencies)
    got = client.get("/api/v1/traces/statistics", headers=bg)
    assert got.status_code == 200, got.text
    want = TraceStatistics.of(compute(expected_rows(client, bg, ids)))
    assert got.json() == json.loads(want.model_dump_json())
    figures = got.json()
    assert figures["traces"] == 2 and figures["matrix"] == {"LV": {"BG": 2}}
    by_country = {c["country"]: c for c in figures["countries"]}
    assert by_country["LV"]["response_rate"] == 1.0 and by_country["AT"]["response_rate"] == 0.0
    assert by_country["BG"]["sent"] == 2
    assert figures["top_calibres"] == [{"value": "7.65 Browning", "traces": 1},
                                       {"value": "9mm Luger", "traces": 1}]  # fmt: skip

    routes = client.get("/api/v1/traces/routes", headers=bg).json()
    assert routes["flows"] == [{"origin": "LV", "destination": "BG", "firearms": 2,
                                "domestic": False}]  # fmt: skip
    assert routes["countries"] == [
        {"country": "BG", "outgoing": 0, "incoming": 2, "domestic": 0},
        {"country": "LV", "outgoing": 2, "incoming": 0, "domestic": 0},
    ]


def test_a_trace_the_agency_may_not_see_changes_no_figure(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg, at = agencies["officer.bg"], agencies["officer.at"]
    small_world(client, agencies)
    before = [client.get(f"/api/v1/traces/{what}", headers=bg).json()
              for what in ("statistics", "routes")]  # fmt: skip
    estonian_trace(client, agencies)
    after = [client.get(f"/api/v1/traces/{what}", headers=bg).json()
             for what in ("statistics", "routes")]  # fmt: skip
    assert after == before

    # Austria was asked by both countries, but sees only its own row of Bulgaria's first
    # trace and none of Latvia's answers: no Latvian route, no Latvian response rate.
    seen = client.get("/api/v1/traces/statistics", headers=at).json()
    assert seen["traces"] == 2
    assert {c["country"] for c in seen["countries"]} == {"AT", "BG", "EE"}
    assert seen["matrix"] == {"AT": {"EE": 1}}
    routes = client.get("/api/v1/traces/routes", headers=at).json()
    assert [(f["origin"], f["destination"]) for f in routes["flows"]] == [("AT", "EE")]


def test_filters_read_the_period_the_make_by_any_alias_and_the_type(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg = agencies["officer.bg"]
    small_world(client, agencies)

    def traces(query: str) -> int:
        got = client.get(f"/api/v1/traces/statistics?{query}", headers=bg)
        assert got.status_code == 200, got.text
        return int(got.json()["traces"])

    assert traces("make=glock") == 1 and traces("make=zastava") == 1
    assert traces("firearm_type=pistol") == 2 and traces("firearm_type=rifle") == 0
    assert traces("since=2000-01-01&until=2999-12-31") == 2 and traces("since=2999-01-01") == 0
    assert client.get("/api/v1/traces/statistics?since=soon", headers=bg).status_code == 422


def test_reading_statistics_and_routes_is_audited(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    ids = small_world(client, agencies)
    client.get("/api/v1/traces/statistics?make=Glock", headers=agencies["officer.bg"])
    client.get("/api/v1/traces/routes", headers=agencies["officer.bg"])
    with database.reading() as session:
        entries = {e.action: (json.loads(e.query), json.loads(e.result_ids))
                   for e in session.execute(select(AuditEntry)).scalars()
                   if e.action in ("trace.statistics", "trace.routes")}  # fmt: skip
    assert set(entries) == {"trace.statistics", "trace.routes"}
    assert entries["trace.statistics"][0] == {"make": "Glock"}
    assert set(entries["trace.routes"][1]) == set(ids)


def test_the_cli_prints_the_same_figures_as_a_table_or_json(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    bg = agencies["officer.bg"]
    small_world(client, agencies)
    api: dict[str, Any] = client.get("/api/v1/traces/statistics", headers=bg).json()
    printed = clew(database, "traces", "stats", "--agency", "BG-NCB", "--json")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == api
    table = clew(database, "traces", "stats", "--agency", "BG-NCB")
    assert table.returncode == 0, table.stderr
    assert "LV" in table.stdout and "100%" in table.stdout and "2 traces" in table.stdout
    wrong = clew(database, "traces", "stats", "--agency", "BG-NCB", "--since", "soon")
    assert wrong.returncode != 0 and "YYYY-MM-DD" in wrong.stderr


def test_a_batch_recovered_in_two_countries_counts_only_where_both_are_seen(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    """Two M70s numbered 26 apart, recovered in Bulgaria and in Estonia, both traced with
    Austria: Austria sees one batch in two countries (both traces counted in their month);
    Bulgaria sees only its own pistol, no batch. A third M70 far off in the numbers, and one
    whose serial ends in a number longer than a batch number can be, are in no batch. Traces
    opened before the batch was stored get it from the migration."""
    bg, ee, at = agencies["officer.bg"], agencies["officer.ee"], agencies["officer.at"]
    open_trace(client, bg, addressed=["AT-NCB"])  # M70-118344, recovered in Bulgaria

    def estonian(serial: str) -> None:
        markings = {**trace_body()["markings"], "model": " m70 ", "serial_number": serial}
        recovery = {"country": "EE", "place": "Tallinn", "recovered_on": "2026-01-05"}
        open_trace(client, ee, markings=markings, recovery=recovery, addressed=["AT-NCB"])

    for serial in ("M70 118370", "M70-119000", "M70-1" + "0" * 18 + "344"):
        estonian(serial)

    def batched(headers: Headers) -> int:
        got = client.get("/api/v1/traces/statistics", headers=headers)
        assert got.status_code == 200, got.text
        months = got.json()["indicators_by_month"].values()
        return sum(month.get("same_batch", 0) for month in months)

    assert batched(at) == 2
    assert batched(bg) == 0
    with database.transaction() as session:  # as opened before revision 0021
        session.execute(update(Trace).values(batch_group=None, batch_number=None))
    assert batched(at) == 0
    backfill(database)
    assert batched(at) == 2
