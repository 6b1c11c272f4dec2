"""The demo world: the synthetic world's agencies, a user of every role, and (``world``) the
synthetic watchlists: 50,000 persons with documents, vehicles and firearms; the analysis files
(``seed_files``) and a firearms trafficking case with its traces (``seed_trafficking``).

Idempotent: seeding a database that already has them changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import agencies, users
from clew.access.actor import Actor
from clew.access.models import Agency, User
from clew.access.roles import Role
from clew.access.schemas import AgencyCreate, UserCreate
from clew.synth.agencies import AGENCIES

__all__ = [
    "DEMO_PASSWORD",
    "USERS",
    "WORLD",
    "DemoCase",
    "DemoUser",
    "load_world",
    "seed",
    "seed_agencies",
    "seed_examples",
    "seed_stories",
    "seed_trafficking",
    "world_is_loaded",
]

DEMO_PASSWORD = "clew-demo-password"  # noqa: S105 - printed for newcomers; demo mode only

USERS: tuple[tuple[str, str, str, Role], ...] = (
    ("admin", "Ana Admin", "INT-COORD", Role.ADMINISTRATOR),
    ("auditor", "Arturs Auditors", "INT-COORD", Role.AUDITOR),
    ("coordinator", "Camille Coordinator", "INT-COORD", Role.COORDINATOR),
    ("officer.bg", "Георги Иванов", "BG-BORDER", Role.OFFICER),
    ("datamanager.bg", "Мария Петрова", "BG-NCB", Role.DATA_MANAGER),
    ("admin.bg", "Стефан Димитров", "BG-NCB", Role.ADMINISTRATOR),
    ("analyst.lv", "Līga Bērziņa", "LV-POLICE", Role.ANALYST),
    ("officer.lv", "Jānis Kalniņš", "LV-BORDER", Role.OFFICER),
    ("liaison.vn", "Nguyễn Thị Hương", "VN-NCB", Role.LIAISON_OFFICER),
    ("officer.kh", "Sok Dara", "KH-POLICE", Role.OFFICER),
    ("liaison.kh", "Chea Sophea", "KH-POLICE", Role.LIAISON_OFFICER),
    ("liaison.bg", "Николай Стоянов", "BG-NCB", Role.LIAISON_OFFICER),
    ("liaison.rs", "Marko Jovanović", "RS-NCB", Role.LIAISON_OFFICER),
    ("analyst.at", "Lukas Gruber", "AT-FIU", Role.ANALYST),
    ("auditor.at", "Eva Huber", "AT-NCB", Role.AUDITOR),
    ("officer.es", "Lucía García", "ES-CUSTOMS", Role.OFFICER),
    ("liaison.es", "Javier López", "ES-LIAISON", Role.LIAISON_OFFICER),
)


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: Role
    agency_code: str
    second_factor: bool


#: Country calling codes for the demo agencies' (fictional, 555) 24/7 numbers.
_DIAL = {"XX": "33", "BG": "359", "LV": "371", "VN": "84", "KH": "855", "AT": "43", "ES": "34",
         "AL": "355", "BA": "387", "MD": "373", "MK": "389", "RO": "40", "RS": "381", "TR": "90",
         "FR": "33", "NL": "31", "DE": "49", "GB": "44"}  # fmt: skip


def _contact(code: str, country: str) -> dict[str, str]:
    """A demo agency's 24/7 desk, phone and e-mail (example.org: reaches no one)."""
    return {"desk": f"{code} 24/7 duty desk", "phone": f"+{_DIAL.get(country, '1')} 555 0100",
            "email": f"duty@{code.lower()}.example.org"}  # fmt: skip


def seed_agencies(session: Session) -> None:
    """Create the synthetic world's agencies that are missing (with their 24/7 contacts)."""
    system = Actor.system()
    existing = {a.code: a for a in session.execute(select(Agency)).scalars()}
    for code, name, country, kind in AGENCIES:
        contact = _contact(code, country)
        if code not in existing:
            agencies.create_agency(
                session, system,
                AgencyCreate(code=code, name=name, country=country, kind=kind, **contact),
            )  # fmt: skip
        elif not existing[code].desk:  # a demo database seeded before agencies had contacts
            for key, value in contact.items():
                setattr(existing[code], key, value)


def seed(session: Session) -> list[DemoUser]:
    """Create the demo agencies and users (if missing) and return the users to print."""
    system = Actor.system()
    seed_agencies(session)
    taken = set(session.execute(select(User.username)).scalars())
    for username, full_name, agency_code, role in USERS:
        if username in taken:
            continue
        user = users.create_user(
            session, system,
            UserCreate(username=username, full_name=full_name, agency_code=agency_code,
                       role=role, password=DEMO_PASSWORD),
        )  # fmt: skip
        user.demo = True
        if role.needs_second_factor:
            user.totp_secret = pyotp.random_base32()
            user.totp_confirmed = True
    return [
        DemoUser(username, role, agency_code, role.needs_second_factor)
        for username, _, agency_code, role in USERS
    ]


