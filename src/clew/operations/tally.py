"""The live counters of joint operations: the one hook screening calls, and what they add up to.

Counting follows the rules of :mod:`clew.operations.kinds` (the checking agency has accepted
the operation and the check falls inside its period; by post when the check's place names one
of the agency's posts, by name or code, case and spaces ignored). Screening calls
:func:`count_check` once per check (:func:`clew.screening.checks.check`), once per manifest
(:func:`clew.screening.bulk.store_rows`, through :func:`count_manifest`) and once per decision
(:func:`clew.screening.hits.decide`, through :func:`count_confirmation`).

On the check path the hook is cheap and harmless:

- the running operations an agency accepted are read with one indexed query and kept in this
  process for at most :data:`TTL` seconds (a planning change made here forgets them at once;
  one made by another process is seen within the TTL);
- the counters are one upsert (``INSERT ... ON CONFLICT DO UPDATE SET count = count + n``) on
  the minute's rows, inside a savepoint;
- it never raises into the check: a failure is logged (its kind only: no place, no name, no
  number) and the check goes on; it never tells the checker anything (it returns nothing).

Only hits the checker was shown are counted; a confirmed hit is counted when the owner
confirms a hit that was shown to its checker, for the checking agency's operations at the
hit's time and place, and taken back if the owner changes its decision (so it counts once).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.models import Agency
from clew.names.fold import fold
from clew.operations.kinds import CheckKind
from clew.operations.models import Operation, OperationParticipant, OperationPost, OperationTally
from clew.operations.schemas import MinuteCounts, PostCounts, TallyTotals
from clew.storage import utcnow

if TYPE_CHECKING:
    from clew.screening.manifests import ManifestRow
    from clew.screening.models import Hit
    from clew.screening.schemas import CheckRequest

__all__ = [
    "TTL",
    "count_check",
    "count_confirmation",
    "count_manifest",
    "forget",
    "get_tallies",
    "match_key",
    "place_key",
    "request_kinds",
    "totals",
]

log = logging.getLogger("clew.operations")

TTL = 2.0
"""Seconds an agency's running operations are kept in a process's memory."""

_SEPARATOR = "|"
_KINDS = (CheckKind.PERSON, CheckKind.DOCUMENT, CheckKind.VEHICLE, CheckKind.FIREARM)


def place_key(text: str | None) -> str:
    """A place as compared with posts: folded (any script to ASCII, lower case), without spaces.

    ``"Sofia Airport"``, ``"SOFIA  airport"`` and ``"sofiaairport"`` are one key; ``None`` and
    ``""`` give ``""``, which names no post.
    """
    return fold(text or "").replace(" ", "")


def match_key(name: str, code: str | None) -> str:
    """What :attr:`OperationPost.match_key` holds: the post's name and code keys."""
    keys = dict.fromkeys(k for k in (place_key(name), place_key(code)) if k)
    return _SEPARATOR.join(keys)[:200]


# --- which operations count a check --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Running:
    """An operation an agency accepted, as the hook needs it (plain values: no ORM)."""

    operation_id: int
    start: datetime
    end: datetime
    accepted_at: datetime
    posts: Mapping[str, int]  # place key -> post id

    def counts(self, at: datetime) -> bool:
        return self.start <= at < self.end and self.accepted_at <= at


