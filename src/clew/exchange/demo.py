"""The demo's exchange: each country's SPOC, and the cases a newcomer finds in the inbox.

- Vietnam–Cambodia (``liaison.vn`` at VN-NCB, ``liaison.kh`` at KH-POLICE): methamphetamine
  through the Moc Bai – Bavet crossing; an urgent request to Cambodia, answered with a passport
  number that is on a watchlist (flagged on the answer for Vietnam).
- Bulgaria–Serbia (``liaison.bg``, ``liaison.rs``): cigarettes through Kalotina – Gradina; an H2
  message from Serbia that Bulgaria asked permission to pass on to Romania (waiting for Serbia).
- Spain (``liaison.es``) asked Bulgaria and Serbia about a vehicle a week ago: Bulgaria answered,
  Serbia's answer is overdue (on both sides' overdue views).

Idempotent: nothing is added when the first case is there. The watchlist cross-check of the
demo's messages runs by key (documents, vehicles) at seeding time: the person index is built
by the server afterwards.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clew.access.login import actor_for
from clew.access.models import Agency, User
from clew.exchange import cases, forwarding, messages, requests
from clew.exchange.kinds import CrimeArea, EntityKind, HandlingCode, Information, Reliability
from clew.exchange.models import Case, InfoRequest, Message, RequestRecipient, Spoc
from clew.exchange.request_schemas import AnswerIn, NewCase, RequestCreate, RoutingIn
from clew.exchange.schemas import CaseCreate, EntityIn, ItemIn, MessageCreate, PermissionAsk
from clew.records.kinds import RecordKind
from clew.records.models import Record
from clew.records.visibility import visible_to
from clew.screening.schemas import DocumentQuery, PersonQuery, VehicleQuery
from clew.screening.sync import IndexKeeper
from clew.storage import utcnow

__all__ = ["FIRST_CASE", "seed_exchange", "seed_spocs"]

FIRST_CASE = "Methamphetamine through Moc Bai – Bavet"


def seed_spocs(session: Session) -> None:
    """Each country's SPOC: its central bureau, else its first agency (Cambodia: its police)."""
    present = set(session.execute(select(Spoc.country)).scalars())
    agencies = session.execute(select(Agency).order_by(Agency.id)).scalars().all()
    for agency in sorted(agencies, key=lambda a: (a.kind != "national_central_bureau", a.id)):
        if agency.country != "XX" and agency.country not in present:
            session.add(Spoc(country=agency.country, agency_id=agency.id))
            present.add(agency.country)
    session.flush()


def _user(session: Session, username: str) -> User:
    return session.execute(select(User).where(User.username == username)).scalar_one()


def _watchlisted_passport(session: Session, reader: User) -> str | None:
    """A travel document on a watchlist the reader's country may see (for the flagged answer)."""
    found = session.execute(
        select(Record.data)
        .where(Record.kind == RecordKind.DOCUMENT, visible_to(actor_for(reader)))
        .order_by(Record.id)
        .limit(1)
    ).scalar_one_or_none()
    return json.loads(found).get("number") if found else None


