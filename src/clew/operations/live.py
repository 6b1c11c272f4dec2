"""The live picture of a joint operation: what the dashboard shows, and its event stream.

:func:`snapshot` reads everything from the database (the counters of
:mod:`clew.operations.tally`, the field results of :mod:`clew.operations.results`), so every
server process of ``clew serve --workers N`` answers the same; no process keeps a figure in
memory. Participants only (anyone else: *not found*, as for a made-up id).

:func:`stream` is what the dashboard's ``text/event-stream`` sends: every :data:`POLL` seconds
it reads the operation's :func:`version` (a few aggregates, in a short read unit run in a
thread; no transaction nor pooled connection is held while it sleeps) and sends a new
snapshot (``event: snapshot``) when the version changed, a comment every :data:`HEARTBEAT`
seconds otherwise. Streams watching one operation in one process share the version read and
the snapshot (:data:`SHARED_FOR`), so a hundred dashboards cost about one query a second.
:class:`StreamSlots` bounds the streams of one process (:data:`MAX_STREAMS`) so that they can
never take every database connection.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import BusyError, NotFoundError
from clew.exchange.kinds import CrimeArea
from clew.operations import tally
from clew.operations.access import load_operation
from clew.operations.kinds import (
    ArrestBasis,
    CheckKind,
    FieldKind,
    OperationState,
    PostKind,
    SeizureKind,
    Unit,
)
from clew.operations.models import FieldResult, Operation, OperationPost, OperationTally
from clew.operations.operations import state_of
from clew.operations.results import summary
from clew.operations.schemas import Results
from clew.storage import Database, utcnow

__all__ = [
    "HEARTBEAT",
    "MAX_STREAMS",
    "POLL",
    "LiveAgency",
    "LiveMinute",
    "LivePost",
    "LiveSnapshot",
    "StreamSlots",
    "TimelineEvent",
    "notable",
    "open_stream",
    "snapshot",
    "stream",
    "stream_headers",
    "version",
]

POLL = 1.0
"""Seconds between two reads of an operation's version by a stream."""
HEARTBEAT = 15.0
"""Seconds of quiet after which a stream sends a comment (proxies drop silent connections)."""
MAX_STREAMS = 100
"""Live streams one server process serves at once; beyond, 503 with Retry-After."""
SHARED_FOR = 0.5
"""Seconds a version read is shared by the streams of one process watching one operation."""
SERIES_MINUTES = 30
"""The sparkline's span: the last minutes, every minute present (zero when nothing)."""
TIMELINE_SIZE = 20

#: What counts as "checked" on a post's dot and a tile's sparkline (hits and flights apart).
CHECKED = (CheckKind.PERSON, CheckKind.DOCUMENT, CheckKind.VEHICLE, CheckKind.FIREARM,
           CheckKind.PASSENGER)  # fmt: skip
#: International warrants: an arrest on one is always on the timeline.
INTERNATIONAL = (ArrestBasis.RED_NOTICE, ArrestBasis.EUROPEAN_ARREST_WARRANT)
#: Seizures always on the timeline, whatever their amount.
ALWAYS_NOTABLE = (SeizureKind.FIREARMS, SeizureKind.EXPLOSIVES, SeizureKind.CULTURAL_GOODS)
#: Below these amounts (per unit), a seizure of another kind stays off the timeline.
NOTABLE_AMOUNT: dict[str, float] = {
    Unit.KG: 1, Unit.G: 1000, Unit.L: 1, Unit.TABLETS: 1000, Unit.UNITS: 1000,
    Unit.CURRENCY: 10_000,
}  # fmt: skip
NOTABLE_PERSONS = 3


class LivePost(BaseModel):
    """A post's figures (``id`` None: an agency's checks at no post of the operation)."""

    id: str | None
    agency: str
    name: str | None
    kind: PostKind | None
    latitude: float | None
    longitude: float | None
    checks: dict[CheckKind, int]
    checked: int = Field(description="Persons, documents, vehicles, firearms and passengers")
    results: int = Field(description="Field reports made at the post (not withdrawn)")


class LiveAgency(BaseModel):
    agency: str
    checks: dict[CheckKind, int]
    checked: int
    arrests: int
    results: int


class LiveMinute(BaseModel):
    minute: datetime
    checked: int
    hits: int


class TimelineEvent(BaseModel):
    """A notable field result (:func:`notable`), as the timeline shows it."""

    id: str
    kind: FieldKind
    occurred_at: datetime
    agency: str
    post_name: str | None
    crime_area: CrimeArea | None = None
    basis: ArrestBasis | None = None
    category: SeizureKind | None = None
    item: str | None = None
    unit: Unit | None = None
    amount: float
    minors: int
    title: str | None = None


