"""``clew serve --workers N``: several server processes on PostgreSQL, one on SQLite."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import bearer, make_token

CHECK = {"person": {"names": ["Ivan Petrov"]}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_with_workers(world: Database) -> None:
    port = _free_port()
    env = {**os.environ, "CLEW_DATABASE_URL": world.url, "CLEW_SECRET_KEY": "k" * 40}
    command = [sys.executable, "-m", "clew", "serve", "--port", str(port), "--workers", "2"]
    if world.dialect == "sqlite":
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode != 0
        assert "SQLite serves from one process" in done.stderr
        assert "Traceback" not in done.stderr
        return
    token = make_token(world, "officer.bg", Scope.READ, Scope.WRITE)
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert time.monotonic() < deadline, "the server did not become ready"
            try:
                if httpx.get(f"{url}/api/v1/health/ready", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        with httpx.Client(base_url=url, headers=bearer(token), timeout=30) as client:
            statuses = [client.post("/api/v1/checks", json=CHECK).status_code for _ in range(20)]
        assert statuses == [200] * 20
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    assert "Traceback" not in stderr


def test_the_workers_socket_answers_small_requests_at_once() -> None:
    """Every connection the workers accept sends without waiting (``TCP_NODELAY``): uvicorn's
    own socket left Nagle's algorithm on, and each answer waited 40 ms for an acknowledgement."""
    from clew.server import workers_config
    from clew.settings import Settings

    settings = Settings(host="127.0.0.1", port=_free_port(), workers=2)
    listening = workers_config(settings).bind_socket()
    try:
        listening.listen()  # as each worker's server does with it
        with socket.create_connection(("127.0.0.1", settings.port), timeout=5):
            accepted, _ = listening.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        listening.close()
