"""Field results: what officers report during an operation, and what they add up to.

- A participant that has accepted reports for its own agency (any of its users who may report
  results), from the phone-sized form or its national system over the API; only the reporting
  agency withdraws a report (it stays, marked withdrawn, out of every figure). Nothing is
  reported or withdrawn once the operation is published or cancelled.
- A report is checked whole before anything is stored, and every problem is named with its
  field: the fields its kind takes and no others, positive amounts, a unit its seizure category
  allows (:data:`~clew.operations.kinds.UNITS_FOR`: never kilograms of pistols), an ISO 4217
  currency for cash, no more minors than persons, a moment not in the future (a clock
  :data:`SKEW` ahead is tolerated) and inside the period give or take :data:`MARGIN`, a post of
  the reporting agency in the operation.
- :func:`summary` gives the figures in the categories press releases use; seizures are summed
  per (category, item, unit), so kilograms are never added to units.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta
from typing import Any

from babel.numbers import is_currency
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ConflictError, FieldError, ForbiddenError, NotFoundError, ValidationError
from clew.exchange.kinds import CrimeArea
from clew.operations.access import load_operation, participant_row
from clew.operations.kinds import (
    UNITS_FOR,
    ArrestBasis,
    FieldKind,
    OperationState,
    SeizureKind,
    Unit,
)
from clew.operations.models import FieldResult, Operation, OperationPost
from clew.operations.operations import state_of
from clew.operations.schemas import (
    ArrestFigures,
    FieldResultIn,
    FieldResultPublic,
    PersonsFigures,
    Results,
    SeizureFigure,
)
from clew.storage import utcnow

__all__ = [
    "FIELDS",
    "MARGIN",
    "SKEW",
    "get_summary",
    "list_results",
    "problems",
    "report_result",
    "summary",
    "withdraw_result",
]

SKEW = timedelta(minutes=5)
"""How far ahead of the server's clock a reporting device's clock may be."""
MARGIN = timedelta(days=1)
"""How far outside the period a result may have happened (a late arrest of the night after)."""

FIELDS: dict[FieldKind, frozenset[str]] = {
    FieldKind.ARREST: frozenset({"crime_area", "basis", "persons"}),
    FieldKind.SEIZURE: frozenset({"category", "item", "unit", "amount"}),
    FieldKind.VICTIM: frozenset({"count", "minors"}),
    FieldKind.MIGRANT: frozenset({"count", "minors"}),
    FieldKind.INVESTIGATION: frozenset({"count"}),
    FieldKind.EVENT: frozenset({"title"}),
}
"""The fields each kind of report takes (besides those every report takes)."""
_REQUIRED: dict[FieldKind, tuple[str, ...]] = {
    FieldKind.ARREST: ("crime_area", "basis"),
    FieldKind.SEIZURE: ("category", "unit", "amount"),
    FieldKind.VICTIM: ("count",),
    FieldKind.MIGRANT: ("count",),
    FieldKind.INVESTIGATION: ("count",),
    FieldKind.EVENT: ("title",),
}
_KIND_FIELDS = frozenset().union(*FIELDS.values())
_NAMED_ITEM = {SeizureKind.DRUGS: "the substance", SeizureKind.CASH: "the currency"}


def _item(category: SeizureKind, item: str | None) -> str | None:
    """The seizure's item as summed: a currency in capitals, anything else in lower case."""
    if item is None:
        return None
    words = " ".join(item.split())
    return words.upper() if category is SeizureKind.CASH else words.lower()


