"""Web UI: server-rendered pages (Jinja2) with htmx for the interactive parts.

A thin shell like the API: each route parses a form, calls one service function and renders.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from clew import i18n
from clew.web import (
    access_pages,
    alerts_pages,
    audit_pages,
    auth_pages,
    check_pages,
    exchange_message_pages,
    exchange_pages,
    exchange_request_pages,
    firearm_pages,
    hit_pages,
    import_pages,
    intel_analysis_pages,
    intel_chart_pages,
    intel_io_pages,
    intel_pages,
    liaison_pages,
    manifest_pages,
    operation_live_pages,
    operation_pages,
    operation_report_pages,
    records_pages,
    trace_pages,
    trace_stats_pages,
)
from clew.web.deps import LoginRequired
from clew.web.errors import error_page
from clew.web.render import language_for

__all__ = ["error_page", "install"]


class PageLanguage:
    """A page speaks its reader's language (cookie, else the browser's) from the start of the
    request, so what a handler words before rendering (a form's problems) is in it too; the
    signed-in user's own choice is applied again when the page renders. A plain ASGI
    middleware: the API, which answers in English, pays nothing for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api/"):
            i18n.set_language(language_for(Request(scope)))
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    # import_pages before records_pages: /records/import is not a record id; likewise
    # trace_stats_pages before trace_pages: /traces/routes is not a trace id; and
    # operation_report_pages before operation_pages: /operations/compare is not an id.
    modules = (auth_pages, access_pages, audit_pages, import_pages, records_pages, alerts_pages,
               check_pages, hit_pages, manifest_pages, trace_stats_pages, trace_pages,
               firearm_pages, intel_pages, intel_chart_pages, intel_analysis_pages,
               intel_io_pages, exchange_pages, exchange_message_pages,
               exchange_request_pages, liaison_pages, operation_report_pages, operation_pages,
               operation_live_pages)  # fmt: skip
    for module in modules:
        app.include_router(module.router)

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)

    app.add_exception_handler(LoginRequired, login_required)

    app.add_middleware(PageLanguage)
