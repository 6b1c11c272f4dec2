"""The one settings object, read from ``CLEW_*`` environment variables.

Every knob Clew has is documented here and in the README's configuration table.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_SECRET", "BodyKind", "Settings", "get_settings"]

#: What an attachment's upload may carry beyond the file: the multipart framing and its name.
MULTIPART_ALLOWANCE = 64 * 1024

DEFAULT_SECRET = "change-me-this-is-not-a-secret"  # noqa: S105 - the sentinel production refuses


class BodyKind(StrEnum):
    """The kinds of request body, each with its own configurable size limit."""

    DEFAULT = "default"
    IMPORT = "import"
    MANIFEST = "manifest"
    ATTACHMENT = "attachment"


class Settings(BaseSettings):
    """Runtime configuration.

    - ``database_url``: SQLAlchemy URL. SQLite (the default, a file under ``var/``) or
      ``postgresql+psycopg://user@host:port/db``.
    - ``secret_key``: signs CSRF tokens; must be set to a long random value in production.
    - ``host`` / ``port``: where ``clew serve`` binds.
    - ``workers``: server processes ``clew serve`` starts (PostgreSQL; SQLite serves from one).
    - ``production``: refuse the default secret and demo mode; name cookies ``__Host-...``
      (Secure, Path=/, no Domain) and send HSTS: it must be served over HTTPS.
    - ``demo``: the seeded demo world; shows demo users their current second-factor code.
    - ``person_review_years`` / ``object_review_years``: default alert lifetime before review.
    - ``audit_key_file``: the key that signs audit anchors (created on first use, mode 0600);
      keep it out of the database and its backups.
    - ``audit_anchor_file``: where signed anchors of the audit chain are appended.
    - ``audit_anchor_minutes``: how often a server appends an anchor when the log has grown.
    - Request body limits, one per kind of body (:class:`BodyKind`), enforced while the body
      streams in; a body over its limit gets 413 naming the limit:
      ``max_body_bytes`` (JSON and forms, 1 MB), ``max_upload_bytes`` (record and analysis-file
      imports, 200 MB), ``max_manifest_bytes`` (passenger manifests to screen, 50 MB).
    - ``spool_dir``: where uploads wait for the job that reads them (``var/spool``). Every
      process that runs jobs (servers, ``clew worker``) must see the same directory.
    - ``attachment_max_bytes``: the largest file attached to an exchange message (20 MiB); its
      upload's body may exceed it by the multipart framing only.
    - ``attachments_dir``: where attachments are stored, by SHA-256, outside the web root. When
      unset, ``attachments/`` beside the SQLite database file, or ``var/attachments``.
    - ``in_process_worker``: run one job worker thread inside each server. Always on with
      SQLite; on PostgreSQL set it to false when ``clew worker`` processes run the jobs.
    - ``request_slots``: requests of one server process at the database at once (4); the
      rest wait their turn without holding a thread or a connection. Each process runs Python
      on one core at a time: more slots do not serve more, they make every request slower.
    - ``index_dir``: where the screening index's snapshots are kept, one subdirectory per
      database (:mod:`clew.screening.snapshot`): the first server process of a machine builds
      the index and writes it there, the others (and later starts) map it and share its
      memory. When unset, ``index/`` beside the SQLite database file, or ``var/index``. It
      holds watchlist names: protect it like the database.
    """

    model_config = SettingsConfigDict(env_prefix="CLEW_", extra="ignore")

    database_url: str = "sqlite:///var/clew.db"
    secret_key: str = DEFAULT_SECRET
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, le=64)
    production: bool = False
    demo: bool = False
    session_hours: float = Field(default=8.0, gt=0, le=72)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: float = Field(default=15.0, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    max_upload_bytes: int = Field(default=200_000_000, ge=1024)
    max_manifest_bytes: int = Field(default=50_000_000, ge=1024)
    audit_key_file: Path = Path("var/audit.key")
    audit_anchor_file: Path = Path("var/audit-anchors.jsonl")
    audit_anchor_minutes: float = Field(default=10.0, gt=0)
    person_review_years: int = Field(default=5, ge=1, le=20)
    object_review_years: int = Field(default=10, ge=1, le=30)
    spool_dir: Path = Path("var/spool")
    attachment_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    attachments_dir: Path | None = None
    in_process_worker: bool = True
    index_dir: Path | None = None
    request_slots: int = Field(default=4, ge=1, le=64)

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

    def body_limit(self, kind: BodyKind) -> int:
        """The largest request body, in bytes, accepted for ``kind``."""
        return {
            BodyKind.DEFAULT: self.max_body_bytes,
            BodyKind.IMPORT: self.max_upload_bytes,
            BodyKind.MANIFEST: self.max_manifest_bytes,
            BodyKind.ATTACHMENT: self.attachment_max_bytes + MULTIPART_ALLOWANCE,
        }[kind]

    def attachments_path(self) -> Path:
        """Where attachments are stored: ``attachments_dir``, or beside the SQLite file."""
        if self.attachments_dir is not None:
            return self.attachments_dir
        database = self.sqlite_path()
        return database.parent / "attachments" if database else Path("var/attachments")

    def index_path(self) -> Path:
        """Where index snapshots are kept: ``index_dir``, or beside the SQLite file."""
        if self.index_dir is not None:
            return self.index_dir
        database = self.sqlite_path()
        return database.parent / "index" if database else Path("var/index")

    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix) :])
        return None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
