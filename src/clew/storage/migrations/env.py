"""Alembic environment: migrations run against the engine the caller hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import clew.models  # noqa: F401 - registers every table on Base.metadata
from clew.storage import Base
from clew.storage.base import modelled

config = context.config
engine = config.attributes.get("engine") or create_engine(
    config.get_main_option("sqlalchemy.url", "")
)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=modelled,
    )
    context.run_migrations()
