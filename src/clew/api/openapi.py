"""The OpenAPI document tells the truth about errors, documented here once for every route.

FastAPI documents a route's success and a 422 in its own validation shape. Clew answers every
failure in one shape (``api/errors.py``) with statuses that follow from what a route is:

- every route that needs a token: 401 (no or bad token), 403 (role or scope does not allow
  it), 503 (database unavailable or busy, with ``Retry-After``);
- a route with an id or token in its path, or a body that names something (an agency, a
  record): 404 (missing, or not visible: the same answer);
- a route that writes (POST, PATCH, PUT, DELETE) with a token: 409 (conflicts with the state);
- a route with parameters or a body: 422 (invalid input, field by field);
- a route with a body: 400 (unreadable body) and 413 (body over its limit).

:func:`install` post-processes the generated document, so no route repeats these.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

__all__ = ["ERROR_SCHEMA", "document_errors", "install"]

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "Stable, machine-readable"},
                "message": {"type": "string", "description": "For a person to read"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}

_DESCRIPTIONS = {
    "400": "The body could not be read",
    "401": "No token, or a token that is unknown, expired or revoked",
    "403": "The token's role or scopes do not allow this",
    "404": "Not found, or not visible to the caller (the same answer)",
    "409": "Conflicts with the current state",
    "413": "The body is over its size limit",
    "422": "Invalid input, field by field",
    "503": "The database is unavailable or busy; retry after `Retry-After` seconds",
}
_WRITES = {"post", "patch", "put", "delete"}
_METHODS = _WRITES | {"get", "head", "options"}


def _error(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if status == "503":
        response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return response


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    secured = bool(operation.get("security"))
    has_body = "requestBody" in operation
    statuses = []
    if secured:
        statuses += ["401", "403", "503"]
        if method in _WRITES:
            statuses.append("409")
    if "{" in path or (secured and has_body):
        statuses.append("404")
    if has_body or operation.get("parameters"):
        statuses.append("422")
    if has_body:
        statuses += ["400", "413"]
    return statuses


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses to every operation of ``document`` (in place) and return it."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method, operation):
                if status == "422" or status not in responses:
                    responses[status] = _error(status)
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 shape, now unused
        if f'"#/components/schemas/{name}"' not in json.dumps(document):
            schemas.pop(name, None)
    return document


def install(app: FastAPI) -> None:
    """Serve the generated document with the error responses added (built once, then cached)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
