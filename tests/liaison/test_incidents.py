"""Filing incident reports and who sees them: the pair's two agencies, nobody else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clew.access.models import AuditEntry
from clew.liaison.models import IncidentEntity, IncidentReport
from tests.liaison.conftest import Border, incident

API = "/api/v1/liaison"


def file(client: TestClient, border: Border, username: str = "liaison.vn", pair: str = "Moc Bai",
         **changes: object) -> dict[str, object]:  # fmt: skip
    response = client.post(f"{API}/pairs/{border.pairs[pair]}/incidents", json=incident(**changes),
                           headers=border.headers[username])  # fmt: skip
    assert response.status_code == 201, response.text
    return dict(response.json())


def stored(border: Border) -> int:
    with border.database.reading() as session:
        return session.execute(select(func.count(IncidentReport.id))).scalar_one()


def test_a_report_is_filed_for_the_officers_own_office_in_local_time(
    client: TestClient, border: Border
) -> None:
    report = file(client, border)
    assert report["office"]["name"] == "Moc Bai"  # type: ignore[index]
    # 09:30 in Ho Chi Minh City (UTC+7) is 02:30 UTC, on the same local day
    assert report["occurred_at"].startswith("2026-10-14T02:30:00")  # type: ignore[union-attr]
    assert report["occurred_on"] == "2026-10-14"
    assert report["quantities"] == [{"item": "methamphetamine", "unit": "kg", "amount": "12.5"}]
    assert report["persons"][0]["role"] == "suspect"  # type: ignore[index]
    with border.database.reading() as session:
        keys = set(session.execute(select(IncidentEntity.match_key)).scalars())
    assert {"person:hung nguyen van|1980", "plate:70C12345"} <= keys


def test_both_agencies_of_the_pair_read_the_report(client: TestClient, border: Border) -> None:
    report = file(client, border)
    for username in ("liaison.vn", "liaison.kh"):
        response = client.get(f"{API}/incidents/{report['id']}", headers=border.headers[username])
        assert response.status_code == 200
        assert response.json()["narrative"] == "Phát hiện 12,5 kg ma túy đá trong xe tải."
    listed = client.get(f"{API}/pairs/{border.pairs['Moc Bai']}/incidents",
                        headers=border.headers["liaison.kh"]).json()  # fmt: skip
    assert listed["total"] == 1 and listed["items"][0]["id"] == report["id"]


def test_an_agency_outside_the_pair_finds_nothing(client: TestClient, border: Border) -> None:
    report = file(client, border)
    outsider = border.headers["liaison.ee"]
    hidden = client.get(f"{API}/incidents/{report['id']}", headers=outsider)
    made_up = client.get(f"{API}/incidents/AAAAAAAAAAAAAAAAAAAAAA", headers=outsider)
    assert hidden.status_code == made_up.status_code == 404
    assert hidden.json() == made_up.json()
    pair = border.pairs["Moc Bai"]
    for path in (f"/pairs/{pair}/incidents", f"/pairs/{pair}/report",
                 f"/pairs/{pair}/incidents/export"):  # fmt: skip
        hidden, made_up = (
            client.get(f"{API}{p}", headers=outsider)
            for p in (path, path.replace(pair, "BBBBBBBBBBBBBBBBBBBBBB"))
        )
        assert hidden.status_code == made_up.status_code == 404
        assert hidden.json() == made_up.json()
    assert client.get(f"{API}/pairs", headers=outsider).json() == []
    # Bulgaria is in another pair: the Vietnamese report is no more its business
    assert client.get(f"{API}/incidents/{report['id']}",
                      headers=border.headers["liaison.bg"]).status_code == 404  # fmt: skip
    writing = client.post(f"{API}/pairs/{pair}/incidents", json=incident(), headers=outsider)
    assert writing.status_code == 404 and stored(border) == 1


def test_a_partner_cannot_file_for_the_other_office(client: TestClient, border: Border) -> None:
    response = client.post(
        f"{API}/pairs/{border.pairs['Moc Bai']}/incidents",
        json=incident(office=border.offices["Moc Bai"]),
        headers=border.headers["liaison.kh"],
    )
    assert response.status_code == 403
    assert stored(border) == 0


def test_an_officer_without_the_exchange_permission_files_nothing(
    client: TestClient, border: Border
) -> None:
    response = client.post(f"{API}/pairs/{border.pairs['Moc Bai']}/incidents", json=incident(),
                           headers=border.headers["officer.kh"])  # fmt: skip
    assert response.status_code == 403
    assert stored(border) == 0


TOMORROW = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"quantities": [{"item": "heroin", "unit": "kg", "amount": -2}]},
         "quantities.0.amount", "greater than 0"),
        ({"quantities": [{"item": "heroin", "unit": "kg", "amount": 0}]},
         "quantities.0.amount", "greater than 0"),
        ({"quantities": [{"item": "heroin", "unit": "bags", "amount": 3}]},
         "quantities.0.unit", "'kg'"),
        ({"occurred_at": TOMORROW}, "occurred_at", "cannot be in the future"),
        ({"latitude": 11.06, "longitude": None}, "longitude", "give both latitude and longitude"),
        ({"latitude": 95, "longitude": 106.1}, "latitude", "less than or equal to 90"),
        ({"persons": [{"names": ["Sok Dara"], "role": "bystander"}]},
         "persons.0.role", "'suspect'"),
        ({"handling_code": "H3"}, "handling_note", "needs a handling note"),
    ],
    ids=["negative amount", "zero amount", "unknown unit", "future date", "half coordinates",
         "latitude out of range", "unknown role", "H3 without note"],
)  # fmt: skip
def test_bad_reports_are_refused_field_by_field_and_nothing_is_stored(
    client: TestClient, border: Border, changes: dict[str, object], field: str, words: str
) -> None:
    before = _audited(border)
    response = client.post(
        f"{API}/pairs/{border.pairs['Moc Bai']}/incidents",
        json=incident(**changes),
        headers=border.headers["liaison.vn"],
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert any(field in f["field"] and words in f["message"] for f in error["fields"]), error
    assert stored(border) == 0
    assert _audited(border) == before


def _audited(border: Border) -> int:
    with border.database.reading() as session:
        return session.execute(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "liaison.incident.create")
        ).scalar_one()


def test_a_zoned_time_is_taken_as_that_instant(client: TestClient, border: Border) -> None:
    report = file(client, border, occurred_at="2026-10-14T23:30:00+00:00")
    assert report["occurred_on"] == "2026-10-15"  # 06:30 the next morning at Moc Bai
    assert report["zone"] == "Asia/Ho_Chi_Minh"


def test_views_lists_and_exports_are_audited_without_the_narrative(
    client: TestClient, border: Border
) -> None:
    report = file(client, border)
    pair = border.pairs["Moc Bai"]
    headers = border.headers["liaison.kh"]
    client.get(f"{API}/incidents/{report['id']}", headers=headers)
    client.get(f"{API}/pairs/{pair}/incidents", headers=headers)
    export = client.get(f"{API}/pairs/{pair}/incidents/export", headers=headers)
    assert export.status_code == 200 and "methamphetamine" in export.text
    assert "Nguyen" not in export.text
    with border.database.reading() as session:
        entries = [(e.action, e.query, e.result_ids) for e in session.execute(
            select(AuditEntry).where(AuditEntry.action.like("liaison.%"))).scalars()]  # fmt: skip
    actions = {action for action, _, _ in entries}
    assert {"liaison.incident.view", "liaison.incident.list", "liaison.incident.export"} <= actions
    assert all("Nguyen" not in query and "ma túy" not in query for _, query, _ in entries)
    assert any(str(report["id"]) in ids for action, _, ids in entries
               if action == "liaison.incident.view")  # fmt: skip
