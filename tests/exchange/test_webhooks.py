"""Per-agency webhooks: a national system is told of a new message by a signed POST carrying
ids only, delivered by the durable jobs queue; a failed delivery is recorded and fails its job."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.roles import Role, Scope
from clew.exchange import webhooks
from clew.exchange.models import Webhook
from clew.exchange.webhooks import WebhookIn
from clew.jobs import JobStatus, Worker
from clew.jobs.models import Job
from clew.screening.sync import IndexKeeper
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.exchange.clearing import actor, open_case, passport, send
from tests.test_cli import clew

Headers = dict[str, str]


@dataclass
class Receiver:
    """A national system's endpoint on loopback: what it got, and the status it answers."""

    url: str
    status: int = 200
    location: str = ""
    got: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.got.append((self.path, dict(self.headers.items()), body))
            self.send_response(state.status)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/clew/notices"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _set(database: Database, username: str, url: str) -> str:
    with database.transaction() as session:
        return webhooks.set_webhook(session, actor(database, username), WebhookIn(url=url)).secret


def _message(database: Database) -> str:
    """Vietnam writes to Cambodia about a passport (no server: nothing else runs the job)."""
    case = open_case(database, "VN-NCB", "Forged passports, route 9")
    return send(database, IndexKeeper(), "liaison.vn", case, ["KH-NCB"], [passport("AB1234567")],
                subject="Courier with passport AB1234567")  # fmt: skip


def _jobs(database: Database) -> list[tuple[str, str, str | None]]:
    """Each job's kind, status and error."""
    with database.reading() as session:
        rows = session.execute(select(Job.kind, Job.status, Job.error).order_by(Job.id))
        return [(kind, status, error) for kind, status, error in rows]


def _hook(database: Database, username: str) -> Webhook:
    with database.reading() as session:
        found = session.execute(
            select(Webhook).where(Webhook.agency_id == actor(database, username).agency_id)
        ).scalar_one()
        session.expunge(found)
        return found


def test_a_holding_agency_is_told_by_a_signed_post_with_ids_only(
    cast: dict[str, Headers], database: Database, receiver: Receiver
) -> None:
    secret = _set(database, "spoc.kh", receiver.url)
    _set(database, "liaison.vn", receiver.url + "/vn")  # the sender holds nothing: not told
    message = _message(database)
    assert Worker(Database(database.url), IndexKeeper).run_once() is True
    assert Worker(Database(database.url), IndexKeeper).run_once() is False  # one job only

    [(path, headers, body)] = receiver.got
    assert path == "/clew/notices"
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Clew-Signature"] == f"sha256={expected}"
    notice = json.loads(body)
    assert set(notice) == {"event", "message", "case", "kind", "at", "agency"}
    assert (notice["event"], notice["message"], notice["kind"], notice["agency"]) == (
        "message", message, "message", "KH-NCB",
    )  # fmt: skip
    for secret_text in (b"AB1234567", b"Courier", b"Details in the entities", b"Forged"):
        assert secret_text not in body
    assert _jobs(database) == [("exchange.webhook", JobStatus.DONE, None)]
    hook = _hook(database, "spoc.kh")
    assert hook.last_status == "HTTP 200" and hook.last_delivery_at is not None


