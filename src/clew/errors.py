"""The one exception family.

Every error a user can meet is a ``ClewError``; the API maps it to one JSON shape
(``{"error": {"code", "message", "fields"}}``) and the CLI to one line and an exit code,
each in exactly one place (``api/errors.py``, ``cli.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AuthenticationError",
    "BusyError",
    "ClewError",
    "ConfigurationError",
    "ConflictError",
    "FieldError",
    "ForbiddenError",
    "NotFoundError",
    "ThrottledError",
    "TooLargeError",
    "UnavailableError",
    "UnsupportedTypeError",
    "ValidationError",
]


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class ClewError(Exception):
    status = 400
    code = "bad_request"
    exit_code = 1

    def __init__(self, detail: str, *, fields: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or []


class ValidationError(ClewError):
    status = 422
    code = "validation_error"
    exit_code = 2

    @classmethod
    def field(cls, field: str, message: str) -> ValidationError:
        return cls(f"{field}: {message}", fields=[FieldError(field, message)])


class NotFoundError(ClewError):
    """Also what a caller gets for something it may not see: hidden and missing look the same."""

    status = 404
    code = "not_found"
    exit_code = 3


class ForbiddenError(ClewError):
    status = 403
    code = "forbidden"
    exit_code = 4


class AuthenticationError(ClewError):
    status = 401
    code = "unauthenticated"
    exit_code = 5


class ThrottledError(ClewError):
    status = 429
    code = "too_many_attempts"
    exit_code = 6


class ConflictError(ClewError):
    status = 409
    code = "conflict"
    exit_code = 7


class TooLargeError(ClewError):
    """A file over its size limit (an attachment): nothing of it is kept."""

    status = 413
    code = "payload_too_large"
    exit_code = 13


class UnsupportedTypeError(ClewError):
    """A file whose content (never its name or declared type) is of a kind not accepted."""

    status = 415
    code = "unsupported_media_type"
    exit_code = 14


class BusyError(ClewError):
    """The embedded database is held by a long write (a large import): try again shortly."""

    status = 503
    code = "busy"
    exit_code = 10


class UnavailableError(ClewError):
    """The database cannot be reached or cannot be written (down, read-only, disk full)."""

    status = 503
    code = "unavailable"
    exit_code = 11


class StartingError(ClewError):
    """The server answers but is still building its screening index: try again shortly."""

    status = 503
    code = "starting"
    exit_code = 12

    def __init__(self, percent: int) -> None:
        super().__init__(f"Clew is starting: building the screening index ({percent}%).")
        self.percent = percent


class ConfigurationError(ClewError):
    status = 500
    code = "configuration_error"
    exit_code = 8
