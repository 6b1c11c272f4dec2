"""Importing and exporting files: all-or-nothing or row by row, and export -> import round trip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from clew.storage import Database

GOOD = (
    "kind,external_id,family_name,given_names,date_of_birth,nationalities,identifiers,"
    "alert_category,alert_action,visibility\n"
    "person,BG-1,Петров,Иван,1979-11-02,BG,passport:382154907:BG,wanted_for_arrest,Arrest,all\n"
    "person,BG-2,Bērziņa,Līga,1990,LV,,discreet_check,Report,except:AT\n"
)
BAD_ROW = "person,BG-3,Nobody,,1985-02-30,ZZ,,wanted_for_arrest,Arrest,all\n"


def _post(client: TestClient, headers: dict[str, str], body: str, mode: str) -> object:
    return client.post(
        "/api/v1/records/import", params={"format": "csv", "mode": mode, "filename": "x.csv"},
        content=body.encode(), headers=headers | {"Content-Type": "text/csv"},
    )  # fmt: skip


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    response = _post(client, countries["dm.bg"], GOOD + BAD_ROW, "all")
    assert response.status_code == 422  # type: ignore[attr-defined]
    fields = [f["field"] for f in response.json()["error"]["fields"]]  # type: ignore[attr-defined]
    assert "line 4: date_of_birth" in fields and "line 4: nationalities" in fields
    assert client.get("/api/v1/records", headers=countries["dm.bg"]).json()["total"] == 0


def test_row_by_row_writes_the_good_rows_and_lists_the_bad(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    response = _post(client, countries["dm.bg"], GOOD + BAD_ROW, "rows")
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    report = response.json()  # type: ignore[attr-defined]
    assert (report["read"], report["created"]) == (3, 2)
    assert [r["line"] for r in report["rejected"]] == [4]
    listed = client.get("/api/v1/records", headers=countries["officer.at"]).json()
    assert [r["external_id"] for r in listed["items"]] == ["BG-1"]  # BG-2 hides from Austria


def test_export_then_import_gives_the_same_records(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    assert _post(client, countries["dm.bg"], GOOD, "all").status_code == 200  # type: ignore[attr-defined]
    before = client.get("/api/v1/records", headers=countries["dm.bg"]).json()["items"]
    exported = client.get(
        "/api/v1/records/export", params={"format": "csv"}, headers=countries["dm.bg"]
    )
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].endswith('.csv"')
    # Latvia's data manager imports Bulgaria's export: same data, new owner.
    again = _post(client, countries["dm.lv"], exported.text, "all")
    assert again.status_code == 200, again.text  # type: ignore[attr-defined]
    after = client.get(
        "/api/v1/records", params={"owner": "LV-POLICE"}, headers=countries["dm.lv"]
    ).json()["items"]
    key = lambda r: r["external_id"]  # noqa: E731
    assert [r["data"] for r in sorted(after, key=key)] == [
        r["data"] for r in sorted(before, key=key)
    ]
    assert [r["alerts"][0]["category"] for r in sorted(after, key=key)] == [
        "wanted_for_arrest",
        "discreet_check",
    ]


def test_export_leaves_out_what_the_caller_may_not_see(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    _post(client, countries["dm.bg"], GOOD, "all")
    for fmt in ("csv", "interpol", "ftm"):
        text = client.get(
            "/api/v1/records/export", params={"format": fmt}, headers=countries["officer.at"]
        ).text
        assert "Петров" in text, fmt
        assert "Bērziņa" not in text and "BG-2" not in text, fmt


def test_a_file_that_is_not_utf8_is_refused_cleanly(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    body = "kind,family_name\nperson,P\xe9trov\n".encode("latin-1")
    response = client.post(
        "/api/v1/records/import", params={"format": "csv", "mode": "all"}, content=body,
        headers=countries["dm.bg"] | {"Content-Type": "text/csv"},
    )  # fmt: skip
    assert response.status_code == 422
    (problem,) = response.json()["error"]["fields"]
    assert problem["field"].endswith("file") and "UTF-8" in problem["message"]


def test_the_cli_imports_with_a_report_and_exports(
    database: Database, countries: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_text(GOOD + BAD_ROW, encoding="utf-8")
    env = {"CLEW_DATABASE_URL": database.url, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}

    def clew(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "clew", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    refused = clew("records", "import", str(source), "--agency", "BG-NCB")
    assert refused.returncode == 2
    assert "line 4: date_of_birth" in refused.stderr and "nothing was imported" in refused.stderr
    accepted = clew("records", "import", str(source), "--agency", "BG-NCB", "--mode", "rows")
    assert accepted.returncode == 0, accepted.stderr
    assert "2 records imported, 1 rows rejected" in accepted.stdout
    exported = clew("records", "export", "--format", "ftm", "-o", "-")
    entities = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {e["schema"] for e in entities} >= {"Person"}
    missing = clew("records", "import", str(tmp_path / "nope.csv"), "--agency", "BG-NCB")
    assert missing.returncode != 0 and "is not a readable file" in missing.stderr


def test_the_cli_creates_updates_and_cancels_a_record(
    database: Database, countries: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    from tests.records.conftest import firearm

    env = {"CLEW_DATABASE_URL": database.url, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}

    def clew(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "clew", *args], env=env, input=stdin,
                              capture_output=True, text=True, timeout=60)  # fmt: skip

    created = clew(
        "records", "create", "--agency", "BG-NCB", "--json", "-", stdin=json.dumps(firearm())
    )
    assert created.returncode == 0, created.stderr
    record_id = created.stdout.split()[1]
    data = {k: v for k, v in firearm(calibre="7.62x39").items() if k != "alert"}
    (tmp_path / "u.json").write_text(json.dumps({"data": data}), encoding="utf-8")
    updated = clew(
        "records", "update", record_id, "--agency", "BG-NCB", "--json", str(tmp_path / "u.json")
    )
    assert updated.returncode == 0 and "version 2" in updated.stdout
    refused = clew("records", "cancel", record_id, "--agency", "LV-POLICE", "--reason", "x")
    assert refused.returncode != 0 and "owning agency" in refused.stderr
    cancelled = clew("records", "cancel", record_id, "--agency", "BG-NCB", "--reason", "Recovered")
    assert cancelled.returncode == 0, cancelled.stderr
    bad = clew("records", "create", "--agency", "BG-NCB", "--json", "-", stdin="{not json")
    assert bad.returncode == 2 and "is not valid JSON" in bad.stderr
