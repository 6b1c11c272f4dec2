"""How long the command line takes to answer ``clew --help``, beside what it cannot beat.

In the same run: ``python -c pass`` (the interpreter alone, the floor), ``clew --help`` and
``clew files --help`` (answered from the command table, ``clew.cli.lazy``), and the eager
import of every command module (what ``--help`` cost when the whole tree loaded up front).
Each figure is the median of ``CLEW_BENCH_RUNS`` fresh processes (default 7), as wall time
(``*_s``) and as the CPU time the process used (``*_cpu_s``, steadier on a shared machine).
Figures go to ``bench/results/cli_start.json``; the target is 0.5 s for both help screens.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time

from common import bar_plot, write

RUNS = int(os.environ.get("CLEW_BENCH_RUNS", "7"))
EAGER = "from clew.cli import MODULES; from clew.cli.lazy import load_all; load_all(MODULES)"


def seconds(*args: str) -> tuple[float, float]:
    """Median wall and CPU time of ``python ARGS`` in fresh processes (after a warm-up run)."""
    command = [sys.executable, *args]
    env = {**os.environ, "COLUMNS": "120"}
    subprocess.run(command, capture_output=True, check=True, env=env)  # noqa: S603 - warm-up
    wall, cpu = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)  # noqa: S603
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    runs = {
        "baseline": seconds("-c", "pass"),
        "help": seconds("-m", "clew", "--help"),
        "group_help": seconds("-m", "clew", "files", "--help"),
        "eager_import": seconds("-c", EAGER),
    }
    figures = {f"{name}_s": round(wall, 3) for name, (wall, _) in runs.items()}
    figures |= {f"{name}_cpu_s": round(cpu, 3) for name, (_, cpu) in runs.items()}
    path = write("cli_start", {"runs": RUNS, "target_s": 0.5, **figures})
    bar_plot(
        "cli_start",
        "clew start-up (median of fresh processes)",
        {"python -c pass": figures["baseline_s"], "clew --help": figures["help_s"],
         "clew files --help": figures["group_help_s"],
         "eager import of every command": figures["eager_import_s"]},
        "s",
    )  # fmt: skip
    print(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
