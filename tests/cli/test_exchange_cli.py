"""``clew cases`` and ``clew messages`` as a national system's operator uses them: Vietnam opens
a case and writes to Cambodia, Cambodia replies and acknowledges, an H2 message is passed on
only with its owner's permission, and Estonia finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from clew.access.roles import OrganisationType
from clew.storage import Database
from tests.conftest import make_agency
from tests.test_cli import clew


def agencies(database: Database) -> Database:
    for code, country in (("VN-NCB", "VN"), ("KH-NCB", "KH"), ("BG-NCB", "BG"),
                          ("EE-POLICE", "EE")):  # fmt: skip
        make_agency(database, code, country, OrganisationType.NATIONAL_CENTRAL_BUREAU)
    return database


def test_an_operator_opens_a_case_writes_replies_and_acknowledges(
    database: Database, tmp_path: Path
) -> None:
    db = agencies(database)
    opened = clew(db, "cases", "open", "--agency", "VN-NCB", "--subject", "Meth via Mộc Bài",
                  "--crime-area", "drug_trafficking", "--participant", "KH-NCB")  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    case = opened.stdout.split()[1]
    assert "opened with VN-NCB, KH-NCB" in opened.stdout

    text = tmp_path / "body.txt"
    text.write_text("Courier crosses on Friday.", encoding="utf-8")
    sent = clew(db, "messages", "send", "--agency", "VN-NCB", "--case", case, "--subject",
                "Courier", "--body-file", str(text), "--handling-code", "H1")  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    message = sent.stdout.split()[1]
    assert "sent to KH-NCB" in sent.stdout

    inbox = clew(db, "messages", "inbox", "--agency", "KH-NCB", "--json")
    (row,) = json.loads(inbox.stdout)
    assert (row["id"], row["from"], row["code"], row["read"]) == (message, "VN-NCB", "H1", "no")
    shown = json.loads(clew(db, "messages", "show", message, "--agency", "KH-NCB").stdout)
    assert shown["body"] == "Courier crosses on Friday." and shown["receipts"][0]["read_at"]
    table = clew(db, "messages", "inbox", "--agency", "KH-NCB")
    assert "unread 0" in table.stdout

    replied = clew(db, "messages", "reply", message, "--agency", "KH-NCB", "--body",
                   "Seen at the crossing.", "--language", "km")  # fmt: skip
    assert replied.returncode == 0, replied.stderr
    assert "sent to VN-NCB" in replied.stdout
    acked = clew(db, "messages", "ack", message, "--agency", "KH-NCB")
    assert acked.returncode == 0, acked.stderr

    listed = json.loads(clew(db, "cases", "list", "--agency", "VN-NCB", "--json").stdout)
    assert [(c["id"], c["messages"], c["unread"]) for c in listed] == [(case, 2, 1)]
    added = clew(db, "cases", "add-participant", case, "BG-NCB", "--agency", "KH-NCB")
    assert added.returncode == 0 and "VN-NCB, KH-NCB, BG-NCB" in added.stdout
    assert clew(db, "cases", "close", case, "--agency", "KH-NCB").returncode == 4
    assert clew(db, "cases", "close", case, "--agency", "VN-NCB").returncode == 0
    late = clew(db, "messages", "send", "--agency", "VN-NCB", "--case", case, "--subject", "s",
                "--body", "b")  # fmt: skip
    assert late.returncode == 7 and "closed" in late.stderr
    assert clew(db, "cases", "reopen", case, "--agency", "VN-NCB").returncode == 0

    hidden = clew(db, "cases", "show", case, "--agency", "EE-POLICE")
    assert hidden.returncode == 3 and "Case not found." in hidden.stderr
    nothing = clew(db, "messages", "show", message, "--agency", "EE-POLICE")
    assert nothing.returncode == 3 and "Message not found." in nothing.stderr
    assert json.loads(clew(db, "cases", "list", "--agency", "EE-POLICE", "--json").stdout) == []


def test_an_h2_message_is_forwarded_only_with_the_owner_permission(
    database: Database, tmp_path: Path
) -> None:
    db = agencies(database)
    case = clew(db, "cases", "open", "--agency", "VN-NCB", "--subject", "s", "--crime-area",
                "fraud", "--participant", "KH-NCB").stdout.split()[1]  # fmt: skip
    body = tmp_path / "message.json"
    body.write_text(json.dumps({"subject": "Source report", "body": "Only for Cambodia.",
                                "language": "en", "handling_code": "H2", "to": ["KH-NCB"]}),
                    encoding="utf-8")  # fmt: skip
    sent = clew(db, "messages", "send", str(body), "--agency", "VN-NCB", "--case", case)
    assert sent.returncode == 0, sent.stderr
    message = sent.stdout.split()[1]

    refused = clew(db, "messages", "forward", message, "--agency", "KH-NCB", "--to", "BG-NCB")
    assert refused.returncode == 4 and "ask the owner's permission first" in refused.stderr
    asked = clew(db, "messages", "ask-permission", message, "--agency", "KH-NCB", "--to",
                 "BG-NCB", "--reason", "Bulgaria holds the courier.")  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    permission = asked.stdout.split()[1]
    decided = clew(db, "messages", "decide", permission, "--agency", "VN-NCB", "--grant")
    assert decided.returncode == 0 and f"permission {permission} granted" in decided.stdout
    forwarded = clew(db, "messages", "forward", message, "--agency", "KH-NCB", "--to", "BG-NCB")
    assert forwarded.returncode == 0 and "forwarded to BG-NCB" in forwarded.stdout
    kinds = json.loads(clew(db, "messages", "inbox", "--agency", "VN-NCB", "--json").stdout)
    assert [m["kind"] for m in kinds] == ["permission_request"]
