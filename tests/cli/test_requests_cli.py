"""``clew requests`` and ``clew spocs`` as an operator uses them: Vietnam's border guard sends
from a JSON file, Cambodia routes and answers from options, the requester reminds and lists;
an agency not asked finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from clew.storage import Database
from tests.exchange import conftest as exchange_fixtures
from tests.exchange.conftest import Headers
from tests.exchange.test_requests import request_body
from tests.test_cli import clew

cast = exchange_fixtures.cast  # the exchange's cast, as a fixture here too


def test_an_operator_sends_routes_answers_and_reminds(
    database: Database,
    cast: dict[str, Headers],
    tmp_path: Path,
) -> None:
    body = tmp_path / "request.json"
    body.write_text(json.dumps(request_body(to=["KH-NCB", "BG-NCB"])), encoding="utf-8")
    sent = clew(database, "requests", "send", str(body), "--agency", "VN-BORDER", "--urgency",
                "urgent", "--urgency-reason", "a courier crosses tonight", "--direct")  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    rid = sent.stdout.split()[1]
    assert "sent to KH-NCB by" in sent.stdout and "BG-NCB by" in sent.stdout

    shown = json.loads(clew(database, "requests", "show", rid, "--agency", "VN-NCB").stdout)
    assert shown["urgency"] == "urgent" and shown["directly_accessible"] is True  # the SPOC copy

    routed = clew(database, "requests", "route", rid, "--agency", "KH-NCB", "--desk",
                  "Drugs desk", "--to", "KH-POLICE")  # fmt: skip
    assert routed.returncode == 0, routed.stderr
    answered = clew(database, "requests", "answer", rid, "--agency", "KH-POLICE", "--body",
                    "Known to us.", "--language", "km", "--partial")  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    refused = clew(database, "requests", "refuse", rid, "--agency", "BG-NCB", "--reason",
                   "not_available")  # fmt: skip
    assert refused.returncode == 0, refused.stderr
    again = clew(database, "requests", "remind", rid, "--agency", "VN-BORDER", "--to", "BG-NCB")
    assert again.returncode == 7 and "BG-NCB has already refused" in again.stderr
    reminded = clew(database, "requests", "remind", rid, "--agency", "VN-BORDER")
    assert reminded.returncode == 0 and "reminded KH-NCB" in reminded.stdout

    listed = clew(database, "requests", "list", "--agency", "VN-BORDER", "--direction",
                  "outgoing", "--json")  # fmt: skip
    (row,) = json.loads(listed.stdout)
    assert row["id"] == rid and row["addressed"] == "KH-NCB:partially_answered BG-NCB:refused"
    incoming = json.loads(clew(database, "requests", "list", "--agency", "KH-POLICE",
                               "--json").stdout)  # fmt: skip
    assert [r["id"] for r in incoming] == [rid]

    hidden = clew(database, "requests", "show", rid, "--agency", "EE-POLICE")
    assert hidden.returncode == 3 and hidden.stderr.strip() == "error: Request not found."
    nothing = clew(database, "requests", "list", "--agency", "EE-POLICE", "--json")
    assert json.loads(nothing.stdout) == []


def test_bad_input_is_one_line_naming_the_field(
    database: Database,
    cast: dict[str, Headers],
) -> None:
    missing = clew(database, "requests", "send", "--agency", "VN-NCB", "--to", "KH-NCB",
                   "--question", "Who?", "--about", "him", "--legal-basis", "art. 4",
                   "--subject", "Who", "--urgency", "urgent")  # fmt: skip
    assert missing.returncode == 2
    assert "new_case" in missing.stderr and "urgency_reason" in missing.stderr
    assert "Traceback" not in missing.stderr
    listed = clew(database, "requests", "list", "--agency", "KH-NCB", "--json")
    assert json.loads(listed.stdout) == []


def test_an_operator_sets_and_removes_spocs(
    database: Database,
    cast: dict[str, Headers],
) -> None:
    assert clew(database, "spocs", "set", "kh", "KH-POLICE").returncode == 0
    wrong = clew(database, "spocs", "set", "KH", "VN-NCB")
    assert wrong.returncode == 2 and "VN-NCB is an agency of VN, not of KH." in wrong.stderr
    assert clew(database, "spocs", "remove", "RS").returncode == 0
    rows = json.loads(clew(database, "spocs", "list", "--json").stdout)
    assert {r["country"]: r["agency"] for r in rows} == {
        "VN": "VN-NCB", "KH": "KH-POLICE", "BG": "BG-NCB"
    }  # fmt: skip
