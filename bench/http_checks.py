"""Checks over HTTP with 32 concurrent clients against ``clew serve`` (one process), on SQLite
or, run under ``scripts/pg_cluster.py``, on a throwaway PostgreSQL (``CLEW_TEST_DATABASE_URL``),
beside the same server's health endpoint under the same load (the floor of the HTTP stack).

Every check is a real one: token authentication, index refresh, scoring, hits stored and an
audit entry written — on SQLite, one writer at a time.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import bar_plot, write

from clew.access.actor import Actor
from clew.access.models import User
from clew.access.roles import Scope
from clew.access.schemas import TokenCreate
from clew.access.tokens import create_token
from clew.demo import load_world, seed
from clew.records.models import Record
from clew.storage import Database

PERSONS = int(os.environ.get("CLEW_BENCH_HTTP_PERSONS", "20000"))
CLIENTS = 32
SECONDS = 15.0


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _load(
    url: str, headers: dict[str, str], bodies: list[dict[str, object]] | None
) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + SECONDS
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:

        async def worker(seed: int) -> None:
            rng = random.Random(seed)
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                if bodies is None:
                    response = await client.get("/api/v1/health")
                else:
                    response = await client.post("/api/v1/checks", json=rng.choice(bodies))
                if response.status_code != 200:
                    nonlocal failures
                    failures += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(worker(i) for i in range(CLIENTS)))
    return len(latencies), sorted(latencies), failures


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url_db = os.environ.get("CLEW_TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'clew.db'}"
        database = Database(url_db)
        if database.dialect == "postgresql":
            with database.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        database.upgrade()
        backend = database.dialect
        with database.transaction() as session:
            seed(session)
            load_world(session, persons=PERSONS, documents=0, vehicles=0, firearms=0)
            officer = session.query(User).filter_by(username="officer.bg").one()
            _, token = create_token(session, officer.actor(Actor.system().channel),
                                    TokenCreate(name="bench", scopes=[Scope.READ]))  # fmt: skip
            names = [r.label.split(" (")[0] for r in session.query(Record).limit(2000)]
        database.dispose()
        bodies: list[dict[str, object]] = [{"person": {"names": [n]}} for n in names]
        port = _port()
        env = os.environ | {"CLEW_DATABASE_URL": url_db, "CLEW_PORT": str(port)}
        server = subprocess.Popen([sys.executable, "-m", "clew", "serve"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            headers = {"Authorization": f"Bearer {token}"}
            floor_n, floor, _ = asyncio.run(_load(url, headers, None))
            checks_n, latencies, failures = asyncio.run(_load(url, headers, bodies))
        finally:
            server.terminate()
            server.wait(timeout=30)
    results = {
        "persons": PERSONS, "clients": CLIENTS, "seconds": SECONDS, "backend": backend,
        "http_checks_per_s_32c": round(checks_n / SECONDS, 1),
        "http_p50_ms_32c": round(latencies[len(latencies) // 2], 1),
        "http_p99_ms_32c": round(latencies[int(len(latencies) * 0.99)], 1),
        "http_failed_requests": failures,
        "note": "SQLite: one writer at a time, and every check writes (audit, hits); requests "
                "that wait over 10 s for the write lock get 503 busy. PostgreSQL is the "
                "server-grade backend for concurrent use.",
        "baseline_health_per_s_32c": round(floor_n / SECONDS, 1),
        "baseline_health_p99_ms_32c": round(floor[int(len(floor) * 0.99)], 1),
    }  # fmt: skip
    print(results)
    write(f"http_checks_{backend}", results)
    bar_plot(f"http_checks_{backend}", f"Requests per second, {CLIENTS} clients, one server process",
             {"person check (audited, hits stored)": results["http_checks_per_s_32c"],
              "health endpoint (HTTP floor)": results["baseline_health_per_s_32c"]},
             "requests/s")  # fmt: skip


if __name__ == "__main__":
    main()
