"""The audit log: an append-only hash chain of every search, view, change, export and login.

Entries are written in the same transaction as the action they record, so an action that
rolls back leaves no entry and an entry never describes something that did not happen.

Chaining stays off the hot path: ``record`` only collects a request's entries; they are hashed
onto the chain in a short critical section just before the transaction commits (the head row is
locked for those few inserts, never across a request or its rendering; on PostgreSQL one
statement locks, hashes, inserts and moves the head, and the commit follows). A read-only unit
hands its entries to ``after_read``, so a search or an export is chained in one short write at
its end.

``verify`` walks the chain and names the first entry that was altered, removed or reordered.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, event, func, insert, select, text, update
from sqlalchemy.orm import Session, SessionTransaction

from clew.access import anchors
from clew.access.actor import Actor
from clew.access.models import AuditEntry, AuditHead
from clew.access.roles import Permission
from clew.storage import utcnow
from clew.storage.database import after_read

__all__ = [
    "GENESIS",
    "AuditFilter",
    "Verification",
    "anchor",
    "entry_hash",
    "export",
    "export_csv",
    "export_jsonl",
    "list_entries",
    "record",
    "verify",
    "verify_recorded",
]

GENESIS = "0" * 64


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    """Hash of an entry's content chained to the previous hash.

    The sequence number is deliberately not hashed: order is carried by ``prev_hash``, so an
    entry moved elsewhere keeps a valid own hash and is reported as *reordered*, not altered.
    """
    return hashlib.sha256((prev_hash + _content(entry)).encode()).hexdigest()


def _content(entry: AuditEntry) -> str:
    """What an entry's hash covers, in canonical JSON (after the previous hash)."""
    content = {
        "at": _timestamp(entry.at),
        "user_id": entry.user_id,
        "username": entry.username,
        "agency_code": entry.agency_code,
        "channel": entry.channel,
        "action": entry.action,
        "target": entry.target,
        "query": entry.query,
        "result_ids": entry.result_ids,
        "outcome": entry.outcome,
    }
    return _canonical(content)


_PENDING = "clew_audit_pending"


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    target: str | None = None,
    query: dict[str, Any] | None = None,
    result_ids: Sequence[int | str] = (),
    outcome: str = "ok",
) -> AuditEntry:
    """Add one entry for the caller's unit of work; it joins the chain when the unit commits
    (a rolled-back unit leaves none). Its ``seq`` and ``hash`` are set at that moment."""
    entry = AuditEntry(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.username,
        agency_code=actor.agency_code,
        channel=str(actor.channel),
        action=action,
        target=target,
        query=_canonical(query or {}),
        result_ids=_canonical([str(i) for i in result_ids]),
        outcome=outcome,
        prev_hash="",
        hash="",
    )
    pending: list[AuditEntry] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        after_read(session, lambda writer: writer.info.setdefault(_PENDING, []).extend(pending))
    pending.append(entry)
    return entry


_HEAD = cast(Table, AuditHead.__table__)
_ENTRIES = cast(Table, AuditEntry.__table__)
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
_ENTRY_COLUMNS = tuple(c.key for c in _ENTRIES.columns)
_GIVEN_COLUMNS = tuple(k for k in _ENTRY_COLUMNS if k not in ("seq", "prev_hash", "hash"))
"""What ``record`` gives an entry; the chain adds its number and hashes."""
_INSERT_ENTRIES = insert(_ENTRIES)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=bindparam("new_seq", type_=_HEAD.c.seq.type),
            hash=bindparam("new_hash", type_=_HEAD.c.hash.type))
)  # fmt: skip


