"""``clew operations`` as a coordination centre's operator uses it: Bulgaria plans from a JSON
file, Romania accepts and adds its post, reports an arrest by options and a seizure from a
file, and sees the figures; Bulgaria publishes once the period is over; Estonia finds nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from clew.access.roles import OrganisationType
from clew.storage import Database, utcnow
from tests.conftest import make_agency
from tests.test_cli import clew


def _agencies(database: Database) -> Database:
    for code, country in (("BG-NCB", "BG"), ("RO-POLICE", "RO"), ("EE-POLICE", "EE")):
        make_agency(database, code, country, OrganisationType.NATIONAL_CENTRAL_BUREAU)
    return database


def _plan(tmp_path: Path, hours_ago: float, hours: float) -> Path:
    start = utcnow() - timedelta(hours=hours_ago)
    end = start + timedelta(hours=hours)
    path = tmp_path / "operation.json"
    path.write_text(json.dumps({
        "name": "Theseus", "crime_areas": ["migrant_smuggling"],
        "period_start": start.isoformat(), "period_end": end.isoformat(),
        "timezone": "Europe/Bucharest", "participants": ["RO-POLICE"],
    }), encoding="utf-8")  # fmt: skip
    return path


def test_an_operator_plans_accepts_reports_and_reads_the_figures(
    database: Database, tmp_path: Path
) -> None:
    db = _agencies(database)
    created = clew(db, "operations", "create", str(_plan(tmp_path, 1, 48)), "--agency", "BG-NCB")
    assert created.returncode == 0, created.stderr
    operation = created.stdout.split()[1]
    assert "invited: RO-POLICE" in created.stdout

    assert clew(db, "operations", "accept", operation, "--agency", "RO-POLICE").returncode == 0
    post = clew(db, "operations", "add-post", operation, "--agency", "RO-POLICE", "--name",
                "Giurgiu Bridge", "--code", "GRG", "--kind", "border_crossing")  # fmt: skip
    assert post.returncode == 0, post.stderr
    post_id = post.stdout.split()[1]

    arrest = clew(db, "operations", "report", operation, "--agency", "RO-POLICE", "--kind",
                  "arrest", "--crime-area", "migrant_smuggling", "--basis", "flagrante",
                  "--persons", "2", "--post", post_id)  # fmt: skip
    assert arrest.returncode == 0, arrest.stderr
    seizure = tmp_path / "seizure.json"
    seizure.write_text(json.dumps({
        "kind": "seizure", "category": "counterfeit_documents", "unit": "units", "amount": 14,
        "occurred_at": utcnow().isoformat(),
    }), encoding="utf-8")  # fmt: skip
    assert clew(db, "operations", "report", operation, str(seizure), "--agency",
                "RO-POLICE").returncode == 0  # fmt: skip

    shown = json.loads(clew(db, "operations", "results", operation, "--agency", "BG-NCB",
                            "--json").stdout)  # fmt: skip
    assert shown["total"] == 2
    assert shown["summary"]["arrests"]["by_basis"] == {"flagrante": 2}
    assert [(s["category"], s["unit"], s["amount"]) for s in shown["summary"]["seizures"]] == [
        ("counterfeit_documents", "units", 14.0)
    ]
    listed = json.loads(clew(db, "operations", "list", "--agency", "RO-POLICE", "--json").stdout)
    assert [(o["id"], o["state"], o["accepted"]) for o in listed] == [(operation, "running", "yes")]


def test_a_wrong_report_names_its_field_and_an_outsider_finds_nothing(
    database: Database, tmp_path: Path
) -> None:
    db = _agencies(database)
    created = clew(db, "operations", "create", str(_plan(tmp_path, 1, 48)), "--agency", "BG-NCB")
    operation = created.stdout.split()[1]
    clew(db, "operations", "accept", operation, "--agency", "RO-POLICE")
    wrong = clew(db, "operations", "report", operation, "--agency", "RO-POLICE", "--kind",
                 "seizure", "--category", "firearms", "--unit", "kg", "--amount", "3")  # fmt: skip
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "error: unit: firearms is counted in units"
    negative = clew(db, "operations", "report", operation, "--agency", "RO-POLICE", "--kind",
                    "migrant", "--count", "-4")  # fmt: skip
    assert negative.returncode == 2 and "count" in negative.stderr

    outsider = clew(db, "operations", "show", operation, "--agency", "EE-POLICE")
    made_up = clew(db, "operations", "show", "no-such-operation", "--agency", "EE-POLICE")
    assert (
        (outsider.returncode, outsider.stderr)
        == (made_up.returncode, made_up.stderr)
        == (3, "error: Operation not found.\n")
    )
    listed = clew(db, "operations", "list", "--agency", "EE-POLICE", "--json")
    assert json.loads(listed.stdout) == []


def test_publishing_waits_for_the_end_of_the_period(database: Database, tmp_path: Path) -> None:
    db = _agencies(database)
    running = clew(db, "operations", "create", str(_plan(tmp_path, 1, 48)), "--agency", "BG-NCB")
    early = clew(db, "operations", "publish", running.stdout.split()[1], "--agency", "BG-NCB")
    assert early.returncode == 7
    assert early.stderr.strip() == "error: The operation is published after its period."
    over = clew(db, "operations", "create", str(_plan(tmp_path, 72, 24)), "--agency", "BG-NCB")
    operation = over.stdout.split()[1]
    published = clew(db, "operations", "publish", operation, "--agency", "BG-NCB")
    assert published.returncode == 0 and f"operation {operation} published" in published.stdout
