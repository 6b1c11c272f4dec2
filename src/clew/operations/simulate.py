"""Play a joint operation shaped like Theseus through the real paths, compressed in time.

Every step is what a participant would do, as that participant: a flight's passenger list is
written as a UN/EDIFACT PAXLST message, read back by :func:`clew.screening.manifests.read_paxlst`
and screened by :func:`clew.screening.bulk.screen_rows` (the manifest path: its hits stored, its
audit entry, its counters); vehicles and persons are checked by
:func:`clew.screening.checks.check`; officers report arrests, seizures, victims, migrants and
investigations through :func:`clew.operations.results.report_result`. Nothing is written to the
counters directly: the figures the dashboard shows are the ones the hooks counted.

Some passengers are **planted**: persons of the watchlists (records every country may see,
so a hit is shown to the checker, never silent) travelling under their own name, date of birth
and, half of the time, their passport. The outcome says how many of them the screening found
as hits (the benchmark's recall).

Deterministic by ``seed``: the same plan and seed give the same manifests, checks and reports.
Steps run one after another in their own transactions, interleaved (flights, vehicles,
persons, reports); ``pace`` seconds between steps spreads them over real time for a dashboard
to watch (0: as fast as the machine goes).
"""

from __future__ import annotations

import io
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.names.icao import icao_transliterate
from clew.operations.kinds import PostKind
from clew.operations.models import Operation, OperationPost
from clew.records.kinds import RecordKind, RecordStatus
from clew.records.models import Record
from clew.screening import bulk, checks
from clew.screening.manifests import read_paxlst
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.storage import Database, utcnow


def alpha3(code: str) -> str | None:
    """The ISO alpha-3 code of an alpha-2 one (PAXLST's ``NAT`` and ``LOC+91``), or None."""
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return str(found.alpha_3) if found else None


__all__ = [
    "Outcome",
    "Plan",
    "Traveller",
    "field_report",
    "paxlst",
    "planted_travellers",
    "run",
]

Progress = Callable[[str, int], None]
"""Told ``(step, how many of them done)`` after each step (flights, vehicles, persons, reports)."""

GIVEN = ("Adrian", "Bogdan", "Cristina", "Dana", "Elena", "Florin", "Goran", "Hana", "Ilir",
         "Jovana", "Kristian", "Lidia", "Marko", "Nikola", "Olga", "Petra", "Radu", "Sanja",
         "Teodor", "Vesna", "Zoran", "Ana", "Emil", "Mirela")  # fmt: skip
SYLLABLES = ("ba", "do", "ve", "ri", "sko", "lan", "mi", "tor", "gu", "zel", "nik", "pa",
             "stra", "bel", "ko", "vin", "dra", "lu", "sen", "mar")  # fmt: skip
NATIONALITIES = ("BGR", "ROU", "SRB", "MDA", "ALB", "TUR", "DEU", "AUT", "GRC", "MKD")


@dataclass(frozen=True, slots=True)
class Plan:
    """What to play. The defaults are a small operation; Theseus was 1,500 flights and 2.5
    million passengers (``flights=1500, passengers_per_flight=1667``)."""

    flights: int = 6
    passengers_per_flight: int = 40
    vehicles: int = 20
    persons: int = 20
    reports: int = 12
    planted: int = 6
    seed: int = 2026
    pace: float = 0.0


@dataclass(frozen=True, slots=True)
class Traveller:
    family: str
    given: str
    born: date
    gender: str  # M or F
    nationality: str  # alpha-3
    document: str | None = None
    document_country: str | None = None  # alpha-3
    record_id: int | None = None  # a planted traveller's watchlist record


@dataclass(slots=True)
class Outcome:
    operation: str
    flights: int = 0
    passengers: int = 0
    vehicles: int = 0
    persons: int = 0
    reports: int = 0
    planted: int = 0
    planted_found: int = 0
    hits_shown: int = 0
    screening_s: float = 0.0
    wall_s: float = 0.0
    commits: list[float] = field(default_factory=list)  # time.time() after each check's commit

    @property
    def recall(self) -> float:
        return self.planted_found / self.planted if self.planted else 1.0


