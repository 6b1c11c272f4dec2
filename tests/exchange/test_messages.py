"""Messages of a case: who they go to by default, replies and threads, graded items and
entities, read receipts and acknowledgements, the inbox and its counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import Agency
from clew.exchange.models import InfoRequest, Message, RequestRecipient
from clew.storage import Database, utcnow
from tests.exchange.conftest import Headers
from tests.exchange.test_cases import Cast, open_case, read, send


def inbox(client: TestClient, headers: Headers, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/inbox", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def counts(client: TestClient, headers: Headers) -> dict[str, int]:
    response = client.get("/api/v1/inbox/counts", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_reply_goes_to_the_author_and_threads_under_what_it_answers(
    client: TestClient, cast: Cast
) -> None:
    vn, kh, bg = cast["liaison.vn"], cast["spoc.kh"], cast["liaison.bg"]
    case = open_case(client, vn)
    first = send(client, vn, case["id"])
    reply = send(client, kh, case["id"], subject="Re: courier", body="Seen at the border.",
                 language="km", in_reply_to=first["id"])  # fmt: skip
    assert reply["to"] == ["VN-NCB"] and reply["in_reply_to"] == first["id"]
    deeper = send(client, vn, case["id"], in_reply_to=reply["id"])
    assert deeper["to"] == ["KH-NCB"]

    thread = client.get(f"/api/v1/cases/{case['id']}/messages", headers=vn).json()
    assert [(m["id"], m["parent"], m["depth"]) for m in thread["items"]] == [
        (first["id"], None, 0), (reply["id"], first["id"], 1), (deeper["id"], reply["id"], 2),
    ]  # fmt: skip
    # Bulgaria holds only the first message: its thread has one message and no branches
    seen = client.get(f"/api/v1/cases/{case['id']}/messages", headers=bg).json()
    assert [(m["id"], m["depth"]) for m in seen["items"]] == [(first["id"], 0)]
    assert seen["total"] == 1


def test_a_reply_must_answer_a_message_of_the_same_case(client: TestClient, cast: Cast) -> None:
    vn = cast["liaison.vn"]
    one, other = open_case(client, vn), open_case(client, vn)
    elsewhere = send(client, vn, other["id"])
    response = client.post(f"/api/v1/cases/{one['id']}/messages", headers=vn, json={
        "subject": "s", "body": "b", "language": "en", "in_reply_to": elsewhere["id"]})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "in_reply_to"


def test_items_and_entities_keep_their_grades(client: TestClient, cast: Cast) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    sent = send(client, vn, case["id"], to=["KH-NCB"], handling_code="H1", items=[
        {"text": "The courier works for the Tran network.", "source": "B", "information": "2"},
    ], entities=[
        {"kind": "person", "person": {"names": ["Tran Van Hung"], "date_of_birth": "1985-04-02"},
         "source": "A", "information": "1"},
        {"kind": "document", "document": {"number": "C1234567", "country": "VN"}},
    ])  # fmt: skip
    message = read(client, kh, sent["id"])
    assert message["handling_code"] == "H1" and message["language"] == "en"
    assert message["items"] == [
        {"text": "The courier works for the Tran network.", "source": "B", "information": "2"}
    ]
    assert [(e["kind"], e["label"], e["source"], e["information"])
            for e in message["entities"]] == [
        ("person", "Tran Van Hung (1985-04-02)", "A", "1"), ("document", "C1234567 (VN)", "X", "4"),
    ]  # fmt: skip
    assert message["entities"][1]["fields"]["document"] == {"number": "C1234567", "country": "VN"}
    assert message["attachments"] == [] and message["author_agency"] == "VN-NCB"


def test_the_clearing_house_tells_a_reader_of_an_earlier_mention(
    client: TestClient, cast: Cast
) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    passport = {"kind": "document", "document": {"number": "C1234567", "country": "VN"}}
    send(client, vn, case["id"], to=["KH-NCB"], entities=[passport])
    second = send(client, vn, case["id"], to=["KH-NCB"], entities=[passport])
    (entity,) = read(client, kh, second["id"])["entities"]
    assert [a["mentions_total"] for a in entity["annotations"]] == [1]


def test_the_first_reader_of_an_agency_sets_its_receipt_and_the_author_sees_it(
    client: TestClient, cast: Cast
) -> None:
    kh, vn, analyst = cast["spoc.kh"], cast["liaison.vn"], cast["analyst.vn"]
    case = open_case(client, vn, participants=["KH-NCB", "BG-NCB"])
    sent = send(client, kh, case["id"], language="km")
    assert {r["agency"]: r["read_at"] for r in sent["receipts"]} == {"VN-NCB": None, "BG-NCB": None}
    first = read(client, vn, sent["id"])
    (own,) = first["receipts"]  # a holder sees its own receipt only
    assert own["agency"] == "VN-NCB" and own["read_by"] == "liaison.vn" and own["read_at"]
    later = read(client, analyst, sent["id"])
    assert later["receipts"][0]["read_by"] == "liaison.vn"
    author = {r["agency"]: r for r in read(client, kh, sent["id"])["receipts"]}
    assert author["VN-NCB"]["read_by"] == "liaison.vn" and author["BG-NCB"]["read_at"] is None

    acked = client.post(f"/api/v1/messages/{sent['id']}/acknowledge", headers=cast["liaison.bg"])
    assert acked.status_code == 200
    (bg,) = acked.json()["receipts"]
    assert bg["acknowledged_by"] == "liaison.bg" and bg["read_at"]  # acknowledging reads it
    own_ack = client.post(f"/api/v1/messages/{sent['id']}/acknowledge", headers=kh)
    assert own_ack.status_code == 403


def test_the_inbox_filters_and_counts_what_the_agency_holds(client: TestClient, cast: Cast) -> None:
    vn, kh, bg = cast["liaison.vn"], cast["spoc.kh"], cast["liaison.bg"]
    drugs = open_case(client, vn)
    guns = open_case(client, bg, subject="Pistols", crime_area="firearms_trafficking",
                     participants=["VN-NCB"])  # fmt: skip
    a = send(client, kh, drugs["id"], language="km", to=["VN-NCB"])
    b = send(client, bg, guns["id"], handling_code="H1", language="bg")
    mine = send(client, vn, drugs["id"])

    def ids(headers: Headers = vn, **params: Any) -> list[str]:
        return [m["id"] for m in inbox(client, headers, **params)["items"]]

    assert ids() == [b["id"], a["id"]]  # newest first
    assert ids(box="sent") == [mine["id"]]
    assert ids(case=drugs["id"]) == [a["id"]]
    assert ids(country="bg") == [b["id"]]
    assert ids(handling_code="H1") == [b["id"]]
    assert ids(kind="request") == []
    row = inbox(client, vn)["items"][0]
    shown = ("case", "case_subject", "author_agency", "author_country", "language", "read_at")
    assert [row[k] for k in shown] == [guns["id"], "Pistols", "BG-NCB", "BG", "bg", None]
    assert counts(client, vn)["unread"] == 2
    read(client, vn, a["id"])
    assert ids(unread=True) == [b["id"]]
    assert counts(client, vn)["unread"] == 1
    assert ids(kh) == [mine["id"]] and ids(bg) == [mine["id"]]
    page = inbox(client, vn, limit=1, offset=1)
    assert page["total"] == 2 and [m["id"] for m in page["items"]] == [a["id"]]
    unread_sent = client.get("/api/v1/inbox", params={"box": "sent", "unread": True}, headers=vn)
    assert unread_sent.status_code == 422


def test_an_overdue_request_counts_on_both_sides(
    client: TestClient, cast: Cast, database: Database
) -> None:
    vn, kh = cast["liaison.vn"], cast["spoc.kh"]
    case = open_case(client, vn)
    sent = send(client, vn, case["id"], to=["KH-NCB"], subject="Who owns the truck?")
    with database.transaction() as session:  # the requests' own service is not needed here
        message = session.execute(
            select(Message).where(Message.public_id == sent["id"])
        ).scalar_one()
        message.kind = "request"
        request = InfoRequest(message_id=message.id, question="q", about="a", legal_basis="l",
                              urgency="urgent", directly_accessible=True)  # fmt: skip
        session.add(request)
        session.flush()
        kh_id = session.execute(select(Agency.id).where(Agency.code == "KH-NCB")).scalar_one()
        session.add(RequestRecipient(request_id=request.id, agency_id=kh_id, status="sent",
                                     due_at=utcnow() - timedelta(hours=1)))  # fmt: skip
    assert counts(client, kh) == {"unread": 1, "overdue_incoming": 1, "overdue_outgoing": 0}
    assert counts(client, vn) == {"unread": 0, "overdue_incoming": 0, "overdue_outgoing": 1}
    assert counts(client, cast["liaison.bg"]) == {
        "unread": 0, "overdue_incoming": 0, "overdue_outgoing": 0,
    }  # fmt: skip
    (row,) = inbox(client, kh, kind="request")["items"]
    assert row["request_overdue"] is True and row["request_due_at"]
    assert read(client, kh, sent["id"])["request"] == sent["id"]
