"""The exact keys objects are screened by: document numbers, VINs, plates and firearm serials.

Pure: no database. The same function gives the keys a record is stored under (written to
``record_keys`` by :mod:`clew.records.codec` as ``(SCREEN_KEY, key)`` rows) and, through
:mod:`clew.screening.matcher`, the keys a check looks up, so the two cannot disagree.
"""

from __future__ import annotations

import contextlib
from typing import Any

from clew.identifiers import serial_core
from clew.names.fold import fold
from clew.screening.documents import ocr_fold

__all__ = ["KEY_LENGTH", "SCREEN_KEY", "object_keys"]

SCREEN_KEY = "screen"
"""``record_keys.key`` of the rows that hold a record's screening keys."""
KEY_LENGTH = 100
"""``record_keys.value`` holds this many characters; longer keys are cut (stored and looked up
alike)."""


def object_keys(kind: str, data: dict[str, Any]) -> set[str]:
    """A record's screening keys, OCR-folded (letters that read like digits, as digits).

    ``doc:`` a document's number, and each identifier number of a person; ``vin:`` and
    ``plate:`` (spaces dropped) a vehicle's; ``serial:`` the NCIC core of a firearm's serial
    (a serial with no core gives no key). Empty fields give no key.
    """
    keys: set[str] = set()
    if kind == "document" and data.get("number"):
        keys.add("doc:" + ocr_fold(str(data["number"]).upper()))
    if kind == "vehicle":
        if data.get("vin"):
            keys.add("vin:" + ocr_fold(str(data["vin"]).upper()))
        if data.get("plate"):
            keys.add("plate:" + ocr_fold(fold(str(data["plate"])).replace(" ", "").upper()))
    if kind == "firearm" and data.get("serial_number"):
        with contextlib.suppress(ValueError):
            keys.add("serial:" + ocr_fold(serial_core(str(data["serial_number"]))))
    if kind == "person":
        for identifier in data.get("identifiers") or []:
            if isinstance(identifier, dict) and identifier.get("number"):
                keys.add("doc:" + ocr_fold(str(identifier["number"]).upper()))
    return {key[:KEY_LENGTH] for key in keys}
