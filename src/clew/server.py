"""The application factory: one FastAPI app serving the web UI and ``/api/v1``.

Called by ``clew serve`` / ``clew demo`` and by the tests, each with its own settings and
database, so nothing here reads globals at import time.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clew import __version__, api, web
from clew.api.errors import error_body
from clew.api.errors import install as install_error_handlers
from clew.api.openapi import install as install_openapi
from clew.jobs import Worker
from clew.logs import bind, request_context
from clew.screening.follow import Follower
from clew.screening.snapshot import SnapshotStore
from clew.screening.sync import IndexKeeper
from clew.settings import BodyKind, Settings
from clew.storage import Database
from clew.storage.database import BACKGROUND_CONNECTIONS, POOL_OVERFLOW, POOL_SIZE

__all__ = ["app_from_environment", "create_app"]

log = logging.getLogger("clew.http")

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "node_modules"
# npm packages served under /vendor/<package>/: the folder of each that holds its browser build.
VENDORED = {
    "htmx.org": "dist", "cytoscape": "dist", "cytoscape-svg": ".", "d3": "dist",
    "topojson-client": "dist", "world-atlas": ".",
}  # fmt: skip

UPLOAD_SLOTS = 3  # uploads at the database at once, apart from every other request

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}
# Production only (it is served over HTTPS): browsers then refuse plain HTTP for two years.
HSTS = {"Strict-Transport-Security": "max-age=63072000; includeSubDomains"}


def body_kind(path: str) -> BodyKind:
    """Which size limit a request body falls under, by its route."""
    if path.endswith("/import"):
        return BodyKind.IMPORT
    if path.endswith("/attachments"):
        return BodyKind.ATTACHMENT
    if path in ("/api/v1/screenings", "/screen"):
        return BodyKind.MANIFEST
    return BodyKind.DEFAULT


_BODY_LABELS = {
    BodyKind.DEFAULT: "this kind of request",
    BodyKind.IMPORT: "file imports",
    BodyKind.MANIFEST: "passenger manifests",
    BodyKind.ATTACHMENT: "attachments",
}


def _size(limit: int) -> str:
    """``1 MB``, ``10 kB``, ``1500 bytes``: decimal units, as people write upload limits."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if limit >= scale:
            return f"{limit / scale:g} {unit}"
    return f"{limit} bytes"


class DatabaseGate:
    """At most as many requests at the database at once as the connection pool can serve.

    Without it, a burst of requests (128 clients on one process) filled every worker thread with
    a wait for a pooled connection, while the requests holding the connections waited for a
    thread to commit in: nothing moved until the pool's 30 s timeout. Requests beyond the bound
    now wait here, in the event loop, holding nothing. The bound is ``request_slots`` (4), well
    under the pool: more requests running at once in one process only take turns at its one
    interpreter lock and hold their row locks longer (16 at once cost 27% more CPU per check,
    in the process and in PostgreSQL, than 4, for 25% fewer checks a second). Uploads have a
    small gate of their own, so slow uploaders cannot keep checks out. Paths that never touch
    the database (static files, liveness) pass freely.

    A long-lived event stream (``STREAMS``: the live dashboards of :mod:`clew.operations.live`)
    holds a place only until its answer starts; it then finds the gate in ``request.state.
    database_gate`` and takes a place for each of its short reads, never while it waits.
    """

    FREE = ("/static/", "/vendor/", "/api/v1/health/live")
    STREAMS = ("/live/stream",)

    def __init__(self, app: ASGIApp, requests: int, uploads: int) -> None:
        self.app = app
        self.requests = asyncio.Semaphore(requests)
        self.uploads = asyncio.Semaphore(uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.FREE):
            await self.app(scope, receive, send)
            return
        if scope["path"].endswith(self.STREAMS):
            await self._stream(scope, receive, send)
            return
        upload = body_kind(scope["path"]) is not BodyKind.DEFAULT and scope["method"] == "POST"
        async with self.uploads if upload else self.requests:
            await self.app(scope, receive, send)

    async def _stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})["database_gate"] = self.requests
        await self.requests.acquire()
        held = True

        async def releasing_send(message: Message) -> None:
            nonlocal held
            if held and message["type"] == "http.response.start":
                held = False
                self.requests.release()
            await send(message)

        try:
            await self.app(scope, receive, releasing_send)
        finally:
            if held:
                self.requests.release()


