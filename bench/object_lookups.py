"""Objects through the database's key index: lookups per second, and memory that stays flat.

A database gets ``CLEW_BENCH_OBJECTS`` stolen travel documents (300k by default; 10M with
``CLEW_BENCH_OBJECTS=10000000``), written with ``executemany`` straight into ``records``,
``alerts`` and ``record_keys`` (not through the ORM): SQLite by default, PostgreSQL when
``CLEW_TEST_DATABASE_URL`` is set (``scripts/pg_cluster.py -- .venv/bin/python
bench/object_lookups.py``; its schema is dropped first). Then, in the same run:

- **Exact lookups** (``exact_lookups_per_s``; a manifest's prefetch,
  :func:`clew.screening.objects.lookup`): stored document numbers found per second, 500 keys
  per query, each record found read as an entry (its live alert, countries and owner). At 10M
  documents also written as ``exact_lookups_per_s_10m`` (the serving target: 50,000/s).
- **Single lookups** (one check, :class:`~clew.screening.objects.DatabaseKeys`): one query per
  number; and both again for numbers on no watchlist (misses, nearly all of border traffic).
- **Baseline**: the old in-memory dict (key -> entries, as the index held every document) over
  ``BASELINE`` documents, lookups per second and bytes per document.
- **Memory**: the lookups run in a fresh process, whose resident size is read before and after
  them (``lookup_rss_mb``: flat whatever the documents); the resident size of a fresh process
  after its index keeper is built, with no documents and with all of them; beside what the old
  in-memory entries would need for the same number (bytes per document measured here, times N).

Writes ``bench/results/object_lookups.json`` (``object_lookups_postgresql.json`` on
PostgreSQL; another number of documents adds it to the name: ``object_lookups_10m.json``).
"""

from __future__ import annotations

import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import write
from sqlalchemy import insert, select, text

from clew.access.models import Agency
from clew.demo import seed_agencies
from clew.records.models import Alert, Record, RecordKey
from clew.screening.entries import AlertInfo, Entry, screening_data
from clew.screening.keys import SCREEN_KEY, object_keys
from clew.screening.objects import DatabaseKeys, MemoryKeys, lookup
from clew.screening.sync import IndexKeeper
from clew.storage import Database, utcnow

OBJECTS = int(os.environ.get("CLEW_BENCH_OBJECTS", "300000"))
BASELINE = min(OBJECTS, 200_000)
PROBES = 20_000
SINGLE = 2_000
BATCH = 50_000
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def _rss_mb() -> float:
    """The current resident size (not the peak) of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def number(i: int) -> str:
    """The i-th synthetic document number: unique for i below 10**8."""
    return f"{LETTERS[i % len(LETTERS)]}{(i * 7919) % 10**8:08d}"


def _fill(database: Database, count: int) -> None:
    with database.transaction() as session:
        seed_agencies(session)
        owner, country = session.execute(select(Agency.id, Agency.country).limit(1)).one()
    now, today = utcnow(), utcnow().date()
    records, alerts, keys = Record.__table__, Alert.__table__, RecordKey.__table__
    with database.engine.begin() as conn:
        for start in range(1, count + 1, BATCH):
            ids = range(start, min(count, start + BATCH - 1) + 1)
            data = [{"kind": "document", "document_type": "passport", "number": number(i),
                     "issuing_country": "BG", "status": "stolen"} for i in ids]  # fmt: skip
            conn.execute(insert(records), [
                {"id": i, "kind": "document", "owner_agency_id": owner, "owner_country": country,
                 "status": "active", "visibility_mode": "all", "label": f"{d['number']} (BG)",
                 "search_text": d["number"].lower(), "data": json.dumps(d), "version": 1,
                 "created_at": now, "updated_at": now}
                for i, d in zip(ids, data, strict=True)
            ])  # fmt: skip
            conn.execute(insert(alerts), [
                {"record_id": i, "category": "object_to_seize", "action": "Seize",
                 "handling_code": "H0", "status": "active",
                 "review_on": today + timedelta(days=3000),
                 "expires_on": today + timedelta(days=3650), "created_at": now,
                 "updated_at": now}
                for i in ids
            ])  # fmt: skip
            conn.execute(insert(keys), [
                {"record_id": i, "key": key, "value": value}
                for i, d in zip(ids, data, strict=True)
                for key, value in [("document", d["number"])]
                + [(SCREEN_KEY, k) for k in object_keys("document", d)]
            ])  # fmt: skip


def _probe_keys(count: int, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [next(iter(object_keys("document", {"number": number(rng.randrange(1, count + 1))})))
            for _ in range(n)]  # fmt: skip


def database_lookups(url: str) -> dict[str, Any]:
    """In a fresh process: lookups per second, and its resident size before and after them."""
    keys = _probe_keys(OBJECTS, PROBES, 1)
    database = Database(url)
    gc.collect()
    rss_before = _rss_mb()
    with database.reading() as session:
        lookup(session, keys[:500])  # warm the connection and the page cache a little
        started = time.perf_counter()
        found = lookup(session, keys)
        bulk_s = time.perf_counter() - started
        assert len(found) == len(set(keys)), "every probe is a stored document"
        single = DatabaseKeys(session)
        started = time.perf_counter()
        for key in keys[:SINGLE]:
            assert single.find([key])
        single_s = time.perf_counter() - started
        # Border traffic: nearly every document checked is on no watchlist.
        misses = [f"doc:ZZ{i:07d}" for i in range(PROBES)]
        started = time.perf_counter()
        assert not lookup(session, misses)
        miss_bulk_s = time.perf_counter() - started
        started = time.perf_counter()
        for key in misses[:SINGLE]:
            assert not single.find([key])
        miss_single_s = time.perf_counter() - started
    del found
    gc.collect()
    rss_after = _rss_mb()
    database.dispose()
    return {"exact_lookups_per_s": round(PROBES / bulk_s),
            "single_lookups_per_s": round(SINGLE / single_s),
            "bulk_misses_per_s": round(PROBES / miss_bulk_s),
            "single_misses_per_s": round(SINGLE / miss_single_s),
            "lookup_rss_mb": {"before": round(rss_before, 1), "after": round(rss_after, 1)}}  # fmt: skip


def _memory_baseline() -> dict[str, float]:
    """The old way: every document an entry in a dict, in every process."""
    alert = AlertInfo(1, "object_to_seize", "Seize", "H0", date(2036, 1, 1))
    gc.collect()
    before = _rss_mb()
    held: dict[str, list[Entry]] = {}
    for i in range(1, BASELINE + 1):
        data = {"kind": "document", "number": number(i), "issuing_country": "BG"}
        entry = Entry(i, "document", f"{data['number']} (BG)", 1, "BG-NCB", "BG", "all",
                      frozenset(), screening_data(data), alert)  # fmt: skip
        for key in object_keys("document", data):
            held.setdefault(key, []).append(entry)
    grown = _rss_mb() - before
    objects = MemoryKeys(held)
    keys = _probe_keys(BASELINE, PROBES, 2)
    started = time.perf_counter()
    for key in keys:
        assert objects.find([key])
    per_s = PROBES / (time.perf_counter() - started)
    return {"memory_lookups_per_s": round(per_s),
            "memory_bytes_per_document": round(grown * 2**20 / BASELINE)}  # fmt: skip


def keeper_rss(url: str) -> dict[str, float]:
    """In a fresh process: resident MB before and after building an index keeper."""
    database = Database(url)
    gc.collect()
    before = _rss_mb()
    keeper = IndexKeeper()
    with database.reading() as session:
        keeper.build(session)
    gc.collect()
    return {"before_mb": round(before, 1), "after_mb": round(_rss_mb(), 1),
            "entries": len(keeper.index)}  # fmt: skip


def _in_child(*args: str) -> dict[str, Any]:
    """Run a measurement in a fresh process, whose memory holds nothing of this one's."""
    command = [sys.executable, __file__, *args]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _scale(count: int) -> str:
    """``10m``, ``3m``, ``300k``: a number of documents in a result's name."""
    return f"{count // 10**6}m" if count % 10**6 == 0 else f"{count // 1000}k"


