"""Bulk matching on several cores gives exactly what one check after another gives."""

from __future__ import annotations

import multiprocessing
from typing import Any

from clew.screening import parallel
from clew.screening.checks import match_request
from clew.screening.entries import Entry
from clew.screening.objects import MemoryKeys
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from tests.screening.test_index import ALERT, entry

#: What a prefetch read from the database before the fork: a stolen passport.
OBJECTS = MemoryKeys(
    {"doc:X1234567": [Entry(9, "document", "X1234567 (BG)", 1, "BG-NCB", "BG", "all",
                            frozenset(), {"number": "X1234567", "issuing_country": "BG"}, ALERT)]}
)  # fmt: skip


def _keeper() -> IndexKeeper:
    kept = IndexKeeper()
    kept.built = True
    kept.index.put_many(
        [entry(i, name, dob) for i, (name, dob) in enumerate(
            [("Юлия Тимофеева", "1985-03-07"), ("Ivan Petrov", "1979-05-20"),
             ("Ivan Petrov", "1950-02-02"), ("Maria Ivanova", "1990")], start=1)]
    )  # fmt: skip
    return kept


Found = list[list[tuple[int, float, str]]]


def _compare() -> tuple[int, Found, Found, str]:
    """Run in a fresh interpreter, which has no thread of this test session running (forking
    is refused while other threads run, rightly: a forked child inherits their locks)."""
    parallel.MIN_CHECKS = 1
    keeper = _keeper()
    forks = parallel.worth_forking(8, 2)
    bodies = [{"person": {"names": [name], "date_of_birth": dob}} for name, dob in
              [("IULIIA TIMOFEEVA", "1985-03-07"), ("Ivan Petrov", "1950"),
               ("Ivan Petrov", None), ("Nobody Atall", None)] * 2]  # fmt: skip
    bodies.append({"document": {"number": "XI234567", "country": "BG"}})
    requests = [CheckRequest.model_validate(body) for body in bodies]
    expected = [
        [(m.entry.record_id, m.score, m.band) for m in match_request(keeper, r, OBJECTS)]
        for r in requests
    ]
    got = [[(m.entry.record_id, m.score, m.band) for m in found]
           for found in parallel.match_many(keeper, requests, OBJECTS, workers=2)]  # fmt: skip
    explained = next(parallel.match_many(keeper, requests[:1], OBJECTS, workers=2))
    return forks, got, expected, explained[0].text("en")


def _report(queue: Any) -> None:
    queue.put(_compare())


def test_forked_workers_match_like_one_process() -> None:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_report, args=(queue,))  # not a daemon: it may fork
    child.start()
    forks, got, expected, text = queue.get(timeout=120)
    child.join(timeout=60)
    assert forks == 2, "a process without other threads forks two workers"
    assert got == expected
    assert got[0][0][0] == 1 and got[0][0][2] == "hit"
    assert got[-1][0][0] == 9  # the document, found in a worker from the prefetch
    assert "Тимофеева" in text


def test_few_checks_or_a_threaded_process_stay_in_process() -> None:
    assert parallel.worth_forking(10, 2) == 1