_cache: dict[tuple[str, int], tuple[float, list[_Running]]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop what this process keeps (called by every planning change made here)."""
    with _lock:
        _cache.clear()


def _load(session: Session, agency_id: int, at: datetime | None) -> list[_Running]:
    """The operations the agency accepted that are not cancelled nor published and still to
    end (``at`` None: now or later, for the cache) or that contain ``at``."""
    stmt = (
        select(Operation.id, Operation.period_start, Operation.period_end,
               OperationParticipant.accepted_at)
        .join(OperationParticipant, OperationParticipant.operation_id == Operation.id)
        .where(OperationParticipant.agency_id == agency_id,
               OperationParticipant.accepted_at.is_not(None),
               Operation.cancelled.is_(False), Operation.published_at.is_(None))
    )  # fmt: skip
    if at is None:
        stmt = stmt.where(Operation.period_end > utcnow())
    else:
        stmt = stmt.where(Operation.period_start <= at, Operation.period_end > at)
    found = session.execute(stmt).all()
    if not found:
        return []
    posts: dict[int, dict[str, int]] = defaultdict(dict)
    for operation_id, post_id, key in session.execute(
        select(OperationPost.operation_id, OperationPost.id, OperationPost.match_key)
        .where(OperationPost.agency_id == agency_id,
               OperationPost.operation_id.in_([row[0] for row in found]))
        .order_by(OperationPost.id)
    ):  # fmt: skip
        for part in key.split(_SEPARATOR):
            if part:
                posts[operation_id].setdefault(part, post_id)
    return [
        _Running(op_id, start, end, accepted or start, posts.get(op_id, {}))
        for op_id, start, end, accepted in found
    ]


def _running(session: Session, agency_id: int, at: datetime | None) -> list[_Running]:
    if at is not None:  # a past moment (a confirmed hit): asked afresh
        with session.begin_nested():  # a failed read must not abort the caller's transaction
            return _load(session, agency_id, at)
    key = (str(session.get_bind().engine.url), agency_id)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    with session.begin_nested():  # a failed read must not abort the check's transaction
        running = _load(session, agency_id, None)
    with _lock:
        _cache[key] = (now + TTL, running)
    return running


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(OperationTally).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["operation_id", "agency_id", "post_id", "kind", "minute"],
        set_={"count": OperationTally.count + stmt.excluded.count},
    )
    session.execute(stmt)


def _count(
    session: Session, agency_id: int, kinds: Mapping[CheckKind, int], place: str | None,
    at: datetime | None,
) -> None:  # fmt: skip
    moment = at or utcnow()
    live = [r for r in _running(session, agency_id, at) if r.counts(moment)]
    if not live:
        return
    minute = moment.replace(second=0, microsecond=0)
    key = place_key(place)
    rows = [
        {"operation_id": r.operation_id, "agency_id": agency_id, "post_id": r.posts.get(key, 0),
         "kind": str(kind), "minute": minute, "count": n}
        for r in sorted(live, key=lambda r: r.operation_id)
        for kind, n in sorted(kinds.items())
        if n
    ]  # fmt: skip
    if rows:  # always in one order: two writers never wait on each other in a cycle
        with session.begin_nested():
            _upsert(session, rows)


def count_check(
    session: Session, actor: Actor, *, kinds: Mapping[CheckKind, int], place: str | None,
    at: datetime | None = None,
) -> None:  # fmt: skip
    """Count what the actor's agency checked (``kinds``: how many of each) for every running
    operation it accepted, at the post its ``place`` names. Never raises; tells nothing."""
    if actor.agency_id is None or not any(kinds.values()):
        return
    _safely(session, actor.agency_id, kinds, place, at)


def _safely(
    session: Session, agency_id: int, kinds: Mapping[CheckKind, int], place: str | None,
    at: datetime | None,
) -> None:  # fmt: skip
    try:
        _count(session, agency_id, kinds, place, at)
    except Exception as exc:  # counting must never fail a check
        log.warning("a check was not counted for its operations (%s)", type(exc).__name__)


def request_kinds(request: CheckRequest, *, shown: int) -> dict[CheckKind, int]:
    """What one check counts: 1 per kind of thing checked, and the hits the checker was shown."""
    kinds = {kind: 1 for kind in _KINDS if getattr(request, kind.value) is not None}
    return kinds | {CheckKind.HIT: shown}


def count_manifest(session: Session, actor: Actor, rows: Sequence[ManifestRow], shown: int) -> None:
    """Count a screened manifest: one flight, a passenger per traveller checked (rows in
    error are not), and the hits shown; at the place of the manifest's first traveller."""
    if not rows:
        return
    checked = sum(1 for row in rows if row.request is not None and not row.errors)
    place = next((r.request.place for r in rows if r.request and r.request.place), None)
    kinds = {CheckKind.FLIGHT: 1, CheckKind.PASSENGER: checked, CheckKind.HIT: shown}
    count_check(session, actor, kinds=kinds, place=place)


def count_confirmation(session: Session, hit: Hit, before: str) -> None:
    """The owner decided on a hit: a shown hit newly confirmed counts one confirmed hit for the
    checking agency's operations at the hit's time and place; one no longer confirmed takes it
    back. Silent hits never count."""
    if (
        hit.silent
        or hit.checking_agency_id is None
        or (before == "confirmed") == (hit.decision == "confirmed")
    ):
        return
    delta = 1 if hit.decision == "confirmed" else -1
    _safely(session, hit.checking_agency_id, {CheckKind.CONFIRMED_HIT: delta}, hit.place, hit.at)


# --- what the counters add up to ------------------------------------------------------------


_KNOWN = frozenset(str(k) for k in CheckKind)


def _kinds(pairs: Mapping[str, int]) -> dict[CheckKind, int]:
    return {CheckKind(k): n for k, n in sorted(pairs.items()) if k in _KNOWN}


def totals(session: Session, operation: Operation, *, since: datetime | None = None) -> TallyTotals:
    """The operation's counters by kind, agency, post and minute (from ``since`` on), read
    from the database (so every server process answers the same). The caller has checked that
    the reader may see the operation."""
    where = [OperationTally.operation_id == operation.id]
    if since is not None:
        where.append(OperationTally.minute >= since.replace(second=0, microsecond=0))
    grouped = session.execute(
        select(OperationTally.agency_id, OperationTally.post_id, OperationTally.kind,
               func.sum(OperationTally.count))
        .where(*where)
        .group_by(OperationTally.agency_id, OperationTally.post_id, OperationTally.kind)
    ).all()  # fmt: skip
    series_rows = session.execute(
        select(OperationTally.minute, OperationTally.kind, func.sum(OperationTally.count))
        .where(*where).group_by(OperationTally.minute, OperationTally.kind)
        .order_by(OperationTally.minute)
    ).all()  # fmt: skip
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    posts = {
        p.id: p
        for p in session.execute(
            select(OperationPost).where(OperationPost.operation_id == operation.id)
            .order_by(OperationPost.id)
        ).scalars()
    }  # fmt: skip
    kinds: dict[str, int] = defaultdict(int)
    agencies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    at_post: dict[int, dict[str, int]] = {p: defaultdict(int) for p in posts}
    no_post: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for agency_id, post_id, kind, n in grouped:
        count = int(n or 0)
        kinds[kind] += count
        agencies[codes.get(agency_id, "?")][kind] += count
        (at_post[post_id] if post_id in posts else no_post[agency_id])[kind] += count
    by_post = [
        PostCounts(agency=codes.get(p.agency_id, "?"), post=p.public_id, name=p.name,
                   latitude=p.latitude, longitude=p.longitude, counts=_kinds(at_post[p.id]))
        for p in posts.values()
    ] + [
        PostCounts(agency=codes.get(a, "?"), post=None, name=None, counts=_kinds(c))
        for a, c in sorted(no_post.items(), key=lambda item: codes.get(item[0], "?"))
    ]  # fmt: skip
    series: dict[datetime, dict[str, int]] = defaultdict(dict)
    for minute, kind, n in series_rows:
        series[minute][kind] = int(n or 0)
    return TallyTotals(
        operation=operation.public_id, since=since, kinds=_kinds(kinds),
        agencies={code: _kinds(c) for code, c in sorted(agencies.items())}, posts=by_post,
        series=[MinuteCounts(minute=m, counts=_kinds(c)) for m, c in series.items()],
        last_minute=max(series) if series else None,
    )  # fmt: skip


def get_tallies(
    session: Session, actor: Actor, operation_id: str, *, since: datetime | None = None
) -> TallyTotals:
    """:func:`totals` of an operation the actor may see, audited."""
    from clew.access import audit
    from clew.operations.access import load_operation

    operation = load_operation(session, actor, operation_id)
    audit.record(session, actor, "operation.tallies", target=f"operation:{operation.public_id}",
                 result_ids=[operation.public_id])  # fmt: skip
    return totals(session, operation, since=since)