def problems(operation: Operation, data: FieldResultIn) -> list[FieldError]:
    """Every problem of a report for ``operation``, each with its field (none: it may be
    stored). The post is checked by :func:`report_result`, which knows the reporter."""
    found: list[FieldError] = []
    kind = data.kind
    given = data.model_dump(exclude_none=True)
    for name in sorted(_KIND_FIELDS & given.keys() - FIELDS[kind]):
        found.append(FieldError(name, f"not part of a report of kind {kind}"))
    for name in _REQUIRED[kind]:
        if name not in given:
            found.append(FieldError(name, f"needed for a report of kind {kind}"))
    if kind is FieldKind.SEIZURE and data.category is not None:
        allowed = UNITS_FOR[data.category]
        if data.unit is not None and data.unit not in allowed:
            units = ", ".join(sorted(allowed))
            found.append(FieldError("unit", f"{data.category} is counted in {units}"))
        if data.category in _NAMED_ITEM and not data.item:
            found.append(FieldError("item", f"needed: {_NAMED_ITEM[data.category]}"))
        if (
            data.category is SeizureKind.CASH
            and data.item
            and not (len(data.item) == 3 and is_currency(data.item.upper()))
        ):
            found.append(FieldError("item", f"{data.item} is not an ISO 4217 currency code"))
    persons = kind in (FieldKind.VICTIM, FieldKind.MIGRANT) and data.count is not None
    if persons and (data.minors or 0) > (data.count or 0):
        message = f"more minors ({data.minors}) than persons ({data.count})"
        found.append(FieldError("minors", message))
    now = utcnow()
    if data.occurred_at > now + SKEW:
        found.append(FieldError("occurred_at", "is in the future"))
    elif not (operation.period_start - MARGIN <= data.occurred_at <= operation.period_end + MARGIN):
        found.append(FieldError("occurred_at", "is outside the operation's period (give or "
                                               "take a day)"))  # fmt: skip
    return found


def _reporter(session: Session, actor: Actor, operation_id: str) -> Operation:
    """The operation, when the actor's agency has accepted it and it takes reports."""
    actor.require(Permission.REPORT_RESULTS)
    if actor.agency_id is None:
        raise ForbiddenError("Results are reported by an agency: act for one (--agency).")
    operation = load_operation(session, actor, operation_id)
    row = participant_row(session, operation, actor.agency_id)
    if row is None or row.accepted_at is None:
        raise ForbiddenError("Your agency reports results once it has accepted the operation.")
    state = state_of(operation)
    if state in (OperationState.PUBLISHED, OperationState.CANCELLED):
        raise ConflictError(f"The operation is {state}: it takes no more reports.")
    return operation


def _post(session: Session, actor: Actor, operation: Operation, post_id: str) -> OperationPost:
    post = session.execute(
        select(OperationPost).where(OperationPost.operation_id == operation.id,
                                    OperationPost.public_id == post_id,
                                    OperationPost.agency_id == actor.agency_id)
    ).scalar_one_or_none()  # fmt: skip
    if post is None:
        raise ValidationError.field("post", "no such post of your agency in this operation")
    return post


def _columns(data: FieldResultIn) -> dict[str, Any]:
    """The report as stored: ``category``, ``item``, ``unit``, ``amount``, ``minors``,
    ``details`` (amount: persons, the seizure's amount or the count)."""
    if data.kind is FieldKind.ARREST:
        area, basis = str(data.crime_area), str(data.basis)
        return {"category": area, "item": basis, "unit": None, "amount": data.persons or 1,
                "minors": 0, "details": {"crime_area": area, "basis": basis}}  # fmt: skip
    if data.kind is FieldKind.SEIZURE:
        assert data.category is not None and data.amount is not None
        item = _item(data.category, data.item)
        return {"category": str(data.category), "item": item, "unit": str(data.unit),
                "amount": data.amount, "minors": 0, "details": {}}  # fmt: skip
    if data.kind is FieldKind.EVENT:
        return {"category": None, "item": None, "unit": None, "amount": 1, "minors": 0,
                "details": {"title": data.title}}  # fmt: skip
    return {"category": None, "item": None, "unit": None, "amount": data.count or 0,
            "minors": data.minors or 0, "details": {}}  # fmt: skip


