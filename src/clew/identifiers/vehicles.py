"""Vehicle identification numbers (ISO 3779) and registration plates."""

from __future__ import annotations

import re

__all__ = ["normalise_plate", "normalise_vin", "vin_check_digit", "vin_has_valid_check_digit"]

_TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}  # fmt: skip
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")


def normalise_vin(text: str) -> str:
    """Upper-case, drop spaces and dashes; must then be 17 characters without I, O or Q.

    The check digit (position 9) is not enforced here: it is mandatory only for North
    American vehicles, and European VINs often carry another character there.
    """
    value = re.sub(r"[\s\-]+", "", text.strip().upper())
    if len(value) != 17:
        raise ValueError(f"must be 17 characters, not {len(value)}")
    if not _VIN.fullmatch(value):
        raise ValueError("may only hold digits and letters other than I, O and Q")
    return value


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 / North American check digit for a 17-character VIN ('0'-'9' or 'X').

    Raises ``ValueError`` for a wrong length or a character a VIN cannot hold (I, O, Q...).
    """
    vin = vin.upper()
    if len(vin) != 17:
        raise ValueError(f"must be 17 characters, not {len(vin)}")
    if not _VIN.fullmatch(vin):
        raise ValueError("may only hold digits and letters other than I, O and Q")
    total = sum(_TRANSLITERATION[c] * w for c, w in zip(vin.upper(), _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_has_valid_check_digit(vin: str) -> bool:
    return bool(_VIN.fullmatch(vin.upper())) and vin.upper()[8] == vin_check_digit(vin)


def normalise_plate(text: str) -> str:
    """Upper-case letters and digits only (any script: Cyrillic plates stay Cyrillic).

    Refuses an empty result or more than 15 characters.
    """
    value = "".join(c for c in text.upper() if c.isalpha() or c in "0123456789")
    if not value:
        raise ValueError("is empty")
    if len(value) > 15:
        raise ValueError("is longer than 15 characters")
    return value
