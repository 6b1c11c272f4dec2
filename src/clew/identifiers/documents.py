"""Travel document numbers and ICAO 9303 machine-readable-zone check digits."""

from __future__ import annotations

import re

__all__ = ["MAX_LENGTH", "mrz_check_digit", "normalise_document_number"]

MAX_LENGTH = 30
_SEPARATORS = re.compile(r"[\s\-./<]+")
_WEIGHTS = (7, 3, 1)


def normalise_document_number(text: str) -> str:
    """Upper-case, drop spaces, dashes, dots, slashes and MRZ fillers (``<``).

    Refuses (``ValueError``) an empty result, more than 30 characters, or anything but the
    Latin letters A-Z and digits. OCR confusions (O/0, I/1 ...) are *not* folded here: a stored
    number keeps what the issuer printed; screening compares confusable forms separately.
    """
    value = _SEPARATORS.sub("", text.strip())
    if not value:
        raise ValueError("is empty")
    if len(value) > MAX_LENGTH:
        raise ValueError(f"is longer than {MAX_LENGTH} characters")
    # ASCII before upper-casing: "ß".upper() is "SS", which no issuer printed.
    if not value.isascii() or not value.isalnum():
        raise ValueError("may only hold letters A-Z and digits")
    return value.upper()


def _mrz_value(char: str) -> int:
    if char in "0123456789":
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"'{char}' cannot appear in a machine-readable zone")


def mrz_check_digit(field: str) -> int:
    """ICAO 9303 check digit: weights 7, 3, 1 repeating; A=10 ... Z=35; filler ``<`` = 0."""
    return sum(_mrz_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field.upper())) % 10
