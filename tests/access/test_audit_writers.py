"""The audit chain verifies after several processes wrote to it at once: each process commits
its own audited transactions concurrently, and the chain holds every entry once, in order."""

from __future__ import annotations

import subprocess
import sys

from clew.access import audit
from clew.access.actor import Actor
from clew.storage import Database

WRITER = """
import sys
from clew.access import audit
from clew.access.actor import Actor
from clew.storage import Database

database = Database(sys.argv[1])
for i in range(int(sys.argv[3])):
    with database.transaction() as session:  # one audited transaction at a time, many at once
        audit.record(session, Actor.system(), "test.writer", query={"writer": sys.argv[2], "i": i})
        audit.record(session, Actor.system(), "test.writer", query={"writer": sys.argv[2], "i": -i})
database.dispose()
"""


def test_the_chain_verifies_after_concurrent_writers_in_several_processes(
    database: Database,
) -> None:
    writers, each = 3, 25
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, database.url, str(n), str(each)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(writers)
    ]  # fmt: skip
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    with database.transaction() as session:
        result = audit.verify(session, Actor.system())
    assert result.ok, result.message
    assert result.checked >= writers * each * 2
    with database.engine.connect() as conn:
        seqs = [
            row[0] for row in conn.exec_driver_sql("SELECT seq FROM audit_entries ORDER BY seq")
        ]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gap, no repeat
