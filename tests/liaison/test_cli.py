"""``clew liaison``: the pairs of an agency, filing a report from a JSON file, and the joint
report written as a PDF."""

from __future__ import annotations

import json
from pathlib import Path

from tests.liaison.conftest import Border, incident
from tests.test_cli import clew


def test_report_list_and_joint_report_at_the_console(border: Border, tmp_path: Path) -> None:
    db, pair = border.database, border.pairs["Moc Bai"]
    listed = clew(db, "liaison", "pairs", "--agency", "KH-POLICE", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [p["id"] for p in json.loads(listed.stdout)] == [pair]
    outsider = clew(db, "liaison", "pairs", "--agency", "EE-POLICE", "--json")
    assert json.loads(outsider.stdout) == []

    body = tmp_path / "seizure.json"
    body.write_text(json.dumps(incident(occurred_at="2026-10-14T09:30:00")), encoding="utf-8")
    filed = clew(db, "liaison", "report-incident", str(body), "--pair", pair, "--agency", "VN-NCB")
    assert filed.returncode == 0, filed.stderr
    assert "filed by Moc Bai (VN-NCB)" in filed.stdout

    rows = clew(db, "liaison", "incidents", "--pair", pair, "--agency", "KH-POLICE", "--json")
    assert [r["quantities"] for r in json.loads(rows.stdout)] == ["12.5 kg methamphetamine"]
    hidden = clew(db, "liaison", "incidents", "--pair", pair, "--agency", "EE-POLICE")
    assert hidden.returncode == 3 and "Pair not found." in hidden.stderr

    pdf = tmp_path / "joint.pdf"
    made = clew(
        db,
        "liaison",
        "joint-report",
        "--pair",
        pair,
        "--agency",
        "VN-NCB",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--format",
        "pdf",
        "--output",
        str(pdf),
    )
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    figures = clew(db, "liaison", "joint-report", "--pair", pair, "--month", "2026-10",
                   "--agency", "KH-POLICE")  # fmt: skip
    assert json.loads(figures.stdout)["quantities"][0]["amount"] == 12.5


def test_a_bad_report_file_is_refused_with_its_field(border: Border, tmp_path: Path) -> None:
    body = tmp_path / "bad.json"
    body.write_text(
        json.dumps(incident(quantities=[{"item": "heroin", "unit": "sacks", "amount": 1}])),
        encoding="utf-8",
    )
    result = clew(border.database, "liaison", "report-incident", str(body), "--pair",
                  border.pairs["Moc Bai"], "--agency", "VN-NCB")  # fmt: skip
    assert result.returncode == 2
    assert "quantities.0.unit" in result.stderr