@pytest.mark.parametrize(
    ("status", "location", "outcome"),
    [(500, "", "HTTP 500"), (302, "/elsewhere", "HTTP 302 (redirects are not followed)")],
)
def test_a_failing_endpoint_is_retried_then_recorded_and_its_job_fails(
    cast: dict[str, Headers], database: Database, receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch, status: int, location: str, outcome: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(webhooks, "BACKOFF", (0.0, 0.0))
    receiver.status, receiver.location = status, location
    _set(database, "spoc.kh", receiver.url)
    _message(database)
    Worker(Database(database.url), IndexKeeper).run_once()
    assert [path for path, _, _ in receiver.got] == ["/clew/notices"] * webhooks.ATTEMPTS
    [(_, job_status, error)] = _jobs(database)
    assert job_status == JobStatus.FAILED and error is not None and outcome in error
    assert _hook(database, "spoc.kh").last_status == outcome


def test_an_endpoint_that_does_not_answer_is_recorded(
    cast: dict[str, Headers], database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhooks, "BACKOFF", (0.0, 0.0))
    _set(database, "spoc.kh", "http://127.0.0.1:9/nobody")  # the discard port: refused
    _message(database)
    Worker(Database(database.url), IndexKeeper).run_once()
    assert _jobs(database)[0][1] == JobStatus.FAILED
    assert (_hook(database, "spoc.kh").last_status or "").startswith("not delivered:")


def test_an_agency_manages_its_own_webhook_over_https(
    client: TestClient, cast: dict[str, Headers], database: Database
) -> None:
    make_user(database, "admin.kh", Role.ADMINISTRATOR, "KH-NCB")
    admin = bearer(make_token(database, "admin.kh", Scope.READ, Scope.ADMIN))
    kh = cast["spoc.kh"]
    assert client.get("/api/v1/webhook", headers=kh).status_code == 404
    plain = client.put("/api/v1/webhook", json={"url": "http://kh.example/clew"}, headers=kh)
    assert plain.status_code == 422 and "https" in plain.text
    for refused in ("ftp://kh.example/x", "https://user:pw@kh.example/x", "https:///x"):
        assert client.put("/api/v1/webhook", json={"url": refused}, headers=kh).status_code == 422

    created = client.put("/api/v1/webhook", json={"url": "https://kh.example/clew"}, headers=kh)
    assert created.status_code == 200, created.text
    secret = created.json()["secret"]
    assert len(secret) == 64
    shown = client.get("/api/v1/webhook", headers=admin).json()  # the agency's administrator
    assert shown["url"] == "https://kh.example/clew" and shown["agency"] == "KH-NCB"
    assert "secret" not in shown and secret not in json.dumps(shown)
    # Setting it again gives a new secret; other agencies see only their own (none here).
    again = client.put("/api/v1/webhook", json={"url": "https://kh.example/v2"}, headers=admin)
    assert again.json()["secret"] != secret
    assert client.get("/api/v1/webhook", headers=cast["liaison.vn"]).status_code == 404
    for outsider in ("officer.kh", "analyst.vn"):
        denied = client.put("/api/v1/webhook", json={"url": "https://x.example/"},
                            headers=cast[outsider])  # fmt: skip
        assert denied.status_code == 403
    assert client.delete("/api/v1/webhook", headers=kh).status_code == 204
    assert client.get("/api/v1/webhook", headers=kh).status_code == 404


def test_an_operator_sets_shows_and_removes_a_webhook_and_crosschecks_a_report(
    cast: dict[str, Headers], database: Database, tmp_path: Path
) -> None:
    set_ = clew(database, "webhooks", "set", "https://kh.example/clew", "--agency", "KH-NCB")
    assert set_.returncode == 0, set_.stderr
    assert "signing secret (shown once)" in set_.stdout
    secret = set_.stdout.split()[-1]
    shown = clew(database, "webhooks", "show", "--agency", "KH-NCB")
    assert json.loads(shown.stdout)["url"] == "https://kh.example/clew"
    assert secret not in shown.stdout
    plain = clew(database, "webhooks", "set", "http://kh.example/", "--agency", "KH-NCB")
    assert plain.returncode == 2 and "https" in plain.stderr
    assert clew(database, "webhooks", "remove", "--agency", "KH-NCB").returncode == 0
    assert clew(database, "webhooks", "show", "--agency", "KH-NCB").returncode == 3

    report = tmp_path / "report.json"
    report.write_text(json.dumps([{"kind": "document", "document": {"number": "AB1234567"}}]))
    checked = clew(database, "messages", "crosscheck", str(report), "--agency", "KH-NCB", "--json")
    assert checked.returncode == 0, checked.stderr
    [entity] = json.loads(checked.stdout)
    assert (entity["label"], entity["watchlists"], entity["mentions_total"]) == ("AB1234567", [], 0)