class LiveSnapshot(BaseModel):
    """Everything the live dashboard shows, read at one moment."""

    operation: str
    name: str
    state: OperationState
    timezone: str
    period_start: datetime
    period_end: datetime
    at: datetime
    version: str = Field(description="Changes whenever a figure does")
    checks: dict[CheckKind, int] = Field(description="Every kind, zero included")
    results: Results
    posts: list[LivePost]
    agencies: list[LiveAgency]
    series: list[LiveMinute] = Field(description=f"The last {SERIES_MINUTES} minutes")
    timeline: list[TimelineEvent] = Field(description="Notable events, newest first")


# --- reading ---------------------------------------------------------------------------------


def version(session: Session, operation: Operation) -> str:
    """A cheap fingerprint of everything the dashboard shows: it changes when a counter moves
    (rows, their sum and the confirmed hits' sum: a confirmation taken back changes it even in
    the second another check adds one), when a result is reported or withdrawn, when the
    operation is changed, and each minute while it runs (the sparkline moves on)."""
    rows, total, confirmed = session.execute(
        select(func.count(), func.coalesce(func.sum(OperationTally.count), 0),
               func.coalesce(func.sum(case(
                   (OperationTally.kind == str(CheckKind.CONFIRMED_HIT), OperationTally.count),
                   else_=0)), 0))
        .where(OperationTally.operation_id == operation.id)
    ).one()  # fmt: skip
    reports, last, withdrawn = session.execute(
        select(func.count(), func.coalesce(func.max(FieldResult.id), 0),
               func.count(FieldResult.withdrawn_at))
        .where(FieldResult.operation_id == operation.id)
    ).one()  # fmt: skip
    now = utcnow()
    state = state_of(operation, now)
    minute = now.strftime("%H%M") if state is OperationState.RUNNING else ""
    changed = operation.updated_at.strftime("%Y%m%d%H%M%S%f") if operation.updated_at else ""
    return f"{rows}.{total}.{confirmed}.{reports}.{last}.{withdrawn}.{state}.{changed}.{minute}"


def notable(result: FieldResult) -> bool:
    """Whether a field result goes on the timeline: every event; an arrest on an international
    warrant or of :data:`NOTABLE_PERSONS` persons or more; a seizure of firearms, explosives or
    cultural goods, or of another kind from its unit's :data:`NOTABLE_AMOUNT` on; victims
    with a minor among them."""
    kind = result.kind
    if kind == FieldKind.EVENT:
        return True
    if kind == FieldKind.ARREST:
        return result.item in INTERNATIONAL or result.amount >= NOTABLE_PERSONS
    if kind == FieldKind.SEIZURE:
        if result.category in ALWAYS_NOTABLE:
            return True
        return result.amount >= NOTABLE_AMOUNT.get(result.unit or "", float("inf"))
    if kind == FieldKind.VICTIM:
        return result.minors > 0
    return False


def _event(result: FieldResult, agency: str, post: OperationPost | None) -> TimelineEvent:
    kind = FieldKind(result.kind)
    arrest, seizure = kind is FieldKind.ARREST, kind is FieldKind.SEIZURE
    return TimelineEvent(
        id=result.public_id, kind=kind, occurred_at=result.occurred_at, agency=agency,
        post_name=post.name if post else None,
        crime_area=CrimeArea(result.category) if arrest and result.category else None,
        basis=ArrestBasis(result.item) if arrest and result.item else None,
        category=SeizureKind(result.category) if seizure and result.category else None,
        item=result.item if seizure else None,
        unit=Unit(result.unit) if seizure and result.unit else None, amount=result.amount,
        minors=result.minors, title=json.loads(result.details or "{}").get("title"),
    )  # fmt: skip


def _timeline(
    session: Session, operation: Operation, codes: dict[int, str], posts: dict[int, OperationPost]
) -> list[TimelineEvent]:  # fmt: skip
    """The newest notable results: read in pages, newest first, until enough are found (a
    bounded number of pages: an operation of thousands of small seizures stays cheap)."""
    found: list[TimelineEvent] = []
    page, offset = 200, 0
    while len(found) < TIMELINE_SIZE and offset < 10 * page:
        rows = list(session.execute(
            select(FieldResult)
            .where(FieldResult.operation_id == operation.id, FieldResult.withdrawn_at.is_(None))
            .order_by(FieldResult.occurred_at.desc(), FieldResult.id.desc())
            .limit(page).offset(offset)
        ).scalars())  # fmt: skip
        found.extend(
            _event(r, codes.get(r.agency_id, "?"), posts.get(r.post_id or 0))
            for r in rows if notable(r)
        )  # fmt: skip
        if len(rows) < page:
            break
        offset += page
    return found[:TIMELINE_SIZE]


