"""The demo world: agencies of several countries and a user of every role.

Idempotent: seeding a database that already has the demo agencies changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import agencies, users
from clew.access.actor import Actor
from clew.access.models import Agency, User
from clew.access.roles import OrganisationType, Role
from clew.access.schemas import AgencyCreate, UserCreate

__all__ = ["DEMO_PASSWORD", "DemoUser", "seed"]

DEMO_PASSWORD = "clew-demo-password"  # noqa: S105 - printed for newcomers; demo mode only

AGENCIES: tuple[tuple[str, str, str, OrganisationType], ...] = (
    ("INT-COORD", "International Coordination Centre", "XX", OrganisationType.INTERNATIONAL_BODY),
    ("BG-NCB", "National Central Bureau Sofia", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU),
    ("BG-BORDER", "Bulgarian Border Police", "BG", OrganisationType.BORDER_GUARD),
    ("LV-POLICE", "Latvian State Police", "LV", OrganisationType.POLICE),
    ("LV-BORDER", "State Border Guard of Latvia", "LV", OrganisationType.BORDER_GUARD),
    ("VN-NCB", "National Central Bureau Hanoi", "VN", OrganisationType.NATIONAL_CENTRAL_BUREAU),
    ("KH-POLICE", "Cambodian National Police", "KH", OrganisationType.POLICE),
    ("AT-NCB", "National Central Bureau Vienna", "AT", OrganisationType.NATIONAL_CENTRAL_BUREAU),
    ("AT-FIU", "Austrian Financial Intelligence Unit", "AT",
     OrganisationType.FINANCIAL_INTELLIGENCE_UNIT),
    ("ES-CUSTOMS", "Spanish Customs Surveillance", "ES", OrganisationType.CUSTOMS),
    ("ES-LIAISON", "Spanish Liaison Office", "ES", OrganisationType.LIAISON_OFFICE),
)  # fmt: skip

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


def seed(session: Session) -> list[DemoUser]:
    """Create the demo agencies and users (if missing) and return the users to print."""
    system = Actor.system()
    existing = set(session.execute(select(Agency.code)).scalars())
    for code, name, country, kind in AGENCIES:
        if code not in existing:
            agencies.create_agency(
                session, system, AgencyCreate(code=code, name=name, country=country, kind=kind)
            )
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
