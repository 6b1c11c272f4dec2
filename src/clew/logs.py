"""Structured JSON application logs.

Application logs carry request context (method, path, status, user id, duration), never
request bodies or query strings: searched names, document numbers and message bodies belong
in the audit log, which has its own access control.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

__all__ = ["bind", "configure", "request_context"]

request_context: ContextVar[dict[str, Any] | None] = ContextVar(
    "clew_request_context", default=None
)


def bind(**values: Any) -> None:
    """Add ``values`` to every log line of the current request (``server.Answers`` opens one
    per request). The request's one mapping is updated in place, so what a worker thread binds
    (the user behind a token, in a copy of the request's context) reaches its request line too."""
    current = request_context.get()
    if current is None:
        request_context.set(dict(values))
    else:
        current.update(values)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(request_context.get() or {})
        extra = getattr(record, "clew", None)
        if isinstance(extra, dict):
            entry.update(extra)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("clew")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
