"""The demo's firearms trafficking case: one batch of pistols diverted from a dealer, recovered
in three countries, and the traces its recoveries started.

Pure data and dates (no storage): :func:`clew.demo.seed_trafficking` applies it through the
records and traces services. Every date is counted back from ``today`` so the case stays current
(deadlines, time to crime) whenever the demo is created; the same ``today`` gives the same case.

The story. Glock GmbH made twelve Glock 17 pistols (serials ``BHZ141`` to ``BHZ152``) and exported
them to a Bulgarian dealer, Balkan Hunt & Sport OOD in Plovdiv, which sold the whole batch to one
purchaser, Petar Yordanov; ten months later he reported them stolen and the Bulgarian NCB recorded
them as stolen firearms. The point of diversion is that sale. Pistols of the batch were then
recovered in Bulgaria, Serbia and Romania, from possessors other than the purchaser, within a
year: the traces name the diversion, and the indicators fire (short time to crime, one purchaser
and one dealer for several firearms, one batch in several countries, the route Bulgaria to Serbia
seen twice).

The Bulgarian Border Police (the demo user ``officer.bg``) leads the case: it asked about the
pistols recovered in Bulgaria (one answer naming the diversion, one refusal, one overdue) and
answered the Serbian and Romanian traces with the Bulgarian part of the history (one still in
progress), so its routes map and statistics show the whole route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = [
    "CASE_AGENCY",
    "CASE_USER",
    "DEALER",
    "PURCHASER",
    "SERIALS",
    "Step",
    "TracePlan",
    "firearm_records",
    "history_bg",
    "history_maker",
    "trace_plans",
]

MAKE, MODEL, CALIBRE, MAKER = "Glock", "17", "9×19mm", "Glock GmbH"
DEALER = "Balkan Hunt & Sport OOD"
PURCHASER = "Petar Yordanov"
SERIALS = tuple(f"BHZ{n}" for n in range(141, 153))
RECORD_OWNER = "BG-NCB"
CASE_AGENCY = "BG-BORDER"
CASE_USER = "officer.bg"

# Days before today of each step of the pistols' lives.
MADE, EXPORTED, IMPORTED, SOLD, STOLEN = 700, 660, 650, 330, 300


def _day(today: date, days_ago: int) -> str:
    return (today - timedelta(days=days_ago)).isoformat()


def firearm_records(today: date) -> list[dict[str, Any]]:
    """The batch as the Bulgarian NCB recorded it: stolen, ``RecordCreate`` data."""
    year = (today - timedelta(days=MADE)).year
    return [
        {
            "kind": "firearm", "serial_number": serial, "make": MAKE, "model": MODEL,
            "firearm_type": "pistol", "calibre": CALIBRE, "country_of_manufacture": "AT",
            "year": year, "status": "stolen",
            "import_marks": [{"country": "BG", "year": (today - timedelta(days=IMPORTED)).year}],
            "external_id": f"{RECORD_OWNER}/PLOVDIV-{serial}",
        }
        for serial in SERIALS
    ]  # fmt: skip


def history_maker(today: date) -> list[dict[str, Any]]:
    """What Austria (the country of manufacture) answers: made, exported to the dealer."""
    return [
        {"occurred_on": _day(today, MADE)[:7], "kind": "manufactured", "country": "AT",
         "place": "Deutsch-Wagram", "actor": MAKER, "source_grade": "A", "info_grade": "1"},
        {"occurred_on": _day(today, EXPORTED), "kind": "exported", "country": "AT",
         "place": "Deutsch-Wagram", "actor": MAKER, "counterpart": DEALER,
         "source_grade": "A", "info_grade": "1"},
    ]  # fmt: skip


def history_bg(today: date) -> list[dict[str, Any]]:
    """What Bulgaria (the country of last legal import) answers: imported by the dealer, sold
    to the purchaser (the point of diversion), reported stolen by him."""
    return [
        {"occurred_on": _day(today, IMPORTED), "kind": "imported", "country": "BG",
         "place": "Plovdiv", "actor": DEALER, "counterpart": MAKER,
         "source_grade": "A", "info_grade": "1"},
        {"occurred_on": _day(today, SOLD), "kind": "sold", "country": "BG", "place": "Plovdiv",
         "actor": DEALER, "counterpart": PURCHASER, "note": "The whole batch of twelve pistols.",
         "source_grade": "B", "info_grade": "2"},
        {"occurred_on": _day(today, STOLEN), "kind": "reported_stolen", "country": "BG",
         "place": "Plovdiv", "actor": PURCHASER, "source_grade": "C", "info_grade": "3"},
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Step:
    """What one addressed agency has done with a trace, and how many days ago."""

    agency: str
    status: str  # sent, acknowledged, answered, refused, more_info_requested
    days_ago: int = 0
    answer: str = ""  # "maker" or "bg": which history it answered with
    reason: str = ""  # a refusal's reason
    text: str = ""  # a refusal's note or a question


@dataclass(frozen=True, slots=True)
class TracePlan:
    requester: str
    serial: str
    country: str
    place: str
    recovered_ago: int
    opened_ago: int
    possessor: str
    nationality: str
    crime_type: str
    steps: tuple[Step, ...]

    def body(self, today: date, record_id: int | None) -> dict[str, Any]:
        """The trace as ``TraceCreate`` takes it (from the record when the requester sees it)."""
        markings = {"make": MAKE, "model": MODEL, "firearm_type": "pistol", "calibre": CALIBRE,
                    "serial_number": self.serial, "country_of_manufacture": "AT",
                    "import_marks": [{"country": "BG"}]}  # fmt: skip
        return {
            "record_id": record_id, "illicit_reason": "trafficked", "markings": markings,
            "recovery": {"country": self.country, "place": self.place,
                         "recovered_on": _day(today, self.recovered_ago)},
            "possessor": {"name": self.possessor, "nationality": self.nationality},
            "crime_type": self.crime_type, "addressed": [s.agency for s in self.steps],
        }  # fmt: skip


def trace_plans() -> tuple[TracePlan, ...]:
    """Seven traces, every state of the workflow among them."""
    bg, at, tr = "BG-BORDER", "AT-NCB", "firearms_trafficking"
    return (
        TracePlan(bg, "BHZ143", "BG", "Kapitan Andreevo border crossing", 200, 198,
                  "Emre Aydın", "TR", tr,
                  (Step(at, "answered", 190, answer="maker"),
                   Step("BG-NCB", "answered", 185, answer="bg"))),
        TracePlan(bg, "BHZ146", "BG", "Sofia", 120, 118, "Stoyan Marinov", "BG",
                  "armed_robbery",
                  (Step(at, "refused", 110, reason="legal_restriction",
                        text="Export records are released on a judicial request only."),)),
        TracePlan(bg, "BHZ149", "BG", "Ruse", 50, 45, "Ivaylo Todorov", "BG", tr,
                  (Step(at, "sent"),)),
        TracePlan("RS-NCB", "BHZ150", "RS", "Belgrade", 160, 158, "Dragan Nikolić", "RS",
                  "organised_crime",
                  (Step(at, "answered", 150, answer="maker"),
                   Step(bg, "answered", 149, answer="bg"))),
        TracePlan("RS-BORDER", "BHZ151", "RS", "Preševo", 90, 88, "Milan Jovanović", "RS", tr,
                  (Step(bg, "answered", 80, answer="bg"),
                   Step(at, "more_info_requested", 84,
                        text="Which import licence number is stamped on the frame?"))),
        TracePlan("RO-BORDER", "BHZ144", "RO", "Giurgiu", 70, 68, "Florin Dumitrescu", "RO", tr,
                  (Step(bg, "answered", 60, answer="bg"),
                   Step(at, "answered", 62, answer="maker"))),
        TracePlan("RO-NCB", "BHZ152", "RO", "Constanța", 12, 10, "Sorin Popa", "RO",
                  "drug_trafficking",
                  (Step(bg, "acknowledged", 8), Step(at, "sent"))),
    )  # fmt: skip
