"""Requests for information as the liaison officers live them: Vietnam asks Cambodia and
Bulgaria at once, the Cambodian SPOC routes to a police desk that answers, the Vietnamese
border guard's request is copied to its SPOC, deadlines pass, reminders go out; Estonia is
asked nothing and finds nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from clew.exchange.models import RequestRecipient
from clew.storage import Database, utcnow
from tests.exchange.conftest import Headers

MADE_UP = "A1b2C3d4E5f6G7h8I9j0Kx"


def request_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "new_case": {"subject": "Heroin couriers via Moc Bai", "crime_area": "drug_trafficking"},
        "to": ["KH-NCB"],
        "question": "Is Nguyen Van An known to you, and which vehicles does he use?",
        "about": "Nguyen Van An, born 1984",
        "legal_basis": "Bilateral police cooperation agreement VN-KH, art. 4",
        "urgency": "non_urgent",
        "directly_accessible": False,
        "subject": "Request: Nguyen Van An",
        "language": "en",
    }
    body.update({k: v for k, v in overrides.items()})
    return {k: v for k, v in body.items() if v is not None}


def send(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/requests", json=request_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def show(client: TestClient, headers: Headers, rid: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/requests/{rid}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def listed(client: TestClient, headers: Headers, **params: Any) -> list[str]:
    response = client.get("/api/v1/requests", params=params, headers=headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return [r["id"] for r in page["items"]]


def rows(request: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["agency"]: r for r in request["recipients"]}


ANSWER = {"body": "Known: two seizures in 2025, drives a white Toyota Hiace.", "language": "km"}


def test_a_broadcast_gives_each_agency_its_own_row_and_deadline(
    client: TestClient, cast: dict[str, Headers]
) -> None:
    sent = send(client, cast["liaison.vn"], to=["KH-NCB", "BG-NCB"])
    assert set(rows(sent)) == {"KH-NCB", "BG-NCB"}
    assert all(r["status"] == "sent" and not r["overdue"] for r in sent["recipients"])
    assert sent["requesting_agency"] == "VN-NCB" and sent["requesting_country"] == "VN"

    kh = show(client, cast["spoc.kh"], sent["id"])
    assert set(rows(kh)) == {"KH-NCB"}  # an addressed agency sees its own row only
    assert kh["question"].startswith("Is Nguyen Van An known")
    assert set(rows(show(client, cast["liaison.bg"], sent["id"]))) == {"BG-NCB"}
    assert listed(client, cast["spoc.kh"], direction="incoming") == [sent["id"]]
    assert listed(client, cast["liaison.bg"], direction="incoming") == [sent["id"]]
    assert listed(client, cast["liaison.vn"], direction="outgoing") == [sent["id"]]
    assert listed(client, cast["liaison.vn"], direction="incoming") == []

    client.post(f"/api/v1/requests/{sent['id']}/answer", json=ANSWER, headers=cast["spoc.kh"])
    after = rows(show(client, cast["liaison.vn"], sent["id"]))
    assert (after["KH-NCB"]["status"], after["BG-NCB"]["status"]) == ("answered", "sent")


def test_a_direct_request_is_copied_to_the_own_spoc_which_cannot_answer(
    client: TestClient, cast: dict[str, Headers]
) -> None:
    sent = send(client, cast["liaison.vnb"], to=["KH-NCB"])
    copy = show(client, cast["liaison.vn"], sent["id"])  # VN-NCB, the SPOC of VN-BORDER
    assert set(rows(copy)) == {"KH-NCB"}  # it follows the request but owes nothing
    assert listed(client, cast["liaison.vn"], direction="incoming") == []
    refused = client.post(
        f"/api/v1/requests/{sent['id']}/answer", json=ANSWER, headers=cast["liaison.vn"]
    )
    assert refused.status_code == 403
    assert show(client, cast["liaison.vn"], sent["id"])["replies"] == []

    # a request the SPOC sends itself is copied to nobody
    own = send(client, cast["liaison.vn"], to=["KH-NCB"])
    assert (
        client.get(f"/api/v1/requests/{own['id']}", headers=cast["liaison.vnb"]).status_code == 404
    )


def test_the_spoc_routes_to_a_police_desk_which_answers(
    client: TestClient, cast: dict[str, Headers]
) -> None:
    sent = send(client, cast["liaison.vn"], urgency="urgent", urgency_reason="a courier tonight")
    rid = sent["id"]
    assert client.get(f"/api/v1/requests/{rid}", headers=cast["desk.kh"]).status_code == 404
    routed = client.post(f"/api/v1/requests/{rid}/route",
                         json={"desk": "Drugs desk", "agency": "KH-POLICE"},
                         headers=cast["spoc.kh"])  # fmt: skip
    assert routed.status_code == 200, routed.text
    row = rows(routed.json())["KH-NCB"]
    assert (row["status"], row["desk"], row["routed_to"]) == ("routed", "Drugs desk", "KH-POLICE")

    desk = show(client, cast["desk.kh"], rid)
    assert set(rows(desk)) == {"KH-NCB"}  # the row it answers for
    assert listed(client, cast["desk.kh"], direction="incoming") == [rid]
    passport = {"kind": "document", "document": {"number": "N1234567", "country": "VN"}}
    with_passport = ANSWER | {"entities": [passport]}
    answered = client.post(f"/api/v1/requests/{rid}/answer", json=with_passport,
                           headers=cast["desk.kh"])  # fmt: skip
    assert answered.status_code == 200, answered.text

    seen = show(client, cast["liaison.vn"], rid)
    assert rows(seen)["KH-NCB"]["status"] == "answered"
    assert rows(seen)["KH-NCB"]["answered_at"] is not None
    ((reply),) = seen["replies"]
    assert (reply["kind"], reply["agency"]) == ("answer", "KH-POLICE")
    # the answer is a message of the case: the requester reads it, passport and all
    read = client.get(f"/api/v1/messages/{reply['id']}", headers=cast["liaison.vn"])
    assert read.status_code == 200, read.text
    assert [e["label"] for e in read.json()["entities"]] == ["N1234567 (VN)"]
    assert (
        client.get(f"/api/v1/messages/{reply['id']}", headers=cast["liaison.ee"]).status_code == 404
    )
    # the addressed SPOC holds a copy of the answer given for it
    assert [r["id"] for r in show(client, cast["spoc.kh"], rid)["replies"]] == [reply["id"]]
    # another country's agency is no desk of Cambodia
    again = send(client, cast["liaison.vn"])
    abroad = client.post(f"/api/v1/requests/{again['id']}/route",
                         json={"desk": "x", "agency": "BG-NCB"},
                         headers=cast["spoc.kh"])  # fmt: skip
    assert abroad.status_code == 422 and abroad.json()["error"]["fields"][0]["field"] == "agency"


def test_a_partial_answer_keeps_the_request_owed(
    client: TestClient, cast: dict[str, Headers], database: Database
) -> None:
    rid = send(client, cast["liaison.vn"])["id"]
    partial = client.post(f"/api/v1/requests/{rid}/answer",
                          json=ANSWER | {"kind": "partial_answer"},
                          headers=cast["spoc.kh"])  # fmt: skip
    assert partial.status_code == 200, partial.text
    assert rows(partial.json())["KH-NCB"]["status"] == "partially_answered"
    _past_due(database)
    assert rows(show(client, cast["liaison.vn"], rid))["KH-NCB"]["overdue"] is True
    assert listed(client, cast["liaison.vn"], direction="outgoing", overdue=True) == [rid]

    full = client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER, headers=cast["spoc.kh"])
    assert rows(full.json())["KH-NCB"]["status"] == "answered"
    assert rows(full.json())["KH-NCB"]["overdue"] is False  # past due, but answered in full
    twice = client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER, headers=cast["spoc.kh"])
    assert twice.status_code == 409 and "already answered" in twice.json()["error"]["message"]
    late = client.post(f"/api/v1/requests/{rid}/refuse", json={"reason": "not_available"},
                       headers=cast["spoc.kh"])  # fmt: skip
    assert late.status_code == 409
    kinds = [r["kind"] for r in show(client, cast["liaison.vn"], rid)["replies"]]
    assert kinds == ["partial_answer", "answer"]


def test_a_refusal_needs_a_reason_and_ends_the_request(
    client: TestClient, cast: dict[str, Headers]
) -> None:
    rid = send(client, cast["liaison.vn"])["id"]
    url = f"/api/v1/requests/{rid}/refuse"
    assert client.post(url, json={}, headers=cast["spoc.kh"]).status_code == 422
    other = client.post(url, json={"reason": "other"}, headers=cast["spoc.kh"])
    assert other.status_code == 422 and "note" in other.text
    assert rows(show(client, cast["liaison.vn"], rid))["KH-NCB"]["status"] == "sent"

    refused = client.post(url, json={"reason": "needs_judicial_authorisation",
                                     "note": "Ask the prosecutor in Phnom Penh."},
                          headers=cast["spoc.kh"])  # fmt: skip
    assert refused.status_code == 200, refused.text
    row = rows(show(client, cast["liaison.vn"], rid))["KH-NCB"]
    assert (row["status"], row["refusal_reason"]) == ("refused", "needs_judicial_authorisation")
    after = client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER, headers=cast["spoc.kh"])
    assert after.status_code == 409 and "refused" in after.json()["error"]["message"]


def _past_due(database: Database, agency_code: str = "KH-NCB") -> None:
    from sqlalchemy import select

    from clew.access.models import Agency

    with database.transaction() as session:
        agency = session.execute(select(Agency.id).where(Agency.code == agency_code)).scalar_one()
        session.execute(
            update(RequestRecipient).where(RequestRecipient.agency_id == agency)
            .values(due_at=utcnow() - timedelta(hours=1))
        )  # fmt: skip


def test_an_overdue_request_shows_on_both_sides_and_in_the_filter(
    client: TestClient, cast: dict[str, Headers], database: Database
) -> None:
    late = send(client, cast["liaison.vn"], to=["KH-NCB", "BG-NCB"])["id"]
    on_time = send(client, cast["liaison.vn"], to=["BG-NCB"])["id"]
    _past_due(database)
    requester = rows(show(client, cast["liaison.vn"], late))
    assert (requester["KH-NCB"]["overdue"], requester["BG-NCB"]["overdue"]) == (True, False)
    assert show(client, cast["spoc.kh"], late)["overdue"] is True
    assert show(client, cast["liaison.bg"], late)["overdue"] is False  # its own row is on time

    assert listed(client, cast["liaison.vn"], direction="outgoing", overdue=True) == [late]
    assert set(listed(client, cast["liaison.vn"], direction="outgoing")) == {late, on_time}
    assert listed(client, cast["spoc.kh"], direction="incoming", overdue=True) == [late]
    assert listed(client, cast["liaison.bg"], direction="incoming", overdue=True) == []
    assert listed(client, cast["liaison.vn"], direction="outgoing", country="BG") == [
        on_time, late
    ]  # fmt: skip


def test_reminders_go_to_the_agencies_that_still_owe(
    client: TestClient, cast: dict[str, Headers], database: Database
) -> None:
    rid = send(client, cast["liaison.vn"], to=["KH-NCB", "BG-NCB"])["id"]
    client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER, headers=cast["liaison.bg"])
    url = f"/api/v1/requests/{rid}/remind"
    answered = client.post(url, json={"agencies": ["BG-NCB"]}, headers=cast["liaison.vn"])
    assert answered.status_code == 409
    assert "BG-NCB has already answered" in answered.json()["error"]["message"]
    assert client.post(url, json={}, headers=cast["spoc.kh"]).status_code == 403

    _past_due(database)
    reminded = client.post(url, json={}, headers=cast["liaison.vn"])
    assert reminded.status_code == 200, reminded.text
    after = rows(reminded.json())
    assert after["KH-NCB"]["reminded_at"] is not None and after["BG-NCB"]["reminded_at"] is None
    kh = show(client, cast["spoc.kh"], rid)
    assert [r["kind"] for r in kh["replies"]] == ["reminder"]  # Bulgaria's answer is not its
    assert [r["kind"] for r in show(client, cast["liaison.bg"], rid)["replies"]] == ["answer"]


ROUTES = [
    ("get", "", None),
    ("post", "/route", {"desk": "Drugs desk"}),
    ("post", "/answer", ANSWER),
    ("post", "/refuse", {"reason": "not_available"}),
    ("post", "/remind", {}),
]


@pytest.mark.parametrize(("method", "suffix", "body"), ROUTES)
def test_an_outsider_gets_what_a_made_up_id_gets(
    client: TestClient, cast: dict[str, Headers], method: str, suffix: str, body: Any
) -> None:
    rid = send(client, cast["liaison.vn"], to=["KH-NCB", "BG-NCB"])["id"]
    outsider = cast["liaison.ee"]
    kwargs: dict[str, Any] = {"headers": outsider} | ({"json": body} if body is not None else {})
    hidden = client.request(method, f"/api/v1/requests/{rid}{suffix}", **kwargs)
    missing = client.request(method, f"/api/v1/requests/{MADE_UP}{suffix}", **kwargs)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["error"]["message"] == "Request not found."
    for direction in ("incoming", "outgoing"):
        assert listed(client, outsider, direction=direction) == []
    assert all(r["status"] == "sent" for r in show(client, cast["liaison.vn"], rid)["recipients"])


def test_an_officer_without_the_exchange_is_refused(
    client: TestClient, cast: dict[str, Headers]
) -> None:
    rid = send(client, cast["liaison.vn"], to=["KH-POLICE"])["id"]
    officer = cast["officer.kh"]
    assert client.get(f"/api/v1/requests/{rid}", headers=officer).status_code == 403
    assert client.get("/api/v1/requests", headers=officer).status_code == 403
    answer = client.post(f"/api/v1/requests/{rid}/answer", json=ANSWER, headers=officer)
    assert answer.status_code == 403
    sent = client.post("/api/v1/requests", json=request_body(to=["VN-NCB"]), headers=officer)
    assert sent.status_code == 403
    assert rows(show(client, cast["desk.kh"], rid))["KH-POLICE"]["status"] == "sent"
