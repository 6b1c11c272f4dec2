"""Trace requests through the API: the workflow, deadlines, visibility and the audit trail.

Bulgaria recovers a pistol and asks Latvia and Austria; Estonia is not asked and must find no
trace of the trace anywhere.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from clew.access.models import AuditEntry
from clew.access.roles import OrganisationType, Role, Scope
from clew.firearms.trace_models import TraceRecipient
from clew.storage import Database, utcnow
from tests.conftest import bearer, make_agency, make_token, make_user

Headers = dict[str, str]


@pytest.fixture
def agencies(database: Database) -> dict[str, Headers]:
    """Bearer headers: officer.bg (requester), dm.lv and officer.at (asked), officer.ee (not
    asked), auditor.bg (may not read traces)."""
    make_agency(database, "BG-NCB", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_agency(database, "LV-POLICE", "LV")
    make_agency(database, "AT-NCB", "AT", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_agency(database, "EE-POLICE", "EE")
    users = {
        "officer.bg": (Role.OFFICER, "BG-NCB"),
        "dm.lv": (Role.DATA_MANAGER, "LV-POLICE"),
        "officer.at": (Role.OFFICER, "AT-NCB"),
        "officer.ee": (Role.OFFICER, "EE-POLICE"),
    }
    headers = {}
    for username, (role, agency) in users.items():
        make_user(database, username, role, agency)
        headers[username] = bearer(make_token(database, username, Scope.READ, Scope.WRITE))
    return headers


def trace_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "illicit_reason": "illegally_possessed",
        "markings": {
            "make": "Zastava",
            "model": "M70",
            "firearm_type": "pistol",
            "calibre": "7.65 mm Browning",
            "serial_number": "M70-118344",
            "country_of_manufacture": "RS",
            "import_marks": [{"country": "AT", "year": 2004}],
        },
        "recovery": {"country": "BG", "place": "Sofia", "recovered_on": "2026-03-02"},
        "possessor": {"name": "Ivan Petrov", "date_of_birth": "1980", "nationality": "BG"},
        "crime_type": "armed_robbery",
        "addressed": ["LV-POLICE", "AT-NCB"],
    }
    body.update(overrides)
    return body


def open_trace(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/traces", json=trace_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def recipient(trace: dict[str, Any], agency: str) -> dict[str, Any]:
    return next(r for r in trace["recipients"] if r["agency"] == agency)


HISTORY = [
    {"occurred_on": "2003", "kind": "manufactured", "country": "RS", "actor": "Zastava Arms"},
    {
        "occurred_on": "2004-05",
        "kind": "exported",
        "country": "RS",
        "actor": "Zastava Arms",
        "counterpart": "Waffen Huber",
    },
    {
        "occurred_on": "2004-06-10",
        "kind": "imported",
        "country": "AT",
        "actor": "Waffen Huber",
        "counterpart": "Zastava Arms",
    },
    {
        "occurred_on": "2019-02-01",
        "kind": "sold",
        "country": "LV",
        "place": "Riga",
        "actor": "Waffen Huber",
        "counterpart": "Jānis Bērziņš",
        "source_grade": "B",
        "info_grade": "2",
    },
    {
        "occurred_on": "2025-11-20",
        "kind": "reported_stolen",
        "country": "LV",
        "actor": "Jānis Bērziņš",
    },
]


def test_the_workflow_open_acknowledge_answer_refuse_ask_and_close(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg, lv, at = agencies["officer.bg"], agencies["dm.lv"], agencies["officer.at"]
    trace = open_trace(client, bg)
    tid = trace["id"]
    assert not tid.isdigit() and len(tid) >= 20  # an opaque random id, never a counter
    assert {r["agency"]: r["status"] for r in trace["recipients"]} == {
        "LV-POLICE": "sent",
        "AT-NCB": "sent",
    }
    assert trace["handling_code"] == "H0"

    # Latvia sees it among its incoming traces, acknowledges it, then answers.
    incoming = client.get("/api/v1/traces?direction=incoming", headers=lv).json()
    assert [t["id"] for t in incoming["items"]] == [tid] and incoming["total"] == 1
    acked = client.post(f"/api/v1/traces/{tid}/acknowledge", headers=lv).json()
    assert recipient(acked, "LV-POLICE")["status"] == "acknowledged"
    assert [r["agency"] for r in acked["recipients"]] == ["LV-POLICE"]  # only its own row
    answered = client.post(
        f"/api/v1/traces/{tid}/answer",
        headers=lv,
        json={"events": HISTORY, "comment": "Sold legally in Riga."},
    )
    assert answered.status_code == 200, answered.text
    assert recipient(answered.json(), "LV-POLICE")["status"] == "answered"

    # Austria asks for more, Bulgaria replies, Austria then refuses with a reason.
    asked = client.post(
        f"/api/v1/traces/{tid}/more-info",
        headers=at,
        json={"question": "Photos of the import mark, please."},
    )
    assert recipient(asked.json(), "AT-NCB")["status"] == "more_info_requested"
    replied = client.post(
        f"/api/v1/traces/{tid}/comments",
        headers=bg,
        json={"body": "Attached to the file.", "to": "AT-NCB"},
    )
    assert recipient(replied.json(), "AT-NCB")["status"] == "acknowledged"
    refused = client.post(
        f"/api/v1/traces/{tid}/refuse",
        headers=at,
        json={"reason": "not_our_firearm", "note": "Not in our register."},
    )
    assert recipient(refused.json(), "AT-NCB")["refusal_reason"] == "not_our_firearm"

    # The requester sees both answers, the thread and the weapon's history in date order.
    seen = client.get(f"/api/v1/traces/{tid}", headers=bg).json()
    assert {r["agency"]: r["status"] for r in seen["recipients"]} == {
        "LV-POLICE": "answered",
        "AT-NCB": "refused",
    }
    assert [e["kind"] for e in seen["events"]][:2] == ["manufactured", "exported"]
    assert seen["events"][3]["counterpart"] == "Jānis Bērziņš"
    assert [c["kind"] for c in seen["comments"]] == ["comment", "more_info", "comment"]
    # Latvia does not read Austria's thread with the requester.
    lv_view = client.get(f"/api/v1/traces/{tid}", headers=lv).json()
    assert [c["body"] for c in lv_view["comments"]] == ["Sold legally in Riga."]

    closed = client.post(f"/api/v1/traces/{tid}/close", headers=bg, json={"note": "Done."})
    assert closed.json()["state"] == "closed"
    late = client.post(f"/api/v1/traces/{tid}/answer", headers=lv, json={"events": HISTORY})
    assert late.status_code == 409


def test_the_history_names_the_point_of_diversion(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    from clew.firearms import traces
    from clew.firearms.trace_schemas import TracePublic

    bg, lv = agencies["officer.bg"], agencies["dm.lv"]
    tid = open_trace(client, bg, possessor={"name": "Petar Georgiev"})["id"]
    client.post(f"/api/v1/traces/{tid}/answer", headers=lv, json={"events": HISTORY})
    seen = TracePublic.model_validate(client.get(f"/api/v1/traces/{tid}", headers=bg).json())
    history = traces.history(seen)
    assert history.diversion is not None and history.diversion.kind == "sold"
    assert history.time_to_crime is not None and history.time_to_crime.low == 2586
    assert history.possessor_is_purchaser is False


def test_an_urgent_trace_needs_a_justification(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg = agencies["officer.bg"]
    refused = client.post("/api/v1/traces", json=trace_body(priority="urgent"), headers=bg)
    assert refused.status_code == 422
    assert "justification" in refused.text
    trace = open_trace(
        client,
        bg,
        priority="urgent",
        urgency_justification="The suspect leaves the country on Friday.",
    )
    sent, due = (recipient(trace, "LV-POLICE")[k] for k in ("sent_at", "due_at"))
    assert due[:10] > sent[:10]
    routine = open_trace(client, bg)
    assert recipient(routine, "LV-POLICE")["due_at"] > recipient(trace, "LV-POLICE")["due_at"]


def test_a_trace_past_its_deadline_is_overdue_until_answered(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    bg, lv = agencies["officer.bg"], agencies["dm.lv"]
    tid = open_trace(client, bg)["id"]
    assert client.get("/api/v1/traces?overdue=true", headers=bg).json()["total"] == 0
    with database.transaction() as session:
        session.execute(update(TraceRecipient).values(due_at=utcnow() - timedelta(days=1)))
    listed = client.get("/api/v1/traces?overdue=true", headers=bg).json()
    assert [t["id"] for t in listed["items"]] == [tid] and listed["items"][0]["overdue"]
    assert recipient(listed["items"][0], "LV-POLICE")["overdue"] is True
    incoming = client.get("/api/v1/traces?direction=incoming&overdue=true", headers=lv).json()
    assert incoming["total"] == 1
    client.post(f"/api/v1/traces/{tid}/answer", headers=lv, json={"events": HISTORY[:1]})
    seen = client.get(f"/api/v1/traces/{tid}", headers=bg).json()
    assert recipient(seen, "LV-POLICE")["overdue"] is False
    assert recipient(seen, "AT-NCB")["overdue"] is True  # Austria still owes an answer
    assert (
        client.get("/api/v1/traces?direction=incoming&overdue=true", headers=lv).json()["total"]
        == 0
    )


def test_an_agency_not_addressed_finds_no_trace_of_a_trace(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg, ee = agencies["officer.bg"], agencies["officer.ee"]
    tid = open_trace(client, bg)["id"]
    missing = client.get("/api/v1/traces/AAAAAAAAAAAAAAAAAAAAAA", headers=ee)
    hidden = client.get(f"/api/v1/traces/{tid}", headers=ee)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    for direction in ("incoming", "outgoing"):
        page = client.get(f"/api/v1/traces?direction={direction}", headers=ee).json()
        assert page["items"] == [] and page["total"] == 0
        export = client.get(f"/api/v1/traces/export?direction={direction}", headers=ee)
        assert export.status_code == 200 and tid not in export.text
        assert export.text.strip().count("\n") == 0  # the header line only
    for action, body in (
        ("acknowledge", None),
        ("answer", {"events": HISTORY}),
        ("refuse", {"reason": "other"}),
        ("more-info", {"question": "?"}),
        ("comments", {"body": "hello"}),
        ("close", {}),
        ("cancel", {}),
    ):
        attempt = client.post(f"/api/v1/traces/{tid}/{action}", headers=ee, json=body)
        fake = client.post(f"/api/v1/traces/AAAAAAAAAAAAAAAAAAAAAA/{action}", headers=ee, json=body)
        assert attempt.status_code == fake.status_code == 404, action
        assert attempt.json() == fake.json()
    # Nothing changed for those who may see it.
    seen = client.get(f"/api/v1/traces/{tid}", headers=bg).json()
    assert seen["state"] == "open" and seen["events"] == [] and seen["comments"] == []


def test_the_export_lists_the_traces_with_their_addressees(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg, lv = agencies["officer.bg"], agencies["dm.lv"]
    first = open_trace(client, bg)["id"]
    second = open_trace(client, bg, addressed=["AT-NCB"])["id"]
    export = client.get("/api/v1/traces/export?direction=outgoing", headers=bg)
    assert export.headers["content-type"].startswith("text/csv")
    assert first in export.text and second in export.text
    incoming = client.get("/api/v1/traces/export?direction=incoming", headers=lv).text
    assert first in incoming and second not in incoming


def test_every_view_list_answer_and_export_is_audited(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    bg, lv = agencies["officer.bg"], agencies["dm.lv"]
    tid = open_trace(client, bg)["id"]
    client.get(f"/api/v1/traces/{tid}", headers=lv)
    client.get("/api/v1/traces?direction=incoming", headers=lv)
    client.post(f"/api/v1/traces/{tid}/answer", headers=lv, json={"events": HISTORY})
    client.get("/api/v1/traces/export", headers=bg)
    with database.reading() as session:
        entries = session.execute(
            select(AuditEntry.username, AuditEntry.action, AuditEntry.result_ids)
            .where(AuditEntry.action.like("trace.%"))
            .order_by(AuditEntry.seq)
        ).all()
    assert [(u, a) for u, a, _ in entries] == [
        ("officer.bg", "trace.open"),
        ("dm.lv", "trace.view"),
        ("dm.lv", "trace.list"),
        ("dm.lv", "trace.answer"),
        ("officer.bg", "trace.export"),
    ]
    assert all(json.loads(ids) == [tid] for _, _, ids in entries)


def test_only_an_addressed_agency_answers_and_only_the_requester_closes(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    bg, lv = agencies["officer.bg"], agencies["dm.lv"]
    tid = open_trace(client, bg)["id"]
    assert (
        client.post(
            f"/api/v1/traces/{tid}/answer", headers=bg, json={"events": HISTORY}
        ).status_code
        == 403
    )
    assert client.post(f"/api/v1/traces/{tid}/close", headers=lv, json={}).status_code == 403
    own = client.post("/api/v1/traces", json=trace_body(addressed=["BG-NCB"]), headers=bg)
    assert own.status_code == 422
