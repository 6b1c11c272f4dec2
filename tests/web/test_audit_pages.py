"""The audit log page as an auditor reads it: what was asked, the action and its outcome in
the auditor's language."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from clew.access import audit
from clew.access.actor import Actor
from clew.storage import Database
from clew.web.audit_pages import asked
from tests.web.test_pages import csrf, sign_in_with_code


def _rows(client: TestClient) -> str:
    page = client.get("/audit")
    assert page.status_code == 200
    body = page.text
    return html.unescape(body[body.index('<table class="audit">') : body.index("</table>")])


def _speak(client: TestClient, language: str) -> None:
    token = csrf(client, "/")
    client.post("/language", data={"csrf_token": token, "language": language, "next": "/"})


def test_what_was_asked_reads_as_field_value(client: TestClient, world: Database) -> None:
    with world.transaction() as session:
        query = {
            "name": "IVANOV",
            "date_of_birth": "1980-01-02",
            "exact": False,
            "filters": {"status": ["stolen", "lost"], "kind": "person"},
            "limit": None,
        }
        audit.record(session, Actor.system(), "record.search", query=query)  # fmt: skip
    sign_in_with_code(client, world, "dpo")
    rows = _rows(client)
    shown = ("name: IVANOV", "date of birth: 1980-01-02", "exact: No",
             "filters › status: stolen, lost", "filters › kind: person", "limit: —")  # fmt: skip
    for line in shown:
        assert line in rows, rows
    cells = [re.sub(r"<[^>]+>", " ", cell) for cell in re.findall(r'"query">(.*?)</td>', rows)]
    assert cells and not any(re.search(r"[{}\[\]'=]", cell) for cell in cells), cells


def test_asked_nothing_is_empty() -> None:
    assert asked({}) == []
    assert asked({"filters": {}}) == [("filters", "—")]


def test_actions_and_outcomes_in_bulgarian(client: TestClient, world: Database) -> None:
    with world.transaction() as session:
        audit.record(session, Actor.system(), "liaison.report.pdf")
        audit.record(session, Actor.system(), "login.failed", outcome="denied")
        audit.record(session, Actor.system(), "no.such.code", outcome="odd")
    sign_in_with_code(client, world, "dpo")
    _speak(client, "bg")
    rows = _rows(client)
    assert "Неуспешен вход" in rows and "отказано" in rows  # login.failed, denied
    assert "Изнесен доклад на службите за връзка" in rows  # a family's label (liaison.report.*)
    assert "<code>login.failed</code>" in rows  # the code stays, for the filter
    assert "no.such.code" in rows and "odd" in rows  # unknown: shown as recorded
    for english in ("Sign-in failed", "Liaison report exported", "denied", ">done<"):
        assert english not in rows
