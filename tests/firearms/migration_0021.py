"""Run the backfills of migration 0021 (serial suffixes, trace batches) on a test database, as
an upgrade from 0020 would: later revisions' downgrades are not this test's business."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

from clew.storage import Database

_PATH = (
    Path(__file__).resolve().parents[2]
    / "src/clew/storage/migrations/versions/0021_firearm_serial_search.py"
)


def _revision() -> ModuleType:
    spec = importlib.util.spec_from_file_location("revision_0021", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def backfill(database: Database) -> None:
    revision = _revision()
    with database.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        revision._backfill_batches()
        revision._backfill_suffixes()
