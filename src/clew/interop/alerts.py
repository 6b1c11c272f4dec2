"""The alert a file carries.

A record holds a history of alerts; a file row holds at most one. On export that is the
record's *current* alert: the most recently created active one (none when every alert was
cancelled or has lapsed). On import, formats without Clew's alert fields imply one: an
INTERPOL red notice, or a FollowTheMoney person with the topic ``wanted``, is a request to
arrest (:func:`arrest_alert`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from clew.records.kinds import AlertCategory, AlertStatus
from clew.records.schemas import AlertPublic, RecordPublic

__all__ = ["ARREST_ACTION", "MAX_REASON", "arrest_alert", "current_alert", "reason_text"]

ARREST_ACTION: Final = "Arrest and inform the issuing country"
MAX_REASON: Final = 1000  # the length AlertIn allows


def current_alert(record: RecordPublic) -> AlertPublic | None:
    """The most recently created active alert of the record, or ``None``."""
    active = [alert for alert in record.alerts if alert.status is AlertStatus.ACTIVE]
    return max(active, key=lambda alert: (alert.created_at, alert.id), default=None)


def arrest_alert(reason: str | None) -> dict[str, Any]:
    """The raw fields of a wanted-for-arrest alert with the standard action."""
    alert: dict[str, Any] = {
        "category": AlertCategory.WANTED_FOR_ARREST.value,
        "action": ARREST_ACTION,
    }
    if reason:
        alert["reason"] = reason
    return alert


def reason_text(parts: Iterable[str]) -> str | None:
    """Non-empty parts joined with ``; `` and cut to :data:`MAX_REASON` characters (the cut
    marked with an ellipsis); ``None`` when nothing is left."""
    text = "; ".join(p.strip() for p in parts if p.strip())
    if len(text) > MAX_REASON:
        text = text[: MAX_REASON - 1] + "…"
    return text or None
