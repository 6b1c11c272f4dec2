"""Manifests: CSV, JSON and PAXLST read into checks; bad rows named, good rows screened."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from clew.screening.manifests import detect_manifest, read_manifest
from clew.storage import Database
from tests.records.conftest import make_countries

FIXTURES = Path(__file__).with_name("fixtures")


def test_paxlst_travellers_are_read_from_the_segments() -> None:
    text = (FIXTURES / "fb471.paxlst").read_text(encoding="utf-8")
    assert detect_manifest("x.txt", text.encode()) == "paxlst"
    rows = list(read_manifest("paxlst", io.StringIO(text)))
    assert [r.traveller for r in rows] == ["IULIIA TIMOFEEVA", "VAN HUNG NGUYEN", "LIGA BERZINA"]
    first = rows[0].request
    assert first is not None and first.person is not None and first.document is not None
    assert (first.person.date_of_birth, first.person.gender, first.person.nationality) == (
        "1985-03-07",
        "female",
        "RU",
    )
    assert (first.document.number, first.document.country, first.place) == (
        "753214896",
        "RU",
        "FB471",
    )
    # The third traveller's date of birth (13th month) is named with its segment; nothing else.
    assert rows[2].request is None
    assert rows[2].errors[0].field == "person.date_of_birth" or "DTM" in rows[2].errors[0].field
    assert rows[1].errors == []


def test_csv_rows_with_errors_name_the_line_and_field() -> None:
    text = ("family_name,given_names,date_of_birth,nationality,document_number\n"
            "PETROV,IVAN,1979-11-02,BG,382154907\n"
            "NOBODY,,1985-02-30,ZZ,\n"
            "ALIYEV,RASHAD,1980,AZ,\n")  # fmt: skip
    rows = list(read_manifest("csv", io.StringIO(text)))
    assert [r.line for r in rows] == [2, 3, 4]
    assert rows[0].request is not None and rows[2].request is not None
    fields = {e.field for e in rows[1].errors}
    assert {"person.date_of_birth", "person.nationality"} <= fields
    unknown = list(read_manifest("csv", io.StringIO("surname,dob\nX,1980\n")))
    assert unknown[0].errors[0].field == "header"


def test_json_manifest_and_malformed_json() -> None:
    manifest = {"flight": "OS 802", "passengers": [
        {"family_name": "Müller", "given_names": "Jürgen", "date_of_birth": "1970-05-05"},
        "not a traveller"]}  # fmt: skip
    rows = list(read_manifest("json", io.StringIO(json.dumps(manifest))))
    assert rows[0].request is not None and rows[0].request.place == "OS 802"
    assert rows[1].errors[0].field == "item"
    broken = list(read_manifest("json", io.StringIO("[{")))
    assert broken[0].errors[0].field == "file"


def test_clew_screen_finds_the_planted_traveller(database: Database, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from clew.server import create_app
    from tests.conftest import settings_for
    from tests.records.conftest import person

    headers = make_countries(database)
    with TestClient(create_app(settings_for(database), database)) as client:
        body = person(nationalities=["RU"], identifiers=[])
        assert (
            client.post("/api/v1/records", json=body, headers=headers["dm.bg"]).status_code == 201
        )
    results = tmp_path / "results.csv"
    done = subprocess.run(
        [sys.executable, "-m", "clew", "screen", str(FIXTURES / "fb471.paxlst"), "--agency",
         "BG-BORDER", "-o", str(results)],
        env={"CLEW_DATABASE_URL": database.url, "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "3 travellers: 1 hits" in done.stdout and "1 rows with errors" in done.stdout
    lines = results.read_text(encoding="utf-8").splitlines()
    hit = next(line for line in lines if ",hit," in line)
    assert "IULIIA TIMOFEEVA" in hit and "Arrest; inform NCB Sofia" in hit


def test_the_api_screens_a_manifest_as_a_job(database: Database) -> None:
    import time

    from fastapi.testclient import TestClient

    from clew.server import create_app
    from tests.conftest import settings_for
    from tests.records.conftest import person

    headers = make_countries(database)
    with TestClient(create_app(settings_for(database), database)) as client:
        client.post("/api/v1/records", json=person(identifiers=[]), headers=headers["dm.bg"])
        started = client.post(
            "/api/v1/screenings", params={"filename": "fb471.paxlst"},
            content=(FIXTURES / "fb471.paxlst").read_bytes(), headers=headers["officer.lv"],
        )  # fmt: skip
        assert started.status_code == 202, started.text
        token = started.json()["token"]
        deadline = time.monotonic() + 30
        while (
            status := client.get(
                f"/api/v1/screenings/{token}", headers=headers["officer.lv"]
            ).json()
        )["status"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert (status["travellers"], status["hits"], status["errors"]) == (3, 1, 1)
        # Another user cannot see it: not found.
        assert (
            client.get(f"/api/v1/screenings/{token}", headers=headers["officer.at"]).status_code
            == 404
        )
        results = client.get(f"/api/v1/screenings/{token}/results", params={"format": "json"},
                             headers=headers["officer.lv"]).json()  # fmt: skip
        assert results[0]["status"] == "hit" and results[0]["results"][0]["label"].startswith(
            "Юлия"
        )
