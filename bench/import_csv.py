"""Importing 100,000 persons from CSV into SQLite, beside a bare csv + sqlite3 baseline.

Clew: the full path a user takes (format detection, parsing and validating every row, keys,
alerts, history, audit; one transaction). Baseline: ``csv.reader`` + ``sqlite3.executemany`` of
the raw cells into one table, no checks: the floor any importer stands on.
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import bar_plot, timed, write
from pydantic import TypeAdapter

from clew.access.actor import Actor
from clew.demo import seed_agencies
from clew.interop import write_csv
from clew.records.files import import_file
from clew.records.imports import ImportMode
from clew.records.schemas import AlertPublic, RecordCreate, RecordPublic
from clew.storage import Database
from clew.synth.world import generate

PERSONS = 100_000
ADAPTER: TypeAdapter[RecordCreate] = TypeAdapter(RecordCreate)


def _csv(path: Path) -> None:
    now = datetime.now(UTC)
    records = []
    for i, synth in enumerate(generate(7, persons=PERSONS, today=now.date()), start=1):
        item = ADAPTER.validate_python(synth.data)
        alerts = []
        if item.alert:
            alerts.append(AlertPublic(
                id=i, category=item.alert.category, action=item.alert.action,
                reason=item.alert.reason, handling_code=item.alert.handling_code,
                handling_note=item.alert.handling_note, status="active",
                review_on=(now + timedelta(days=1000)).date(),
                expires_on=item.alert.expires_on or (now + timedelta(days=1800)).date(),
                created_at=now,
            ))  # fmt: skip
        fields = item.model_dump(exclude={"visibility", "alert", "external_id"})
        records.append(RecordPublic(
            id=i, kind=item.kind, owner="BG-NCB", owner_country="BG",
            external_id=item.external_id, status="active", label="", version=1,
            created_at=now, updated_at=now, data=fields, alerts=alerts,
            visibility=item.visibility,
        ))  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(records, stream)


def _clew(path: Path, directory: Path) -> int:
    database = Database(f"sqlite:///{directory / 'clew.db'}")
    database.upgrade()
    with database.transaction() as session:
        seed_agencies(session)
    with database.transaction() as session, path.open("rb") as source:
        from clew.access.agencies import get_agency_by_code

        agency = get_agency_by_code(session, "BG-NCB")
        actor = Actor.operator_for(
            agency_id=agency.id, agency_code=agency.code, country=agency.country,
            international=False,
        )  # fmt: skip
        report = import_file(
            session, actor, source, filename=path.name, format_name=None, mode=ImportMode.ALL
        )
    assert report.ok, report.rejected[:3]
    database.dispose()
    return report.created


def _baseline(path: Path, directory: Path) -> int:
    connection = sqlite3.connect(directory / "baseline.db")
    connection.execute("PRAGMA journal_mode=WAL")
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        columns = ", ".join(f'"{c}" TEXT' for c in header)
        connection.execute(f"CREATE TABLE rows ({columns})")
        marks = ", ".join("?" for _ in header)
        with connection:
            connection.executemany(f"INSERT INTO rows VALUES ({marks})", reader)
    count = int(connection.execute("SELECT count(*) FROM rows").fetchone()[0])
    connection.close()
    return count


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        path = directory / "persons.csv"
        _, generate_s = timed(lambda: _csv(path))
        size_mb = path.stat().st_size / 1e6
        baseline_rows, baseline_s = timed(lambda: _baseline(path, directory))
        created, clew_s = timed(lambda: _clew(path, directory))
    assert created == baseline_rows == PERSONS
    results = {
        "persons": PERSONS,
        "file_mb": round(size_mb, 1),
        "import_100k_persons_sqlite_s": round(clew_s, 2),
        "import_rows_per_s": round(PERSONS / clew_s),
        "baseline_csv_sqlite3_s": round(baseline_s, 2),
        "ratio_clew_to_baseline": round(clew_s / baseline_s, 1),
        "target_s": 60,
        "csv_generation_s": round(generate_s, 1),
    }
    print(results)
    write("import_csv", results)
    bar_plot(
        "import_csv",
        f"Import {PERSONS:,} persons from CSV into SQLite",
        {"Clew (checked, indexed, audited)": clew_s, "csv + sqlite3 (no checks)": baseline_s},
        "seconds",
    )


if __name__ == "__main__":
    main()
