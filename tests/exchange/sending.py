"""Tiny factories for the attachment and search tests: a case, and messages posted through the
exchange's one write path (:func:`clew.exchange.posting.post`)."""

from __future__ import annotations

from sqlalchemy import select

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import Agency, User
from clew.exchange.kinds import CrimeArea, HandlingCode, MessageKind
from clew.exchange.models import Case
from clew.exchange.posting import post
from clew.storage import Database


def actor(database: Database, username: str) -> Actor:
    with database.reading() as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        return actor_for(user)


def agency_id(database: Database, code: str) -> int:
    with database.reading() as session:
        return session.execute(select(Agency.id).where(Agency.code == code)).scalar_one()


def open_case(database: Database, owner: str, subject: str = "Heroin across the border") -> str:
    with database.transaction() as session:
        case = Case(
            subject=subject, crime_area=CrimeArea.DRUG_TRAFFICKING, handling_code=HandlingCode.H0,
            owner_agency_id=agency_id(database, owner), created_by="test",
        )  # fmt: skip
        session.add(case)
        session.flush()
        return case.public_id


def send(
    database: Database, username: str, case_id: str, to: list[str], *, subject: str = "Seizure",
    body: str = "A seizure at the crossing.", language: str = "en",
    kind: MessageKind = MessageKind.MESSAGE, handling_code: HandlingCode = HandlingCode.H0,
) -> str:  # fmt: skip
    """Post a message from ``username``'s agency to the agencies ``to`` (codes); its public id."""
    sender = actor(database, username)
    addressed = [agency_id(database, code) for code in to]
    with database.transaction() as session:
        case = session.execute(select(Case).where(Case.public_id == case_id)).scalar_one()
        message = post(
            session, sender, case, kind=kind, subject=subject, body=body, language=language,
            handling_code=handling_code, to=addressed,
        )  # fmt: skip
        return message.public_id
