"""Joint operations of the demo world: one finished and published with its report, one running
now that a newcomer can watch move.

- **Operation Danube Shield** (:data:`FINISHED`): four action days last month, coordinated by
  INT-COORD with the border police of Bulgaria, Serbia, Romania, Moldova and Albania at real
  border crossings and airports; counters in the proportions of published action days and
  field results (arrests, seizures, victims, migrants, investigations); published.
- **Operation Iron Gate** (:data:`RUNNING`): from yesterday to three days from now, the same
  participants; a day of counters and a few reports so far. ``clew operations simulate``
  (which plays in it by default) makes it move.

Everything goes through the services as the participants would (creating, accepting, posts,
the counting hook with the check's moment, field reports, publishing); the one liberty is the
participants' acceptance, dated before the period, as it was in the story. Seeding twice
changes nothing: an operation of that name coordinated by INT-COORD is left as it is.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import Agency, User
from clew.operations import operations, results, tally
from clew.operations.kinds import CheckKind, PostKind
from clew.operations.models import Operation, OperationParticipant
from clew.operations.schemas import AcceptIn, FieldResultIn, OperationCreate, PostIn
from clew.operations.simulate import field_report
from clew.storage import utcnow

__all__ = ["COORDINATOR", "FINISHED", "POSTS", "RUNNING", "seed_operations"]

FINISHED = "Operation Danube Shield"
RUNNING = "Operation Iron Gate"
COORDINATOR = "coordinator"  # the demo user of INT-COORD
POSTS: dict[str, tuple[tuple[str, str | None, PostKind, float, float], ...]] = {
    "BG-BORDER": (
        ("Kapitan Andreevo", None, PostKind.BORDER_CROSSING, 41.7206, 26.3156),
        ("Kalotina", None, PostKind.BORDER_CROSSING, 42.9936, 22.8767),
        ("Sofia Airport", "SOF", PostKind.AIRPORT, 42.6952, 23.4062),
    ),
    "RS-BORDER": (
        ("Gradina", None, PostKind.BORDER_CROSSING, 43.0050, 22.8600),
        ("Horgoš", None, PostKind.BORDER_CROSSING, 46.1553, 19.9725),
        ("Belgrade Nikola Tesla Airport", "BEG", PostKind.AIRPORT, 44.8184, 20.3091),
    ),
    "RO-BORDER": (
        ("Calafat", None, PostKind.BORDER_CROSSING, 43.9660, 22.9520),
        ("Giurgiu", None, PostKind.BORDER_CROSSING, 43.8790, 25.9560),
        ("Henri Coandă Airport", "OTP", PostKind.AIRPORT, 44.5711, 26.0850),
    ),
    "MD-BORDER": (
        ("Leușeni", None, PostKind.BORDER_CROSSING, 46.7870, 28.1550),
        ("Chișinău Airport", "KIV", PostKind.AIRPORT, 46.9277, 28.9310),
    ),
    "AL-BORDER": (
        ("Kakavijë", None, PostKind.BORDER_CROSSING, 39.9300, 20.3300),
        ("Tirana Airport", "TIA", PostKind.AIRPORT, 41.4147, 19.7206),
    ),
}
"""Real border crossings and airports (coordinates of the crossing or the terminal)."""


def _existing(session: Session, name: str, coordinator: Actor) -> str | None:
    return session.execute(
        select(Operation.public_id).where(
            Operation.name == name, Operation.coordinator_agency_id == coordinator.agency_id
        )
    ).scalar_one_or_none()


def _operator(session: Session, code: str) -> Actor:
    agency = session.execute(select(Agency).where(Agency.code == code)).scalar_one()
    return Actor.operator_for(
        agency_id=agency.id, agency_code=agency.code, country=agency.country,
        international=agency.is_international,
    )  # fmt: skip


def _stage(
    session: Session, coordinator: Actor, name: str, start: datetime, end: datetime,
    description: str,
) -> tuple[str, dict[str, Actor]]:  # fmt: skip
    """Create the operation, have every participant accept (dated at ``start`` less a day)
    and add its posts; the participants' operators by agency code."""
    created = operations.create_operation(session, coordinator, OperationCreate(
        name=name, description=description,
        crime_areas=["migrant_smuggling", "drug_trafficking", "trafficking_in_human_beings",
                     "document_fraud"],
        period_start=start, period_end=end, timezone="Europe/Sofia",
        participants=list(POSTS),
    ))  # fmt: skip
    officers = {code: _operator(session, code) for code in POSTS}
    for code, actor in officers.items():
        operations.accept(session, actor, created.id, AcceptIn())
        for post, iata, kind, lat, lon in POSTS[code]:
            data = PostIn(agency=code, name=post, code=iata, kind=kind, latitude=lat,
                          longitude=lon)  # fmt: skip
            operations.add_post(session, coordinator, created.id, data)
    operation = session.execute(
        select(Operation).where(Operation.public_id == created.id)
    ).scalar_one()
    for row in session.execute(
        select(OperationParticipant).where(OperationParticipant.operation_id == operation.id)
    ).scalars():
        row.accepted_at = start - timedelta(days=1)  # they accepted before the action days
    session.flush()
    tally.forget()
    return created.id, officers


