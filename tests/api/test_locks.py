"""One user cannot stall everyone: reads and slow uploads hold no write lock.

On SQLite (the embedded default) a write transaction takes the database's only write lock.
These tests play the attacks of the security review against a real server: a client that sends
its upload one piece at a time, and a long read, while another user's checks must all succeed.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from clew.access.roles import Role, Scope
from clew.records.models import Record
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user

CSV_HEAD = b"kind,family_name,given_names,date_of_birth\n"
CHECK = {"person": {"names": ["Ivan Petrov"], "date_of_birth": "1980-02-03"}}
WAIT = 60.0


def _tokens(world: Database) -> tuple[str, str]:
    make_user(world, "data.bg", Role.DATA_MANAGER, "BG-NCB")
    importer = make_token(world, "data.bg", Scope.READ, Scope.WRITE)
    checker = make_token(world, "officer.lv", Scope.READ, Scope.WRITE)
    return importer, checker


def _checks(url: str, token: str, n: int) -> list[int]:
    with httpx.Client(base_url=url, headers=bearer(token), timeout=WAIT) as client:
        return [client.post("/api/v1/checks", json=CHECK).status_code for _ in range(n)]


def test_checks_succeed_while_another_user_uploads_slowly(
    world: Database,
    live_url: str,
) -> None:
    importer, checker = _tokens(world)
    first_piece_sent = threading.Event()
    checks_done = threading.Event()
    answer: dict[str, object] = {}

    def body() -> Iterator[bytes]:
        yield CSV_HEAD
        first_piece_sent.set()
        checks_done.wait(WAIT)  # the upload stalls until the other user has checked
        yield b"person,SLOWLY,Arrives,1970-01-01\n"

    def upload() -> None:
        parts = urlsplit(live_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT)
        connection.request(
            "POST", "/api/v1/records/import?format=csv&mode=rows", body=body(),
            headers={**bearer(importer), "Content-Type": "text/csv"}, encode_chunked=True,
        )  # fmt: skip
        response = connection.getresponse()
        answer["status"], answer["body"] = response.status, response.read()

    uploader = threading.Thread(target=upload)
    uploader.start()
    assert first_piece_sent.wait(WAIT)
    try:
        statuses = _checks(live_url, checker, 5)
    finally:
        checks_done.set()
        uploader.join(WAIT)
    assert statuses == [200] * 5
    assert answer["status"] == 200, answer
    with world.reading() as session:
        names = session.execute(select(Record.label)).scalars().all()
    assert any("SLOWLY" in name for name in names)


def test_checks_succeed_while_a_long_read_is_open(
    world: Database,
    live_url: str,
) -> None:
    """A read unit (what serves an export or a page) holds its snapshot for as long as it
    likes: the writes every check makes (hits, audit) go on beside it."""
    _, checker = _tokens(world)
    with world.reading() as session:
        session.execute(select(Record.id)).all()  # the read has begun and keeps its snapshot
        statuses = _checks(live_url, checker, 5)
    assert statuses == [200] * 5


def test_an_export_request_is_served_by_a_read_unit(
    world: Database,
    live_url: str,
) -> None:
    """An export answered while a long read is open elsewhere, and audited once it ends."""
    _, checker = _tokens(world)
    with httpx.Client(base_url=live_url, headers=bearer(checker), timeout=WAIT) as client:
        response = client.get("/api/v1/records/export", params={"format": "csv"})
    assert response.status_code == 200, response.text
    with world.reading() as session:
        from clew.access.models import AuditEntry

        actions = session.execute(select(AuditEntry.action)).scalars().all()
    assert "record.export" in actions
