"""``clew --help`` answers from the command table, without loading what the commands need."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from clew import __version__
from clew.cli import MODULES, app, lazy
from clew.cli.lazy import TABLE, describe, render

#: What a command may need but help never does: the graph and drawing stack, PDF rendering,
#: the web server, the database layer, Pydantic, and the command modules themselves.
HEAVY = ("igraph", "weasyprint", "clew.server", "sqlalchemy", "fastapi", "pandas", "matplotlib",
         "followthemoney", "pydantic", "clew.cli.intel", "clew.cli.records")  # fmt: skip


def _loaded_by(*args: str) -> set[str]:
    """The modules ``python -m clew ARGS`` imports, as ``-X importtime`` reports them."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "clew", *args], capture_output=True,
        text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "COLUMNS": "120"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Commands" in done.stdout
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}


@pytest.mark.parametrize("args", [("--help",), ("files", "--help"), ("records", "--help"),
                                  ("firearms", "reference", "--help")])  # fmt: skip
def test_help_loads_none_of_the_heavy_modules(args: tuple[str, ...]) -> None:
    loaded = _loaded_by(*args)
    assert "clew.cli" in loaded  # the report is real
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY)
    assert heavy == []


def test_the_command_table_matches_the_commands() -> None:
    """When this fails, a command changed: run ``.venv/bin/python scripts/cli_commands.py``."""
    assert TABLE.read_text(encoding="utf-8") == render(describe(app, MODULES))


def test_group_help_lists_every_command_with_its_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clew", "files", "--help"], capture_output=True, text=True,
        timeout=120, env={"PATH": "/usr/bin:/bin", "COLUMNS": "250"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    for name, node in table["commands"]["files"]["commands"].items():
        assert f" {name} " in done.stdout
        assert node["help"].split("\n")[0].split(".")[0] in done.stdout


def test_a_command_missing_from_a_stale_table_still_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = json.loads(TABLE.read_text(encoding="utf-8"))
    del stale["commands"]["version"]
    monkeypatch.setattr(lazy, "_table", lambda: stale)
    app(["version"], standalone_mode=False)
    assert capsys.readouterr().out.strip() == __version__
