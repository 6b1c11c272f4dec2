"""The one settings object, read from ``CLEW_*`` environment variables.

Every knob Clew has is documented here and in the README's configuration table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_SECRET", "Settings", "get_settings"]

DEFAULT_SECRET = "change-me-this-is-not-a-secret"  # noqa: S105 - the sentinel production refuses


class Settings(BaseSettings):
    """Runtime configuration.

    - ``database_url``: SQLAlchemy URL. SQLite (the default, a file under ``var/``) or
      ``postgresql+psycopg://user@host:port/db``.
    - ``secret_key``: signs CSRF cookies; must be set to a long random value in production.
    - ``host`` / ``port``: where ``clew serve`` binds.
    - ``production``: refuse the default secret and demo mode; mark cookies Secure.
    - ``demo``: the seeded demo world; shows demo users their current second-factor code.
    - ``person_review_years`` / ``object_review_years``: default alert lifetime before review.
    - ``max_upload_bytes``: the body limit for file imports (other requests: ``max_body_bytes``).
    """

    model_config = SettingsConfigDict(env_prefix="CLEW_", extra="ignore")

    database_url: str = "sqlite:///var/clew.db"
    secret_key: str = DEFAULT_SECRET
    host: str = "127.0.0.1"
    port: int = 8000
    production: bool = False
    demo: bool = False
    session_hours: float = Field(default=8.0, gt=0, le=72)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: float = Field(default=15.0, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    max_upload_bytes: int = Field(default=200_000_000, ge=1024)
    person_review_years: int = Field(default=5, ge=1, le=20)
    object_review_years: int = Field(default=10, ge=1, le=30)

    def check_for_server(self) -> None:
        """Raise ``ConfigurationError`` when this configuration must not serve requests."""
        from clew.errors import ConfigurationError

        if self.production:
            if (
                not self.secret_key
                or self.secret_key == DEFAULT_SECRET
                or len(self.secret_key) < 32
            ):
                raise ConfigurationError(
                    "CLEW_SECRET_KEY must be set to a random value of at least 32 characters "
                    "in production"
                )
            if self.demo:
                raise ConfigurationError("CLEW_DEMO cannot be enabled in production")

    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix) :])
        return None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