def _all(counts: dict[CheckKind, int]) -> dict[CheckKind, int]:
    return {kind: counts.get(kind, 0) for kind in CheckKind}


def _checked(counts: dict[CheckKind, int]) -> int:
    return sum(counts.get(kind, 0) for kind in CHECKED)


def _series(session: Session, operation: Operation, now: datetime) -> list[LiveMinute]:
    last = now.replace(second=0, microsecond=0)
    first = last - timedelta(minutes=SERIES_MINUTES - 1)
    recent = tally.totals(session, operation, since=first)
    by_minute = {m.minute.replace(tzinfo=None): m.counts for m in recent.series}
    minutes = [first + timedelta(minutes=i) for i in range(SERIES_MINUTES)]
    series = []
    for minute in minutes:
        counts = by_minute.get(minute.replace(tzinfo=None), {})
        series.append(LiveMinute(minute=minute, checked=_checked(counts),
                                 hits=counts.get(CheckKind.HIT, 0)))  # fmt: skip
    return series


def _read(session: Session, operation: Operation) -> LiveSnapshot:
    now = utcnow()
    stamp = version(session, operation)  # first: a change made while reading pushes again
    counted = tally.totals(session, operation)
    codes = {i: c for i, c in session.execute(select(Agency.id, Agency.code))}
    posts = {
        p.id: p
        for p in session.execute(
            select(OperationPost).where(OperationPost.operation_id == operation.id)
            .order_by(OperationPost.id)
        ).scalars()
    }  # fmt: skip
    by_public = {p.public_id: p for p in posts.values()}
    reported = session.execute(
        select(FieldResult.agency_id, FieldResult.post_id, FieldResult.kind,
               func.count(), func.sum(FieldResult.amount))
        .where(FieldResult.operation_id == operation.id, FieldResult.withdrawn_at.is_(None))
        .group_by(FieldResult.agency_id, FieldResult.post_id, FieldResult.kind)
    ).all()  # fmt: skip
    at_post: dict[int, int] = {}
    per_agency: dict[str, list[int]] = {}  # code -> [reports, arrested persons]
    for agency_id, post_id, kind, n, amount in reported:
        if post_id is not None:
            at_post[post_id] = at_post.get(post_id, 0) + n
        figures = per_agency.setdefault(codes.get(agency_id, "?"), [0, 0])
        figures[0] += n
        if kind == FieldKind.ARREST:
            figures[1] += int(amount or 0)
    live_posts = []
    for row in counted.posts:
        post = by_public.get(row.post) if row.post else None
        live_posts.append(LivePost(
            id=row.post, agency=row.agency, name=row.name,
            kind=PostKind(post.kind) if post else None, latitude=row.latitude,
            longitude=row.longitude, checks=_all(row.counts), checked=_checked(row.counts),
            results=at_post.get(post.id, 0) if post else 0,
        ))  # fmt: skip
    names = sorted(set(counted.agencies) | set(per_agency))
    agencies = [
        LiveAgency(
            agency=code, checks=_all(counted.agencies.get(code, {})),
            checked=_checked(counted.agencies.get(code, {})),
            arrests=per_agency.get(code, [0, 0])[1], results=per_agency.get(code, [0, 0])[0],
        )
        for code in names
    ]  # fmt: skip
    return LiveSnapshot(
        operation=operation.public_id, name=operation.name, state=state_of(operation, now),
        timezone=operation.timezone, period_start=operation.period_start,
        period_end=operation.period_end, at=now, version=stamp, checks=_all(counted.kinds),
        results=summary(session, operation), posts=live_posts, agencies=agencies,
        series=_series(session, operation, now),
        timeline=_timeline(session, operation, codes, posts),
    )  # fmt: skip


def snapshot(session: Session, actor: Actor, operation_id: str) -> LiveSnapshot:
    """The operation's live figures, for a participant (anyone else: *not found*). Audited as
    one view (a stream is audited once, when it opens: :func:`open_stream`)."""
    operation = load_operation(session, actor, operation_id)
    audit.record(session, actor, "operation.live", target=f"operation:{operation.public_id}",
                 result_ids=[operation.public_id])  # fmt: skip
    return _read(session, operation)


