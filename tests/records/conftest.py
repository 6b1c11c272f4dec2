"""A small world for records: Bulgaria owns, Latvia and Austria look."""

from __future__ import annotations

from typing import Any

import pytest

from clew.access.roles import OrganisationType, Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_agency, make_token, make_user


def make_countries(database: Database) -> dict[str, dict[str, str]]:
    """Bearer headers per user: dm.bg (data manager, owner), officer.bg, officer.lv,
    officer.at, dm.lv (a data manager who does not own the records)."""
    make_agency(database, "BG-NCB", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_agency(database, "BG-BORDER", "BG", OrganisationType.BORDER_GUARD)
    make_agency(database, "LV-POLICE", "LV")
    make_agency(database, "AT-NCB", "AT", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    users = {
        "dm.bg": (Role.DATA_MANAGER, "BG-NCB"),
        "officer.bg": (Role.OFFICER, "BG-BORDER"),
        "officer.lv": (Role.OFFICER, "LV-POLICE"),
        "officer.at": (Role.OFFICER, "AT-NCB"),
        "dm.lv": (Role.DATA_MANAGER, "LV-POLICE"),
    }
    headers = {}
    for username, (role, agency) in users.items():
        make_user(database, username, role, agency)
        headers[username] = bearer(make_token(database, username, Scope.READ, Scope.WRITE))
    return headers


@pytest.fixture
def countries(database: Database) -> dict[str, dict[str, str]]:
    return make_countries(database)


def person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "person",
        "names": [
            {"given": "Юлия", "family": "Тимофеева", "kind": "primary"},
            {"given": "IULIIA", "family": "TIMOFEEVA", "kind": "latin"},
        ],
        "date_of_birth": "1985-03-07",
        "gender": "female",
        "nationalities": ["BG"],
        "identifiers": [{"type": "passport", "number": "382 154 907", "country": "BG"}],
        "alert": {"category": "wanted_for_arrest", "action": "Arrest; inform NCB Sofia",
                  "reason": "Trafficking in human beings"},
    }  # fmt: skip
    body.update(overrides)
    return body


def document(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "document", "document_type": "passport", "number": "AB1234567",
        "issuing_country": "BG", "status": "stolen",
        "alert": {"category": "object_to_seize", "action": "Seize the document"},
    }  # fmt: skip
    body.update(overrides)
    return body


def vehicle(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "vehicle", "vin": "WVWZZZ1KZ8W123456", "plate": "CA 1234 AB",
        "plate_country": "BG", "make": "Volkswagen", "model": "Golf", "colour": "black",
        "alert": {"category": "object_to_seize", "action": "Seize the vehicle"},
    }  # fmt: skip
    body.update(overrides)
    return body


def firearm(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "firearm", "serial_number": "ZAS-7710B42", "make": "Zastava", "model": "M70",
        "firearm_type": "assault_rifle", "calibre": "7.62x39mm", "status": "stolen",
        "alert": {"category": "object_to_seize", "action": "Seize; trace request to RS"},
    }  # fmt: skip
    body.update(overrides)
    return body


FACTORIES = {"person": person, "document": document, "vehicle": vehicle, "firearm": firearm}
