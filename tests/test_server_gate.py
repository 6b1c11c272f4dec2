"""How many requests of one process run at the database at once (``request_slots``)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from pydantic import ValidationError
from starlette.types import Receive, Scope, Send

from clew.server import DatabaseGate, create_app
from clew.settings import Settings
from clew.storage import Database
from tests.conftest import settings_for


class Busy:
    """An app that stays busy a moment and counts how many requests are inside at once."""

    def __init__(self) -> None:
        self.inside = self.most = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.inside += 1
        self.most = max(self.most, self.inside)
        await asyncio.sleep(0.01)
        self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _burst(app: DatabaseGate, paths: list[str]) -> list[int]:
    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://clew") as client:
            answers = await asyncio.gather(*(client.get(path) for path in paths))
        return [answer.status_code for answer in answers]

    # in a thread of its own: browser tests leave an event loop running in the main thread
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, run()).result()


def test_requests_beyond_the_slots_wait_their_turn_and_are_all_answered() -> None:
    busy = Busy()
    gate = DatabaseGate(busy, requests=3, uploads=1)
    assert _burst(gate, ["/api/v1/records"] * 40) == [200] * 40
    assert busy.most == 3


def test_liveness_passes_the_gate() -> None:
    busy = Busy()
    gate = DatabaseGate(busy, requests=1, uploads=1)
    assert _burst(gate, ["/api/v1/health/live"] * 10) == [200] * 10
    assert busy.most == 10


def _slots(settings: Settings, database: Database) -> int:
    app = create_app(settings, database)
    (gate,) = [m for m in app.user_middleware if m.cls is DatabaseGate]
    slots: int = gate.kwargs["requests"]
    return slots


def test_the_slots_come_from_the_settings_within_the_pool(world: Database) -> None:
    settings = settings_for(world)
    assert _slots(settings, world) == 4  # the default
    assert _slots(settings.model_copy(update={"request_slots": 2}), world) == 2
    # never more than the connection pool can serve beside the uploads and background work
    assert _slots(settings.model_copy(update={"request_slots": 64}), world) < 20


def test_slots_outside_their_range_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEW_REQUEST_SLOTS", "0")
    with pytest.raises(ValidationError, match="request_slots"):
        Settings()
