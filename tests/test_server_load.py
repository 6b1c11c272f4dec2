"""A burst of requests on one process: every one is answered, none waits for the pool to time out.

Found by bench/serving.py: with 128 clients on one process, every worker thread waited for a
pooled connection while the requests holding the connections waited for a thread to commit in,
and nothing moved until the pool's 30-second timeout failed some of them.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import bearer, make_token

CLIENTS = 128


def test_a_burst_of_clients_is_answered_in_full(
    world: Database,
    live_url: str,
) -> None:
    token = make_token(world, "officer.bg", Scope.READ, Scope.WRITE)

    def one(i: int) -> int:
        with httpx.Client(base_url=live_url, headers=bearer(token), timeout=120) as client:
            if i % 2:
                body = {"person": {"names": [f"Ivan Petrov {i}"]}}
                return client.post("/api/v1/checks", json=body).status_code
            return client.get("/api/v1/records", params={"limit": 5}).status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(one, range(CLIENTS * 2)))
    assert statuses == [200] * (CLIENTS * 2)
