"""``/api/v1/requests`` refuses bad input with a 422 naming the field and stores nothing;
every action is audited with ids only, never a question or a body."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clew.access.models import AuditEntry
from clew.exchange.models import Case, InfoRequest, Message, RequestRecipient
from clew.storage import Database
from tests.exchange import conftest as exchange_fixtures
from tests.exchange.conftest import Headers
from tests.exchange.test_requests import ANSWER, request_body, send

cast = exchange_fixtures.cast  # the exchange's cast, as a fixture here too

ITEM = {"text": "Seen at Moc Bai on 3 May", "source": "B", "information": "2"}
BAD = [
    ({"question": None}, "question", "the question is required"),
    ({"to": []}, "to", "at least one agency is asked"),
    ({"to": [f"XX-{i}" for i in range(41)]}, "to", "a broadcast is bounded"),
    ({"to": ["KH-NOBODY"]}, "to", "an unknown agency is named"),
    ({"to": ["VN-NCB"]}, "to", "a request asks other agencies"),
    ({"urgency": "urgent"}, "urgency_reason", "urgent needs its reason"),
    ({"case": "A1b2C3d4E5f6G7h8I9j0Kx"}, "new_case", "a case or a new case, not both"),
    ({"language": "English"}, "language", "a language tag"),
    ({"handling_code": "H3"}, "handling_note", "H3 needs its restrictions"),
    ({"items": [ITEM | {"source": "Z"}]}, "items.0.source", "the source grade is A/B/C/X"),
    ({"urgency": "tomorrow"}, "urgency", "an urgency of the vocabulary"),
    ({"deadline": "2030-01-01"}, "deadline", "an unknown field is refused, not dropped"),
]


@pytest.mark.parametrize(("change", "field", "why"), BAD)
def test_bad_input_names_the_field_and_stores_nothing(
    client: TestClient, cast: dict[str, Headers], database: Database,
    change: dict[str, Any], field: str, why: str,
) -> None:  # fmt: skip
    body = request_body(**{k: v for k, v in change.items() if v is not None})
    for key in (k for k, v in change.items() if v is None):
        del body[key]
    response = client.post("/api/v1/requests", json=body, headers=cast["liaison.vn"])
    assert response.status_code == 422, why
    assert field in [f["field"] for f in response.json()["error"]["fields"]], response.text
    with database.reading() as session:
        for table in (Case, Message, InfoRequest, RequestRecipient):
            assert session.execute(select(func.count()).select_from(table)).scalar_one() == 0, why


def test_bad_answers_and_routes_name_the_field(
    client: TestClient,
    cast: dict[str, Headers],
) -> None:
    rid = send(client, cast["liaison.vn"])["id"]
    spoc = cast["spoc.kh"]
    kinds = client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER | {"kind": "refusal"},
                        headers=spoc)  # fmt: skip
    assert kinds.status_code == 422 and kinds.json()["error"]["fields"][0]["field"] == "kind"
    empty = client.post(f"/api/v1/requests/{rid}/answer", json={"language": "en"}, headers=spoc)
    assert [f["field"] for f in empty.json()["error"]["fields"]] == ["body"]
    desk = client.post(f"/api/v1/requests/{rid}/route", json={"agency": "KH-POLICE"}, headers=spoc)
    assert [f["field"] for f in desk.json()["error"]["fields"]] == ["desk"]
    reason = client.post(f"/api/v1/requests/{rid}/refuse", json={"reason": "bored"}, headers=spoc)
    assert [f["field"] for f in reason.json()["error"]["fields"]] == ["reason"]
    page = client.get("/api/v1/requests", params={"limit": 500}, headers=spoc)
    assert page.status_code == 422
    seen = client.get(f"/api/v1/requests/{rid}", headers=cast["liaison.vn"]).json()
    assert seen["replies"] == [] and seen["recipients"][0]["status"] == "sent"


def test_the_audit_holds_ids_never_the_words(
    client: TestClient,
    cast: dict[str, Headers],
    database: Database,
) -> None:
    secret = "Nguyen Van An, who drives plate 51F-123.45"
    rid = send(client, cast["liaison.vn"], question=secret, body=secret, about="the courier")["id"]
    client.post(f"/api/v1/requests/{rid}/route", json={"desk": "Drugs desk", "agency": "KH-POLICE"},
                headers=cast["spoc.kh"])  # fmt: skip
    client.get(f"/api/v1/requests/{rid}", headers=cast["desk.kh"])
    client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER | {"body": secret},
                headers=cast["desk.kh"])  # fmt: skip
    client.get("/api/v1/requests", params={"direction": "outgoing"}, headers=cast["liaison.vn"])
    with database.reading() as session:
        entries = session.execute(select(AuditEntry)).scalars().all()
        actions = {e.action for e in entries}
        assert {"exchange.request", "exchange.request.route", "exchange.request.view",
                "exchange.answer", "exchange.request.list"} <= actions  # fmt: skip
        for entry in entries:
            text = f"{entry.target} {entry.query} {entry.result_ids}"
            assert "Nguyen" not in text and "51F" not in text and "Drugs desk" not in text
        views = [e for e in entries if e.action == "exchange.request.view"]
        assert [(e.username, e.target) for e in views] == [("desk.kh", rid)]
