"""Tiny factories for interop tests: records to write, and what an exported record imports as."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from clew.records.kinds import AlertStatus, RecordStatus
from clew.records.schemas import (
    AlertIn,
    AlertPublic,
    DocumentCreate,
    FirearmCreate,
    PersonCreate,
    RecordCreate,
    RecordPublic,
    VehicleCreate,
)

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
DEFAULT_EXPIRY = date(2031, 1, 15)  # what the service sets when an alert gives no expiry


def person(**fields: Any) -> PersonCreate:
    data: dict[str, Any] = {"names": [{"given": "Ivan", "family": "Petrov"}]}
    return PersonCreate.model_validate(data | fields)


def document(**fields: Any) -> DocumentCreate:
    data: dict[str, Any] = {"number": "X1234567", "issuing_country": "BG", "status": "stolen"}
    return DocumentCreate.model_validate(data | fields)


def vehicle(**fields: Any) -> VehicleCreate:
    return VehicleCreate.model_validate({"plate": "CA1234AB"} | fields)


def firearm(**fields: Any) -> FirearmCreate:
    return FirearmCreate.model_validate({"serial_number": "AB12345", "status": "stolen"} | fields)


def wanted(reason: str | None = "Murder") -> dict[str, Any]:
    return {"category": "wanted_for_arrest", "action": "Arrest", "reason": reason}


def alert_public(
    alert: AlertIn, *, id: int = 1, status: AlertStatus = AlertStatus.ACTIVE, at: datetime = NOW
) -> AlertPublic:
    return AlertPublic(
        id=id,
        **alert.model_dump(exclude={"expires_on"}),
        status=status,
        review_on=at.date() + timedelta(days=365),
        expires_on=alert.expires_on or DEFAULT_EXPIRY,
        created_at=at,
    )


def public(
    record: RecordCreate,
    *,
    id: int = 1,
    owner: str = "BG-NCB",
    owner_country: str = "BG",
    alerts: list[AlertPublic] | None = None,
) -> RecordPublic:
    """The record as the service would return it to its owner."""
    if alerts is None:
        alerts = [alert_public(record.alert, id=id)] if record.alert else []
    return RecordPublic(
        id=id,
        kind=record.kind,
        owner=owner,
        owner_country=owner_country,
        external_id=record.external_id,
        status=RecordStatus.ACTIVE,
        label=f"{record.kind} {id}",
        version=1,
        created_at=NOW,
        updated_at=NOW,
        data=record.model_dump(exclude={"external_id", "visibility", "alert"}),
        alerts=alerts,
        visibility=record.visibility,
    )


def exported(record: RecordCreate) -> dict[str, Any]:
    """What the record imports back as: its alert now carries the expiry the service set."""
    dump = record.model_dump()
    if record.alert is not None and record.alert.expires_on is None:
        dump["alert"]["expires_on"] = DEFAULT_EXPIRY
    return dump
