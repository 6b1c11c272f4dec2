"""Tiny factories for the clearing-house tests: records on Bulgaria's watchlist, cases, and
messages posted as the exchange posts them (then cross-checked as a send does)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import Agency, User
from clew.exchange import crosscheck
from clew.exchange.kinds import CrimeArea, HandlingCode, MessageKind
from clew.exchange.models import Case
from clew.exchange.posting import post
from clew.exchange.schemas import EntityIn
from clew.screening.sync import IndexKeeper
from clew.storage import Database


def actor(database: Database, username: str) -> Actor:
    with database.reading() as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        return actor_for(user)


def agency_id(database: Database, code: str) -> int:
    with database.reading() as session:
        return session.execute(select(Agency.id).where(Agency.code == code)).scalar_one()


def record(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> int:
    created = client.post("/api/v1/records", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def open_case(database: Database, owner: str, subject: str = "Passports on the border") -> str:
    with database.transaction() as session:
        case = Case(
            subject=subject, crime_area=CrimeArea.DOCUMENT_FRAUD, handling_code=HandlingCode.H0,
            owner_agency_id=agency_id(database, owner), created_by="test",
        )  # fmt: skip
        session.add(case)
        session.flush()
        return case.public_id


def send(
    database: Database, keeper: IndexKeeper, username: str, case_id: str, to: list[str],
    entities: list[EntityIn], *, subject: str = "Seen at the crossing",
) -> str:  # fmt: skip
    """Post a message (the one write path) and cross-check it; its public id."""
    sender = actor(database, username)
    addressed = [agency_id(database, code) for code in to]
    with database.transaction() as session:
        case = session.execute(select(Case).where(Case.public_id == case_id)).scalar_one()
        message = post(
            session, sender, case, kind=MessageKind.MESSAGE, subject=subject,
            body="Details in the entities.", language="en", handling_code=HandlingCode.H0,
            to=addressed, entities=entities,
        )  # fmt: skip
        crosscheck.check_message(session, sender, keeper, message)
        return message.public_id


def passport(number: str, country: str | None = "BG") -> EntityIn:
    return EntityIn.model_validate(
        {"kind": "document", "document": {"number": number, "country": country},
         "source": "B", "information": "2"}
    )  # fmt: skip


def someone(name: str, born: str | None = None) -> EntityIn:
    return EntityIn.model_validate(
        {"kind": "person", "person": {"names": [name], "date_of_birth": born},
         "source": "A", "information": "1"}
    )  # fmt: skip