def seed_exchange(session: Session, keeper: IndexKeeper | None = None) -> bool:
    """Seed the demo's cases once; ``True`` when they were added now."""
    seed_spocs(session)
    if session.execute(select(Case.id).where(Case.subject == FIRST_CASE)).first():
        return False
    keeper = keeper or IndexKeeper.keys_only()
    vn, kh = actor_for(_user(session, "liaison.vn")), actor_for(_user(session, "liaison.kh"))
    bg, rs = actor_for(_user(session, "liaison.bg")), actor_for(_user(session, "liaison.rs"))
    es = actor_for(_user(session, "liaison.es"))
    now = utcnow()

    # Vietnam – Cambodia: a case, a graded message, an urgent request answered with a passport
    case = cases.open_case(
        session,
        vn,
        CaseCreate(
            subject=FIRST_CASE, crime_area=CrimeArea.DRUG_TRAFFICKING, participants=["KH-POLICE"]
        ),
    )
    messages.send(session, vn, case.id, MessageCreate(
        subject="Xe tải chở ma túy đá qua cửa khẩu Mộc Bài",
        body="Nguồn tin cho biết một xe tải biển số 70C-123.45 sẽ chở khoảng 40 kg ma túy đá "
             "qua cửa khẩu Mộc Bài – Bavet trong tuần này. "
             "Đề nghị phía Campuchia phối hợp kiểm tra.",
        language="vi", handling_code=HandlingCode.H1,
        items=[ItemIn(text="The truck crosses on Thursday night.", source=Reliability.B,
                      information=Information.TWO)],
        entities=[EntityIn(kind=EntityKind.VEHICLE, vehicle=VehicleQuery(plate="70C-123.45"),
                           source=Reliability.B, information=Information.TWO)],
    ), keeper=keeper)  # fmt: skip
    passport = _watchlisted_passport(session, _user(session, "liaison.vn"))
    asked = requests.send_request(session, vn, RequestCreate(
        case=case.id, to=["KH-POLICE"], subject="Urgent: the driver's travel documents",
        question="Which travel documents did the driver of 70C-123.45 show at Bavet last month?",
        about="The driver of the truck 70C-123.45", legal_basis="ASEAN MLAT, article 7",
        urgency="urgent", directly_accessible=True,
        urgency_reason="The truck is expected to cross again on Thursday.", language="en",
    ), keeper)  # fmt: skip
    requests.route(session, kh, asked.id, RoutingIn(desk="Anti-Drug Department, Bavet desk"))
    if passport:
        requests.answer(session, kh, asked.id, AnswerIn(
            body=f"The driver, Trần Văn Minh, crossed at Bavet on the 12th with passport "
                 f"{passport}.", language="en",
            entities=[
                EntityIn(kind=EntityKind.DOCUMENT, document=DocumentQuery(number=passport),
                         source=Reliability.A, information=Information.ONE),
                EntityIn(kind=EntityKind.PERSON, person=PersonQuery(
                    names=["Trần Văn Minh"], date_of_birth="1984"),
                    source=Reliability.A, information=Information.TWO),
            ],
        ), keeper)  # fmt: skip

    # Bulgaria – Serbia: an H2 message from Serbia; Bulgaria asks to pass it on to Romania
    smuggling = cases.open_case(session, bg, CaseCreate(
        subject="Cigarettes through Kalotina – Gradina", crime_area=CrimeArea.EXCISE_FRAUD,
        participants=["RS-NCB"]))  # fmt: skip
    h2 = messages.send(session, rs, smuggling.id, MessageCreate(
        subject="Организатор на канала", language="sr",
        body="Наш извор наводи да канал организује Драган Николић, рођен 1979, који користи "
             "камионе регистроване у Бугарској.", handling_code=HandlingCode.H2,
        entities=[EntityIn(kind=EntityKind.PERSON, person=PersonQuery(
            names=["Драган Николић"], date_of_birth="1979"), source=Reliability.B,
            information=Information.THREE)],
    ), keeper=keeper)  # fmt: skip
    forwarding.ask_permission(session, bg, h2.id, PermissionAsk(
        to="RO-NCB", reason="Romania seized trucks of the same company at Vidin–Calafat.",
        language="en"))  # fmt: skip

    # Spain asks Bulgaria and Serbia about a car; Serbia's answer is overdue
    car = requests.send_request(session, es, RequestCreate(
        new_case=NewCase(subject="Audi A6 seen at Algeciras with false plates",
                         crime_area=CrimeArea.ORGANISED_PROPERTY_CRIME),
        to=["BG-NCB", "RS-NCB"], subject="Registration history of a vehicle",
        question="Was WAUZZZ4G7FN012345 registered in your country, and to whom?",
        about="The vehicle WAUZZZ4G7FN012345", legal_basis="Directive (EU) 2023/977",
        language="es",
        entities=[EntityIn(kind=EntityKind.VEHICLE, vehicle=VehicleQuery(
            vin="WAUZZZ4G7FN012345"))],
    ), keeper)  # fmt: skip
    requests.answer(session, bg, car.id, AnswerIn(
        body="Не е регистриран в България.", language="bg"), keeper)  # fmt: skip
    week_ago = now - timedelta(days=8)
    session.execute(update(Message).where(Message.public_id == car.id)
                    .values(created_at=week_ago))  # fmt: skip
    asked_car = (
        select(InfoRequest.id)
        .join(Message, Message.id == InfoRequest.message_id)
        .where(Message.public_id == car.id)
        .scalar_subquery()
    )
    session.execute(
        update(RequestRecipient)
        .where(RequestRecipient.request_id == asked_car, RequestRecipient.status == "sent")
        .values(sent_at=week_ago, due_at=week_ago + timedelta(days=7))
    )
    return True
