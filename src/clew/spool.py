"""Uploads spooled to disk: a request body is written to a file as it arrives.

Nothing is held while a client sends (no database transaction, no lock, no copy of the whole
body in memory), and the file outlives the request, so a job can read it later. The caller
owns the file and removes it when done (``Spooled`` is a context manager that does so).
Size limits are enforced upstream, while the body streams (``server.BodyLimit``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType

from starlette.requests import Request

__all__ = ["Spooled", "spool_request"]


class Spooled:
    """A spooled upload: its ``path`` and ``size``; removed on leaving a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size

    def __enter__(self) -> Spooled:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.remove()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


async def spool_request(request: Request, directory: Path | None = None) -> Spooled:
    """Write the request body to a new file in ``directory`` (the system's temporary folder
    when None) as it arrives; the file is removed if the client goes away half-way."""
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix="clew-upload-", suffix=".spool", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            async for chunk in request.stream():
                handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Spooled(path)
