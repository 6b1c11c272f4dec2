"""The application factory: one FastAPI app serving the web UI and ``/api/v1``.

Called by ``clew serve`` / ``clew demo`` and by the tests, each with its own settings and
database, so nothing here reads globals at import time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clew import __version__, api, web
from clew.api.errors import error_body
from clew.api.errors import install as install_error_handlers
from clew.jobs import JobRegistry
from clew.logs import bind, request_context
from clew.screening.sync import IndexKeeper
from clew.settings import Settings
from clew.storage import Database

__all__ = ["create_app"]

log = logging.getLogger("clew.http")

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "node_modules"
# npm packages served under /vendor/<package>/: the folder of each that holds its browser build.
VENDORED = {"htmx.org": "dist", "cytoscape": "dist", "cytoscape-svg": "."}

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, declared or streamed.

    File imports (paths ending in ``/import``) get ``upload_limit`` instead.
    """

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.default = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].endswith("/import") else self.default
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = JSONResponse(
            error_body("payload_too_large", f"Request body over {limit} bytes."),
            status_code=413,
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


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


def _build_index(db: Database, keeper: IndexKeeper) -> None:
    """Load the screening index before the first request is served."""
    started = time.perf_counter()
    with db.reading() as session:
        keeper.build(session)
    log.info("screening index built", extra={"clew": {
        "records": len(keeper.index), "s": round(time.perf_counter() - started, 2)}})  # fmt: skip


def create_app(settings: Settings, database: Database | None = None) -> FastAPI:
    settings.check_for_server()
    db = database or Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(_build_index, db, app.state.index)
        sweeper = asyncio.create_task(_sweep_expired_alerts(db))
        yield
        sweeper.cancel()
        await asyncio.to_thread(app.state.jobs.shutdown)
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
    app.state.jobs = JobRegistry()
    app.state.index = IndexKeeper()
    install_error_handlers(app, web.error_page)
    app.include_router(api.router)
    app.include_router(api.records_router)
    app.include_router(api.screening_router)
    app.include_router(api.intel_router)
    web.install(app)
    app.mount("/static", StaticFiles(directory=Path(web.__file__).with_name("static")), "static")
    for package, folder in VENDORED.items():
        if (VENDOR / package).exists():
            app.mount(
                f"/vendor/{package}", StaticFiles(directory=VENDOR / package / folder), package
            )

    @app.middleware("http")
    async def context_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_context.set(None)
        bind(method=request.method, path=request.url.path)
        started = time.perf_counter()
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
        # Path only, never the query string: it can hold names or document numbers.
        log.info(
            "request",
            extra={"clew": {"status": response.status_code,
                            "ms": round((time.perf_counter() - started) * 1000, 1)}},
        )  # fmt: skip
        return response

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes
    )
    return app