# PostgreSQL chains a unit's entries in one statement: lock the head, hash each entry's content
# onto it (sha256 over the previous hash and the content, as ``entry_hash``), insert them, move
# the head. The head stays locked from that statement to the commit, one round trip later; with
# a statement per step it stayed locked across four, and each return waited for its process's
# interpreter lock while other threads scored names, so commits queued behind it.
_CHAIN_PG = text("""
WITH RECURSIVE
head AS (SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE),
pending AS (
    SELECT * FROM unnest(
        CAST(:content AS text[]), CAST(:at AS timestamptz[]), CAST(:user_id AS integer[]),
        CAST(:username AS text[]), CAST(:agency_code AS text[]), CAST(:channel AS text[]),
        CAST(:action AS text[]), CAST(:target AS text[]), CAST(:query AS text[]),
        CAST(:result_ids AS text[]), CAST(:outcome AS text[])
    ) WITH ORDINALITY AS p(content, at, user_id, username, agency_code, channel, action,
                           target, query, result_ids, outcome, i)
),
chain(i, prev, hash) AS (
    SELECT p.i, CAST(head.hash AS text),
           encode(sha256(convert_to(head.hash || p.content, 'UTF8')), 'hex')
    FROM head JOIN pending p ON p.i = 1
    UNION ALL
    SELECT p.i, chain.hash, encode(sha256(convert_to(chain.hash || p.content, 'UTF8')), 'hex')
    FROM chain JOIN pending p ON p.i = chain.i + 1
),
inserted AS (
    INSERT INTO audit_entries (seq, at, user_id, username, agency_code, channel, action, target,
                               query, result_ids, outcome, prev_hash, hash)
    SELECT head.seq + p.i, p.at, p.user_id, p.username, p.agency_code, p.channel, p.action,
           p.target, p.query, p.result_ids, p.outcome, chain.prev, chain.hash
    FROM head, pending p JOIN chain ON chain.i = p.i
),
moved AS (
    UPDATE audit_head SET seq = head.seq + :count,
                          hash = (SELECT hash FROM chain WHERE i = :count)
    FROM head WHERE audit_head.id = 1
)
SELECT head.seq, head.hash, (SELECT hash FROM chain WHERE i = :count) AS last FROM head
""")  # fmt: skip


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    """The short critical section: lock the head, hash the unit's entries onto it, move it.

    Plain statements, no ORM objects to load and flush while the head is locked, so every
    writer waits on it as briefly as it can: on PostgreSQL one statement (``_CHAIN_PG``), on
    SQLite (whose write lock the unit holds from its start anyway) a read, an insert of every
    entry and an update.
    """
    pending: list[AuditEntry] = session.info.pop(_PENDING, None) or []
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        _chain_in_database(session, pending)
        return
    head = session.execute(_LOCK_HEAD).first()
    seq, last = (head.seq, head.hash) if head is not None else (0, GENESIS)
    if head is None:  # a schema made without its migrations: the chain starts here
        session.execute(insert(_HEAD).values(id=1, seq=0, hash=GENESIS))
    _link(pending, seq, last)
    session.execute(
        _INSERT_ENTRIES, [{key: getattr(e, key) for key in _ENTRY_COLUMNS} for e in pending]
    )
    session.execute(_MOVE_HEAD, {"new_seq": pending[-1].seq, "new_hash": pending[-1].hash})


def _link(pending: list[AuditEntry], seq: int, last: str) -> None:
    """Number and hash ``pending`` onto a head at ``seq`` with hash ``last``."""
    for entry in pending:
        seq += 1
        entry.seq, entry.prev_hash = seq, last
        entry.hash = last = entry_hash(last, entry)


def _chain_in_database(session: Session, pending: list[AuditEntry]) -> None:
    params: dict[str, Any] = {key: [getattr(e, key) for e in pending] for key in _GIVEN_COLUMNS}
    params |= {"content": [_content(e) for e in pending], "count": len(pending)}
    head = session.execute(_CHAIN_PG, params).one_or_none()
    if head is None:  # a schema made without its migrations: the chain starts here
        session.execute(insert(_HEAD).values(id=1, seq=0, hash=GENESIS))
        head = session.execute(_CHAIN_PG, params).one()
    _link(pending, head.seq, head.hash)  # the entries as stored, for the caller to read
    if pending[-1].hash != head.last:  # the database hashed other bytes: never commit that
        raise RuntimeError("the audit chain was hashed differently by the database")


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole unit rolled back: its entries describe nothing
        session.info.pop(_PENDING, None)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    username: str | None = None
    agency_code: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None