# --- PAXLST -----------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """UN/EDIFACT's release character before its separators (``'+:?``)."""
    return "".join("?" + c if c in "'+:?" else c for c in text)


def paxlst(flight: str, origin: str, destination: str, departs: datetime,
           travellers: Sequence[Traveller]) -> str:  # fmt: skip
    """A PAXLST message (UN/EDIFACT D05B, the API-PNR guidelines' shape) listing
    ``travellers``, one ``NAD+FL`` group each."""
    stamp = departs.strftime("%y%m%d%H%M")
    arrives = (departs + timedelta(hours=2)).strftime("%y%m%d%H%M")
    segments = [
        f"UNB+UNOA:4+CLEWSIM+CLEW+{stamp[:6]}:{stamp[6:]}+{_esc(flight)}",
        "UNH+1+PAXLST:D:05B:UN:IATA", "BGM+745", "NAD+MS+++CLEW SIMULATOR",
        f"TDT+20+{_esc(flight)}", f"LOC+125+{origin}", f"DTM+189:{stamp}:201",
        f"LOC+87+{destination}", f"DTM+232:{arrives}:201",
    ]  # fmt: skip
    for t in travellers:
        segments += [
            f"NAD+FL+++{_esc(t.family.upper())}:{_esc(t.given.upper())}",
            f"ATT+2++{t.gender}", f"DTM+329:{t.born.strftime('%y%m%d')}",
            f"NAT+2+{t.nationality}",
        ]  # fmt: skip
        if t.document:
            segments.append(f"DOC+P:110:111+{_esc(t.document)}")
            if t.document_country:
                segments.append(f"LOC+91+{t.document_country}")
    segments += [f"CNT+42:{len(travellers)}", f"UNT+{len(segments) - 1 + 2}+1",
                 f"UNZ+1+{_esc(flight)}"]  # fmt: skip
    return "UNA:+.? '" + "'\n".join(segments) + "'\n"


def _someone(rng: random.Random) -> Traveller:
    family = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    return Traveller(
        family=family + rng.choice(("ov", "escu", "ić", "aj", "er", "i")),
        given=rng.choice(GIVEN), born=born, gender=rng.choice("MF"),
        nationality=rng.choice(NATIONALITIES),
        document=f"{rng.choice('ABCDEFGHJK')}{rng.randrange(10**7, 10**8)}",
        document_country=rng.choice(NATIONALITIES),
    )  # fmt: skip


def planted_travellers(session: Session, count: int, rng: random.Random) -> list[Traveller]:
    """``count`` watchlist persons every country may see (so their hits are shown), as they
    would travel: their name in passport form, their date of birth, half of them their
    passport. Fewer when the watchlists hold fewer."""
    if count <= 0:
        return []
    rows = session.execute(
        select(Record.id, Record.data).where(
            Record.kind == RecordKind.PERSON, Record.status == RecordStatus.ACTIVE,
            Record.visibility_mode == "all")
        .order_by(Record.id).limit(count * 20)
    ).all()  # fmt: skip
    chosen = rng.sample(rows, min(count, len(rows)))
    travellers = []
    for record_id, text in chosen:
        data: dict[str, Any] = json.loads(text)
        primary = next((n for n in data.get("names", []) if n.get("kind") == "primary"), None)
        if not primary or not data.get("date_of_birth") or len(data["date_of_birth"]) != 10:
            continue
        given = icao_transliterate(primary.get("given") or "").strip()
        family = icao_transliterate(primary.get("family") or "").strip()
        if not family and primary.get("full"):
            given, _, family = icao_transliterate(primary["full"]).rpartition(" ")
        passport = next((i for i in data.get("identifiers", []) if i.get("type") == "passport"),
                        None)  # fmt: skip
        carry = passport is not None and rng.random() < 0.5
        nationality = (data.get("nationalities") or ["BG"])[0]
        travellers.append(Traveller(
            family=family, given=given, born=date.fromisoformat(data["date_of_birth"]),
            gender="F" if data.get("gender") == "female" else "M",
            nationality=alpha3(nationality) or "BGR",
            document=passport["number"].replace(" ", "") if carry and passport else None,
            document_country=alpha3(passport.get("country") or "") if carry and passport
            else None,
            record_id=record_id,
        ))  # fmt: skip
    return travellers


