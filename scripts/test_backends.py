#!/usr/bin/env python3
"""Run the test suite on SQLite and on a throwaway PostgreSQL 15 at the same time.

Usage: python scripts/test_backends.py [PYTEST_ARGS...]

The two runs are independent single-threaded pytest processes, so on a machine of two cores
or more they take about as long as the slower of them instead of both in a row. Each writes
its output to ``var/test-logs/<backend>.log``; a line of progress is printed every minute and
each run's whole output (dots, failures and summary) is printed when it ends, SQLite first.
The exit status is 0 only when both runs passed. ``CLEW_TEST_SERIAL=1`` runs them one after the
other instead (as on a one-core machine).

Standard library only; Python 3.11+.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "var" / "test-logs"
PROGRESS = re.compile(rb"\[\s*(\d+)%\]")
TICK_S = 60


def _commands(args: list[str]) -> dict[str, list[str]]:
    pytest = [sys.executable, "-m", "pytest", "-q", *args]
    return {
        "SQLite": pytest,
        "PostgreSQL": [sys.executable, str(ROOT / "scripts" / "pg_cluster.py"), "--", *pytest],
    }


def _progress(log: Path) -> str:
    try:
        with log.open("rb") as handle:
            handle.seek(max(0, log.stat().st_size - 4096))
            found = PROGRESS.findall(handle.read())
    except OSError:
        return "starting"
    return f"{int(found[-1])}%" if found else "starting"


def _start(name: str, command: list[str]) -> tuple[subprocess.Popen[bytes], Path]:
    log = LOGS / f"{name.lower()}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, log


def _report(name: str, log: Path, status: int, seconds: float) -> None:
    print(f"== pytest ({name}): exit {status}, {seconds / 60:.1f} min ==", flush=True)
    sys.stdout.buffer.write(log.read_bytes())
    sys.stdout.flush()


def main(args: list[str]) -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    commands = _commands(args)
    if os.environ.get("CLEW_TEST_SERIAL") == "1":
        worst = 0
        for name, command in commands.items():
            print(f"== pytest ({name}) ==", flush=True)
            worst = max(worst, subprocess.call(command, cwd=ROOT))
        return worst

    started = time.monotonic()
    running = {name: _start(name, command) for name, command in commands.items()}

    def stop(signum: int, _frame: FrameType | None) -> None:
        for process, _ in running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # pg_cluster stops its cluster on TERM
        for process, _ in running.values():
            process.wait()
        raise SystemExit(128 + signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)

    print("== pytest on SQLite and PostgreSQL at once; logs in var/test-logs/ ==", flush=True)
    ended: dict[str, tuple[int, float]] = {}
    tick = started + TICK_S
    while len(ended) < len(running):
        for name, (process, _) in running.items():
            status = process.poll()
            if status is not None and name not in ended:
                ended[name] = (status, time.monotonic() - started)
        if len(ended) < len(running):
            time.sleep(1)
            if time.monotonic() >= tick:  # a line a minute, whatever each poll takes
                tick += TICK_S
                minutes = (time.monotonic() - started) / 60
                states = ", ".join(
                    f"{name} {'done' if name in ended else _progress(log)}"
                    for name, (_, log) in running.items()
                )
                print(f"   {minutes:4.1f} min: {states}", flush=True)
    for name, (_, log) in running.items():
        _report(name, log, *ended[name])
    failed = [name for name, (status, _) in ended.items() if status != 0]
    print(f"== {'failed on ' + ' and '.join(failed) if failed else 'both backends passed'} ==")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
