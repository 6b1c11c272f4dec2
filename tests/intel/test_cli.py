"""``clew files`` as an operator uses it: open CAVIAR, rank its players, export, import."""

from __future__ import annotations

import json
from pathlib import Path

from clew.access.roles import Role
from clew.storage import Database
from tests.conftest import make_user
from tests.test_cli import clew


def test_an_operator_opens_caviar_ranks_exports_and_imports(
    world: Database, tmp_path: Path
) -> None:
    make_user(world, "analyst.lv", Role.ANALYST, "LV-POLICE")
    opened = clew(world, "files", "caviar", "--agency", "LV-POLICE", "--member", "analyst.lv")
    assert opened.returncode == 0, opened.stderr
    assert "114 entities, 650 links" in opened.stdout

    players = clew(world, "files", "players", "1", "--limit", "3", "--language", "bg", "--json")
    assert players.returncode == 0, players.stderr
    ranked = json.loads(players.stdout)
    assert [p["rank"] for p in ranked] == [1, 2, 3]
    assert all("посредник" in p["why"] or "контакт" in p["why"] for p in ranked)

    pdf = tmp_path / "caviar.pdf"
    reported = clew(world, "files", "report", "1", "-o", str(pdf), "--language", "vi")
    assert reported.returncode == 0, reported.stderr
    assert pdf.read_bytes().startswith(b"%PDF")

    graphml = tmp_path / "caviar.graphml"
    exported = clew(world, "files", "export", "1", "--format", "graphml", "-o", str(graphml))
    assert exported.returncode == 0, exported.stderr
    assert graphml.read_bytes().count(b"<node ") == 114

    calls = tmp_path / "calls.csv"
    calls.write_text("caller,callee,date\n+37120001234,+37120005678,2026-01-05\n"
                     "+37120001234,,2026-01-06\n", encoding="utf-8")  # fmt: skip
    created = clew(world, "files", "create", "Calls", "--agency", "LV-POLICE",
                   "--member", "analyst.lv")  # fmt: skip
    assert created.returncode == 0, created.stderr
    mapping = ("--map", "source=caller", "--map", "target=callee", "--map", "start=date")
    imported = clew(world, "files", "import", "2", str(calls), "--format", "edges-csv", *mapping)
    assert imported.returncode == 0, imported.stderr
    assert "2 entities and 1 links imported, 1 rows rejected" in imported.stdout
    assert "line 3" in imported.stderr

    wrong = clew(world, "files", "import", "2", str(calls), "--format", "xlsx")
    assert wrong.returncode != 0 and "edges-csv" in wrong.stderr
    missing = clew(world, "files", "players", "99")
    assert missing.returncode != 0 and "not found" in missing.stderr.lower()