def _count(session: Session, rng: random.Random, officers: dict[str, Actor], start: datetime,
           end: datetime, scale: float) -> None:  # fmt: skip
    """Counters every two hours at every post, through the counting hook at those moments."""
    moment = start + timedelta(minutes=30)
    while moment < end:
        for code, actor in officers.items():
            for post, _, kind, _, _ in POSTS[code]:
                persons = int(rng.randint(150, 500) * scale)
                kinds: dict[CheckKind, int] = {
                    CheckKind.PERSON: persons, CheckKind.DOCUMENT: int(persons * 0.7),
                    CheckKind.VEHICLE: int(persons * rng.uniform(0.1, 0.25)),
                    CheckKind.FIREARM: rng.randint(0, 2),
                }  # fmt: skip
                if kind is PostKind.AIRPORT:
                    flights = rng.randint(2, 9)
                    kinds |= {CheckKind.FLIGHT: flights,
                              CheckKind.PASSENGER: flights * rng.randint(90, 180),
                              CheckKind.VEHICLE: 0}  # fmt: skip
                searches = sum(kinds.values())
                hits = int(searches * rng.uniform(0.001, 0.003))
                kinds |= {CheckKind.HIT: hits, CheckKind.CONFIRMED_HIT: int(hits * 0.2)}
                tally.count_check(session, actor, kinds=kinds, place=post, at=moment)
        moment += timedelta(hours=2)


def _report(
    session: Session, rng: random.Random, operation_id: str, officers: dict[str, Actor],
    start: datetime, end: datetime, n: int,
) -> None:  # fmt: skip
    span = (end - start).total_seconds()
    for _ in range(n):
        at = start + timedelta(seconds=rng.uniform(0, span))
        body: dict[str, Any] = field_report(rng, at)
        actor = officers[rng.choice(list(officers))]
        results.report_result(session, actor, operation_id, FieldResultIn.model_validate(body))


def seed_operations(session: Session, *, now: datetime | None = None) -> list[str]:
    """Seed the demo's operations that are missing; their public ids (finished, running)."""
    now = now or utcnow()
    user = session.execute(select(User).where(User.username == COORDINATOR)).scalar_one()
    coordinator = actor_for(user)
    rng = random.Random(2026)  # noqa: S311 - a repeatable demo, not a secret
    ids: list[str] = []
    found = _existing(session, FINISHED, coordinator)
    if found is None:
        last_month = now.replace(day=1) - timedelta(days=1)
        first = last_month.replace(day=10, hour=0, minute=0, second=0, microsecond=0)
        start, end = first - timedelta(hours=2), first + timedelta(days=4) - timedelta(hours=2)
        found, officers = _stage(session, coordinator, FINISHED, start, end,
                                 "Four action days against migrant smuggling and trafficking "
                                 "along the Danube and the Balkan route.")  # fmt: skip
        _count(session, rng, officers, start, end, 1.0)
        _report(session, rng, found, officers, start, end, 60)
        operations.publish(session, coordinator, found)
    ids.append(found)
    found = _existing(session, RUNNING, coordinator)
    if found is None:
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
        end = start + timedelta(days=4)
        found, officers = _stage(session, coordinator, RUNNING, start, end,
                                 "Action days at the Iron Gates and the airports: watch the "
                                 "dashboard while `clew operations simulate` plays.")  # fmt: skip
        _count(session, rng, officers, start, now - timedelta(minutes=5), 0.3)
        _report(session, rng, found, officers, start, now - timedelta(minutes=5), 8)
    ids.append(found)
    return ids
