"""The routes map and the statistics page as an investigator reads them, and the statistical
report in HTML and PDF: the same figures as the API, nothing from a trace the agency may not
see, only same-origin scripts, and the report in Bulgarian with Cyrillic text."""

from __future__ import annotations

import html
import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from clew import i18n
from clew.access.login import actor_for
from clew.access.models import AuditEntry, User
from clew.firearms import stats_report
from clew.firearms.trace_stats import StatsFilter
from clew.storage import Database
from tests.firearms.test_trace_stats import Headers, agencies, estonian_trace, small_world
from tests.web.test_pages import sign_in

__all__ = ["agencies"]


def data(page: str, name: str) -> object:
    found = re.search(rf'{name}="([^"]*)"', page)
    assert found, name
    return json.loads(html.unescape(found.group(1)))


def test_the_statistics_page_shows_the_api_figures_and_links_its_report(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    small_world(client, agencies)
    api = client.get("/api/v1/traces/statistics", headers=agencies["officer.bg"]).json()
    sign_in(client, "officer.bg")
    listed = client.get("/traces").text
    assert 'href="/traces/statistics"' in listed and 'href="/traces/routes"' in listed

    page = client.get("/traces/statistics").text
    assert re.search(r'class="stat-traces">2<', page)
    charts = data(page, "data-stats")
    assert isinstance(charts, dict)
    assert [(c["code"], c["sent"], c["received"], c["rate"]) for c in charts["countries"]] == [
        (c["country"], c["sent"], c["received"], c["response_rate"]) for c in api["countries"]
    ]
    assert charts["matrix"]["cells"] == api["matrix"] == {"LV": {"BG": 2}}
    assert charts["calibres"] == [[f["value"], f["traces"]] for f in api["top_calibres"]]
    assert "Latvia (LV)" in page and "The same route seen again" in page
    assert 'href="/traces/statistics/report.pdf"' in page

    filtered = client.get("/traces/statistics?make=glock&type=pistol").text
    assert re.search(r'class="stat-traces">1<', filtered)
    assert 'href="/traces/statistics/report?make=glock&amp;type=pistol"' in filtered


def test_the_routes_page_draws_the_flows_and_lists_them_in_a_table(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    small_world(client, agencies)
    sign_in(client, "officer.bg")
    page = client.get("/traces/routes").text
    flows = data(page, "data-flows")
    assert flows == [{"from": "LV", "to": "BG", "fromId": "428", "toId": "100", "count": 2,
                      "fromName": "Latvia", "toName": "Bulgaria"}]  # fmt: skip
    table = page.split('class="rows routes-flows"')[1].split("</table>")[0]
    assert re.search(r"Latvia \(LV\)</td><td>Bulgaria \(BG\)</td><td class=\"num\">2<", table)


def test_a_trace_the_agency_may_not_see_changes_nothing_on_either_page(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    small_world(client, agencies)
    sign_in(client, "officer.bg")
    pages = (("/traces/statistics", "data-stats"), ("/traces/routes", "data-flows"))
    before = [data(client.get(path).text, name) for path, name in pages]
    estonian_trace(client, agencies)
    after = [data(client.get(path).text, name) for path, name in pages]
    assert after == before
    assert "EE" not in json.dumps(after) and "Estonia" not in client.get("/traces/routes").text


def test_the_map_page_loads_every_script_and_the_map_from_the_same_origin(
    client: TestClient, agencies: dict[str, Headers]
) -> None:
    small_world(client, agencies)
    sign_in(client, "officer.bg")
    for path in ("/traces/routes", "/traces/statistics"):
        page = client.get(path).text
        assert "<script>" not in page  # the CSP forbids inline scripts
        sources = re.findall(r'<script src="([^"]+)"', page)
        assert "/vendor/d3/d3.min.js" in sources
        assert not re.search(r"(src|href|data-atlas)=\"(https?:)?//", page)
        for source in sources:
            assert source.startswith("/")
            assert client.get(source).status_code == 200, source
    page = client.get("/traces/routes").text
    assert "/vendor/topojson-client/topojson-client.min.js" in page
    atlas = client.get(re.findall(r'data-atlas="([^"]+)"', page)[0])
    assert atlas.status_code == 200 and atlas.json()["type"] == "Topology"


def test_the_report_renders_in_bulgarian_with_cyrillic_in_html_and_pdf(
    client: TestClient, agencies: dict[str, Headers], database: Database
) -> None:
    import weasyprint  # type: ignore[import-untyped]

    small_world(client, agencies)
    with database.transaction() as session:
        user = session.execute(select(User).where(User.username == "officer.bg")).scalar_one()
        built = stats_report.build(session, actor_for(user), StatsFilter(), language="bg",
                                   fmt="pdf")  # fmt: skip
        document = stats_report.render_html(built)
    title = i18n.translations("bg").ugettext("Statistical report on firearm traces")
    assert 'lang="bg"' in document and title in document
    assert "България (BG)" in document and "Латвия (LV)" in document
    assert document.count("<svg") >= 5  # the charts, drawn on the server

    def texts(box: object) -> list[str]:
        text = getattr(box, "text", None)
        found = [text] if isinstance(text, str) else []
        return found + [t for child in getattr(box, "children", []) for t in texts(child)]

    pages = weasyprint.HTML(string=document).render().pages
    written = " ".join(t for page in pages for t in texts(page._page_box))
    assert "България" in written and title in written

    sign_in(client, "officer.bg")
    pdf = client.get("/traces/statistics/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    report = client.get("/traces/statistics/report?type=pistol")
    assert report.status_code == 200 and "<script" not in report.text
    assert "default-src 'none'" in report.headers["content-security-policy"]
    with database.reading() as session:
        actions = [e.action for e in session.execute(select(AuditEntry)).scalars()]
    assert actions.count("trace.report.pdf") == 2 and "trace.report.html" in actions
