"""Tiny factories for money tests: ``pay("A", "B", 500, day=3)`` and a ledger of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

from clew.money import Ledger, Transfer

DAY0 = datetime(2025, 1, 1)
_keys = count()


def pay(source: str, target: str, amount: float, day: float, currency: str = "EUR") -> Transfer:
    """A transfer ``day`` days (fractions allowed) after 1 January 2025, noon."""
    at = DAY0 + timedelta(days=day, hours=12)
    return Transfer(f"t{next(_keys)}", source, target, float(amount), currency, at)


def on(day: int) -> date:
    return (DAY0 + timedelta(days=day)).date()


def ledger(*groups: list[Transfer] | Transfer) -> Ledger:
    flat: list[Transfer] = []
    for group in groups:
        flat.extend(group if isinstance(group, list) else [group])
    return Ledger(flat)
