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

    full = json.loads(clew(world, "files", "players", "1", "--json").stdout)
    assert len(full) == 114  # the whole ranking, not a page of it
    assert [p["rank"] for p in full] == list(range(1, 115))
    top = full[0]
    assert top["key"] == "1"  # the import key of CAVIAR's Daniel Serero ("players" id 1)
    assert {"betweenness", "pagerank", "degree", "closeness", "weighted_role"} <= top.keys()
    assert any(len(str(p["score"]).split(".")[-1]) > 3 for p in full)  # not rounded to 3
    table = clew(world, "files", "players", "1", "--csv")
    assert table.returncode == 0, table.stderr
    header, *lines = table.stdout.splitlines()
    assert header.startswith("rank,entity,key,label,kind,score,") and len(lines) == 114
    helped = clew(world, "files", "players", "--help")
    assert "30%" in helped.stdout and "role, alerts and money" in helped.stdout
    cut = clew(world, "files", "disruption", "1", "-k", "3", "--strategy", "sequential", "--json")
    assert cut.returncode == 0, cut.stderr
    steps = json.loads(cut.stdout)
    assert [s["step"] for s in steps] == [0, 1, 2, 3] and steps[-1]["largest"] < steps[0]["largest"]
    phases = clew(world, "files", "periods", "1", "--measure", "score", "--json")
    assert phases.returncode == 0, phases.stderr
    assert len(json.loads(phases.stdout)) == 11  # CAVIAR's eleven phases

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
    assert imported.returncode == 2  # a rejected row is a failure, even if good rows went in
    assert "2 entities and 1 links imported, 1 rows rejected" in imported.stdout
    assert "line 3" in imported.stderr

    headerless = tmp_path / "headerless.csv"
    headerless.write_text("A1,B2\nB2,C3\n", encoding="utf-8")
    refused = clew(world, "files", "import", "2", str(headerless), "--format", "edges-csv")
    assert refused.returncode != 0
    assert "columns guessed from the header: none" in refused.stderr
    assert "--map source=1 --map target=2" in refused.stderr
    numbered = clew(world, "files", "import", "2", str(headerless), "--format", "edges-csv",
                    "--map", "source=1", "--map", "target=2", "--undirected",
                    "--link-kind", "met")  # fmt: skip
    assert numbered.returncode == 0, numbered.stderr
    assert "3 entities and 2 links imported, 0 rows rejected" in numbered.stdout
    guessed = tmp_path / "guessed.csv"
    guessed.write_text("From,To\nA1,C3\n", encoding="utf-8")
    imported = clew(world, "files", "import", "2", str(guessed), "--format", "edges-csv")
    assert imported.returncode == 0, imported.stderr
    assert "columns guessed from the header: source=From, target=To" in imported.stderr

    wrong = clew(world, "files", "import", "2", str(calls), "--format", "xlsx")
    assert wrong.returncode != 0 and "edges-csv" in wrong.stderr
    missing = clew(world, "files", "players", "99")
    assert missing.returncode != 0 and "not found" in missing.stderr.lower()