# --- the stream --------------------------------------------------------------------------------


class StreamSlots:
    """How many live streams one process serves at once (:data:`MAX_STREAMS`).

    Taken by the route before the stream starts (beyond the bound: :class:`BusyError`, a 503
    with Retry-After), given back when the stream ends."""

    def __init__(self, limit: int = MAX_STREAMS) -> None:
        self.limit = limit
        self.open = 0
        self._lock = threading.Lock()

    def take(self) -> None:
        with self._lock:
            if self.open >= self.limit:
                raise BusyError(
                    "Too many live dashboards are open on this server; try again shortly."
                )
            self.open += 1

    def give_back(self) -> None:
        with self._lock:
            self.open = max(self.open - 1, 0)


_shared: dict[tuple[str, int], tuple[float, str]] = {}
_snapshots: dict[tuple[str, int, int | None], LiveSnapshot] = {}
_lock = threading.Lock()


def open_stream(session: Session, actor: Actor, operation_id: str) -> int:
    """Check that the actor may watch the operation (else *not found*) and audit the watch;
    the operation's internal id, which :func:`stream` polls."""
    operation = load_operation(session, actor, operation_id)
    audit.record(session, actor, "operation.live.watch",
                 target=f"operation:{operation.public_id}",
                 result_ids=[operation.public_id])  # fmt: skip
    return operation.id


def _current_version(db: Database, operation_id: int) -> str | None:
    """The operation's version, shared for :data:`SHARED_FOR` seconds by this process's
    streams (None: the operation is gone)."""
    key = (db.url, operation_id)
    now = time.monotonic()
    with _lock:
        shared = _shared.get(key)
    if shared is not None and shared[0] > now:
        return shared[1]
    with db.reading() as session:
        operation = session.get(Operation, operation_id)
        stamp = version(session, operation) if operation is not None else None
    if stamp is None:
        return None
    with _lock:
        _shared[key] = (now + SHARED_FOR, stamp)
    return stamp


def _current_snapshot(db: Database, actor: Actor, operation_id: int, stamp: str) -> LiveSnapshot:
    """The snapshot of ``stamp``: made once per version by this process for every stream of
    the actor's agency, read afresh (participants only) otherwise."""
    key = (db.url, operation_id, actor.agency_id)
    with _lock:
        known = _snapshots.get(key)
    if known is not None and known.version == stamp:
        return known
    with db.reading() as session:
        operation = session.get(Operation, operation_id)
        if operation is None:
            raise NotFoundError("Operation not found.")
        load_operation(session, actor, operation.public_id)  # still a participant
        made = _read(session, operation)
    with _lock:
        if len(_snapshots) > 4 * MAX_STREAMS:
            _snapshots.clear()
        _snapshots[key] = made
    return made


def _event_text(event: str, data: str, ident: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {event}\nid: {ident}\n{lines}\n"


async def stream(
    db: Database, actor: Actor, operation_id: int, *,
    disconnected: Callable[[], Awaitable[bool]],
    encode: Callable[[LiveSnapshot], str] = lambda s: s.model_dump_json(),
    gate: asyncio.Semaphore | None = None, slots: StreamSlots | None = None,
) -> AsyncIterator[str]:  # fmt: skip
    """The event stream of an operation's dashboard: a snapshot at once, then one each time
    the version changes (checked every :data:`POLL` s), a heartbeat comment after
    :data:`HEARTBEAT` s of quiet; it ends when the client goes or the operation becomes
    invisible. The database is read in a thread (``gate``: the server's bound on requests at
    the database, held only while reading); nothing is held while it sleeps."""
    gate = gate or asyncio.Semaphore(1)
    sent: str | None = None
    quiet_since = time.monotonic()
    try:
        while not await disconnected():
            async with gate:
                stamp = await asyncio.to_thread(_current_version, db, operation_id)
                if stamp is None:
                    return
                made: LiveSnapshot | None = None
                if stamp != sent:
                    try:
                        made = await asyncio.to_thread(
                            _current_snapshot, db, actor, operation_id, stamp
                        )
                    except NotFoundError:
                        return
            if made is not None:
                sent = made.version
                data = await asyncio.to_thread(encode, made)
                yield _event_text("snapshot", data, made.version)
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= HEARTBEAT:
                yield ": heartbeat\n\n"
                quiet_since = time.monotonic()
            await asyncio.sleep(POLL)
    finally:
        if slots is not None:
            slots.give_back()


def stream_headers() -> dict[str, str]:
    """What a live stream's response says besides its type: never cached nor buffered."""
    return {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
