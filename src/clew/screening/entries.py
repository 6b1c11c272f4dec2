"""What the screening index holds per record: plain ``__slots__`` classes, no pydantic.

Hot path: a check touches hundreds of entries, so these are as light as Python allows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["AlertInfo", "Entry", "can_see"]


class AlertInfo:
    __slots__ = ("action", "alert_id", "category", "expires_on", "handling_code")

    def __init__(
        self, alert_id: int, category: str, action: str, handling_code: str, expires_on: date
    ) -> None:
        self.alert_id = alert_id
        self.category = category
        self.action = action
        self.handling_code = handling_code
        self.expires_on = expires_on


class Entry:
    """One active record on a watchlist, with what visibility and scoring need."""

    __slots__ = (
        "alert", "countries", "data", "folded", "kind", "label", "mode", "owner_agency_id",
        "owner_code", "owner_country", "prepared", "record_id",
    )  # fmt: skip

    def __init__(
        self,
        record_id: int,
        kind: str,
        label: str,
        owner_agency_id: int,
        owner_code: str,
        owner_country: str,
        mode: str,
        countries: frozenset[str],
        data: dict[str, Any],
        alert: AlertInfo,
    ) -> None:
        self.record_id = record_id
        self.kind = kind
        self.label = label
        self.owner_agency_id = owner_agency_id
        self.owner_code = owner_code
        self.owner_country = owner_country
        self.mode = mode
        self.countries = countries
        self.data = data
        self.alert = alert
        # Filled on first use by the matcher: the scoring model's view of the record and its
        # folded names (both derived from ``data``, never changed after).
        self.prepared: Any = None
        self.folded: tuple[str, ...] | None = None


def can_see(entry: Entry, agency_id: int | None, country: str | None) -> bool:
    """The index's copy of :func:`clew.records.visibility.visible_to` for active records.

    Kept identical by a test that compares both over every rule and viewer.
    """
    if agency_id is None:
        return True
    if entry.owner_agency_id == agency_id or entry.owner_country == country:
        return True
    if entry.mode == "all":
        return True
    if entry.mode == "only":
        return country in entry.countries
    return country not in entry.countries
