"""Every table of every domain, imported in one place for Alembic and for ``create_all``."""

from clew.access.models import (
    Agency,
    ApiToken,
    AuditEntry,
    AuditHead,
    LoginFailure,
    User,
    WebSession,
)

__all__ = ["Agency", "ApiToken", "AuditEntry", "AuditHead", "LoginFailure", "User", "WebSession"]
