"""Handling codes enforced by the service: an H2 message is not passed on without its owner's
permission (asking is a message, so is the answer), H3 needs its restrictions in a note, and a
message's text never reaches the audit's query or an application log."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.storage import Database
from tests.exchange.conftest import Headers
from tests.exchange.test_cases import Cast, open_case, read, send
from tests.exchange.test_messages import inbox


def forward(client: TestClient, headers: Headers, message_id: str, *to: str) -> tuple[int, str]:
    response = client.post(f"/api/v1/messages/{message_id}/forward", json={"to": list(to)},
                           headers=headers)  # fmt: skip
    body = response.json()
    return response.status_code, body.get("error", {}).get("message", body.get("id", ""))


@pytest.fixture
def h2(client: TestClient, cast: Cast) -> dict[str, str]:
    """An H2 message Vietnam sent Cambodia in a case Bulgaria also takes part in."""
    case = open_case(client, cast["liaison.vn"])
    message = send(client, cast["liaison.vn"], case["id"], to=["KH-NCB"], handling_code="H2")
    return {"case": case["id"], "message": message["id"]}


def test_forwarding_an_h2_message_one_did_not_write_is_refused(
    client: TestClient, cast: Cast, h2: dict[str, str]
) -> None:
    status, text = forward(client, cast["spoc.kh"], h2["message"], "BG-NCB")
    assert status == 403
    assert text.startswith("H2:") and "ask the owner's permission first" in text
    assert inbox(client, cast["liaison.bg"])["total"] == 0  # nothing was passed on
    status, _ = forward(client, cast["liaison.vn"], h2["message"], "BG-NCB")
    assert status == 201  # the owner passes its own message on freely


def test_a_permission_is_asked_as_a_message_and_a_refusal_keeps_the_refusal(
    client: TestClient, cast: Cast, h2: dict[str, str]
) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    asked = client.post(f"/api/v1/messages/{h2['message']}/permissions", headers=kh,
                        json={"to": "BG-NCB", "reason": "Bulgaria holds the courier."})  # fmt: skip
    assert asked.status_code == 201, asked.text
    permission = asked.json()
    assert (permission["state"], permission["asking_agency"], permission["target_agency"]) == (
        "asked", "KH-NCB", "BG-NCB")  # fmt: skip
    (request,) = inbox(client, vn, kind="permission_request")["items"]
    assert request["id"] == permission["request_message"] and request["author_agency"] == "KH-NCB"
    shown = read(client, vn, request["id"])
    assert shown["body"] == "Bulgaria holds the courier." and shown["in_reply_to"] == h2["message"]
    # the owner finds what to decide on the request, and on its message; nobody else does
    assert [p["id"] for p in shown["permissions"]] == [permission["id"]]
    assert [p["state"] for p in read(client, vn, h2["message"])["permissions"]] == ["asked"]
    assert read(client, kh, h2["message"])["permissions"][0]["id"] == permission["id"]
    again = client.post(f"/api/v1/messages/{h2['message']}/permissions", headers=kh,
                        json={"to": "BG-NCB", "reason": "Please."})  # fmt: skip
    assert again.status_code == 409

    by_asker = client.post(f"/api/v1/permissions/{permission['id']}", json={"grant": True},
                           headers=kh)  # fmt: skip
    assert by_asker.status_code == 403
    no = {"grant": False, "note": "Not yet: an operation is running."}
    refused = client.post(f"/api/v1/permissions/{permission['id']}", headers=vn, json=no)
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    (decision,) = inbox(client, kh, kind="permission_decision")["items"]
    assert decision["id"] == refused.json()["decision_message"]
    assert read(client, kh, decision["id"])["body"] == "Not yet: an operation is running."
    assert forward(client, kh, h2["message"], "BG-NCB")[0] == 403
    twice = client.post(f"/api/v1/permissions/{permission['id']}", json={"grant": True},
                        headers=vn)  # fmt: skip
    assert twice.status_code == 409


def test_a_granted_permission_lets_the_message_go_to_that_agency_only(
    client: TestClient, cast: Cast, h2: dict[str, str]
) -> None:
    vn, kh, bg = cast["liaison.vn"], cast["spoc.kh"], cast["liaison.bg"]
    ask = {"to": "BG-NCB", "reason": "Bulgaria holds the courier."}
    asked = client.post(f"/api/v1/messages/{h2['message']}/permissions", headers=kh, json=ask)
    asked = asked.json()
    granted = client.post(f"/api/v1/permissions/{asked['id']}", json={"grant": True}, headers=vn)
    assert granted.json()["state"] == "granted" and granted.json()["decided_by"] == "liaison.vn"
    status, forwarded = forward(client, kh, h2["message"], "BG-NCB")
    assert status == 201
    assert read(client, bg, forwarded)["handling_code"] == "H2"  # the code travels with it
    status, text = forward(client, kh, h2["message"], "BG-NCB", "RS-NCB")
    assert status == 403 and "RS-NCB" in text and "BG-NCB" not in text
    # Bulgaria got a forward: passing it on again needs a permission of its own, from the
    # agency that wrote the information (Vietnam), not from the one that passed it on
    assert forward(client, bg, forwarded, "RS-NCB")[0] == 403
    ask = {"to": "RS-NCB", "reason": "Serbia arrested the courier."}
    again = client.post(f"/api/v1/messages/{forwarded}/permissions", headers=bg, json=ask).json()
    assert read(client, bg, again["request_message"])["to"] == ["VN-NCB"]
    by_forwarder = client.post(f"/api/v1/permissions/{again['id']}", json={"grant": True},
                               headers=kh)  # fmt: skip
    assert by_forwarder.status_code == 404
    client.post(f"/api/v1/permissions/{again['id']}", json={"grant": True}, headers=vn)
    assert forward(client, bg, forwarded, "RS-NCB")[0] == 201


def test_h1_messages_are_forwarded_and_h0_needs_no_permission(
    client: TestClient, cast: Cast
) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    h1 = send(client, vn, case["id"], to=["KH-NCB"], handling_code="H1")
    assert forward(client, kh, h1["id"], "RS-NCB")[0] == 201
    asked = client.post(f"/api/v1/messages/{h1['id']}/permissions", headers=kh,
                        json={"to": "RS-NCB", "reason": "r"})  # fmt: skip
    assert asked.status_code == 422


def test_h3_without_a_note_is_refused_and_nothing_is_stored(client: TestClient, cast: Cast) -> None:
    vn = cast["liaison.vn"]
    case = open_case(client, vn)
    body = {"subject": "s", "body": "b", "language": "en", "handling_code": "H3"}
    refused = client.post(f"/api/v1/cases/{case['id']}/messages", json=body, headers=vn)
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["field"] == "handling_note"
    assert inbox(client, vn, box="sent")["total"] == 0
    noted = send(client, vn, case["id"], handling_code="H3",
                 handling_note="Not for court before 2027.")  # fmt: skip
    assert (
        read(client, cast["spoc.kh"], noted["id"])["handling_note"] == "Not for court before 2027."
    )
    h3 = {"subject": "s", "crime_area": "fraud", "handling_code": "H3"}
    no_case = client.post("/api/v1/cases", headers=vn, json=h3)
    assert no_case.status_code == 422
    assert client.get("/api/v1/cases", headers=vn).json()["total"] == 1


def test_a_message_body_never_reaches_the_audit_query_or_a_log(
    client: TestClient, cast: Cast, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    secret, passport = "Informant Nguyen meets the courier at km 14", "C7654321"
    sent = send(client, vn, case["id"], to=["KH-NCB"], body=secret, handling_code="H2",
                items=[{"text": secret, "source": "A", "information": "1"}],
                entities=[{"kind": "document", "document": {"number": passport}}])  # fmt: skip
    read(client, kh, sent["id"])
    client.post(f"/api/v1/messages/{sent['id']}/forward", json={"to": ["BG-NCB"]}, headers=kh)
    client.post(f"/api/v1/messages/{sent['id']}/permissions", headers=kh,
                json={"to": "BG-NCB", "reason": secret})  # fmt: skip
    with database.reading() as session:
        entries = session.execute(select(AuditEntry)).scalars().all()
        audited = " ".join(f"{e.action} {e.target} {e.query} {e.result_ids}" for e in entries)
    assert "exchange.message.read" in audited and sent["id"] in audited
    for text in (secret, "Informant", passport):
        assert text not in audited
        assert text not in caplog.text