WORLD = {"persons": 50_000, "documents": 20_000, "vehicles": 10_000, "firearms": 5_000}
SEED = 2026


def world_is_loaded(session: Session) -> bool:
    from clew.records.models import Record

    return session.execute(select(Record.id).limit(1)).first() is not None


def load_world(
    session: Session, *, seed: int = SEED, persons: int = WORLD["persons"],
    documents: int = WORLD["documents"], vehicles: int = WORLD["vehicles"],
    firearms: int = WORLD["firearms"], progress: Callable[[int], None] | None = None,
) -> dict[str, int]:  # fmt: skip
    """Generate the synthetic watchlists and store them, dated from today (alerts current)."""
    from clew.records.bulk import load
    from clew.storage import utcnow
    from clew.synth.world import generate

    records = generate(
        seed, persons=persons, documents=documents, vehicles=vehicles, firearms=firearms,
        today=utcnow().date(),
    )  # fmt: skip
    return load(session, ((r.owner, r.data) for r in records), progress=progress)


def seed_files(session: Session) -> list[str]:
    """The demo's analysis files, once: the real CAVIAR network (Latvian analyst, Austrian
    analyst reading) and a synthetic smuggling ring with its money (Austrian FIU, Latvian
    analyst reading). Returns the names of the files created."""
    from clew.intel import caviar, files
    from clew.intel.imports import ingest
    from clew.intel.models import AnalysisFile
    from clew.intel.schemas import FileCreate, Grading, MemberIn
    from clew.intel.vocabulary import Information, Reliability, SourceKind
    from clew.interop.network.parsed import ParsedItem
    from clew.records.kinds import HandlingCode
    from clew.synth.transactions import smuggling_network

    if session.execute(select(AnalysisFile.id).limit(1)).first() is not None:
        return []
    system = Actor.system()

    def opened(name: str, purpose: str, owner: str, writer: str, readers: tuple[str, ...]) -> int:
        agency = session.execute(select(Agency).where(Agency.code == owner)).scalar_one()
        actor = Actor.operator_for(
            agency_id=agency.id, agency_code=agency.code, country=agency.country,
            international=agency.is_international,
        )  # fmt: skip
        file = files.create_file(
            session, actor, FileCreate(name=name, purpose=purpose, handling_code=HandlingCode.H1)
        )
        files.add_member(session, system, file.id, MemberIn(username=writer, access="write"))
        for reader in readers:
            files.add_member(session, system, file.id, MemberIn(username=reader, access="read"))
        return file.id

    cav = opened(
        "CAVIAR (Montreal 1994-1996)",
        "Drug-importation network reconstructed from wiretaps: who holds it together, and how it "
        "reorganised after each seizure. Real data (Morselli 2009).",
        "LV-POLICE", "analyst.lv", ("analyst.at", "coordinator"),
    )  # fmt: skip
    caviar.load(session, system, cav)
    ring = opened(
        "Operation Danube Ferry (synthetic)",
        "Smuggling ring moving migrants and cash through the Balkans; parallel financial "
        "investigation.",
        "AT-FIU", "analyst.at", ("analyst.lv", "coordinator"),
    )  # fmt: skip
    story = smuggling_network()
    bank = Grading(source_kind=SourceKind.IMPORT, reliability=Reliability.A,
                   information=Information.ONE)  # fmt: skip
    items = [ParsedItem(0, node) for node in story.nodes]
    items += [ParsedItem(0, edge) for edge in story.edges]
    ingest(session, system, ring, items, filename="bank records (synthetic)", grading=bank)
    return ["CAVIAR (Montreal 1994-1996)", "Operation Danube Ferry (synthetic)"]


def seed_examples(session: Session, *, today: date | None = None) -> int:
    """The records the README's examples find (:mod:`clew.synth.examples`): those missing are
    created by their owner, as a data manager would; returns how many were created."""
    from clew.records import store
    from clew.records.bulk import ADAPTER
    from clew.records.models import Record
    from clew.storage import utcnow
    from clew.synth import examples

    seed_agencies(session)
    wanted = examples.records(today or utcnow().date())
    ids = [data["external_id"] for data in wanted]
    there = set(
        session.execute(select(Record.external_id).where(Record.external_id.in_(ids))).scalars()
    )
    owner = _operator(session, examples.OWNER)
    missing = [data for data in wanted if data["external_id"] not in there]
    for data in missing:
        store.create_record(session, owner, ADAPTER.validate_python(data))
    return len(missing)


@dataclass(frozen=True, slots=True)
class DemoCase:
    """What :func:`seed_trafficking` created, for the demo's output."""

    firearms: int
    traces: int
    username: str
    agency_code: str


