"""Firearm serial numbers, and the NCIC rule for comparing them.

NCIC: letters embedded between digits are ignored when comparing (they are often marks of the
factory or the year), while a prefix or suffix of letters is significant.
"""

from __future__ import annotations

import re

__all__ = ["normalise_serial", "serial_core"]

_EMBEDDED = re.compile(r"(?<=\d)[A-Z]+(?=\d)")


def normalise_serial(text: str) -> str:
    """Upper-case letters and digits only; refuses an empty result or over 30 characters."""
    # ASCII before upper-casing: "ß".upper() is "SS", which no maker stamped.
    value = "".join(c for c in text if c.isascii() and c.isalnum()).upper()
    if not value:
        raise ValueError("is empty or has no letters or digits")
    if len(value) > 30:
        raise ValueError("is longer than 30 characters")
    return value


def serial_core(serial: str) -> str:
    """The serial as NCIC compares it: letters between digits dropped (``12AB34`` -> ``1234``),
    leading and trailing letters kept (``AB1234C`` stays)."""
    return _EMBEDDED.sub("", normalise_serial(serial))
