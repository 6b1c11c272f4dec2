"""The exchange's pages over HTTP: what a participant sees and does, what an outsider gets (the
page of an id never issued), forms that refuse bad input and keep what was typed, CSRF, and the
pages in every interface language."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from clew.access.models import User
from clew.exchange.models import Case, Message, Spoc
from clew.storage import Database
from tests.conftest import make_agency, make_user
from tests.exchange.conftest import AGENCIES, SPOCS, USERS
from tests.web.test_pages import csrf, sign_in

Headers = dict[str, str]


def make_cast(database: Database) -> None:
    """The exchange's cast (``tests/exchange/conftest.py``), signing in with the known password."""
    ids = {code: make_agency(database, code, country, kind) for code, country, kind in AGENCIES}
    with database.transaction() as session:
        session.add_all(Spoc(country=c, agency_id=ids[code]) for c, code in SPOCS.items())
    for username, (role, agency) in USERS.items():
        make_user(database, username, role, agency)


@pytest.fixture
def cast(database: Database) -> None:
    make_cast(database)


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def _open_case(client: TestClient, subject: str = "Heroin through Bavet", *others: str) -> str:
    token = csrf(client, "/exchange/cases/new")
    data = {
        "csrf_token": token,
        "subject": subject,
        "crime_area": "drug_trafficking",
        "handling_code": "H0",
    } | {f"agency_{code}": "1" for code in others or ("KH-NCB",)}
    response = client.post("/exchange/cases/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.endswith("?done=x_case_opened")
    return location.split("/")[-1].split("?")[0]


def _send(client: TestClient, case_id: str, **fields: str) -> str:
    token = csrf(client, f"/exchange/cases/{case_id}")
    data = {
        "csrf_token": token,
        "subject": "Courier crossing on Friday",
        "language": "vi",
        "handling_code": "H0",
        "body": "Người vận chuyển sẽ qua cửa khẩu Mộc Bài.",
    } | fields
    response = client.post(f"/exchange/cases/{case_id}/messages", data=data,
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[-1].split("?")[0]


@pytest.fixture
def vn(client: TestClient, cast: None) -> TestClient:
    sign_in(client, "liaison.vn")
    return client


def test_a_liaison_officer_opens_a_case_and_sends_a_graded_message_naming_a_passport(
    vn: TestClient,
) -> None:
    case_id = _open_case(vn)
    page = vn.get(f"/exchange/cases/{case_id}")
    assert page.status_code == 200
    assert "Heroin through Bavet" in page.text and "KH-NCB" in page.text
    message_id = _send(vn, case_id, **{
        "it0_text": "The courier drives a white Toyota", "it0_source": "B",
        "it0_information": "2", "ed0_number": "N1234567", "ed0_country": "vn",
    })  # fmt: skip
    shown = vn.get(f"/exchange/messages/{message_id}")
    assert shown.status_code == 200
    assert 'lang="vi"' in shown.text and "Người vận chuyển" in shown.text
    assert "The courier drives a white Toyota" in shown.text
    assert "N1234567 (VN)" in shown.text
    thread = vn.get(f"/exchange/cases/{case_id}").text
    assert f"/exchange/messages/{message_id}" in thread


def test_a_reply_is_indented_under_the_message_it_answers(
    client: TestClient,
    cast: None,
) -> None:
    sign_in(client, "liaison.vn")
    case_id = _open_case(client)
    first = _send(client, case_id)
    client.cookies.clear()
    sign_in(client, "spoc.kh")
    inbox = client.get("/exchange").text
    assert re.search(r'class="message-row unread"', inbox)
    reply = _send(client, case_id, in_reply_to=first, subject="Re: Courier", language="km",
                  body="យល់ព្រម")  # fmt: skip
    thread = client.get(f"/exchange/cases/{case_id}").text
    assert re.search(rf'depth-0[^"]*">\s*(<strong>)?<a href="/exchange/messages/{first}"', thread)
    assert re.search(rf'depth-1[^"]*">\s*(<strong>)?<a href="/exchange/messages/{reply}"', thread)


def test_an_outsider_gets_the_page_of_a_case_that_does_not_exist(
    client: TestClient,
    cast: None,
    database: Database,
) -> None:
    sign_in(client, "liaison.vn")
    case_id = _open_case(client)
    message_id = _send(client, case_id)
    client.cookies.clear()
    sign_in(client, "liaison.ee")
    for real, made_up in ((f"/exchange/cases/{case_id}", "/exchange/cases/AAAAAAAAAAAAAAAAAAAAAA"),
                          (f"/exchange/messages/{message_id}",
                           "/exchange/messages/AAAAAAAAAAAAAAAAAAAAAA")):  # fmt: skip
        hidden, missing = client.get(real), client.get(made_up)
        assert hidden.status_code == missing.status_code == 404
        # the same page, but for the path echoed in the language switcher
        assert hidden.text.replace(real, made_up) == missing.text
    assert "Heroin" not in client.get("/exchange/cases").text
    assert "Courier" not in client.get("/exchange").text


def test_a_case_form_with_a_mistake_is_shown_again_with_what_was_typed(vn: TestClient) -> None:
    token = csrf(vn, "/exchange/cases/new")
    data = {"csrf_token": token, "subject": "Counterfeit passports", "crime_area": "document_fraud",
            "handling_code": "H3", "agency_KH-NCB": "1"}  # fmt: skip
    response = vn.post("/exchange/cases/new", data=data)
    assert response.status_code == 422
    assert "Please correct the marked fields." in response.text
    assert 'value="Counterfeit passports"' in response.text
    assert re.search(r'name="agency_KH-NCB" value="1" checked', response.text)


def test_a_message_with_a_mistake_keeps_its_body_and_sends_nothing(
    vn: TestClient, database: Database
) -> None:
    case_id = _open_case(vn)
    token = csrf(vn, f"/exchange/cases/{case_id}")
    data = {"csrf_token": token, "subject": "Vehicle", "language": "vi", "handling_code": "H0",
            "body": "Xe tải màu trắng", "ev0_plate": "", "ed0_number": "X" * 300}  # fmt: skip
    response = vn.post(f"/exchange/cases/{case_id}/messages", data=data)
    assert response.status_code == 422
    assert "Xe tải màu trắng" in response.text
    with database.transaction() as session:
        assert session.execute(select(func.count()).select_from(Message)).scalar_one() == 0


def test_forms_need_the_csrf_token(vn: TestClient, database: Database) -> None:
    vn.get("/exchange/cases/new")
    data = {"subject": "Forged", "crime_area": "fraud", "handling_code": "H0"}
    for token in (None, "forged"):
        response = vn.post(
            "/exchange/cases/new", data=data | ({"csrf_token": token} if token else {})
        )
        assert response.status_code == 403
    with database.transaction() as session:
        assert session.execute(select(func.count()).select_from(Case)).scalar_one() == 0


def test_users_without_the_exchange_have_no_entry_and_no_pages(
    client: TestClient,
    cast: None,
) -> None:
    sign_in(client, "officer.kh")
    assert 'href="/exchange"' not in client.get("/").text
    assert client.get("/exchange").status_code == 403


@pytest.mark.parametrize("language", ["vi", "lv", "bg"])
def test_the_pages_render_in_every_interface_language(
    client: TestClient,
    cast: None,
    database: Database,
    language: str,
) -> None:
    sign_in(client, "liaison.vn")
    case_id = _open_case(client)
    message_id = _send(client, case_id, ep0_name="Nguyễn Văn Hùng", ep0_date_of_birth="1980-02-03")
    with database.transaction() as session:
        session.execute(update(User).where(User.username == "liaison.vn").values(locale=language))
    for path in (
        "/",
        "/exchange",
        "/exchange?box=sent",
        "/exchange/cases",
        "/exchange/cases/new",
        f"/exchange/cases/{case_id}",
        f"/exchange/messages/{message_id}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in response.text, path


def _request(client: TestClient, **fields: str) -> str:
    token = csrf(client, "/exchange/requests/new")
    data = {"csrf_token": token, "to_KH-NCB": "1", "crime_area": "drug_trafficking",
            "subject": "Courier's passport", "question": "Was this passport issued?",
            "about": "Tran Van Long", "legal_basis": "VN-KH agreement", "language": "en",
            "urgency": "non_urgent", "handling_code": "H0"} | fields  # fmt: skip
    response = client.post("/exchange/requests/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[-1].split("?")[0]


def test_a_request_is_routed_refused_with_a_reason_and_shown_on_both_sides(
    client: TestClient,
    cast: None,
) -> None:
    sign_in(client, "liaison.vn")
    request_id = _request(client, urgency="urgent", urgency_reason="Crossing tonight",
                          directly_accessible="1")  # fmt: skip
    page = client.get(f"/exchange/requests/{request_id}").text
    assert "KH-NCB" in page and re.search(r"\d+ hours? left|\d+ minutes? left", page)
    assert 'href="/exchange/requests?box=outgoing' in client.get("/exchange").text
    assert "Courier&#39;s passport" in client.get("/exchange/requests?box=outgoing").text
    client.cookies.clear()
    sign_in(client, "spoc.kh")
    assert "Courier&#39;s passport" in client.get("/exchange/requests?box=incoming").text
    token = csrf(client, f"/exchange/requests/{request_id}")
    routed = client.post(f"/exchange/requests/{request_id}/route",
                         data={"csrf_token": token, "desk": "Drugs desk"})  # fmt: skip
    assert routed.status_code == 200 and "Drugs desk" in routed.text
    refused = client.post(f"/exchange/requests/{request_id}/refuse",
                          data={"csrf_token": token, "reason": "other", "note": ""})  # fmt: skip
    assert refused.status_code == 422
    assert "needs a note" in refused.text
    refused = client.post(
        f"/exchange/requests/{request_id}/refuse",
        data={"csrf_token": token, "reason": "needs_judicial_authorisation"},
    )
    assert refused.status_code == 200
    assert "It needs a judicial authorisation" in refused.text
    client.cookies.clear()
    sign_in(client, "liaison.vn")
    page = client.get(f"/exchange/requests/{request_id}").text
    assert "Refused" in page and "It needs a judicial authorisation" in page


def test_an_overdue_request_shows_how_late_it_is_on_both_sides(
    client: TestClient,
    cast: None,
    database: Database,
) -> None:
    from datetime import timedelta

    from clew.exchange.models import RequestRecipient
    from clew.storage import utcnow

    sign_in(client, "liaison.vn")
    request_id = _request(client)
    with database.transaction() as session:
        session.execute(
            update(RequestRecipient).values(due_at=utcnow() - timedelta(days=2, hours=1))
        )
    listed = client.get("/exchange/requests?box=outgoing&overdue=1").text
    assert "overdue by 2 days" in listed
    assert (
        client.get("/exchange?box=sent&overdue=1", follow_redirects=False).headers["location"]
        == "/exchange/requests?box=outgoing&overdue=1"
    )
    assert re.search(r'count-overdue-outgoing">1<', client.get("/").text)
    client.cookies.clear()
    sign_in(client, "spoc.kh")
    assert re.search(r'count-overdue-incoming">1<', client.get("/").text)
    assert re.search(r'exchange-badge">2<', client.get("/").text)  # one unread, one overdue
    assert request_id in client.get("/exchange/requests?box=incoming&overdue=1").text


def test_a_request_form_with_a_mistake_is_shown_again_with_what_was_typed(
    vn: TestClient, database: Database
) -> None:
    token = csrf(vn, "/exchange/requests/new")
    data = {"csrf_token": token, "to_KH-NCB": "1", "crime_area": "drug_trafficking",
            "subject": "Urgent passport check", "question": "Issued?", "about": "Tran Van Long",
            "legal_basis": "VN-KH agreement", "language": "en", "urgency": "urgent",
            "handling_code": "H0"}  # fmt: skip
    response = vn.post("/exchange/requests/new", data=data)
    assert response.status_code == 422
    assert "urgent request needs its reason" in response.text
    assert 'value="Urgent passport check"' in response.text
    assert re.search(r'name="to_KH-NCB" value="1" checked', response.text)
    with database.transaction() as session:
        assert session.execute(select(func.count()).select_from(Message)).scalar_one() == 0


def test_forwarding_an_h2_message_is_refused_with_the_reason_and_a_permission_offered(
    client: TestClient,
    cast: None,
) -> None:
    sign_in(client, "liaison.vn")
    case_id = _open_case(client)
    message_id = _send(client, case_id, handling_code="H2")
    client.cookies.clear()
    sign_in(client, "spoc.kh")
    page = client.get(f"/exchange/messages/{message_id}").text
    assert "permission-form" in page
    token = _token(page)
    refused = client.post(f"/exchange/messages/{message_id}/forward",
                          data={"csrf_token": token, "to": "BG-NCB"})  # fmt: skip
    assert refused.status_code == 403
    assert "not passed on without its owner" in refused.text
    assert "permission-form" in refused.text
    asked = client.post(f"/exchange/messages/{message_id}/permission",
                        data={"csrf_token": token, "to": "BG-NCB", "reason": "Same courier"},
                        follow_redirects=False)  # fmt: skip
    assert asked.status_code == 303 and asked.headers["location"].endswith("x_permission_asked")

    # the owner decides from the message's page; then the forward goes through
    client.cookies.clear()
    sign_in(client, "liaison.vn")
    owner_page = client.get(f"/exchange/messages/{message_id}").text
    decide = re.search(r'action="(/exchange/permissions/[^"/]+/decide)"', owner_page)
    assert decide, "the owner is offered to grant or refuse"
    granted = client.post(decide.group(1), data={"csrf_token": _token(owner_page), "grant": "1"},
                          follow_redirects=False)  # fmt: skip
    assert granted.status_code == 303
    client.cookies.clear()
    sign_in(client, "spoc.kh")
    token = _token(client.get(f"/exchange/messages/{message_id}").text)
    forwarded = client.post(
        f"/exchange/messages/{message_id}/forward",
        data={"csrf_token": token, "to": "BG-NCB"},
        follow_redirects=False,
    )
    assert forwarded.status_code == 303


def test_search_marks_the_words_found_and_escapes_the_rest(
    vn: TestClient,
) -> None:
    case_id = _open_case(vn)
    _send(vn, case_id, body="<script>alert(1)</script> heroin at Mộc Bài")
    found = vn.get("/exchange/search", params={"q": "moc bai"})
    assert found.status_code == 200
    assert "<script>alert(1)" not in found.text
    assert "&lt;script&gt;" in found.text
    assert re.search(r"<mark>Mộc</mark>\s*<mark>Bài</mark>", found.text)
    assert vn.get("/exchange/search", params={"q": "!!!"}).status_code == 422


def test_a_search_past_the_cap_says_there_are_more_than_it_counted(
    vn: TestClient, database: Database
) -> None:
    from clew.exchange import search
    from tests.exchange.sending import open_case, send

    case_id = open_case(database, "VN-NCB")
    for n in range(search.TOTAL_CAP + 5):
        send(database, "liaison.vn", case_id, ["KH-NCB"], body=f"Convoy {n} crossed at Bavet")
    page = vn.get("/exchange/search", params={"q": "convoy"}).text
    assert f"More than {search.TOTAL_CAP} messages found" in page
    assert "105 messages" not in page