# --- playing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Post:
    agency_id: int
    name: str
    code: str | None
    kind: str


def _posts(session: Session, operation_id: str) -> tuple[Operation, list[_Post]]:
    operation = session.execute(
        select(Operation).where(Operation.public_id == operation_id)
    ).scalar_one()
    posts = [
        _Post(p.agency_id, p.name, p.code, p.kind)
        for p in session.execute(
            select(OperationPost).where(OperationPost.operation_id == operation.id)
            .order_by(OperationPost.id)
        ).scalars()
    ]  # fmt: skip
    return operation, posts


def field_report(rng: random.Random, at: datetime) -> dict[str, Any]:
    """A field report in the proportions of published results (seizures and arrests most)."""
    when = at.isoformat()
    roll = rng.random()
    if roll < 0.35:
        area = rng.choice(("migrant_smuggling", "drug_trafficking", "document_fraud",
                           "trafficking_in_human_beings", "firearms_trafficking"))  # fmt: skip
        basis = rng.choice(("flagrante", "flagrante", "national_warrant", "red_notice",
                            "european_arrest_warrant"))  # fmt: skip
        return {"kind": "arrest", "crime_area": area, "basis": basis,
                "persons": rng.choice((1, 1, 1, 2, 3)), "occurred_at": when}  # fmt: skip
    if roll < 0.7:
        seizure = rng.choice((
            {"category": "drugs", "item": rng.choice(("cannabis", "cocaine", "heroin")),
             "unit": "kg", "amount": round(rng.uniform(0.2, 40), 2)},
            {"category": "counterfeit_documents", "unit": "units", "amount": rng.randint(1, 12)},
            {"category": "cigarettes", "unit": "units", "amount": rng.randint(200, 40000)},
            {"category": "cash", "item": "EUR", "unit": "currency",
             "amount": rng.randint(5, 200) * 500},
            {"category": "firearms", "unit": "units", "amount": rng.randint(1, 4)},
            {"category": "vehicles", "unit": "units", "amount": 1},
        ))  # fmt: skip
        return {"kind": "seizure", "occurred_at": when, **seizure}
    if roll < 0.8:
        count = rng.randint(1, 6)
        return {"kind": "victim", "count": count, "minors": rng.randint(0, count // 2),
                "occurred_at": when}  # fmt: skip
    if roll < 0.95:
        count = rng.randint(2, 40)
        return {"kind": "migrant", "count": count, "minors": rng.randint(0, count // 4),
                "occurred_at": when}  # fmt: skip
    return {"kind": "investigation", "count": rng.randint(1, 3), "occurred_at": when}


def _schedule(plan: Plan) -> list[str]:
    """The steps interleaved evenly: each kind spread over the whole run."""
    steps = [("flight", plan.flights), ("vehicle", plan.vehicles), ("person", plan.persons),
             ("report", plan.reports)]  # fmt: skip
    timed = [((i + 0.5) / n, kind) for kind, n in steps for i in range(n)]
    return [kind for _, kind in sorted(timed)]


def run(
    database: Database, keeper: IndexKeeper, operation_id: str, officers: Sequence[Actor],
    plan: Plan = Plan(), *, progress: Progress | None = None,
) -> Outcome:  # fmt: skip
    """Play ``plan`` in a running operation as ``officers`` (users of participating agencies
    that have accepted; each works at its agency's posts: flights at airports and ports,
    vehicles and persons at the others)."""
    started = time.perf_counter()
    rng = random.Random(plan.seed)  # noqa: S311 - a repeatable simulation, not a secret
    outcome = Outcome(operation=operation_id)
    with database.reading() as session:
        _, posts = _posts(session, operation_id)
        planted = planted_travellers(session, plan.planted, rng)
    by_agency = {a.agency_id: a for a in officers if a.agency_id is not None}
    posts = [p for p in posts if p.agency_id in by_agency]
    airports = [p for p in posts if p.kind in (PostKind.AIRPORT, PostKind.SEAPORT)] or posts
    roads = [p for p in posts if p not in airports] or posts
    if not posts:
        raise ValueError("none of the officers' agencies has a post in the operation")
    spread = [rng.randrange(plan.flights) for _ in planted] if plan.flights else []
    planted_at = {n: tuple(t for t, m in zip(planted, spread, strict=True) if m == n)
                  for n in range(plan.flights)}  # fmt: skip
    done = {"flight": 0, "vehicle": 0, "person": 0, "report": 0}
    for step in _schedule(plan):
        if step == "flight":
            _flight(database, keeper, rng, plan, airports, by_agency, planted_at[done["flight"]],
                    done["flight"], outcome)  # fmt: skip
        elif step in ("vehicle", "person"):
            post = rng.choice(roads)
            body: dict[str, Any] = {"place": post.name}
            if step == "vehicle":
                body["vehicle"] = {"plate": f"{rng.choice(('CA', 'B', 'PB', 'TR'))} "
                                            f"{rng.randrange(1000, 9999)} {rng.choice('ABEHKM')}"
                                            f"{rng.choice('ABEHKM')}"}  # fmt: skip
            else:
                t = _someone(rng)
                body["person"] = {"names": [f"{t.given} {t.family}"],
                                  "date_of_birth": t.born.isoformat()}  # fmt: skip
            with database.transaction() as session:
                checks.check(session, by_agency[post.agency_id], keeper,
                             CheckRequest.model_validate(body))  # fmt: skip
            outcome.commits.append(time.time())
            setattr(outcome, f"{step}s", getattr(outcome, f"{step}s") + 1)
        else:
            _report(database, rng, operation_id, by_agency, posts)
            outcome.reports += 1
        done[step] += 1
        if progress:
            progress(step, done[step])
        if plan.pace:
            time.sleep(plan.pace)
    outcome.wall_s = time.perf_counter() - started
    return outcome


def _flight(
    database: Database, keeper: IndexKeeper, rng: random.Random, plan: Plan,
    airports: list[_Post], by_agency: dict[int, Actor], planted: Sequence[Traveller], n: int,
    outcome: Outcome,
) -> None:  # fmt: skip
    post = airports[n % len(airports)]
    actor = by_agency[post.agency_id]
    travellers = [_someone(rng) for _ in range(max(plan.passengers_per_flight - len(planted), 0))]
    for t in planted:
        travellers.insert(rng.randrange(len(travellers) + 1), t)
    flight = f"{rng.choice(('FB', 'RO', 'JU', 'W6', 'TK', 'OS'))}{rng.randrange(100, 9999)}"
    text = paxlst(flight, rng.choice(("IST", "VIE", "FRA", "LTN", "TLV")), post.code or "SOF",
                  utcnow(), travellers)  # fmt: skip
    rows = list(read_paxlst(io.StringIO(text), place=post.name))
    started = time.perf_counter()
    with database.transaction() as session:
        screened = bulk.screen_rows(session, actor, keeper, rows, filename=f"{flight}.edi")
    outcome.screening_s += time.perf_counter() - started
    outcome.commits.append(time.time())
    outcome.flights += 1
    outcome.passengers += sum(1 for r in rows if r.request is not None and not r.errors)
    for traveller, result in zip(travellers, screened.travellers, strict=True):
        outcome.hits_shown += sum(1 for r in result.results if r.band == "hit")
        if traveller.record_id is not None:
            outcome.planted += 1
            outcome.planted_found += any(
                r.record_id == traveller.record_id and r.band == "hit" for r in result.results
            )


def _report(database: Database, rng: random.Random, operation_id: str,
            by_agency: dict[int, Actor], posts: list[_Post]) -> None:  # fmt: skip
    from clew.operations import results
    from clew.operations.schemas import FieldResultIn

    post = rng.choice(posts)
    body = field_report(rng, utcnow() - timedelta(seconds=30))
    with database.transaction() as session:
        results.report_result(session, by_agency[post.agency_id], operation_id,
                              FieldResultIn.model_validate(body))  # fmt: skip
