"""Importing a file from the browser: upload, progress by job token, per-row report."""

from __future__ import annotations

import html
import time

from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import make_countries
from tests.records.test_files import BAD_ROW, GOOD
from tests.web.test_pages import csrf, sign_in


def _upload(client: TestClient, body: str, mode: str) -> str:
    token = csrf(client, "/records/import")
    response = client.post(
        "/records/import",
        data={"csrf_token": token, "format": "", "mode": mode},
        files={"file": ("people.csv", body.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _finished(client: TestClient, location: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        panel = client.get(location, headers={"HX-Request": "true"})
        assert panel.status_code == 200
        if "hx-trigger" not in panel.text:
            return panel.text
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def test_a_data_manager_imports_good_rows_and_sees_the_bad_ones(
    client: TestClient, database: Database
) -> None:
    make_countries(database)
    sign_in(client, "dm.bg")
    report = _finished(client, _upload(client, GOOD + BAD_ROW, "rows"))
    assert "2 records imported, 1 rows rejected (of 3)." in report
    assert "<td>4</td><td><code>date_of_birth</code></td>" in report
    rows = client.get("/records", params={"q": "Петров"}, headers={"HX-Request": "true"})
    assert "Петров" in rows.text


def test_all_or_nothing_imports_nothing_and_says_why(
    client: TestClient, database: Database
) -> None:
    make_countries(database)
    sign_in(client, "dm.bg")
    report = _finished(client, _upload(client, GOOD + BAD_ROW, "all"))
    assert "1 of 3 rows are not valid, so nothing was imported." in report
    rows = client.get("/records", params={"q": "Петров"}, headers={"HX-Request": "true"})
    assert "Петров" not in rows.text


def test_officers_cannot_import_and_tokens_are_not_guessable(
    client: TestClient, database: Database
) -> None:
    make_countries(database)
    sign_in(client, "officer.lv")
    assert client.get("/records/import").status_code == 403
    assert client.get("/records/import/not-a-real-token").status_code == 404


def test_the_upload_needs_a_file_and_a_csrf_token(client: TestClient, database: Database) -> None:
    make_countries(database)
    sign_in(client, "dm.bg")
    token = csrf(client, "/records/import")
    missing = client.post("/records/import", data={"csrf_token": token, "mode": "all"})
    assert missing.status_code == 422
    forged = client.post(
        "/records/import", data={"csrf_token": "forged"},
        files={"file": ("x.csv", b"kind\n", "text/csv")},
    )  # fmt: skip
    assert forged.status_code == 403


def test_the_report_and_the_formats_speak_bulgarian(client: TestClient, database: Database) -> None:
    make_countries(database)
    sign_in(client, "dm.bg")
    client.post("/language", data={"csrf_token": csrf(client, "/"), "language": "bg", "next": "/"})
    form = client.get("/records/import").text
    assert "CSV (електронна таблица)" in form and "Червени бюлетини на ИНТЕРПОЛ (JSON)" in form
    assert "CSV (spreadsheet)" not in form
    no_alert = "person,BG-4,Иванов,Петър,1970,BG,,,,all\n"
    spaceship = "spaceship,BG-5,,,,,,,,all\n"
    report = _finished(client, _upload(client, GOOD + BAD_ROW + no_alert + spaceship, "rows"))
    report = html.unescape(report)
    for bulgarian in (
        "ден 30 не съществува в 1985-02",  # day 30 does not exist in 1985-02
        "елемент 1: 'ZZ' не е код на държава",  # item 1: 'ZZ' is not ... a country code
        "'spaceship' не е измежду person, document, vehicle или firearm",
        "няма сигнал: записът е съхранен",  # the warning on a row without an alert
    ):
        assert bulgarian in report, report
    for english in ("does not exist", "is not one of", "no alert"):
        assert english not in report
