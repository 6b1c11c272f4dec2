"""Matching many checks on several cores: worker processes forked after the index is built.

A forked worker shares the parent's index pages copy-on-write (nothing is pickled but each
check and its matches), runs :func:`~clew.screening.checks.match_request` exactly as a single
check does, and sends back per match the record id, score, band and explanation; the parent
joins them to its own entries. Only matching runs in the workers, and they touch no database (a
child cannot share the parent's connection): records found by key come from a prefetch the
caller read before (:func:`clew.screening.objects.prefetch`), shared like the index. Storing
hits and auditing stay in the parent's database session.

Forking is safe only in a process whose other threads hold no lock the child could need, so
:func:`worth_forking` allows it only in a single-threaded process (``clew screen`` on the
command line, the benchmark), never inside the threaded web server, which screens one
traveller after another.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence

from clew.screening.checks import match_request
from clew.screening.entries import Entry
from clew.screening.matcher import Match
from clew.screening.objects import MemoryKeys
from clew.screening.schemas import CheckRequest
from clew.screening.scoring import Explanation
from clew.screening.sync import IndexKeeper

__all__ = ["MIN_CHECKS", "match_many", "worth_forking"]

MIN_CHECKS = 200  # below this, starting the workers costs more than it saves
CHUNK = 32

_keeper: IndexKeeper | None = None  # set in the parent just before the fork
_objects: MemoryKeys | None = None

Found = tuple[int, float, str, tuple[Explanation, ...]]


def worth_forking(checks: int, workers: int | None = None) -> int:
    """How many worker processes to use for ``checks`` checks (1: stay in this process)."""
    cores = workers or os.cpu_count() or 1
    if cores < 2 or checks < MIN_CHECKS or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return cores


def _match(request: CheckRequest) -> list[Found]:
    assert _keeper is not None and _objects is not None
    found = match_request(_keeper, request, _objects)
    return [(m.entry.record_id, m.score, m.band, m.items) for m in found]


def match_many(
    keeper: IndexKeeper, requests: Sequence[CheckRequest], objects: MemoryKeys,
    workers: int | None = None,
) -> Iterator[list[Match]]:  # fmt: skip
    """The matches of each request, in order, as :func:`match_request` gives them; ``objects``
    holds what the requests find by key (:func:`~clew.screening.objects.prefetch`)."""
    count = worth_forking(len(requests), workers)
    if count == 1:
        for request in requests:
            yield match_request(keeper, request, objects)
        return
    global _keeper, _objects
    _keeper, _objects = keeper, objects
    entries: dict[int, Entry] = {
        e.record_id: e for found in objects.entries.values() for e in found
    }
    entries.update(keeper.index.entries)
    context = multiprocessing.get_context("fork")
    # Move every object the index holds out of the collector's sight before forking: a
    # collection in a worker would otherwise touch (and so copy) the whole shared heap.
    gc.freeze()
    try:
        with context.Pool(count) as pool:
            for found in pool.imap(_match, requests, chunksize=CHUNK):
                yield [
                    Match(entries[record_id], score, band, items)
                    for record_id, score, band, items in found
                    if record_id in entries
                ]
    finally:
        _keeper, _objects = None, None
        gc.unfreeze()
