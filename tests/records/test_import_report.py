"""A record imported without an alert is not screened: the import says so, row by row and in
its summary, on the API, the command line and the import page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import make_countries
from tests.test_cli import clew
from tests.web.test_import_pages import _finished, _upload
from tests.web.test_pages import sign_in

MIXED = (
    "kind,family_name,given_names,date_of_birth,nationalities,alert_category,alert_action\n"
    "person,Петров,Иван,1979-11-02,BG,wanted_for_arrest,Arrest\n"
    "person,Krasniqi,Arben,1988-02-17,XK,,\n"
    "person,Bērziņa,Līga,1990,LV,,\n"
)
NO_ALERT = {
    "field": "alert",
    "message": "no alert: the record is stored but not screened until it has one",
}


def _import(client: TestClient, headers: dict[str, str], body: str, mode: str) -> Any:
    response = client.post(
        "/api/v1/records/import", params={"format": "csv", "mode": mode, "filename": "x.csv"},
        content=body.encode(), headers=headers | {"Content-Type": "text/csv"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()


def test_the_api_lists_and_counts_the_records_that_will_not_be_screened(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    for mode in ("all", "rows"):
        report = _import(client, countries["dm.bg"], MIXED, mode)
        assert (report["created"], report["unscreened"]) == (3, 2), mode
        assert report["warnings"] == [
            {"line": 3, "fields": [NO_ALERT]},
            {"line": 4, "fields": [NO_ALERT]},
        ]
    # And they are indeed not screened: a check does not find the Kosovar.
    check = {"person": {"names": ["Arben Krasniqi"], "date_of_birth": "1988-02-17"}}
    answer = client.post("/api/v1/checks", json=check, headers=countries["officer.lv"])
    assert answer.status_code == 200 and answer.json()["results"] == []


def test_a_file_whose_rows_all_have_alerts_has_no_warning(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    report = _import(client, countries["dm.bg"], MIXED.splitlines(keepends=True)[0]
                     + MIXED.splitlines(keepends=True)[1], "rows")  # fmt: skip
    assert (report["created"], report["unscreened"], report["warnings"]) == (1, 0, [])


def test_the_command_line_warns_per_row_and_in_its_summary(
    database: Database, tmp_path: Path
) -> None:
    make_countries(database)
    path = tmp_path / "people.csv"
    path.write_text(MIXED, encoding="utf-8")
    done = clew(database, "records", "import", str(path), "--agency", "BG-NCB")
    assert done.returncode == 0, done.stderr
    assert "3 records imported, 0 rows rejected (of 3)" in done.stdout
    assert "line 3: warning: alert: no alert" in done.stderr
    assert "line 4: warning: alert: no alert" in done.stderr
    assert "warning: 2 records have no alert and will not be screened" in done.stderr


def test_the_import_page_warns_per_row_and_in_its_summary(
    client: TestClient, database: Database
) -> None:
    make_countries(database)
    sign_in(client, "dm.bg")
    report = _finished(client, _upload(client, MIXED, "rows"))
    assert "3 records imported, 0 rows rejected (of 3)." in report
    assert "2 records have no alert and will not be screened." in report
    assert "<td>3</td><td><code>alert</code></td>" in report
    assert "<td>4</td><td><code>alert</code></td>" in report
