"""``clew traces`` as an operator uses it: open for one agency, answer and refuse for others,
list, show and export; an agency not addressed finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from clew.storage import Database
from tests.conftest import make_agency
from tests.firearms.test_traces import HISTORY, trace_body
from tests.test_cli import clew


def test_an_operator_opens_answers_refuses_lists_and_exports(
    world: Database, tmp_path: Path
) -> None:
    make_agency(world, "AT-NCB", "AT")
    body = tmp_path / "trace.json"
    body.write_text(json.dumps(trace_body(addressed=["LV-POLICE", "AT-NCB"])), encoding="utf-8")
    opened = clew(world, "traces", "open", str(body), "--agency", "BG-NCB")
    assert opened.returncode == 0, opened.stderr
    tid = opened.stdout.split()[1]
    assert "sent to LV-POLICE, AT-NCB" in opened.stdout

    events = tmp_path / "events.json"
    events.write_text(json.dumps({"events": HISTORY}), encoding="utf-8")
    answered = clew(world, "traces", "answer", tid, str(events), "--agency", "LV-POLICE")
    assert answered.returncode == 0, answered.stderr
    refused = clew(world, "traces", "refuse", tid, "--agency", "AT-NCB",
                   "--reason", "legal_restriction")  # fmt: skip
    assert refused.returncode == 0, refused.stderr

    listed = clew(world, "traces", "list", "--agency", "BG-NCB", "--direction", "outgoing",
                  "--json")  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert row["id"] == tid and row["addressed"] == "LV-POLICE:answered AT-NCB:refused"

    shown = clew(world, "traces", "show", tid, "--agency", "BG-NCB")
    assert json.loads(shown.stdout)["events"][0]["kind"] == "manufactured"
    exported = clew(world, "traces", "export", "--agency", "LV-POLICE")
    assert exported.returncode == 0 and tid in exported.stdout

    hidden = clew(world, "traces", "show", tid, "--agency", "INT")
    assert hidden.returncode == 3 and "Trace not found." in hidden.stderr
    nothing = clew(world, "traces", "export", "--agency", "INT")
    assert tid not in nothing.stdout
