"""One error shape for every API failure, mapped in this one place.

``{"error": {"code": "validation_error", "message": "...", "fields": [{"field", "message"}]}}``
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from clew.errors import ClewError, FieldError
from clew.storage.failures import as_clew_error

__all__ = ["RETRY_AFTER_SECONDS", "HtmlErrorPage", "error_body", "install"]

#: Renders an error for a browser: (request, status, code, message) -> HTML response.
HtmlErrorPage = Callable[[Request, int, str, str], Response]

log = logging.getLogger("clew.api")

#: What a 503 (busy, database unavailable, not ready) tells a client to wait before retrying.
RETRY_AFTER_SECONDS = 30

_HTTP_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type",
    429: "too_many_attempts", 503: "busy",
}  # fmt: skip


def error_body(code: str, message: str, fields: list[FieldError] | None = None) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "fields": [{"field": f.field, "message": f.message} for f in fields or []],
        }
    }


def _field_name(loc: tuple[Any, ...], body: Any) -> str:
    """Dotted field path, without the tags pydantic adds for discriminated unions.

    ``("body", "person", "names", 0)`` for a body whose ``kind`` is ``person`` -> ``names.0``.
    """
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    kept: list[str] = []
    current = body
    for part in parts:
        if isinstance(current, dict) and current.get("kind") == part and part not in current:
            continue  # a union tag, not a field
        kept.append(part)
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            current = None
    return ".".join(kept) or "body"


def _validation_fields(exc: RequestValidationError) -> list[FieldError]:
    fields = []
    for err in exc.errors():
        message = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        if err.get("type") == "union_tag_invalid":
            expected = (err.get("ctx") or {}).get("expected_tags", "")
            fields.append(FieldError("kind", f"must be one of {expected}"))
            continue
        if err.get("type") == "json_invalid":
            message = "is not valid JSON"
        elif err.get("type") == "extra_forbidden":
            message = "is not a known field"
        fields.append(FieldError(_field_name(tuple(err.get("loc", ())), exc.body), message))
    return fields


def _headers_for(status: int) -> dict[str, str]:
    if status == 401:
        return {"WWW-Authenticate": "Bearer"}
    if status == 503:
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return {}


def install(app: FastAPI, html: HtmlErrorPage) -> None:
    """Errors on ``/api/`` paths answer in the JSON shape; elsewhere ``html`` renders a page."""

    def for_browser(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    async def clew_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClewError)
        headers = _headers_for(exc.status)
        if for_browser(request):
            response = html(request, exc.status, exc.code, exc.detail)
            response.headers.update({k: v for k, v in headers.items() if k == "Retry-After"})
            return response
        return JSONResponse(
            error_body(exc.code, exc.detail, exc.fields), status_code=exc.status, headers=headers
        )

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        fields = _validation_fields(exc)
        message = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
        if for_browser(request):
            if any(tuple(err.get("loc", ()))[:1] == ("path",) for err in exc.errors()):
                return html(request, 404, "not_found", "")  # /records/abc: no such page
            request.state.validation_errors = exc.errors()  # worded by the page, translated
            return html(request, 422, "bad_address", message)
        return JSONResponse(error_body("validation_error", message, fields), status_code=422)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "error")
        if for_browser(request):
            return html(request, exc.status_code, code, str(exc.detail))
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    async def database_error(request: Request, exc: Exception) -> Response:
        translated = as_clew_error(exc)
        if translated is None:
            return await unexpected(request, exc)
        # The kind of failure only: the driver's message can quote SQL and searched values.
        log.warning("database unavailable", extra={"clew": {"error": type(exc).__name__}})
        return await clew_error(request, translated)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error")
        if for_browser(request):
            return html(request, 500, "internal_error", "")
        return JSONResponse(
            error_body("internal_error", "Something went wrong on our side."), status_code=500
        )

    app.add_exception_handler(ClewError, clew_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DBAPIError, database_error)
    app.add_exception_handler(Exception, unexpected)
