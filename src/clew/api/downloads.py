"""File downloads, the same for the API and the web pages: a body, its type and a file name."""

from __future__ import annotations

from fastapi.responses import Response

__all__ = ["MEDIA_TYPES", "attachment"]

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


def attachment(body: str, media_type: str, filename: str) -> Response:
    """``body`` as a file the browser saves as ``filename`` (never shown inline)."""
    return Response(
        body, media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )  # fmt: skip
