"""Screening a manifest from the browser: upload, progress by token, summary, results file."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import make_countries, person
from tests.web.test_pages import csrf, sign_in

PAXLST = Path(__file__).parents[1] / "screening" / "fixtures" / "fb471.paxlst"


def test_an_officer_screens_a_paxlst_manifest_and_downloads_the_results(
    client: TestClient, database: Database
) -> None:
    headers = make_countries(database)
    client.post("/api/v1/records", json=person(identifiers=[]), headers=headers["dm.bg"])
    sign_in(client, "officer.bg")
    token = csrf(client, "/screen")
    started = client.post(
        "/screen", data={"csrf_token": token, "format": "", "place": ""},
        files={"file": ("fb471.paxlst", PAXLST.read_bytes(), "text/plain")},
        follow_redirects=False,
    )  # fmt: skip
    assert started.status_code == 303, started.text
    location = started.headers["location"]
    deadline = time.monotonic() + 30
    while "hx-trigger" in (panel := client.get(location, headers={"HX-Request": "true"}).text):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "3 travellers: 1 hits, 0 possible matches, 1 clear, 1 rows with errors." in panel
    assert "Юлия Тимофеева" in panel and "Arrest; inform NCB Sofia" in panel
    results = client.get(f"{location}/results.csv")
    assert results.status_code == 200 and "IULIIA TIMOFEEVA" in results.text
    assert client.get("/screen/not-a-token").status_code == 404


def test_screening_needs_a_file(client: TestClient, database: Database) -> None:
    make_countries(database)
    sign_in(client, "officer.bg")
    token = csrf(client, "/screen")
    assert client.post("/screen", data={"csrf_token": token}).status_code == 422