class Answers:
    """Every answer carries the security headers (and ``Cache-Control: no-store``) unless it set
    its own, and leaves one log line: method, path, status and milliseconds. The path only,
    never the query string: it can hold names or document numbers.

    A plain ASGI middleware, not Starlette's ``BaseHTTPMiddleware``: that one runs the
    application in a task of its own and streams its answer through a queue, work every
    request paid for (nearly half of a liveness probe's cost, with the page-language one).
    """

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in (headers | {"Cache-Control": "no-store"}).items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_context.set(None)
        bind(method=scope["method"], path=scope["path"])
        started = time.perf_counter()
        status = 0

        async def answering(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in self.headers if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, answering)
        log.info("request", extra={"clew": {
            "status": status, "ms": round((time.perf_counter() - started) * 1000, 1)}})  # fmt: skip


class BodyLimit:
    """Refuse a request body over its kind's limit (``Settings.body_limit``) with 413.

    A declared ``Content-Length`` over the limit is refused before the body is read. A body
    streamed without one (chunked) is counted as it arrives: at the first byte over, the 413 is
    sent, the application sees the client gone, and whatever it answers is dropped. The 413
    names the limit. It passes through the same header middleware as every other answer.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = body_kind(scope["path"])
        limit = self.settings.body_limit(kind)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, kind, limit)
            return
        seen = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit and not started:
                refused = True
                await self._refuse(scope, receive, send, kind, limit)
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has gone out: the application's own answer is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:
                raise  # after a refusal, the application's failure to read the body is expected

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, kind: BodyKind, limit: int
    ) -> None:
        message = f"The request body is over the {_size(limit)} limit for {_BODY_LABELS[kind]}."
        response = JSONResponse(error_body("payload_too_large", message), status_code=413)
        await response(scope, receive, send)


SWEEP_SECONDS = 3600


async def _sweep_expired_alerts(db: Database) -> None:
    """Mark alerts past their expiry as lapsed, at start-up and then hourly.

    Reads already treat an expired alert as inactive; the sweep records it in the data and the
    history. Several processes may sweep at once: the second finds nothing left to do.
    """
    from clew.access.actor import Actor
    from clew.records.alerts import sweep_expired

    def sweep() -> int:
        with db.transaction() as session:
            return sweep_expired(session, Actor.system())

    while True:
        try:
            lapsed = await asyncio.to_thread(sweep)
            if lapsed:
                log.info("alerts expired", extra={"clew": {"count": lapsed}})
        except Exception:
            log.exception("alert sweep failed")
        await asyncio.sleep(SWEEP_SECONDS)


async def _anchor_audit(db: Database, settings: Settings) -> None:
    """Append a signed anchor of the audit chain every few minutes, when it has grown."""
    from clew.access import anchors, audit

    last: int | None = None

    def anchor_once() -> int:
        key = anchors.load_key(settings.audit_key_file)
        with db.reading() as session:
            anchor = audit.anchor(session, key)
        if anchor.seq != last and anchor.seq > 0:
            anchors.append(settings.audit_anchor_file, anchor)
        return anchor.seq

    while True:
        await asyncio.sleep(settings.audit_anchor_minutes * 60)
        try:
            last = await asyncio.to_thread(anchor_once)
        except Exception:
            log.exception("audit anchoring failed")


def _build_index(db: Database, keeper: IndexKeeper, follower: Follower) -> None:
    """Load the screening index while the server already answers (checks get 503 "starting"
    with the progress until then), then follow the change feed."""
    started = time.perf_counter()
    try:
        with db.reading() as session:
            keeper.build(session)
    except Exception:
        log.exception("screening index build failed; retrying at the next check")
        keeper.background = False  # the next check builds it in the foreground
    else:
        seconds = round(time.perf_counter() - started, 2)
        how = "mapped from its snapshot" if keeper.from_snapshot else "built"
        log.info(f"screening index {how}", extra={"clew": {"records": len(keeper.index),
                                                           "s": seconds}})  # fmt: skip
    follower.start()


def create_app(settings: Settings, database: Database | None = None) -> FastAPI:
    settings.check_for_server()
    db = database or Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        follower = Follower(app.state.index, db)  # keeps the index up with the change feed
        builder = threading.Thread(
            target=_build_index, args=(db, app.state.index, follower), name="clew-index",
            daemon=True,
        )  # fmt: skip
        builder.start()  # the port opens at once; /health/ready says when checks can run
        sweeper = asyncio.create_task(_sweep_expired_alerts(db))
        anchorer = asyncio.create_task(_anchor_audit(db, settings))
        worker: Worker = app.state.worker  # runs queued jobs (clew.jobs)
        if settings.in_process_worker or db.dialect == "sqlite":
            worker.start()
        pulse = None
        if settings.demo:  # the demo's running operation moves by itself
            from clew.operations.pulse import start_pulse

            pulse = start_pulse(db, app.state.index)
        yield
        if pulse is not None:
            pulse.set()
        await asyncio.to_thread(worker.stop)  # a running job goes back to the queue
        sweeper.cancel()
        anchorer.cancel()
        await asyncio.to_thread(builder.join)
        await asyncio.to_thread(follower.stop)
        if database is None:
            db.dispose()

    app = FastAPI(
        title="Clew API",
        version=__version__,
        description=(
            "Shared watchlists, screening, analysis and liaison for police and border "
            "agencies. Authenticate with a bearer token created in the web UI "
            "(Tokens page) or with `clew tokens create`."
        ),
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.database = db
    snapshots = SnapshotStore.for_database(settings.index_path(), db.url)
    app.state.index = IndexKeeper(background=True, snapshots=snapshots)
    app.state.worker = Worker(db, lambda: app.state.index)
    install_error_handlers(app, web.error_page)
    install_openapi(app)
    app.include_router(api.router)
    app.include_router(api.records_router)
    app.include_router(api.screening_router)
    app.include_router(api.intel_router)
    app.include_router(api.firearms_router)
    app.include_router(api.traces_router)
    app.include_router(api.liaison_router)
    app.include_router(api.exchange_requests_router)
    app.include_router(api.exchange_router)
    app.include_router(api.exchange_clearing_router)
    app.include_router(api.exchange_search_router)
    app.include_router(api.operations_router)
    app.include_router(api.operations_live_router)
    app.include_router(api.operation_reports_router)
    web.install(app)
    app.mount("/static", StaticFiles(directory=Path(web.__file__).with_name("static")), "static")
    for package, folder in VENDORED.items():
        if (VENDOR / package).exists():
            app.mount(
                f"/vendor/{package}", StaticFiles(directory=VENDOR / package / folder), package
            )

    # Added before the header middleware below, so it runs inside it: a 413 gets the security
    # headers and the request log line like any other answer.
    app.add_middleware(BodyLimit, settings=settings)
    capacity = POOL_SIZE + POOL_OVERFLOW - BACKGROUND_CONNECTIONS
    slots = min(settings.request_slots, capacity - UPLOAD_SLOTS)
    app.add_middleware(DatabaseGate, requests=slots, uploads=UPLOAD_SLOTS)
    app.add_middleware(Answers, headers=SECURITY_HEADERS | (HSTS if settings.production else {}))

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


class _ListeningConfig(uvicorn.Config):
    """uvicorn's configuration whose shared listening socket sends small answers at once."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


def workers_config(settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration for ``settings.workers`` processes sharing one listening socket
    that sends small answers at once (``TCP_NODELAY``).

    uvicorn binds that socket without naming its protocol, so asyncio, which sets
    ``TCP_NODELAY`` only on sockets it knows are TCP, left Nagle's algorithm on for every
    connection the workers accepted: an answer's body waited for the client to acknowledge its
    headers, 40 ms each time (one client got 23 answers a second instead of 4,800). Linux
    hands the option on from the listening socket to the connections it accepts.
    """
    return _ListeningConfig(
        "clew.server:app_from_environment", factory=True, host=settings.host,
        port=settings.port, workers=settings.workers, log_level="warning", access_log=False,
    )  # fmt: skip


def app_from_environment() -> FastAPI:
    """The app of one of several server processes (``clew serve --workers N``): its settings
    come from the ``CLEW_*`` environment, like the parent's."""
    from clew import logs
    from clew.settings import get_settings

    logs.configure()
    return create_app(get_settings())
