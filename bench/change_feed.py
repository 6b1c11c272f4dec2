"""The change feed: what a check pays for keeping the index current, and how stale it gets.

On SQLite, and on PostgreSQL too when ``CLEW_BENCH_DATABASE_URL`` names one (for example under
``scripts/pg_cluster.py -- sh -c 'CLEW_BENCH_DATABASE_URL=$CLEW_TEST_DATABASE_URL ...'``):

- **Cost of a check with nothing changed.** The same audited checks (hits stored) run three
  ways: after the old look-back refresh (1,000 change numbers read before every check), after a
  synchronous ``catch_up``, and as the server now runs them (``settle``: nothing to do, the
  background follower keeps the index current).
- **Staleness.** A writer makes changes through one engine (creating a record, cancelling
  another, in turn) while a second engine's keeper follows in the background, as another
  server process would; for each change, the time from its commit until the follower's index
  shows it. p50 and p99.

Writes ``bench/results/change_feed.json``. ``CLEW_BENCH_FEED_PERSONS`` sets the world size.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import write
from sqlalchemy import func, select

from clew.access.actor import Actor
from clew.access.models import User
from clew.demo import load_world, seed
from clew.records import store
from clew.records.bulk import ADAPTER
from clew.records.kinds import RecordStatus
from clew.records.models import Record, RecordChange
from clew.screening import checks
from clew.screening.follow import POLL, SQLITE_POLL, Follower
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.storage import Database

PERSONS = int(os.environ.get("CLEW_BENCH_FEED_PERSONS", "20000"))
CHECKS = 200
CHANGES = 200
CHANGES_PER_S = 20.0
OLD_WINDOW = 1000
CHANNEL = Actor.system().channel


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 2)


def _database(url: str) -> Database:
    database = Database(url)
    if database.dialect == "postgresql":
        with database.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    database.upgrade()
    with database.transaction() as session:
        seed(session)
        load_world(session, persons=PERSONS, documents=0, vehicles=0, firearms=0)
    return database


def _old_refresh(session: Any, last: int) -> None:
    """What every check did before: read the last 1,000 change numbers, keep the unseen."""
    rows = session.execute(
        select(RecordChange.seq, RecordChange.record_id)
        .where(RecordChange.seq > last - OLD_WINDOW)
        .order_by(RecordChange.seq)
    ).all()
    applied = {seq for seq, _ in rows}  # nothing changed: every one was applied already
    fresh = [seq for seq, _ in rows if seq not in applied]
    assert not fresh


def _check_costs(database: Database) -> dict[str, float]:
    keeper = IndexKeeper()
    with database.reading() as session:
        keeper.build(session)
        last = session.execute(select(func.max(RecordChange.seq))).scalar_one()
        names = [r.label.split(" (")[0] for r in session.query(Record).limit(500)]
        officer = session.query(User).filter_by(username="officer.bg").one().actor(CHANNEL)
    rng = random.Random(7)
    requests = [CheckRequest.model_validate({"person": {"names": [rng.choice(names)]}})
                for _ in range(CHECKS)]  # fmt: skip

    def run(before: Callable[[Any], None]) -> list[float]:
        times = []
        for request in requests:
            started = time.perf_counter()
            with database.transaction() as session:
                before(session)
                checks.check(session, officer, keeper, request)
            times.append((time.perf_counter() - started) * 1000)
        return times

    old = run(lambda session: _old_refresh(session, last))
    caught = run(keeper.catch_up)
    settled = run(lambda session: None)  # check() itself settles: nothing changed, nothing read
    return {
        "check_ms_p50_old_refresh": _pct(old, 0.5),
        "check_ms_p50_catch_up_each": _pct(caught, 0.5),
        "check_ms_p50_background": _pct(settled, 0.5),
        "check_ms_p99_old_refresh": _pct(old, 0.99),
        "check_ms_p99_background": _pct(settled, 0.99),
        "refresh_overhead_ms_old": round(statistics.median(old) - statistics.median(settled), 2),
    }


def _staleness(database: Database) -> dict[str, float]:
    follower_db = Database(database.url)  # the other process's engine
    keeper = IndexKeeper()
    with follower_db.reading() as session:
        keeper.build(session)
    with database.reading() as session:
        owner = session.query(User).filter_by(username="datamanager.bg").one().actor(CHANNEL)
        cancellable = list(session.execute(
            select(Record.id).where(Record.owner_agency_id == owner.agency_id,
                                    Record.status == RecordStatus.ACTIVE)
            .limit(CHANGES)
        ).scalars())  # fmt: skip
    pending: dict[int, tuple[float, bool]] = {}  # record id -> (committed at, should be present)
    lock = threading.Lock()
    delays: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set() or pending:
            now = time.perf_counter()
            with lock:
                for record_id, (at, present) in list(pending.items()):
                    if (record_id in keeper.index.entries) == present:
                        delays.append((now - at) * 1000)
                        del pending[record_id]
            time.sleep(0.001)

    follower = Follower(keeper, follower_db)
    follower.start()
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(CHANGES):
            started = time.perf_counter()
            with database.transaction() as session:
                if i % 2 == 0 or not cancellable:
                    item = ADAPTER.validate_python({
                        "kind": "document", "document_type": "passport",
                        "number": f"FD{i:07d}", "issuing_country": "BG", "status": "stolen",
                        "alert": {"category": "object_to_seize", "action": "Seize"}})  # fmt: skip
                    record_id, present = store.create_record(session, owner, item).id, True
                else:
                    record_id, present = cancellable.pop(), False
                    store.cancel_record(session, owner, record_id, "bench")
            with lock:
                pending[record_id] = (time.perf_counter(), present)
            time.sleep(max(0.0, 1 / CHANGES_PER_S - (time.perf_counter() - started)))
        deadline = time.perf_counter() + 10
        while pending and time.perf_counter() < deadline:
            time.sleep(0.01)
    finally:
        done.set()
        watcher.join(timeout=15)
        follower.stop()
        follower_db.dispose()
    return {
        "changes": CHANGES, "changes_per_s": CHANGES_PER_S, "missed": len(pending),
        "staleness_ms_p50": _pct(delays, 0.5), "staleness_ms_p99": _pct(delays, 0.99),
        "staleness_ms_max": _pct(delays, 1.0),
    }  # fmt: skip


def _backend(url: str) -> dict[str, Any]:
    database = _database(url)
    try:
        results = {"backend": database.dialect, **_check_costs(database), **_staleness(database)}
    finally:
        database.dispose()
    print(results)
    return results


def main() -> None:
    runs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        runs["sqlite"] = _backend(f"sqlite:///{Path(tmp) / 'clew.db'}")
    if url := os.environ.get("CLEW_BENCH_DATABASE_URL"):
        runs["postgresql"] = _backend(url)
    write("change_feed", {
        "persons": PERSONS, "checks": CHECKS, "poll_s": {"sqlite": SQLITE_POLL, "postgresql": POLL},
        "staleness_p99_ms": max(r["staleness_ms_p99"] for r in runs.values()),
        **runs,
        "note": "Checks are full audited checks (hits stored) in one process, one after another. "
                "'old_refresh' reads the last 1,000 change numbers before each check as the "
                "keeper did before the change feed; 'background' is how the server checks now. "
                "Staleness: commit to visible in a second engine's index followed in the "
                "background (PostgreSQL: LISTEN/NOTIFY, polls as a fallback; SQLite: polls).",
    })  # fmt: skip


if __name__ == "__main__":
    main()
