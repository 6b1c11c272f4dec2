"""The test suite and the benchmarks themselves: they read only data the repository ships, a test
that lacks something fails instead of skipping, and no test asserts how long something took."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    path
    for folder in ("tests", "bench")
    for path in (ROOT / folder).rglob("*.py")
    if path.resolve() != Path(__file__).resolve()
)

# A path outside the repository: the machine's own folders, or the team's shared data beside it.
MACHINE_PATH = re.compile(r"""["'](/work/|/home/|/root/|/tmp/)|shared/data|"shared",\s*"data\"""")
# pytest.skip(...), skipif, importorskip: a quiet pass when something is missing.
QUIET_SKIP = re.compile(r"pytest\.skip\(|mark\.skip|importorskip\(")
# A stopwatch: `elapsed = perf_counter() - started` then `assert elapsed < 5`.
STOPWATCH = re.compile(r"^\s*(\w+)\s*=\s*time\.(perf_counter|monotonic|time)\(\)\s*-", re.M)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", SOURCES, ids=_relative)
def test_reads_no_machine_path(path: Path) -> None:
    found = [line for line in path.read_text().splitlines() if MACHINE_PATH.search(line)]
    assert not found, f"{_relative(path)} reads data from outside the repository: {found}"


@pytest.mark.parametrize("path", [p for p in SOURCES if p.parts[len(ROOT.parts)] == "tests"],
                         ids=_relative)  # fmt: skip
def test_skips_nothing_and_times_nothing(path: Path) -> None:
    text = path.read_text()
    skips = [line.strip() for line in text.splitlines() if QUIET_SKIP.search(line)]
    assert not skips, f"{_relative(path)} skips instead of failing: {skips}"
    for stopwatch in STOPWATCH.finditer(text):
        timed = re.compile(rf"assert\b.*\b{stopwatch.group(1)}\b\s*[<>]")
        assert not timed.search(text), (
            f"{_relative(path)} asserts a duration ({stopwatch.group(1)}): that is a benchmark"
        )