def _operator(session: Session, code: str) -> Actor:
    agency = session.execute(select(Agency).where(Agency.code == code)).scalar_one()
    return Actor.operator_for(
        agency_id=agency.id, agency_code=agency.code, country=agency.country,
        international=agency.is_international,
    )  # fmt: skip


def seed_trafficking(session: Session, *, today: date | None = None) -> DemoCase | None:
    """The trafficking case of :mod:`clew.synth.trafficking`, once (``None`` when it is there):
    the batch recorded as stolen, and its traces opened, acknowledged, answered, refused or
    questioned through the traces service, then dated back as the story tells (the deadlines
    and the overdue marking follow from those dates)."""
    from clew.firearms import traces
    from clew.firearms.trace_kinds import Priority, deadline
    from clew.firearms.trace_models import Trace, TraceComment, TraceEvent, TraceRecipient
    from clew.firearms.trace_schemas import AnswerIn, MoreInfoIn, RefusalIn, TraceCreate
    from clew.records import store
    from clew.records.bulk import ADAPTER
    from clew.records.models import Record
    from clew.storage import utcnow
    from clew.synth import trafficking as case

    taken = session.execute(
        select(Trace.id).where(Trace.make == "Glock", Trace.serial_number.in_(case.SERIALS))
    ).first()
    if taken is not None:
        return None
    seed_agencies(session)
    now = utcnow()
    today = today or now.date()
    owner = _operator(session, case.RECORD_OWNER)
    records: dict[str, int] = {}
    for data in case.firearm_records(today):
        existing = session.execute(
            select(Record.id).where(Record.external_id == data["external_id"])
        ).scalar_one_or_none()
        records[data["serial_number"]] = (
            existing or store.create_record(session, owner, ADAPTER.validate_python(data)).id
        )
    answers = {"maker": case.history_maker(today), "bg": case.history_bg(today)}
    actors: dict[str, Actor] = {}

    def acting(code: str) -> Actor:
        return actors.setdefault(code, _operator(session, code))

    for plan in case.trace_plans():
        record_id = records[plan.serial] if plan.requester == case.CASE_AGENCY else None
        body = TraceCreate.model_validate(plan.body(today, record_id))
        tid = traces.open_trace(session, acting(plan.requester), body).id
        for step in plan.steps:
            actor = acting(step.agency)
            if step.status == "acknowledged":
                traces.acknowledge(session, actor, tid)
            elif step.status == "answered":
                answer = AnswerIn.model_validate({"events": answers[step.answer]})
                traces.answer(session, actor, tid, answer)
            elif step.status == "refused":
                refusal = RefusalIn.model_validate({"reason": step.reason, "note": step.text})
                traces.refuse(session, actor, tid, refusal)
            elif step.status == "more_info_requested":
                traces.request_more(session, actor, tid, MoreInfoIn(question=step.text))
        # Date the trace back as the story tells it.
        trace = session.execute(select(Trace).where(Trace.public_id == tid)).scalar_one()
        opened = now - timedelta(days=plan.opened_ago)
        trace.created_at = trace.updated_at = opened
        agencies_ = {a.code: a.id for a in session.execute(select(Agency)).scalars()}
        for step in plan.steps:
            when = now - timedelta(days=step.days_ago)
            row = session.execute(
                select(TraceRecipient).where(TraceRecipient.trace_id == trace.id,
                                             TraceRecipient.agency_id == agencies_[step.agency])
            ).scalar_one()  # fmt: skip
            row.sent_at, row.due_at = opened, opened + deadline(Priority(trace.priority))
            row.updated_at = when if step.status != "sent" else opened
            if step.status != "sent":
                row.acknowledged_at = when
            row.answered_at = when if step.status == "answered" else None
            row.refused_at = when if step.status == "refused" else None
            for item in [
                *session.execute(select(TraceEvent).where(
                    TraceEvent.trace_id == trace.id, TraceEvent.recipient_agency_id == row.agency_id
                )).scalars(),
                *session.execute(select(TraceComment).where(
                    TraceComment.trace_id == trace.id,
                    TraceComment.recipient_agency_id == row.agency_id,
                )).scalars(),
            ]:  # fmt: skip
                item.created_at = when
    session.flush()
    plans = case.trace_plans()
    return DemoCase(len(case.SERIALS), len(plans), case.CASE_USER, case.CASE_AGENCY)


def seed_stories(session: Session) -> list[str]:
    """Everything the demo tells beside the synthetic watchlists, once each: the README's
    example records, the analysis files, the trafficking case, the liaison exchange, the border
    liaison offices and the joint operations. Returns the names of the analysis files created
    (for the demo's output). ``clew demo`` and the README's tests seed through this one path."""
    from clew.exchange.demo import seed_exchange
    from clew.liaison.demo import seed_liaison
    from clew.operations.demo import seed_operations

    seed_examples(session)
    created = seed_files(session)
    seed_trafficking(session)
    seed_exchange(session)
    seed_liaison(session)
    seed_operations(session)
    return created