def _scoped(actor: Actor, flt: AuditFilter) -> Select[AuditEntry]:
    actor.require(Permission.READ_AUDIT)
    stmt = select(AuditEntry)
    if not actor.platform_wide:
        stmt = stmt.where(AuditEntry.agency_code == actor.agency_code)
    if flt.username:
        stmt = stmt.where(AuditEntry.username == flt.username.strip().lower())
    if flt.agency_code:
        stmt = stmt.where(AuditEntry.agency_code == flt.agency_code.strip().upper())
    if flt.action:
        stmt = stmt.where(AuditEntry.action == flt.action.strip())
    if flt.since:
        stmt = stmt.where(AuditEntry.at >= flt.since)
    if flt.until:
        stmt = stmt.where(AuditEntry.at < flt.until)
    if flt.text:
        like = f"%{flt.text.strip()}%"
        stmt = stmt.where(
            AuditEntry.query.like(like)
            | AuditEntry.target.like(like)
            | AuditEntry.result_ids.like(like)
        )
    return stmt


def list_entries(
    session: Session, actor: Actor, flt: AuditFilter, *, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """Newest first. Reading the audit log is itself audited."""
    stmt = _scoped(actor, flt)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = list(
        session.execute(stmt.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)).scalars()
    )
    record(
        session,
        actor,
        "audit.search",
        query=_filter_query(flt) | {"limit": limit, "offset": offset},
        result_ids=[r.seq for r in rows],
    )
    return rows, total


def _filter_query(flt: AuditFilter) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, datetime) else v)
        for k, v in {
            "username": flt.username,
            "agency_code": flt.agency_code,
            "action": flt.action,
            "since": flt.since,
            "until": flt.until,
            "text": flt.text,
        }.items()
        if v
    }


EXPORT_FIELDS = (
    "seq", "at", "username", "agency_code", "channel", "action", "target", "query",
    "result_ids", "outcome", "prev_hash", "hash",
)  # fmt: skip


def entry_row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": _timestamp(entry.at),
        "username": entry.username,
        "agency_code": entry.agency_code,
        "channel": entry.channel,
        "action": entry.action,
        "target": entry.target,
        "query": json.loads(entry.query),
        "result_ids": json.loads(entry.result_ids),
        "outcome": entry.outcome,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _export_rows(session: Session, actor: Actor, flt: AuditFilter, fmt: str) -> list[AuditEntry]:
    rows = list(session.execute(_scoped(actor, flt).order_by(AuditEntry.seq)).scalars())
    record(
        session,
        actor,
        "audit.export",
        query=_filter_query(flt) | {"format": fmt},
        result_ids=[r.seq for r in rows],
    )
    return rows


def export_jsonl(session: Session, actor: Actor, flt: AuditFilter) -> Iterator[str]:
    for entry in _export_rows(session, actor, flt, "jsonl"):
        yield _canonical(entry_row(entry)) + "\n"


def export_csv(session: Session, actor: Actor, flt: AuditFilter) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for entry in _export_rows(session, actor, flt, "csv"):
        row = entry_row(entry)
        row["query"] = _canonical(row["query"])
        row["result_ids"] = " ".join(row["result_ids"])
        writer.writerow(row)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None
    anchors: int = 0

    @property
    def message(self) -> str:
        if self.ok:
            pinned = (
                f"; {self.anchors} signed anchors match" if self.anchors
                else "; no signed anchors to check (run `clew audit anchor`)"
            )  # fmt: skip
            return (
                f"audit log intact: {self.checked} entries verified, "
                f"head #{self.head_seq} {self.head_hash}{pinned}"
            )
        return f"audit log broken at entry #{self.first_bad_seq}: {self.problem}"


def _walk(entries: Iterable[AuditEntry], head: AuditHead | None,
          pinned: set[int]) -> tuple[Verification, dict[int, str]]:  # fmt: skip
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    head_seq = head.seq if head else 0
    head_hash = head.hash if head else GENESIS
    hashes: dict[int, str] = {}

    def broken(seq: int, problem: str) -> tuple[Verification, dict[int, str]]:
        return Verification(False, checked, head_seq, head_hash, seq, problem), hashes

    for entry in entries:
        if entry.seq > expected_seq:
            return broken(expected_seq, "entry removed (sequence number missing)")
        if entry.hash != entry_hash(entry.prev_hash, entry):
            return broken(entry.seq, "entry altered (its content does not match its hash)")
        if entry.prev_hash != prev_hash:
            return broken(
                entry.seq, "entry reordered or an entry before it removed (chain link broken)"
            )
        if entry.seq in pinned:
            hashes[entry.seq] = entry.hash
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    if head_seq != checked or head_hash != prev_hash:
        if head_seq > checked:
            return broken(checked + 1, "entry removed from the end of the log")
        return broken(checked, "log head does not match the last entry")
    return Verification(True, checked, head_seq, head_hash), hashes


