"""Single Points of Contact: one agency per country (Directive (EU) 2023/977, article 14).

A country's SPOC is copied on the requests its other agencies send directly, and receives and
routes the requests sent to the country. The list is public to every user (as the directory of
agencies is); administrators set and remove it: the coordinating body's for every country, a
national administrator for its own country only. Every change is audited.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.countries import normalise_country
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ForbiddenError, NotFoundError, ValidationError
from clew.exchange.models import Spoc
from clew.exchange.posting import agencies_by_code
from clew.exchange.request_schemas import SpocPublic

__all__ = ["list_spocs", "remove_spoc", "set_spoc", "spoc_of"]


def _administrator(actor: Actor, country: str) -> None:
    actor.require(Permission.MANAGE_AGENCIES)
    if not actor.platform_wide and actor.country != country:
        raise ForbiddenError("A national administrator sets its own country's SPOC only.")


def spoc_of(session: Session, country: str | None) -> int | None:
    """The id of ``country``'s SPOC agency, or ``None`` when it has none."""
    if not country:
        return None
    return session.execute(
        select(Spoc.agency_id).where(Spoc.country == country.upper())
    ).scalar_one_or_none()


def list_spocs(session: Session, actor: Actor) -> list[SpocPublic]:
    actor.require(Permission.VIEW_DIRECTORY)
    rows = session.execute(
        select(Spoc.country, Agency.code, Agency.name)
        .join(Agency, Agency.id == Spoc.agency_id)
        .order_by(Spoc.country)
    ).all()
    return [SpocPublic(country=c, agency=code, agency_name=name) for c, code, name in rows]


def set_spoc(session: Session, actor: Actor, country: str, agency_code: str) -> SpocPublic:
    """Make the agency ``agency_code`` (of ``country``) the country's SPOC, replacing any."""
    country = normalise_country(country)
    _administrator(actor, country)
    (agency,) = agencies_by_code(session, [agency_code], field="agency")
    if agency.country != country:
        raise ValidationError.field(
            "agency", f"{agency.code} is an agency of {agency.country}, not of {country}."
        )
    spoc = session.get(Spoc, country)
    if spoc is None:
        session.add(Spoc(country=country, agency_id=agency.id))
    else:
        spoc.agency_id = agency.id
    audit.record(session, actor, "exchange.spoc.set", target=f"spoc:{country}",
                 query={"agency": agency.code}, result_ids=[agency.id])  # fmt: skip
    return SpocPublic(country=country, agency=agency.code, agency_name=agency.name)


def remove_spoc(session: Session, actor: Actor, country: str) -> None:
    country = normalise_country(country)
    _administrator(actor, country)
    spoc = session.get(Spoc, country)
    if spoc is None:
        raise NotFoundError(f"{country} has no SPOC.")
    session.delete(spoc)
    audit.record(session, actor, "exchange.spoc.remove", target=f"spoc:{country}",
                 result_ids=[spoc.agency_id])  # fmt: skip
