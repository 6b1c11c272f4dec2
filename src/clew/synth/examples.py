"""The records the README's examples find in the demo world, whatever the synthetic draw.

Pure data (no storage): :func:`clew.demo.seed_examples` stores them through the records service.
Their alert actions and reasons are among the synthetic world's (:mod:`clew.synth.alerts`), so
they read in the officer's language wherever those do.
The Bulgarian NCB owns them and every member country sees them, so a check by the Bulgarian
Border Police (``officer.bg``) finds them and the owner (``datamanager.bg``) sees the hits.

- A woman wanted for arrest, named in Cyrillic (Юлия Тимофеева, born 7 March 1985): the check
  ``IULIIA TIMOFEEVA`` (as her passport spells it, ICAO 9303) finds her, and so does the tour's
  ``timofeeva julia``.
- A stolen Volkswagen Golf (VIN ``WVWZZZ1KZ8W123456``, Bulgarian plate ``CB 1234 AB``) and a
  stolen Bulgarian passport whose alerts expire within the review window, so the Reviews page
  of ``datamanager.bg`` is not empty: extend them (with a reason) or let them lapse.

Dates are counted from ``today``, so the reviews are due whenever the demo is created.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

__all__ = ["OWNER", "PERSON", "REVIEWS_DUE", "VIN", "records"]

OWNER = "BG-NCB"
PERSON = ("IULIIA TIMOFEEVA", "1985-03-07")
"""The traveller of the README's check: the name as typed at the border, the date of birth."""
VIN = "WVWZZZ1KZ8W123456"
REVIEWS_DUE = 2
"""How many of these records' alerts are due for review."""


def records(today: date) -> list[dict[str, Any]]:
    """``RecordCreate`` data of the example records (``external_id`` names each)."""
    soon = (today + timedelta(days=45)).isoformat()
    later = (today + timedelta(days=70)).isoformat()
    return [
        {
            "kind": "person", "external_id": f"{OWNER}/EXAMPLE-TIMOFEEVA",
            "names": [{"full": "Юлия Тимофеева", "given": "Юлия", "family": "Тимофеева"}],
            "date_of_birth": PERSON[1], "gender": "female", "nationalities": ["RU"],
            "country_of_birth": "RU", "place_of_birth": "Rostov-on-Don",
            "visibility": {"mode": "all"},
            "alert": {
                "category": "wanted_for_arrest",
                "action": "Arrest and detain; the owning agency will confirm the warrant within "
                "12 hours.",
                "reason": "Trafficking in human beings", "handling_code": "H1",
            },
        },
        {
            "kind": "vehicle", "external_id": f"{OWNER}/EXAMPLE-GOLF", "vin": VIN,
            "plate": "CB 1234 AB", "plate_country": "BG", "make": "Volkswagen", "model": "Golf",
            "colour": "grey", "year": 2008, "visibility": {"mode": "all"},
            "alert": {
                "category": "object_to_seize",
                "action": "Seize; identify and report the person presenting it.",
                "expires_on": soon,
            },
        },
        {
            "kind": "document", "external_id": f"{OWNER}/EXAMPLE-PASSPORT",
            "document_type": "passport", "number": "385117042", "issuing_country": "BG",
            "status": "stolen", "holder_name": "Dimitar Kolev", "visibility": {"mode": "all"},
            "alert": {
                "category": "object_to_seize",
                "action": "Seize the object and inform the owning agency.",
                "expires_on": later,
            },
        },
    ]  # fmt: skip
