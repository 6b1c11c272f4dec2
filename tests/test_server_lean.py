"""A web worker carries what serving needs, not every library Clew has.

The graph stack (igraph, leidenalg, and the matplotlib igraph draws with where it is installed)
and FollowTheMoney's model of schemata hold about 90 MB in a process between them. They load
when an analysis or an FtM file needs them, so each of ``clew serve --workers N``'s processes
that only answers checks and pages stays that much smaller.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import make_token

#: Loaded at first use only (see the module docstring).
LAZY = ("igraph", "leidenalg", "matplotlib", "followthemoney")

_WORKER = """
import json, sys
from fastapi.testclient import TestClient
from clew.server import create_app
from clew.settings import Settings

headers = {"Authorization": f"Bearer {sys.argv[1]}"}
with TestClient(create_app(Settings()), base_url="http://127.0.0.1") as client:
    check = client.post("/api/v1/checks", json={"person": {"names": ["Ivan Petrov"]}},
                        headers=headers)
    page = client.get("/login")
    records = client.get("/api/v1/records", headers=headers)
print(json.dumps({"statuses": [check.status_code, page.status_code, records.status_code],
                  "loaded": sorted(sys.modules)}))
"""


def _run(code: str, *args: str, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_a_worker_that_checks_and_serves_pages_loads_no_graph_stack_or_ftm(
    world: Database, tmp_path: Path
) -> None:
    token = make_token(world, "officer.bg", Scope.READ)
    env = {**os.environ, "CLEW_DATABASE_URL": world.url, "CLEW_SECRET_KEY": "k" * 40,
           "CLEW_INDEX_DIR": str(tmp_path / "index"), "CLEW_SPOOL_DIR": str(tmp_path / "spool"),
           "CLEW_AUDIT_KEY_FILE": str(tmp_path / "audit.key"),
           "CLEW_AUDIT_ANCHOR_FILE": str(tmp_path / "anchors.jsonl")}  # fmt: skip
    found = _run(_WORKER, token, env=env)
    assert found["statuses"] == [200, 200, 200]
    loaded = {str(m).split(".")[0] for m in found["loaded"]}  # type: ignore[attr-defined]
    assert "clew" in loaded and "sqlalchemy" in loaded  # the report is real
    assert sorted(loaded & set(LAZY)) == []


def test_an_analysis_and_an_ftm_file_load_them_when_they_need_them() -> None:
    code = """
import io, json, sys
from clew.graph.groups import communities
from clew.graph.items import Edge, Node
from clew.graph.network import Network
from clew.interop.ftm import read_ftm
before = sorted(m for m in ("igraph", "followthemoney") if m in sys.modules)
network = Network.build([Node("a"), Node("b"), Node("c")],
                        [Edge("a", "b", "associate"), Edge("b", "c", "associate")])
groups = communities(network).count
line = json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}})
rows = list(read_ftm(io.StringIO(line + "\\n")))
print(json.dumps({"before": before, "groups": groups, "rows": len(rows),
                  "after": sorted(m for m in ("igraph", "followthemoney") if m in sys.modules)}))
"""
    found = _run(code, env=dict(os.environ))
    assert found["before"] == []
    assert found["groups"] == 1 and found["rows"] == 1
    assert found["after"] == ["followthemoney", "igraph"]
