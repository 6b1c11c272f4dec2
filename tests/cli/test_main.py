"""The command line's one failure path: one line and an exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clew import __version__
from clew.storage import Database
from tests.conftest import make_agency
from tests.test_cli import clew

GONE = "postgresql+psycopg://clew@127.0.0.1:1/clew"  # nothing listens on port 1


def clew_at(url: str, *args: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    env = {"CLEW_DATABASE_URL": url, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    if debug:
        env["CLEW_DEBUG"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "clew", *args], env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_a_database_that_is_gone_is_one_line_without_the_searched_name() -> None:
    result = clew_at(GONE, "check", "--agency", "BG-NCB", "--name", "Ivan Petrov")
    assert result.returncode == 11
    assert result.stderr.strip() == "error: The database cannot be reached; try again in a moment."
    assert "Traceback" not in result.stderr and "Petrov" not in result.stderr + result.stdout


def test_clew_debug_shows_the_traceback_to_the_operator_who_asks() -> None:
    result = clew_at(GONE, "check", "--agency", "BG-NCB", "--name", "Ivan Petrov", debug=True)
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_an_unknown_command_gets_the_usage_and_a_suggestion(database: Database) -> None:
    result = clew(database, "chek")
    assert result.returncode == 2
    assert "Usage:" in result.stderr and "Did you mean 'check'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_option_prints_the_version(database: Database) -> None:
    result = clew(database, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == __version__


def test_a_check_with_nothing_to_check_says_so_plainly(database: Database) -> None:
    make_agency(database, "BG-NCB", "BG")
    result = clew(database, "check", "--agency", "BG-NCB")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: give a person, a document, a vehicle or a firearm to check"
    )


def test_an_unexpected_failure_is_one_line_without_values(database: Database) -> None:
    # A file that is not a database: SQLite's own error, which no ClewError describes.
    result = clew_at("sqlite:////dev/null/clew.db", "users", "list")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr


def test_clew_openapi_prints_the_committed_document() -> None:
    """`clew openapi > docs/openapi.json` is how the document is regenerated (it once failed:
    an in-memory database was given a sized connection pool)."""
    import json

    result = clew_at(GONE, "openapi")
    assert result.returncode == 0, result.stderr
    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert json.loads(result.stdout) == json.loads(committed.read_text(encoding="utf-8"))


def test_a_database_never_migrated_says_how_to_migrate_it(tmp_path: Path) -> None:
    """A wrong CLEW_DATABASE_URL, or a new file: not "cannot be reached", but what to run."""
    result = clew_at(f"sqlite:///{tmp_path / 'empty.db'}", "traces", "list", "--agency", "BG-NCB")
    assert result.returncode == 11
    assert "run `clew db upgrade`" in result.stderr
    assert "Traceback" not in result.stderr
