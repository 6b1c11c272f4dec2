"""Agencies: a country plus an organisation. Only platform-wide administrators change them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.countries import normalise_country
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.access.schemas import AgencyCreate, AgencyUpdate
from clew.errors import ConflictError, ForbiddenError, NotFoundError

__all__ = [
    "contacts",
    "create_agency",
    "get_agency",
    "get_agency_by_code",
    "list_agencies",
    "update_agency",
]


def _require_platform_admin(actor: Actor) -> None:
    actor.require(Permission.MANAGE_AGENCIES)
    if not actor.platform_wide:
        raise ForbiddenError("Only administrators of the coordinating body manage agencies.")


def create_agency(session: Session, actor: Actor, data: AgencyCreate) -> Agency:
    _require_platform_admin(actor)
    country = normalise_country(data.country)
    if session.execute(select(Agency.id).where(Agency.code == data.code)).first():
        raise ConflictError(f"An agency with code {data.code} already exists.")
    agency = Agency(code=data.code, name=data.name, country=country, kind=data.kind, active=True,
                    desk=data.desk, phone=data.phone, email=data.email)  # fmt: skip
    session.add(agency)
    session.flush()
    audit.record(
        session, actor, "agency.create", target=f"agency:{agency.id}",
        query=data.model_dump(mode="json"), result_ids=[agency.id],
    )  # fmt: skip
    return agency


def list_agencies(
    session: Session, actor: Actor, *, limit: int, offset: int, country: str | None = None
) -> tuple[list[Agency], int]:
    """The directory of agencies: every signed-in user may read it."""
    actor.require(Permission.VIEW_DIRECTORY)
    stmt = select(Agency)
    if country:
        stmt = stmt.where(Agency.country == country.strip().upper())
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = list(
        session.execute(
            stmt.order_by(Agency.country, Agency.code).limit(limit).offset(offset)
        ).scalars()
    )
    return rows, total


def contacts(session: Session, actor: Actor, codes: list[str]) -> dict[str, Agency]:
    """The directory's entries of the agencies by code (how to reach an owner about a hit);
    a code of no agency is absent. Every signed-in user may read the directory."""
    actor.require(Permission.VIEW_DIRECTORY)
    if not codes:
        return {}
    found = session.execute(select(Agency).where(Agency.code.in_(set(codes)))).scalars()
    return {agency.code: agency for agency in found}


def get_agency(session: Session, actor: Actor, agency_id: int) -> Agency:
    actor.require(Permission.VIEW_DIRECTORY)
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFoundError("Agency not found.")
    return agency


def get_agency_by_code(session: Session, code: str) -> Agency:
    agency = session.execute(
        select(Agency).where(Agency.code == code.strip().upper())
    ).scalar_one_or_none()
    if agency is None:
        raise NotFoundError(f"No agency with code {code.strip().upper()[:32]}.")
    return agency


def update_agency(session: Session, actor: Actor, agency_id: int, data: AgencyUpdate) -> Agency:
    _require_platform_admin(actor)
    agency = get_agency(session, actor, agency_id)
    changes = data.model_dump(exclude_unset=True, mode="json")
    for key, value in changes.items():
        setattr(agency, key, value)
    session.flush()
    audit.record(
        session, actor, "agency.update", target=f"agency:{agency.id}",
        query=changes, result_ids=[agency.id],
    )  # fmt: skip
    return agency
