"""Who sees what of the exchange, for every user of the cast.

Vietnam opens a case with Cambodia and Bulgaria and writes to Cambodia only. Estonia takes part
in nothing: for every read and write it gets exactly the answer it gets for an id never issued,
and finds nothing in its lists and counts. Bulgaria takes part in the case but is not sent the
message: the message does not exist for it. Cambodia's officer may not use the exchange at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.exchange.test_cases import Cast, open_case, send

MADE_UP = "Zq3vXb7LmN2pRt8sKw4yHa"


@pytest.fixture
def exchange(client: TestClient, cast: Cast) -> dict[str, str]:
    """The public ids of a case, of a message Vietnam sent Cambodia in it, and of a permission
    Cambodia asked to pass that message on (H2)."""
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    message = send(client, vn, case["id"], to=["KH-NCB"], handling_code="H2",
                   entities=[{"kind": "document", "document": {"number": "C1234567"}}])  # fmt: skip
    ask = {"to": "RS-NCB", "reason": "Serbia investigates the courier."}
    asked = client.post(f"/api/v1/messages/{message['id']}/permissions", headers=kh, json=ask)
    assert asked.status_code == 201, asked.text
    return {"case": case["id"], "message": message["id"], "permission": asked.json()["id"]}


def calls(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every route naming a case, message or permission, with a valid body."""
    case, message, permission = ids["case"], ids["message"], ids["permission"]
    text = {"subject": "s", "body": "b", "language": "et"}
    return [
        ("GET", f"/api/v1/cases/{case}", None),
        ("GET", f"/api/v1/cases/{case}/messages", None),
        ("POST", f"/api/v1/cases/{case}/messages", text),
        ("POST", f"/api/v1/cases/{case}/participants", {"participants": ["EE-POLICE"]}),
        ("POST", f"/api/v1/cases/{case}/close", None),
        ("POST", f"/api/v1/cases/{case}/reopen", None),
        ("GET", f"/api/v1/messages/{message}", None),
        ("POST", f"/api/v1/messages/{message}/acknowledge", None),
        ("POST", f"/api/v1/messages/{message}/forward", {"to": ["EE-POLICE"]}),
        ("POST", f"/api/v1/messages/{message}/permissions", {"to": "EE-POLICE", "reason": "r"}),
        ("POST", f"/api/v1/permissions/{permission}", {"grant": True}),
        ("POST", f"/api/v1/cases/{case}/messages", text | {"in_reply_to": message}),
    ]


def answers(client: TestClient, headers: dict[str, str],
            ids: dict[str, str]) -> list[tuple[int, Any]]:  # fmt: skip
    return [
        (r.status_code, r.json())
        for r in (client.request(method, url, json=body, headers=headers)
                  for method, url, body in calls(ids))
    ]  # fmt: skip


def test_an_outsider_gets_for_everything_real_what_it_gets_for_a_made_up_id(
    client: TestClient, cast: Cast, exchange: dict[str, str]
) -> None:
    ee = cast["liaison.ee"]
    fake = {k: MADE_UP for k in exchange}
    real = answers(client, ee, exchange)
    assert real == answers(client, ee, fake)
    assert {status for status, _ in real[:-1]} == {404}
    # the reply names a real case it does not see: the case is not found, as a made-up one
    assert real[-1][0] == 404


def test_a_participant_may_not_reply_to_a_message_it_was_not_sent(
    client: TestClient, cast: Cast, exchange: dict[str, str]
) -> None:
    bg = cast["liaison.bg"]
    body = {"subject": "s", "body": "b", "language": "bg"}
    real = client.post(f"/api/v1/cases/{exchange['case']}/messages", headers=bg,
                       json=body | {"in_reply_to": exchange["message"]})  # fmt: skip
    fake = client.post(f"/api/v1/cases/{exchange['case']}/messages", headers=bg,
                       json=body | {"in_reply_to": MADE_UP})  # fmt: skip
    assert real.status_code == 404 and (real.status_code, real.json()) == (
        fake.status_code, fake.json())  # fmt: skip


