"""The border liaison pages: the officer files a report from the form, reads it with its
matches, and the pair's joint report shows the map and the trend, in Bulgarian too."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from clew.access.models import User
from clew.liaison.models import IncidentReport
from tests.liaison.conftest import Border
from tests.liaison.test_incidents import file
from tests.web.test_pages import csrf, sign_in


def _form(client: TestClient, pair: str, **changes: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf(client, f"/liaison/pairs/{pair}/incidents/new"),
        "kind": "drug_seizure", "occurred_at": "2026-10-14T09:30", "place": "Bavet",
        "latitude": "11,05", "longitude": "106.15",
        "q0_item": "Heroin", "q0_amount": "2,5", "q0_unit": "kg",
        "q1_item": "methamphetamine", "q1_amount": "4000", "q1_unit": "tablets",
        "p0_name": "Sok Vanna", "p0_role": "suspect", "p0_nationality": "KH",
        "v0_plate": "2A-1234", "narrative": "Rớt hàng", "language": "km",
        "handling_code": "H1",
    }  # fmt: skip
    return data | changes


def test_an_officer_files_a_report_from_the_form_and_reads_it(
    client: TestClient, border: Border
) -> None:
    sign_in(client, "liaison.kh")
    pair = border.pairs["Moc Bai"]
    assert 'href="/liaison"' in client.get("/liaison").text
    response = client.post(f"/liaison/pairs/{pair}/incidents/new", data=_form(client, pair),
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    assert "Bavet" in page and "heroin" in page and "2.5" in page and "Sok Vanna" in page
    assert 'lang="km"' in page
    listing = client.get(f"/liaison/pairs/{pair}").text
    assert listing.count('class="incident-row"') == 1


def test_a_bad_form_says_what_is_wrong_and_stores_nothing(
    client: TestClient, border: Border
) -> None:
    sign_in(client, "liaison.kh")
    pair = border.pairs["Moc Bai"]
    response = client.post(f"/liaison/pairs/{pair}/incidents/new",
                           data=_form(client, pair, q0_amount="-3"))  # fmt: skip
    assert response.status_code == 422
    assert "quantities.0.amount" in response.text and "greater than 0" in response.text
    assert 'value="-3"' in response.text  # what was typed is kept
    response = client.post(f"/liaison/pairs/{pair}/incidents/new",
                           data=_form(client, pair, longitude=""))  # fmt: skip
    assert response.status_code == 422 and "give both latitude and longitude" in response.text
    with border.database.reading() as session:
        assert session.execute(select(func.count(IncidentReport.id))).scalar_one() == 0


def test_the_joint_report_page_has_the_map_the_trend_and_the_pdf(
    client: TestClient, border: Border
) -> None:
    file(client, border, occurred_at="2026-10-14T09:30")
    file(client, border, "liaison.kh", occurred_at="2026-09-14T09:30",
         latitude=None, longitude=None)  # fmt: skip
    sign_in(client, "liaison.vn")
    pair = border.pairs["Moc Bai"]
    page = client.get(f"/liaison/pairs/{pair}/report?period=custom&from=2026-09-01&to=2026-10-31")
    assert page.status_code == 200
    assert page.text.count('class="incident"') == 1 and "<polyline" in page.text
    link = re.search(r'href="(/liaison/pairs/[^"]+/report\.pdf\?[^"]+)"', page.text)
    assert link
    pdf = client.get(link.group(1).replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_pages_render_in_bulgarian(client: TestClient, border: Border) -> None:
    with border.database.transaction() as session:
        session.execute(update(User).where(User.username == "liaison.bg").values(locale="bg"))
    file(client, border, "liaison.bg", pair="Kalotina", occurred_at="2026-10-14T09:30",
         place="Калотина", narrative="Открити 20 000 къса цигари.", language="bg")  # fmt: skip
    sign_in(client, "liaison.bg")
    pair = border.pairs["Kalotina"]
    for path in ("/liaison", f"/liaison/pairs/{pair}", f"/liaison/pairs/{pair}/incidents/new",
                 f"/liaison/pairs/{pair}/report?from=2026-10-01&to=2026-10-31"):  # fmt: skip
        page = client.get(path)
        assert page.status_code == 200, path
        assert '<html lang="bg">' in page.text and "Табло" in page.text, path
    report = client.get(f"/liaison/pairs/{pair}/report?from=2026-10-01&to=2026-10-31").text
    assert "Код за обработка" in report and "Открити 20 000 къса цигари." in report


def test_an_outsider_finds_no_page_of_the_pair(client: TestClient, border: Border) -> None:
    filed = file(client, border)
    sign_in(client, "liaison.ee")
    pair = border.pairs["Moc Bai"]
    assert "Moc Bai – Bavet" not in client.get("/liaison").text
    for path in (f"/liaison/pairs/{pair}", f"/liaison/incidents/{filed['id']}",
                 f"/liaison/pairs/{pair}/report", f"/liaison/pairs/{pair}/report.pdf",
                 f"/liaison/pairs/{pair}/incidents/new"):  # fmt: skip
        hidden = client.get(path)
        made_up = client.get(path.replace(pair, "CCCCCCCCCCCCCCCCCCCCCC").replace(
            str(filed["id"]), "DDDDDDDDDDDDDDDDDDDDDD"))  # fmt: skip
        assert hidden.status_code == made_up.status_code == 404, path
