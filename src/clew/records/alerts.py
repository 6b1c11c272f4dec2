"""Alerts on records: add, extend at review, let lapse, and the sweep of expired alerts.

An alert past its expiry is not active whether or not the sweep has run yet (see
``store.alert_public``); the sweep makes it explicit in the data and the history.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.errors import NotFoundError, ValidationError
from clew.records.kinds import AlertStatus, RecordKind, RecordStatus
from clew.records.models import Alert, Record
from clew.records.schemas import AlertExtend, AlertIn
from clew.records.store import alert_dates, owned_record, record_change
from clew.storage import utcnow

__all__ = [
    "add_alert",
    "due_for_review",
    "extend_alert",
    "lapse_alert",
    "reviews_due",
    "sweep_expired",
]


def add_alert(session: Session, actor: Actor, record_id: int, data: AlertIn) -> Alert:
    record = owned_record(session, actor, record_id)
    if record.status != RecordStatus.ACTIVE:
        raise ValidationError.field("status", "a cancelled record cannot get an alert")
    review_on, expires_on = alert_dates(RecordKind(record.kind), utcnow().date(), data.expires_on)
    alert = Alert(
        record_id=record.id, category=data.category, action=data.action, reason=data.reason,
        handling_code=data.handling_code, handling_note=data.handling_note,
        status=AlertStatus.ACTIVE, review_on=review_on, expires_on=expires_on,
    )  # fmt: skip
    session.add(alert)
    session.flush()
    record_change(
        session, actor, record.id, "alert.add", {"alert": alert.id, "category": data.category}
    )
    audit.record(session, actor, "alert.add", target=f"alert:{alert.id}", result_ids=[record.id])
    session.expire(record, ["alerts"])
    return alert


def _own_alert(session: Session, actor: Actor, alert_id: int) -> tuple[Record, Alert]:
    """The alert and its record, for the owning agency's writer.

    Permission is checked before the lookup, and an alert on a record hidden from the actor is
    "not found" like a missing one, so no answer tells which alert ids exist.
    """
    actor.require(Permission.WRITE_RECORDS)
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFoundError("Alert not found.")
    try:
        record = owned_record(session, actor, alert.record_id)
    except NotFoundError:
        raise NotFoundError("Alert not found.") from None
    return record, alert


def extend_alert(session: Session, actor: Actor, alert_id: int, data: AlertExtend) -> Alert:
    """Keep an alert for another period (or until ``expires_on``), with the reason why."""
    record, alert = _own_alert(session, actor, alert_id)
    if alert.status == AlertStatus.CANCELLED:
        raise ValidationError.field("status", "a cancelled alert cannot be extended")
    today = utcnow().date()
    old = alert.expires_on
    alert.review_on, alert.expires_on = alert_dates(RecordKind(record.kind), today, data.expires_on)
    alert.status = AlertStatus.ACTIVE
    alert.updated_at = utcnow()
    record_change(
        session, actor, record.id, "alert.extend",
        {"alert": alert.id, "expires_on": [old.isoformat(), alert.expires_on.isoformat()],
         "reason": data.reason},
    )  # fmt: skip
    audit.record(session, actor, "alert.extend", target=f"alert:{alert.id}", result_ids=[record.id])
    return alert


def lapse_alert(session: Session, actor: Actor, alert_id: int, reason: str) -> Alert:
    record, alert = _own_alert(session, actor, alert_id)
    if alert.status == AlertStatus.ACTIVE:
        alert.status = AlertStatus.LAPSED
        alert.updated_at = utcnow()
        record_change(
            session, actor, record.id, "alert.lapse", {"alert": alert.id, "reason": reason}
        )
    audit.record(session, actor, "alert.lapse", target=f"alert:{alert.id}", result_ids=[record.id])
    return alert


def _due(actor: Actor) -> tuple[ColumnElement[bool], ...]:
    return (
        Record.owner_agency_id == actor.agency_id,
        Record.status == RecordStatus.ACTIVE,
        Alert.status == AlertStatus.ACTIVE,
        Alert.review_on <= utcnow().date(),
    )


def reviews_due(session: Session, actor: Actor) -> int:
    """How many of the agency's alerts are due for review (the dashboard's figure)."""
    actor.require(Permission.WRITE_RECORDS)
    return session.execute(
        select(func.count()).select_from(Record).join(Alert, Alert.record_id == Record.id)
        .where(*_due(actor))
    ).scalar_one()  # fmt: skip


def due_for_review(
    session: Session, actor: Actor, *, limit: int = 200
) -> list[tuple[Record, Alert]]:
    """Active alerts of the actor's agency whose review window has opened, soonest first."""
    rows = session.execute(
        select(Record, Alert)
        .join(Alert, Alert.record_id == Record.id)
        .where(*_due(actor))
        .order_by(Alert.expires_on, Alert.id)
        .limit(limit)
    ).all()
    audit.record(session, actor, "alert.review_list", result_ids=[r.id for r, _ in rows])
    return [(record, alert) for record, alert in rows]


def sweep_expired(session: Session, actor: Actor) -> int:
    """Mark every active alert past its expiry as lapsed; returns how many."""
    today = utcnow().date()
    expired = list(
        session.execute(
            select(Alert)
            .where(Alert.status == AlertStatus.ACTIVE, Alert.expires_on < today)
            .with_for_update(skip_locked=True)  # two processes sweeping never lapse one twice
        ).scalars()
    )
    for alert in expired:
        alert.status = AlertStatus.LAPSED
        alert.updated_at = utcnow()
        record_change(session, actor, alert.record_id, "alert.expire", {"alert": alert.id})
    if expired:
        audit.record(session, actor, "alert.expire", result_ids=[a.record_id for a in expired])
    return len(expired)