def main() -> None:
    url = os.environ.get("CLEW_TEST_DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="clew-objects-") as directory:
        path = Path(directory) / "objects.db"
        url = url or f"sqlite:///{path}"
        database = Database(url)
        backend = database.dialect
        if backend == "postgresql":
            with database.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        database.upgrade()
        with database.transaction() as session:
            seed_agencies(session)
        keeper_empty = _in_child("--keeper", url)
        started = time.perf_counter()
        _fill(database, OBJECTS)
        fill_s = time.perf_counter() - started
        if backend == "postgresql":  # as autovacuum leaves a served database
            with database.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.execute(text("VACUUM ANALYZE"))
                size = conn.execute(
                    text("SELECT pg_database_size(current_database())")
                ).scalar_one()
        database.dispose()  # on SQLite the last connection moves the log into the file
        if backend == "sqlite":  # no ANALYZE: a served SQLite database has no statistics
            size = path.stat().st_size
        lookups = _in_child("--lookups", url)
        keeper_full = _in_child("--keeper", url)
    baseline = _in_child("--baseline")
    old_mb = baseline["memory_bytes_per_document"] * OBJECTS / 2**20
    exact = lookups["exact_lookups_per_s"]
    results = {
        "backend": backend,
        "documents": OBJECTS,
        "fill_s": round(fill_s, 1),
        "database_bytes_per_document": round(size / OBJECTS),
        "exact_lookups_per_s": exact,
        **({"exact_lookups_per_s_10m": exact} if OBJECTS == 10_000_000 else {}),
        **lookups,
        **baseline,
        "baseline_documents": BASELINE,
        "keeper_rss_mb_no_documents": keeper_empty,
        "keeper_rss_mb_all_documents": keeper_full,
        "old_index_mb_for_all_documents": round(old_mb),
        "note": "exact: stored document numbers found in bulk, 500 keys per indexed query, each "
        "record read with its live alert, countries and owner; single: one query per check; "
        "misses: numbers on no watchlist; lookup_rss_mb: the resident size of the fresh "
        "process that ran the lookups, before and after them; memory_*: the old in-memory "
        "dict of entries, measured over baseline_documents; old_index_mb: its bytes per "
        "document times the documents (the index held these in every process)",
    }
    print(json.dumps(results, indent=1))
    name = "object_lookups" + ("_postgresql" if backend == "postgresql" else "")
    write(name if OBJECTS == 300_000 else f"{name}_{_scale(OBJECTS)}", results)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--keeper"]:
        print(json.dumps(keeper_rss(sys.argv[2])))
    elif sys.argv[1:2] == ["--lookups"]:
        print(json.dumps(database_lookups(sys.argv[2])))
    elif sys.argv[1:2] == ["--baseline"]:
        print(json.dumps(_memory_baseline()))
    else:
        main()
