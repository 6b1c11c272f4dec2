"""The HTTP shapes of the exchange's cases, messages, permissions and inbox; bad input gets a
clear 422 naming the field, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.exchange import conftest as exchange
from tests.exchange.test_cases import Cast, open_case, send

cast = exchange.cast  # the exchange's agencies and users, as a fixture here too

CASE_KEYS = {
    "id", "subject", "crime_area", "handling_code", "state", "owner", "created_at", "updated_at",
    "messages", "unread", "created_by", "participants",
}  # fmt: skip
MESSAGE_KEYS = {
    "id", "case", "case_subject", "kind", "subject", "body", "language", "handling_code",
    "handling_note", "author_agency", "author_country", "author_username", "created_at", "to",
    "copies", "in_reply_to", "forwarded_from", "request", "items", "entities", "annotations",
    "attachments", "receipts", "permissions",
}  # fmt: skip


def test_the_shapes_of_cases_messages_threads_and_the_inbox(client: TestClient, cast: Cast) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    assert set(case) == CASE_KEYS
    assert set(case["participants"][0]) == {"code", "name", "country", "owner"}
    listed = client.get("/api/v1/cases", headers=vn).json()
    assert set(listed) == {"items", "total", "limit", "offset"}
    assert set(listed["items"][0]) == CASE_KEYS - {"created_by", "participants"}
    message = send(client, vn, case["id"], to=["KH-NCB"])
    assert set(message) == MESSAGE_KEYS and message["kind"] == "message"
    assert set(message["receipts"][0]) == {
        "agency", "role", "read_at", "read_by", "acknowledged_at", "acknowledged_by"
    }  # fmt: skip
    thread = client.get(f"/api/v1/cases/{case['id']}/messages", headers=kh).json()
    assert set(thread["items"][0]) == {
        "id", "kind", "subject", "author_agency", "author_username", "language",
        "handling_code", "created_at", "read_at", "parent", "depth",
    }  # fmt: skip
    row = client.get("/api/v1/inbox", headers=kh).json()["items"][0]
    assert "body" not in row and row["id"] == message["id"] and row["request_due_at"] is None
    assert set(client.get("/api/v1/inbox/counts", headers=kh).json()) == {
        "unread", "overdue_incoming", "overdue_outgoing"
    }  # fmt: skip


BAD_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("an empty subject", {"subject": " ", "crime_area": "fraud"}, "subject"),
    ("an unknown crime area", {"subject": "s", "crime_area": "poaching"}, "crime_area"),
    ("an unknown field", {"subject": "s", "crime_area": "fraud", "owner": "KH-NCB"}, "owner"),
    ("a malformed agency code",
     {"subject": "s", "crime_area": "fraud", "participants": ["KH NCB!"]}, "participants.0"),
    ("too many participants",
     {"subject": "s", "crime_area": "fraud", "participants": ["KH-NCB"] * 51}, "participants"),
]  # fmt: skip


@pytest.mark.parametrize(("why", "body", "field"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_a_bad_case_is_refused_naming_the_field(
    client: TestClient, cast: Cast, why: str, body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/cases", json=body, headers=cast["liaison.vn"])
    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert client.get("/api/v1/cases", headers=cast["liaison.vn"]).json()["total"] == 0


GOOD = {"subject": "s", "body": "b", "language": "en"}
BAD_MESSAGES: list[tuple[str, dict[str, Any], str]] = [
    ("no body", {"subject": "s", "language": "en"}, "body"),
    ("a language that is no tag", GOOD | {"language": "English"}, "language"),
    ("an unknown handling code", GOOD | {"handling_code": "H9"}, "handling_code"),
    ("an unknown agency", GOOD | {"to": ["XX-NOPE"]}, "to"),
    ("a malformed reply id", GOOD | {"in_reply_to": "../etc"}, "in_reply_to"),
    ("an item without grades", GOOD | {"items": [{"text": "t"}]}, "items.0.source"),
    ("an entity of another kind",
     GOOD | {"entities": [{"kind": "person", "document": {"number": "C1"}}]}, "entities.0"),
    ("too many items",
     GOOD | {"items": [{"text": "t", "source": "A", "information": "1"}] * 101}, "items"),
    ("only its own agency", GOOD | {"to": ["VN-NCB"]}, "to"),
]  # fmt: skip


@pytest.mark.parametrize(("why", "body", "field"), BAD_MESSAGES, ids=[c[0] for c in BAD_MESSAGES])
def test_a_bad_message_is_refused_naming_the_field_and_nothing_is_stored(
    client: TestClient, cast: Cast, why: str, body: dict[str, Any], field: str
) -> None:
    vn = cast["liaison.vn"]
    case = open_case(client, vn)
    response = client.post(f"/api/v1/cases/{case['id']}/messages", json=body, headers=vn)
    assert response.status_code == 422, response.text
    fields = [f["field"] for f in response.json()["error"]["fields"]]
    assert any(f == field or f.startswith(field + ".") for f in fields), fields
    assert client.get("/api/v1/inbox", params={"box": "sent"}, headers=vn).json()["total"] == 0
    assert client.get("/api/v1/inbox", headers=cast["spoc.kh"]).json()["total"] == 0


def test_pages_are_bounded_and_filters_checked(client: TestClient, cast: Cast) -> None:
    vn = cast["liaison.vn"]
    for url in ("/api/v1/cases", "/api/v1/inbox"):
        assert client.get(url, params={"limit": 201}, headers=vn).status_code == 422
    assert client.get("/api/v1/inbox", params={"box": "out"}, headers=vn).status_code == 422
    assert client.get("/api/v1/inbox", params={"country": "VNM"}, headers=vn).status_code == 422
    assert client.get("/api/v1/cases", params={"q": "x" * 201}, headers=vn).status_code == 422
    assert client.get("/api/v1/messages/a%20b", headers=vn).status_code == 422


def test_a_request_without_a_token_is_refused(client: TestClient) -> None:
    for url in ("/api/v1/cases", "/api/v1/inbox", "/api/v1/inbox/counts"):
        assert client.get(url).status_code == 401