def _check_anchors(result: Verification, hashes: dict[int, str], key: bytes,
                   pinned: Sequence[anchors.Anchor]) -> Verification:  # fmt: skip
    def broken(seq: int, problem: str) -> Verification:
        return Verification(False, result.checked, result.head_seq, result.head_hash, seq,
                            problem, len(pinned))  # fmt: skip

    for anchor in sorted(pinned, key=lambda a: a.seq):
        if not anchors.authentic(key, anchor):
            return broken(
                anchor.seq,
                f"the anchor of {anchor.at} is not signed with this "
                "installation's key (a forged or edited anchor, or the wrong key)",
            )
        if anchor.seq > result.checked:
            return broken(
                result.checked + 1,
                f"entries removed: the log ends at "
                f"#{result.checked} but was anchored at #{anchor.seq} on {anchor.at}",
            )
        if hashes.get(anchor.seq) != anchor.hash:
            return broken(
                anchor.seq,
                f"the log was rewritten at or before this entry (its hash "
                f"differs from the one anchored on {anchor.at})",
            )
    return Verification(True, result.checked, result.head_seq, result.head_hash,
                        anchors=len(pinned))  # fmt: skip


def verify(
    session: Session,
    actor: Actor,
    *,
    key: bytes | None = None,
    pinned: Sequence[anchors.Anchor] = (),
    problems: Sequence[anchors.AnchorProblem] = (),
) -> Verification:
    """Check the whole chain, and every signed anchor against it (``key`` needed for those).

    Requires ``audit:read`` and platform-wide reach. Only reads: verifying a log never changes
    it, so it also runs on a read-only copy (``verify_recorded`` adds the audit entry).
    """
    actor.require(Permission.READ_AUDIT)
    if not actor.platform_wide:
        from clew.errors import ForbiddenError

        raise ForbiddenError("Only platform-wide auditors can verify the whole log.")
    with _one_snapshot(session) as reader:
        head = reader.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
        result, hashes = _walk(
            reader.execute(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000).scalars(),
            head,
            {a.seq for a in pinned},
        )
    if problems and result.ok:
        line = problems[0].line
        return Verification(False, result.checked, result.head_seq, result.head_hash, None,
                            f"line {line} of the anchor file is not an anchor")  # fmt: skip
    if not result.ok or not pinned:
        return result
    if key is None:
        from clew.errors import ConfigurationError

        raise ConfigurationError("The anchor key is needed to check the anchors.")
    return _check_anchors(result, hashes, key, pinned)


@contextmanager
def _one_snapshot(session: Session) -> Iterator[Session]:
    """A session whose reads all see one snapshot: the head, and the entries it must match.

    In PostgreSQL's default isolation each statement sees its own snapshot, so an entry
    committed by any other request between reading the head and reading the entries looked like
    an entry added behind the head's back: a busy server's auditor was told the log had been
    tampered with. A connection of its own in REPEATABLE READ reads both in one snapshot.
    SQLite's transactions already keep theirs.
    """
    engine = session.get_bind().engine
    if engine.dialect.name != "postgresql":
        yield session
        return
    with engine.connect() as connection:
        connection.execution_options(isolation_level="REPEATABLE READ")
        with Session(bind=connection) as reader:
            yield reader


def verify_recorded(session: Session, actor: Actor, **kwargs: Any) -> Verification:
    """``verify``, then an entry saying who verified and what they found (web and API)."""
    result = verify(session, actor, **kwargs)
    record(session, actor, "audit.verify", outcome="ok" if result.ok else "broken")
    return result


def anchor(session: Session, key: bytes) -> anchors.Anchor:
    """Sign the chain's current head (read without a lock: a committed head is final)."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    seq, chain_hash = (head.seq, head.hash) if head else (0, GENESIS)
    return anchors.sign(key, seq, chain_hash, _timestamp(utcnow()))


def export(session: Session, actor: Actor, flt: AuditFilter, fmt: str) -> str:
    """The matching entries as ``csv`` or ``jsonl`` text (the export is audited)."""
    if fmt == "csv":
        return export_csv(session, actor, flt)
    return "".join(export_jsonl(session, actor, flt))
