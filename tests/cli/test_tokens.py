"""``clew tokens``: the operator creates, lists and revokes API tokens at the console."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from clew.storage import Database
from tests.conftest import bearer
from tests.test_cli import clew


def test_the_operator_lists_and_revokes_a_token(client: TestClient, world: Database) -> None:
    created = clew(world, "tokens", "create", "officer.bg", "--name", "gateway", "--scope", "read")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200

    listed = clew(world, "tokens", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["username"], r["name"], r["scopes"], r["status"]) for r in rows] == [
        ("officer.bg", "gateway", "read", "active")
    ]
    assert secret not in listed.stdout and rows[0]["prefix"] in secret

    revoked = clew(world, "tokens", "revoke", str(rows[0]["id"]))
    assert revoked.returncode == 0, revoked.stderr
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    again = json.loads(clew(world, "tokens", "list", "--user", "officer.bg", "--json").stdout)
    assert [r["status"] for r in again] == ["revoked"]
    assert json.loads(clew(world, "tokens", "list", "--user", "root", "--json").stdout) == []


def test_an_unknown_token_is_one_line_and_a_nonzero_exit(world: Database) -> None:
    missing = clew(world, "tokens", "revoke", "999")
    assert missing.returncode == 3
    assert missing.stderr.strip() == "error: Token not found."


def test_an_officer_is_refused_an_admin_token(world: Database) -> None:
    refused = clew(world, "tokens", "create", "officer.bg", "--name", "x", "--scope", "admin")
    assert refused.returncode == 2
    assert "admin" in refused.stderr and "Traceback" not in refused.stderr
    assert json.loads(clew(world, "tokens", "list", "--json").stdout) == []
