"""The command line as an operator uses it: real processes, real database, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

from clew.storage import Database
from tests.conftest import PASSWORD


def clew(database: Database, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"CLEW_DATABASE_URL": database.url, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "clew", *args], env=env, input=stdin, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_help_lists_the_commands(database: Database) -> None:
    result = clew(database, "--help")
    assert result.returncode == 0
    for command in ("users", "agencies", "audit", "tokens", "serve", "demo"):
        assert command in result.stdout


def test_an_operator_adds_an_agency_and_a_user(world: Database) -> None:
    added = clew(
        world, "agencies", "add", "VN-NCB", "--name", "NCB Hanoi", "--country", "vn",
        "--kind", "national_central_bureau",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    user = clew(
        world, "users", "add", "liaison.vn", "--agency", "VN-NCB", "--role", "liaison_officer",
        "--name", "Nguyễn Thị Hương", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert user.returncode == 0, user.stderr
    listed = json.loads(clew(world, "users", "list", "--agency", "VN-NCB", "--json").stdout)
    assert [(u["username"], u["full_name"], u["role"]) for u in listed] == [
        ("liaison.vn", "Nguyễn Thị Hương", "liaison_officer")
    ]


def test_bad_input_gets_one_line_and_a_nonzero_exit(world: Database) -> None:
    unknown_agency = clew(
        world, "users", "add", "someone", "--agency", "NOPE", "--role", "officer",
        "--name", "X", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert unknown_agency.returncode != 0
    assert unknown_agency.stderr.strip() == "error: No agency with code NOPE."

    weak = clew(
        world, "users", "add", "someone", "--agency", "BG-NCB", "--role", "officer",
        "--name", "X", "--password-stdin", stdin="short\n",
    )  # fmt: skip
    assert weak.returncode == 2
    assert weak.stderr.strip() == "error: password: must be at least 12 characters"

    bad_country = clew(
        world, "agencies", "add", "Q-1", "--name", "Q", "--country", "QQ", "--kind", "police"
    )
    assert bad_country.returncode != 0 and "QQ" in bad_country.stderr
    assert "Traceback" not in unknown_agency.stderr + weak.stderr + bad_country.stderr


def test_audit_export_writes_the_entries(world: Database) -> None:
    exported = clew(world, "audit", "export", "--format", "jsonl", "--output", "-")
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [r["action"] for r in rows].count("user.create") == 5
    assert all(set(r) >= {"seq", "at", "username", "action", "result_ids", "hash"} for r in rows)


def test_a_bad_value_names_its_field_in_plain_words(world: Database) -> None:
    result = clew(world, "check", "--agency", "BG-NCB", "--name", "X", "--dob", "1985-13-01")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: person.date_of_birth: month 13 does not exist"
