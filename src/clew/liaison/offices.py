"""Offices and the pairs they form across a border.

Platform-wide administrators (``Permission.MANAGE_AGENCIES``) create them. The offices are a
directory every signed-in user may read, as the agencies are. A pair is seen by the agencies of
its two offices, by platform-wide administrators and by the console operator; for anyone else it
does not exist (*Pair not found.*, as for an id never issued). Reading a pair's incident reports
and its joint report asks more (:func:`load_member_pair`): the exchange's read permission and
being one of the pair's agencies (or the console).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.agencies import get_agency_by_code
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.liaison.kinds import zone_for_country
from clew.liaison.models import Office, OfficePair
from clew.liaison.schemas import OfficeCreate, OfficePublic, PairCreate, PairPublic

__all__ = [
    "PAIR_NOT_FOUND",
    "create_office",
    "create_pair",
    "list_offices",
    "list_pairs",
    "load_member_pair",
    "load_pair",
    "member_of_pair",
    "office_public",
    "pair_public",
]

PAIR_NOT_FOUND = "Pair not found."


def _admin(actor: Actor) -> None:
    actor.require(Permission.MANAGE_AGENCIES)
    if not actor.platform_wide:
        raise ForbiddenError("Only administrators of the coordinating body manage liaison offices.")


def office_public(office: Office, agency_code: str) -> OfficePublic:
    return OfficePublic(
        id=office.public_id, name=office.name, agency=agency_code, country=office.country,
        place=office.place, latitude=office.latitude, longitude=office.longitude,
        zone=office.zone, active=office.active,
    )  # fmt: skip


def _codes(session: Session, agency_ids: set[int]) -> dict[int, str]:
    rows = session.execute(select(Agency.id, Agency.code).where(Agency.id.in_(agency_ids)))
    return {i: c for i, c in rows}


def create_office(session: Session, actor: Actor, data: OfficeCreate) -> OfficePublic:
    _admin(actor)
    try:
        agency = get_agency_by_code(session, data.agency)
    except NotFoundError as exc:
        raise ValidationError.field("agency", exc.detail) from None
    if session.execute(
        select(Office.id).where(Office.agency_id == agency.id, Office.name == data.name)
    ).first():
        raise ConflictError(f"{agency.code} already has an office named {data.name}.")
    office = Office(
        name=data.name, agency_id=agency.id, country=agency.country, place=data.place,
        latitude=data.latitude, longitude=data.longitude,
        zone=data.zone or zone_for_country(agency.country), active=True,
    )  # fmt: skip
    session.add(office)
    session.flush()
    audit.record(session, actor, "liaison.office.create", target=f"office:{office.public_id}",
                 result_ids=[office.public_id])  # fmt: skip
    return office_public(office, agency.code)


def list_offices(session: Session, actor: Actor) -> list[OfficePublic]:
    """Every office, by country and name (a directory, as the agencies are)."""
    actor.require(Permission.VIEW_DIRECTORY)
    rows = session.execute(
        select(Office, Agency.code).join(Agency, Agency.id == Office.agency_id)
        .order_by(Office.country, Office.name).limit(1000)
    )  # fmt: skip
    return [office_public(o, code) for o, code in rows]


def _office(session: Session, public_id: str, field: str) -> Office:
    office = session.execute(
        select(Office).where(Office.public_id == public_id)
    ).scalar_one_or_none()
    if office is None:
        raise ValidationError.field(field, "no office with this id")
    return office


def pair_public(session: Session, pair: OfficePair) -> PairPublic:
    a, b = session.get_one(Office, pair.office_a_id), session.get_one(Office, pair.office_b_id)
    codes = _codes(session, {a.agency_id, b.agency_id})
    return PairPublic(
        id=pair.public_id, border=pair.border, office_a=office_public(a, codes[a.agency_id]),
        office_b=office_public(b, codes[b.agency_id]), created_at=pair.created_at,
    )  # fmt: skip


def create_pair(session: Session, actor: Actor, data: PairCreate) -> PairPublic:
    _admin(actor)
    a, b = _office(session, data.office_a, "office_a"), _office(session, data.office_b, "office_b")
    if a.id == b.id:
        raise ValidationError.field("office_b", "a pair is two different offices")
    if a.country == b.country:
        raise ValidationError.field("office_b", "the offices of a pair face each other across a "
                                    "border: they are in two countries")  # fmt: skip
    if session.execute(
        select(OfficePair.id).where(or_(
            (OfficePair.office_a_id == a.id) & (OfficePair.office_b_id == b.id),
            (OfficePair.office_a_id == b.id) & (OfficePair.office_b_id == a.id),
        ))
    ).first():  # fmt: skip
        raise ConflictError("These two offices already form a pair.")
    pair = OfficePair(office_a_id=a.id, office_b_id=b.id, border=data.border,
                      created_by=actor.username)  # fmt: skip
    session.add(pair)
    session.flush()
    audit.record(session, actor, "liaison.pair.create", target=f"pair:{pair.public_id}",
                 result_ids=[pair.public_id])  # fmt: skip
    return pair_public(session, pair)


def member_of_pair(actor: Actor) -> ColumnElement[bool]:
    """The actor's agency runs one of the pair's two offices (the console: every pair)."""
    if actor.agency_id is None:
        return true()
    ours = select(Office.id).where(Office.agency_id == actor.agency_id)
    return or_(OfficePair.office_a_id.in_(ours), OfficePair.office_b_id.in_(ours))


def _pair_visible(actor: Actor) -> ColumnElement[bool]:
    if actor.platform_wide and actor.can(Permission.MANAGE_AGENCIES):
        return true()
    return member_of_pair(actor)


def list_pairs(session: Session, actor: Actor) -> list[PairPublic]:
    actor.require(Permission.VIEW_DIRECTORY)
    pairs = session.execute(
        select(OfficePair).where(_pair_visible(actor)).order_by(OfficePair.border).limit(500)
    ).scalars()
    return [pair_public(session, p) for p in pairs]


def load_pair(session: Session, actor: Actor, pair_id: str) -> OfficePair:
    actor.require(Permission.VIEW_DIRECTORY)
    pair = session.execute(
        select(OfficePair).where(OfficePair.public_id == pair_id, _pair_visible(actor))
    ).scalar_one_or_none()
    if pair is None:
        raise NotFoundError(PAIR_NOT_FOUND)
    return pair


def load_member_pair(session: Session, actor: Actor, pair_id: str) -> OfficePair:
    """A pair whose reports the actor may read: one of its agencies (or the console)."""
    actor.require(Permission.READ_EXCHANGE)
    pair = session.execute(
        select(OfficePair).where(OfficePair.public_id == pair_id, member_of_pair(actor))
    ).scalar_one_or_none()
    if pair is None:
        raise NotFoundError(PAIR_NOT_FOUND)
    return pair