def report_result(
    session: Session, actor: Actor, operation_id: str, data: FieldResultIn
) -> FieldResultPublic:
    """Store one field report of the actor's agency, once every check passes."""
    operation = _reporter(session, actor, operation_id)
    assert actor.agency_id is not None
    found = problems(operation, data)
    post: OperationPost | None = None
    if data.post is not None:
        try:
            post = _post(session, actor, operation, data.post)
        except ValidationError as exc:
            found.extend(exc.fields)
    if found:
        raise ValidationError("; ".join(f"{f.field}: {f.message}" for f in found), fields=found)
    columns = _columns(data)
    result = FieldResult(
        operation_id=operation.id, agency_id=actor.agency_id,
        post_id=post.id if post else None, kind=str(data.kind), category=columns["category"],
        item=columns["item"], unit=columns["unit"], amount=float(columns["amount"]),
        minors=columns["minors"], details=json.dumps(columns["details"], ensure_ascii=False),
        note=data.note, latitude=data.latitude, longitude=data.longitude,
        occurred_at=data.occurred_at, reported_by=actor.username, reported_at=utcnow(),
    )  # fmt: skip
    session.add(result)
    session.flush()
    audit.record(session, actor, f"operation.result.{data.kind}",
                 target=f"operation:{operation.public_id}",
                 result_ids=[operation.public_id, result.public_id])  # fmt: skip
    return _public(result, actor.agency_code or "?", post)


def _public(result: FieldResult, agency: str, post: OperationPost | None) -> FieldResultPublic:
    kind = FieldKind(result.kind)
    details = json.loads(result.details or "{}")
    arrest, seizure = kind is FieldKind.ARREST, kind is FieldKind.SEIZURE
    category, item = result.category or "", result.item or ""
    return FieldResultPublic(
        id=result.public_id, kind=kind, agency=agency, post=post.public_id if post else None,
        post_name=post.name if post else None, occurred_at=result.occurred_at,
        crime_area=CrimeArea(category) if arrest else None,
        basis=ArrestBasis(item) if arrest else None,
        category=SeizureKind(category) if seizure else None,
        item=result.item if seizure else None,
        unit=Unit(result.unit) if seizure and result.unit else None,
        amount=result.amount, minors=result.minors, title=details.get("title"),
        note=result.note, latitude=result.latitude, longitude=result.longitude,
        reported_by=result.reported_by, reported_at=result.reported_at,
        withdrawn_at=result.withdrawn_at,
    )  # fmt: skip


def withdraw_result(
    session: Session, actor: Actor, operation_id: str, result_id: str
) -> FieldResultPublic:
    """Withdraw a report (its agency only): it stays, marked, out of every figure."""
    operation = _reporter(session, actor, operation_id)
    result = session.execute(
        select(FieldResult).where(FieldResult.operation_id == operation.id,
                                  FieldResult.public_id == result_id)
    ).scalar_one_or_none()  # fmt: skip
    if result is None:
        raise NotFoundError("Result not found.")
    if result.agency_id != actor.agency_id:
        raise ForbiddenError("Only the reporting agency withdraws its report.")
    if result.withdrawn_at is not None:
        raise ConflictError("The report is already withdrawn.")
    result.withdrawn_at = utcnow()
    session.flush()
    audit.record(session, actor, "operation.result.withdraw",
                 target=f"operation:{operation.public_id}",
                 result_ids=[operation.public_id, result.public_id])  # fmt: skip
    post = session.get(OperationPost, result.post_id) if result.post_id else None
    return _public(result, actor.agency_code or "?", post)


