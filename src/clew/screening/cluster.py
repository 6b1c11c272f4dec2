"""Bulk matching on a Dask cluster, for when one machine is outgrown.

The same path as :func:`clew.screening.parallel.match_many` (every row through
:func:`~clew.screening.checks.match_request`), spread over the workers of a Dask cluster
instead of the local cores: the checks are split into partitions of a ``dask.bag``
(``map_partitions``), each worker holds one index, built once when the worker joins
(:class:`IndexPlugin`, from the database every worker reaches: the same PostgreSQL), and the
results come back in the manifest's order. Records found by key (documents, vehicles, firearms)
are read once by the caller (:func:`~clew.screening.objects.prefetch`) and shipped with the
partitions, so the workers only read persons. Each match comes back with its entry, so the
caller stores hits without an index of its own. Storing hits and auditing stay with the caller.

The embedded default stays local processes; ``clew screen --engine dask --scheduler
tcp://host:8786`` uses a running cluster, ``--engine dask`` alone a local one of two workers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import dask.bag as db
from dask.delayed import delayed
from distributed import Client, LocalCluster, Worker, WorkerPlugin, get_worker

from clew.screening.checks import match_request
from clew.screening.matcher import Match
from clew.screening.objects import MemoryKeys
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.storage import Database

__all__ = ["Cluster", "IndexPlugin", "from_database"]

PLUGIN = "clew-index"
LOCAL_WORKERS = 2

Loader = Callable[[], IndexKeeper]


def from_database(url: str) -> Loader:
    """A loader that builds the index from the database at ``url`` (what a server builds)."""
    return _DatabaseLoader(url)


class _DatabaseLoader:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self) -> IndexKeeper:
        database = Database(self.url)
        keeper = IndexKeeper()
        try:
            with database.reading() as session:
                keeper.settle(session)
        finally:
            database.dispose()
        return keeper


class IndexPlugin(WorkerPlugin):
    """Builds one index per worker when it joins, with ``loader`` (pickled to the workers)."""

    name = PLUGIN

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.keeper: IndexKeeper | None = None

    def setup(self, worker: Worker) -> None:
        self.keeper = self.loader()


def _match_partition(requests: list[CheckRequest], objects: MemoryKeys) -> list[list[Match]]:
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, IndexPlugin) and plugin.keeper is not None
    return [match_request(plugin.keeper, request, objects) for request in requests]


@contextlib.contextmanager
def _client(scheduler: str | None) -> Iterator[Client]:
    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=LOCAL_WORKERS, threads_per_worker=1, dashboard_address=None, processes=True
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):  # fmt: skip
        yield client


@dataclass(frozen=True, slots=True)
class Cluster:
    """Where bulk matching runs when not on the local cores: a Dask scheduler's address (or
    ``None`` for a local cluster of two workers) and how each worker builds its index."""

    loader: Loader
    scheduler: str | None = None
    partitions: int | None = None

    def match(self, requests: Sequence[CheckRequest], objects: MemoryKeys) -> list[list[Match]]:
        """The matches of each request, in order (see the module docstring)."""
        if not requests:
            return []
        with _client(self.scheduler) as client:
            client.register_plugin(IndexPlugin(self.loader), name=PLUGIN)
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            count = self.partitions or min(len(requests), workers * 4)
            bag = db.from_sequence(list(requests), npartitions=count)  # type: ignore[no-untyped-call]
            shared = delayed(objects, pure=True)  # sent once to each worker that needs it
            matched = bag.map_partitions(_match_partition, shared).compute()
        if len(matched) != len(requests):
            raise RuntimeError(f"the cluster answered {len(matched)} of {len(requests)} checks")
        return [list(found) for found in matched]
