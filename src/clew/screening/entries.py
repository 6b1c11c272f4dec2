"""What the screening index holds per record: plain ``__slots__`` classes, no pydantic.

Hot path: a check touches hundreds of entries, so these are as light as Python allows.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

__all__ = ["AlertInfo", "Entry", "can_see", "screening_data"]

SCREENED = frozenset(
    {
        "kind", "names", "date_of_birth", "dob_uncertain", "gender", "nationalities",
        "identifiers", "number", "issuing_country", "vin", "plate", "serial_number", "make",
        "model", "calibre",
    }
)  # fmt: skip
"""The fields of a record's data that screening reads; the index keeps no others."""
_NAME_FIELDS = ("full", "given", "family", "kind")


def _shared(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) else value


def screening_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the index keeps of a record's data: the ``SCREENED`` fields, with the words that
    repeat across a million records (name parts, kinds, countries) stored once. Places of
    birth, marks and notes stay in the database."""
    kept = {key: value for key, value in data.items() if key in SCREENED}
    if isinstance(kept.get("names"), list):
        kept["names"] = [
            {k: _shared(n[k]) for k in _NAME_FIELDS if k in n} if isinstance(n, dict) else n
            for n in kept["names"]
        ]
    if isinstance(kept.get("nationalities"), list):
        kept["nationalities"] = [_shared(n) for n in kept["nationalities"]]
    for key in ("gender", "kind", "issuing_country"):
        kept[key] = _shared(kept[key]) if key in kept else None
        if kept[key] is None:
            del kept[key]
    return kept


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
