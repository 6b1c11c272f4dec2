"""Cases of the exchange through the API: opening with participants of several countries, the
list with each agency's own counts and filters, adding participants, closing and reopening.

Helpers here (``open_case``, ``send``, ``read``) are shared by the other exchange tests.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.storage import Database
from tests.exchange.conftest import Headers

Cast = dict[str, Headers]


def open_case(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": "Methamphetamine shipments through Mộc Bài",
        "crime_area": "drug_trafficking",
        "participants": ["KH-NCB", "BG-NCB"],
    }
    response = client.post("/api/v1/cases", json=body | overrides, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def send(client: TestClient, headers: Headers, case_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": "Courier crossing on Friday",
        "body": "A courier will cross at Mộc Bài on Friday with 4 kg.",
        "language": "en",
    }
    response = client.post(
        f"/api/v1/cases/{case_id}/messages", json=body | overrides, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def read(client: TestClient, headers: Headers, message_id: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/messages/{message_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def cases_of(client: TestClient, headers: Headers, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/cases", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_liaison_officer_opens_a_case_with_agencies_of_several_countries(
    client: TestClient, cast: Cast, database: Database
) -> None:
    case = open_case(client, cast["liaison.vn"])
    assert not case["id"].isdigit() and len(case["id"]) >= 20
    assert case["owner"] == "VN-NCB" and case["state"] == "open"
    assert [(p["code"], p["country"], p["owner"]) for p in case["participants"]] == [
        ("VN-NCB", "VN", True), ("KH-NCB", "KH", False), ("BG-NCB", "BG", False),
    ]  # fmt: skip
    assert case["messages"] == 0 and case["unread"] == 0
    shown = client.get(f"/api/v1/cases/{case['id']}", headers=cast["spoc.kh"])
    assert shown.status_code == 200 and shown.json()["subject"] == case["subject"]
    with database.reading() as session:
        actions = list(session.execute(
            select(AuditEntry.action)
            .where(AuditEntry.target == case["id"])
            .order_by(AuditEntry.seq)
        ).scalars())  # fmt: skip
    assert actions == ["exchange.case.open", "exchange.case.view"]


def test_an_unknown_participant_is_named_and_no_case_is_opened(
    client: TestClient, cast: Cast
) -> None:
    response = client.post(
        "/api/v1/cases",
        json={"subject": "x", "crime_area": "fraud", "participants": ["KH-NCB", "XX-NOPE"]},
        headers=cast["liaison.vn"],
    )
    assert response.status_code == 422
    assert "XX-NOPE" in response.text
    assert cases_of(client, cast["liaison.vn"])["total"] == 0


def test_each_agency_counts_the_messages_it_sees_and_its_unread(
    client: TestClient, cast: Cast
) -> None:
    vn, kh, bg = cast["liaison.vn"], cast["spoc.kh"], cast["liaison.bg"]
    case = open_case(client, vn)
    send(client, vn, case["id"], to=["KH-NCB"])
    everyone = send(client, vn, case["id"])  # every other participant
    assert sorted(everyone["to"]) == ["BG-NCB", "KH-NCB"]

    def counts(headers: Headers) -> tuple[int, int]:
        (row,) = cases_of(client, headers)["items"]
        return row["messages"], row["unread"]

    assert counts(vn) == (2, 0)
    assert counts(kh) == (2, 2)
    assert counts(bg) == (1, 1)
    read(client, bg, everyone["id"])
    assert counts(bg) == (1, 0)
    assert counts(kh) == (2, 2)


def test_cases_are_filtered_by_state_crime_area_country_and_subject(
    client: TestClient, cast: Cast
) -> None:
    vn = cast["liaison.vn"]
    drugs = open_case(client, vn, participants=["KH-NCB"])
    guns = open_case(client, vn, subject="Glock 17 pistols via Serbia",
                     crime_area="firearms_trafficking", participants=["RS-NCB"])  # fmt: skip
    client.post(f"/api/v1/cases/{guns['id']}/close", headers=vn)

    def ids(**params: Any) -> list[str]:
        return [c["id"] for c in cases_of(client, vn, **params)["items"]]

    assert set(ids()) == {drugs["id"], guns["id"]}
    assert ids(state="closed") == [guns["id"]]
    assert ids(crime_area="drug_trafficking") == [drugs["id"]]
    assert ids(country="rs") == [guns["id"]]
    assert ids(country="VN") == [guns["id"], drugs["id"]]  # the owner's country too
    assert ids(q="glock") == [guns["id"]]
    assert ids(q="100%") == []  # a wildcard is a character, not a pattern
    assert cases_of(client, vn, limit=1)["total"] == 2


def test_a_participant_adds_an_agency_that_sees_only_what_is_sent_to_it_later(
    client: TestClient, cast: Cast
) -> None:
    vn, kh, rs = cast["liaison.vn"], cast["spoc.kh"], cast["liaison.rs"]
    case = open_case(client, vn, participants=["KH-NCB"])
    before = send(client, vn, case["id"])
    added = client.post(f"/api/v1/cases/{case['id']}/participants",
                        json={"participants": ["RS-NCB"]}, headers=kh)  # fmt: skip
    assert added.status_code == 200, added.text
    assert [p["code"] for p in added.json()["participants"]] == ["VN-NCB", "KH-NCB", "RS-NCB"]
    assert client.get(f"/api/v1/cases/{case['id']}", headers=rs).status_code == 200
    assert client.get(f"/api/v1/messages/{before['id']}", headers=rs).status_code == 404
    after = send(client, vn, case["id"])
    assert sorted(after["to"]) == ["KH-NCB", "RS-NCB"]
    assert read(client, rs, after["id"])["body"] == after["body"]


def test_only_the_owner_closes_and_reopens_and_a_closed_case_takes_no_message(
    client: TestClient, cast: Cast
) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    refused = client.post(f"/api/v1/cases/{case['id']}/close", headers=kh)
    assert refused.status_code == 403
    assert (
        refused.json()["error"]["message"]
        == "Only the agency that opened the case closes or reopens it."
    )
    closed = client.post(f"/api/v1/cases/{case['id']}/close", headers=vn)
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    again = client.post(f"/api/v1/cases/{case['id']}/close", headers=vn)
    assert again.status_code == 409
    late = client.post(f"/api/v1/cases/{case['id']}/messages", headers=kh,
                       json={"subject": "s", "body": "b", "language": "km"})  # fmt: skip
    assert late.status_code == 409 and "closed" in late.json()["error"]["message"]
    assert client.post(f"/api/v1/cases/{case['id']}/reopen", headers=kh).status_code == 403
    reopened = client.post(f"/api/v1/cases/{case['id']}/reopen", headers=vn)
    assert reopened.json()["state"] == "open"
    send(client, kh, case["id"], language="km")