def list_results(
    session: Session, actor: Actor, operation_id: str, *, kind: FieldKind | None = None,
    agency: str | None = None, withdrawn: bool = False, limit: int = 100, offset: int = 0,
) -> tuple[list[FieldResultPublic], int]:  # fmt: skip
    """The operation's reports, latest first (withdrawn ones only when asked), with the number
    of all matching. Every participant sees every participant's reports."""
    operation = load_operation(session, actor, operation_id)
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    stmt = select(FieldResult).where(FieldResult.operation_id == operation.id)
    if kind is not None:
        stmt = stmt.where(FieldResult.kind == str(kind))
    if agency:
        wanted = [i for i, c in codes.items() if c.upper() == agency.strip().upper()]
        stmt = stmt.where(FieldResult.agency_id.in_(wanted))
    if not withdrawn:
        stmt = stmt.where(FieldResult.withdrawn_at.is_(None))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    results = list(session.execute(
        stmt.order_by(FieldResult.occurred_at.desc(), FieldResult.id.desc())
        .limit(limit).offset(offset)
    ).scalars())  # fmt: skip
    posts = {
        p.id: p
        for p in session.execute(
            select(OperationPost).where(OperationPost.operation_id == operation.id)
        ).scalars()
    }
    audit.record(session, actor, "operation.results", target=f"operation:{operation.public_id}",
                 query={k: v for k, v in {"kind": str(kind) if kind else None, "agency": agency,
                                          "withdrawn": withdrawn, "offset": offset}.items() if v},
                 result_ids=[operation.public_id, *(r.public_id for r in results)])  # fmt: skip
    items = [_public(r, codes.get(r.agency_id, "?"), posts.get(r.post_id or 0)) for r in results]
    return items, total


def _amount(value: float) -> float:
    return round(value, 6)


def summary(session: Session, operation: Operation) -> Results:
    """The operation's figures from every report not withdrawn (the caller has checked that the
    reader may see the operation)."""
    rows = session.execute(
        select(FieldResult.kind, FieldResult.category, FieldResult.item, FieldResult.unit,
               func.sum(FieldResult.amount), func.sum(FieldResult.minors), func.count())
        .where(FieldResult.operation_id == operation.id, FieldResult.withdrawn_at.is_(None))
        .group_by(FieldResult.kind, FieldResult.category, FieldResult.item, FieldResult.unit)
        .order_by(FieldResult.kind, FieldResult.category, FieldResult.item, FieldResult.unit)
    ).all()  # fmt: skip
    by_area: dict[str, int] = defaultdict(int)
    by_basis: dict[str, int] = defaultdict(int)
    persons: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seizures: list[SeizureFigure] = []
    investigations = events = reports = 0
    for kind, category, item, unit, amount, minors, n in rows:
        reports += n
        total = float(amount or 0)
        if kind == FieldKind.ARREST:
            by_area[category or ""] += int(total)
            by_basis[item or ""] += int(total)
        elif kind == FieldKind.SEIZURE:
            seizures.append(SeizureFigure(
                category=SeizureKind(category or ""), item=item, unit=Unit(unit or ""),
                amount=_amount(total), reports=n,
            ))  # fmt: skip
        elif kind in (FieldKind.VICTIM, FieldKind.MIGRANT):
            persons[kind][0] += int(total)
            persons[kind][1] += int(minors or 0)
        elif kind == FieldKind.INVESTIGATION:
            investigations += int(total)
        elif kind == FieldKind.EVENT:
            events += n
    victims, migrants = persons[FieldKind.VICTIM], persons[FieldKind.MIGRANT]
    return Results(
        arrests=ArrestFigures(
            total=sum(by_area.values()), by_crime_area=dict(sorted(by_area.items())),
            by_basis=dict(sorted(by_basis.items())),
        ),
        seizures=seizures,
        victims=PersonsFigures(total=victims[0], minors=victims[1]),
        migrants=PersonsFigures(total=migrants[0], minors=migrants[1]),
        investigations=investigations, events=events, reports=reports,
    )  # fmt: skip


def get_summary(session: Session, actor: Actor, operation_id: str) -> Results:
    """The figures of an operation the actor may see, audited."""
    operation = load_operation(session, actor, operation_id)
    audit.record(session, actor, "operation.summary", target=f"operation:{operation.public_id}",
                 result_ids=[operation.public_id])  # fmt: skip
    return summary(session, operation)
