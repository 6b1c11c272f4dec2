"""``clew screen --help`` tells an operator what a manifest may hold, as the reader reads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clew.screening.manifests import CSV_COLUMNS, REFERENCE_COLUMN
from clew.storage import Database
from tests.records.conftest import make_countries
from tests.test_cli import clew


def _help() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "clew", "screen", "--help"], capture_output=True, text=True,
        timeout=60, env={"PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


def test_the_help_names_every_column_the_reader_reads() -> None:
    text = _help()
    missing = [column for column in (*CSV_COLUMNS, REFERENCE_COLUMN) if column not in text]
    assert missing == []
    assert "are not screened and are written back as they came" in text
    assert "--results-per-traveller" in text and "--engine" in text


def test_the_help_is_what_the_reader_does(database: Database, tmp_path: Path) -> None:
    """A header in any case with spaces is read; the traveller's own identifier and another
    column come back beside the results, as the help says; a header without a name is refused."""
    make_countries(database)
    read = tmp_path / "read.csv"
    read.write_text(
        "Family Name,GIVEN_NAMES,date_of_birth,traveller_id,booking_ref\n"
        "PETROV,IVAN,1980,PAX-0042,X1\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.csv"
    done = clew(database, "screen", str(read), "--agency", "LV-POLICE", "-o", str(results))
    assert done.returncode == 0, done.stderr
    assert "1 travellers: 0 hits, 0 possible matches, 1 clear, 0 rows with errors." in done.stdout
    header, row = results.read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("line,traveller_id,traveller,status") and header.endswith(
        ",booking_ref"
    )
    assert row.startswith("2,PAX-0042,IVAN PETROV,clear") and row.endswith(",X1")
    refused = tmp_path / "refused.csv"
    refused.write_text("booking_ref,seat\nX1,12A\n", encoding="utf-8")
    done = clew(database, "screen", str(refused), "--agency", "LV-POLICE")
    assert "line 1: header: no name column" in done.stderr
    assert "0 clear, 1 rows with errors." in done.stdout
