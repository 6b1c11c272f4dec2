"""NCIC-like transactions on a record besides modify and cancel (:mod:`clew.records.store`):
locate and clear.

- **Locate**: a listed firearm was found. The record notes when, where and by which agency,
  and the firearm's status becomes *recovered* or *seized*; the record stays on the watchlist
  (and screened) until its owner clears it.
- **Clear**: the object is back with its owner, or the reason for the record is gone. The
  record's status becomes *cleared*, its alerts are cancelled, a firearm's status becomes
  *recovered*; a cleared record is no longer screened (the change row drops it from every
  index that follows the change feed).

Only the owning agency transacts on its record; both write a history entry and an audit entry.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import ValidationError
from clew.records.codec import decode, encode
from clew.records.kinds import AlertStatus, FirearmStatus, RecordKind, RecordStatus
from clew.records.models import Record, RecordKey
from clew.records.schemas import ClearIn, FirearmFields, Located
from clew.records.store import owned_record, record_change
from clew.storage import utcnow

__all__ = ["clear_record", "locate_record"]


def _active(record: Record) -> None:
    if record.status != RecordStatus.ACTIVE:
        raise ValidationError.field("status", f"the record is {record.status}: it cannot change")


def _store(session: Session, record: Record, fields: FirearmFields) -> None:
    encoded = encode(fields)
    record.data, record.label, record.search_text = encoded.data, encoded.label, encoded.search_text
    session.execute(delete(RecordKey).where(RecordKey.record_id == record.id))
    if encoded.keys:
        session.execute(
            insert(RecordKey),
            [{"record_id": record.id, "key": k, "value": v[:100]} for k, v in encoded.keys],
        )


def locate_record(session: Session, actor: Actor, record_id: int, found: Located) -> Record:
    """Note that a firearm was found; its status becomes recovered or seized."""
    record = owned_record(session, actor, record_id)
    if record.kind != RecordKind.FIREARM:
        raise ValidationError.field("kind", "only a firearm record is located")
    _active(record)
    fields = decode(record.data)
    assert isinstance(fields, FirearmFields)
    before = fields.status
    _store(session, record, fields.model_copy(update={"status": found.status, "located": found}))
    record.version += 1
    record.updated_at = utcnow()
    changes = {"status": [before, found.status], "found_on": found.on.isoformat(),
               "found_at": found.place, "found_by": found.agency}  # fmt: skip
    record_change(session, actor, record.id, "locate", changes)
    audit.record(session, actor, "record.locate", target=f"record:{record.id}",
                 query=json.loads(found.model_dump_json()), result_ids=[record.id])  # fmt: skip
    return record


def clear_record(session: Session, actor: Actor, record_id: int, data: ClearIn) -> Record:
    """Take the record off the watchlist: cleared, its alerts cancelled, no longer screened."""
    record = owned_record(session, actor, record_id)
    if record.status == RecordStatus.CLEARED:
        return record
    _active(record)
    on = data.on or utcnow().date()
    changes: dict[str, object] = {"reason": data.reason, "cleared_on": on.isoformat()}
    fields = decode(record.data)
    if isinstance(fields, FirearmFields) and fields.status != FirearmStatus.RECOVERED:
        changes["status"] = [fields.status, FirearmStatus.RECOVERED]
        _store(session, record, fields.model_copy(update={"status": FirearmStatus.RECOVERED}))
    record.status = RecordStatus.CLEARED
    record.version += 1
    record.updated_at = utcnow()
    for alert in record.alerts:
        if alert.status == AlertStatus.ACTIVE:
            alert.status = AlertStatus.CANCELLED
            alert.updated_at = record.updated_at
    record_change(session, actor, record.id, "clear", changes)
    audit.record(session, actor, "record.clear", target=f"record:{record.id}",
                 query={"reason": data.reason, "on": on.isoformat()},
                 result_ids=[record.id])  # fmt: skip
    return record
