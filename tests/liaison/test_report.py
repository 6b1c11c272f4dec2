"""The pair's joint report: its figures are the sums of what was recorded (never kilograms
added to units), its map has one marker per located report, as HTML, PDF and JSON."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.errors import ValidationError
from clew.liaison import report
from tests.liaison.conftest import Border, incident
from tests.liaison.test_incidents import API, file

SEIZURES = (
    # office user, day, quantities, persons' roles, located
    ("liaison.vn", "2026-09-03T10:00", [("methamphetamine", "kg", "12.5")], ["suspect"], True),
    ("liaison.kh", "2026-09-20T22:15", [("methamphetamine", "kg", "3.25"),
                                        ("methamphetamine", "tablets", "20000")],
     ["suspect", "suspect"], True),
    ("liaison.vn", "2026-10-02T06:00", [("heroin", "g", "800"), ("heroin", "kg", "1.2")], [],
     False),
    ("liaison.kh", "2026-10-11T14:00", [("migrants", "persons", "7")],
     ["suspect", "migrant", "migrant"], True),
)  # fmt: skip


def _seed(client: TestClient, border: Border) -> None:
    for username, when, quantities, roles, located in SEIZURES:
        changes: dict[str, object] = {
            "occurred_at": when, "narrative": "",
            "kind": "migrant_smuggling" if roles.count("migrant") else "drug_seizure",
            "quantities": [{"item": i, "unit": u, "amount": a} for i, u, a in quantities],
            "persons": [{"names": [f"Person {n}"], "role": r} for n, r in enumerate(roles)],
        }  # fmt: skip
        if not located:
            changes |= {"latitude": None, "longitude": None}
        file(client, border, username, **changes)


def test_figures_are_the_sums_recorded_per_item_and_unit(
    client: TestClient, border: Border
) -> None:
    _seed(client, border)
    file(client, border, "liaison.bg", pair="Kalotina",
         quantities=[{"item": "methamphetamine", "unit": "kg", "amount": 99}])  # fmt: skip
    body = client.get(f"{API}/pairs/{border.pairs['Moc Bai']}/report?from=2026-09-01&to=2026-10-31",
                      headers=border.headers["liaison.vn"]).json()  # fmt: skip
    totals = {(q["item"], q["unit"]): (q["amount"], q["incidents"]) for q in body["quantities"]}
    assert totals == {
        ("methamphetamine", "kg"): (15.75, 2),  # 12.5 + 3.25; the other pair's 99 kg not in it
        ("methamphetamine", "tablets"): (20000, 1),  # never added to the kilograms
        ("heroin", "g"): (800, 1), ("heroin", "kg"): (1.2, 1),  # grams stay grams
        ("migrants", "persons"): (7, 1),
    }  # fmt: skip
    assert body["incidents"] == 4 and body["located"] == 3
    assert {r["key"]: r["count"] for r in body["by_kind"]} == {
        "drug_seizure": 3,
        "migrant_smuggling": 1,
    }
    assert {r["key"]: r["count"] for r in body["persons"]} == {"suspect": 4, "migrant": 2}
    assert {r["key"]: r["count"] for r in body["by_office"]} == {"Moc Bai": 2, "Bavet": 2}
    assert [m["month"] for m in body["months"]] == ["2026-09", "2026-10"]
    assert body["months"][0]["counts"] == {"drug_seizure": 2}


def test_a_month_and_a_quarter_count_only_their_days(client: TestClient, border: Border) -> None:
    _seed(client, border)
    pair, headers = border.pairs["Moc Bai"], border.headers["liaison.kh"]
    october = client.get(f"{API}/pairs/{pair}/report?month=2026-10", headers=headers).json()
    assert (october["period_from"], october["period_to"]) == ("2026-10-01", "2026-10-31")
    assert october["incidents"] == 2
    quarter = client.get(f"{API}/pairs/{pair}/report?quarter=2026-Q3", headers=headers).json()
    assert (quarter["period_from"], quarter["period_to"], quarter["incidents"]) == (
        "2026-07-01", "2026-09-30", 2)  # fmt: skip


def test_the_html_report_has_one_marker_per_located_report_and_the_trend(
    client: TestClient, border: Border
) -> None:
    _seed(client, border)
    response = client.get(
        f"{API}/pairs/{border.pairs['Moc Bai']}/report?from=2026-09-01&to=2026-10-31"
        "&format=html&language=bg", headers=border.headers["liaison.vn"],
    )  # fmt: skip
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert html.count('class="incident"') == 3  # the heroin seizure had no coordinates
    assert html.count('class="office"') == 2
    assert "<polyline" in html  # the trend by month
    assert 'lang="bg"' in html and "Код за обработка" in html


def test_the_pdf_report_is_a_pdf(client: TestClient, border: Border) -> None:
    _seed(client, border)
    response = client.get(
        f"{API}/pairs/{border.pairs['Moc Bai']}/report?format=pdf&from=2026-09-01&to=2026-10-31",
        headers=border.headers["liaison.kh"],
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with border.database.reading() as session:
        actions = set(session.execute(select(AuditEntry.action)).scalars())
    assert "liaison.report.pdf" in actions


def test_a_period_that_makes_no_sense_is_refused(client: TestClient, border: Border) -> None:
    response = client.get(f"{API}/pairs/{border.pairs['Moc Bai']}/report?from=2026-10-31"
                          "&to=2026-10-01", headers=border.headers["liaison.vn"])  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "from"
    with pytest.raises(ValidationError):
        report.period(quarter="2026-Q5")


def test_months_without_reports_are_in_the_trend() -> None:
    span = report.period(start=date(2026, 11, 20), end=date(2027, 2, 3))
    assert span.months == ["2026-11", "2026-12", "2027-01", "2027-02"]
    found = report.figures([], {}, span.months)
    assert [m for m, _ in found.months] == span.months and found.quantities == []
    assert report.period(month="2024-02").end == date(2024, 2, 29)
    assert Decimal("0.1") + Decimal("0.2") == Decimal("0.3")  # why amounts are summed as decimals


def test_the_map_draws_nothing_without_located_reports(client: TestClient, border: Border) -> None:
    file(client, border, latitude=None, longitude=None, occurred_at="2026-10-02T06:00")
    html = client.get(
        f"{API}/pairs/{border.pairs['Moc Bai']}/report?format=html&from=2026-10-01&to=2026-10-31",
        headers=border.headers["liaison.vn"],
    ).text
    assert not re.search(r"<circle class=\"incident\"", html)
    assert incident()["kind"] == "drug_seizure"