def test_an_outsider_finds_nothing_in_its_lists_and_counts(
    client: TestClient, cast: Cast, exchange: dict[str, str]
) -> None:
    ee = cast["liaison.ee"]
    assert client.get("/api/v1/cases", headers=ee).json()["total"] == 0
    for box in ("in", "sent"):
        assert client.get("/api/v1/inbox", params={"box": box}, headers=ee).json()["total"] == 0
    by_case = client.get("/api/v1/inbox", params={"case": exchange["case"]}, headers=ee).json()
    assert by_case["total"] == 0
    assert client.get("/api/v1/inbox/counts", headers=ee).json() == {
        "unread": 0, "overdue_incoming": 0, "overdue_outgoing": 0,
    }  # fmt: skip


def test_an_officer_without_exchange_permission_is_refused_everywhere(
    client: TestClient, cast: Cast, exchange: dict[str, str]
) -> None:
    officer = cast["officer.kh"]
    real = answers(client, officer, exchange)
    assert {status for status, _ in real} == {403}
    assert real == answers(client, officer, {k: MADE_UP for k in exchange})
    for url in ("/api/v1/cases", "/api/v1/inbox", "/api/v1/inbox/counts"):
        assert client.get(url, headers=officer).status_code == 403
    opened = client.post("/api/v1/cases", headers=officer,
                         json={"subject": "s", "crime_area": "fraud"})  # fmt: skip
    assert opened.status_code == 403


# user -> (sees the case, sees the message, holds it in its inbox)
EXPECTED = {
    "liaison.vn": (True, True, False),  # the author's agency
    "analyst.vn": (True, True, False),  # the same agency, another role
    "liaison.vnb": (False, False, False),  # another agency of the same country
    "spoc.kh": (True, True, True),  # addressed
    "desk.kh": (False, False, False),  # the addressed agency's country, not the agency
    "liaison.bg": (True, False, False),  # a participant the message was not sent to
    "liaison.rs": (False, False, False),  # the agency the permission is asked for
    "liaison.ee": (False, False, False),  # takes part in nothing
}


@pytest.mark.parametrize("user", sorted(EXPECTED))
def test_every_user_sees_what_its_agency_wrote_or_holds_and_nothing_else(
    client: TestClient, cast: Cast, exchange: dict[str, str], user: str
) -> None:
    headers = cast[user]
    sees_case, sees_message, holds = EXPECTED[user]
    case = client.get(f"/api/v1/cases/{exchange['case']}", headers=headers)
    assert case.status_code == (200 if sees_case else 404)
    message = client.get(f"/api/v1/messages/{exchange['message']}", headers=headers)
    assert message.status_code == (200 if sees_message else 404)
    if not sees_message:
        fake = client.get(f"/api/v1/messages/{MADE_UP}", headers=headers)
        assert (
            message.json()
            == fake.json()
            == {"error": {"code": "not_found", "message": "Message not found.", "fields": []}}
        )
    listed = [c["id"] for c in client.get("/api/v1/cases", headers=headers).json()["items"]]
    assert listed == ([exchange["case"]] if sees_case else [])
    held = [m["id"] for m in client.get("/api/v1/inbox", headers=headers).json()["items"]]
    assert (exchange["message"] in held) is holds
    if sees_case:
        thread = client.get(f"/api/v1/cases/{exchange['case']}/messages", headers=headers)
        assert (exchange["message"] in [m["id"] for m in thread.json()["items"]]) is sees_message
        counted = client.get("/api/v1/cases", headers=headers).json()["items"][0]["messages"]
        # Vietnam sees the message and Cambodia's permission request; Cambodia both too
        assert counted == {True: 2, False: 0}[sees_message]


def test_a_forward_does_not_reveal_the_message_it_came_from(client: TestClient, cast: Cast) -> None:
    vn, kh, rs = cast["liaison.vn"], cast["spoc.kh"], cast["liaison.rs"]
    case = open_case(client, vn, participants=["KH-NCB"])
    original = send(client, vn, case["id"])
    forwarded = client.post(f"/api/v1/messages/{original['id']}/forward", headers=kh,
                            json={"to": ["RS-NCB"], "note": "For your courier case."})  # fmt: skip
    assert forwarded.status_code == 201, forwarded.text
    assert forwarded.json()["forwarded_from"] == original["id"]
    shown = client.get(f"/api/v1/messages/{forwarded.json()['id']}", headers=rs).json()
    assert shown["forwarded_from"] is None and shown["kind"] == "forward"
    assert shown["body"].startswith("For your courier case.") and original["body"] in shown["body"]
    assert client.get(f"/api/v1/messages/{original['id']}", headers=rs).status_code == 404
