"""Run the benchmarks: ``make bench`` (all) or ``.venv/bin/python bench/run.py NAME ...``.

Each benchmark measures Clew beside a baseline in the same run and writes
``bench/results/NAME.json`` and ``NAME.png``. Ratios, not lone absolute times: machines are noisy.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = (
    "import_csv", "name_pairs", "screening", "http_checks", "intelligence", "change_feed",
    "serving", "firearms_stats", "object_lookups", "firearms", "exchange", "operations",
    "screening_clean",
)  # fmt: skip


def main(names: list[str]) -> int:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}")
            return 2
        module = importlib.import_module(name)
        print(f"== {name}")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
