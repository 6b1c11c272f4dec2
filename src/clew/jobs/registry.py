"""Job kinds by name: the function that does the work and how its result is stored.

A kind's ``run(job)`` does its database work inside ``job.transaction()`` and ends it with
``job.complete(session, result)``, so the result and the work commit together. ``dump`` turns
the result into JSON for the jobs table; ``load`` turns it back for the pages and the API.
The kinds Clew ships are registered by :mod:`clew.jobs.kinds`, imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clew.jobs.worker import JobRun

__all__ = ["Kind", "kind_named", "register"]


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    run: Callable[[JobRun], None]
    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]


_kinds: dict[str, Kind] = {}


def register(
    name: str, run: Callable[[JobRun], None], *, dump: Callable[[Any], Any],
    load: Callable[[Any], Any],
) -> None:  # fmt: skip
    _kinds[name] = Kind(name, run, dump, load)


def kind_named(name: str) -> Kind:
    """The registered kind (``KeyError`` for an unknown name: a bug or a newer version)."""
    import clew.jobs.kinds  # noqa: F401 - registers the kinds Clew ships

    return _kinds[name]
