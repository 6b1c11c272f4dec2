"""The exchange's cast: Vietnam and Cambodia (a border liaison pair), Bulgaria and Serbia, and
Estonia, which takes part in nothing and must find no trace of anything.

Each country's SPOC is its central bureau; VN-BORDER and KH-POLICE are other authorities of
their countries (a request they send directly is copied to their own SPOC).
"""

from __future__ import annotations

import pytest

from clew.access.roles import OrganisationType, Role, Scope
from clew.exchange.models import Spoc
from clew.storage import Database
from tests.conftest import bearer, make_agency, make_token, make_user

Headers = dict[str, str]

_NCB = OrganisationType.NATIONAL_CENTRAL_BUREAU
AGENCIES = (
    ("VN-NCB", "VN", _NCB), ("VN-BORDER", "VN", OrganisationType.BORDER_GUARD),
    ("KH-NCB", "KH", _NCB), ("KH-POLICE", "KH", OrganisationType.POLICE),
    ("BG-NCB", "BG", _NCB), ("RS-NCB", "RS", _NCB), ("EE-POLICE", "EE", OrganisationType.POLICE),
)  # fmt: skip
SPOCS = {"VN": "VN-NCB", "KH": "KH-NCB", "BG": "BG-NCB", "RS": "RS-NCB"}
USERS = {
    "liaison.vn": (Role.LIAISON_OFFICER, "VN-NCB"),
    "analyst.vn": (Role.ANALYST, "VN-NCB"),
    "liaison.vnb": (Role.LIAISON_OFFICER, "VN-BORDER"),
    "spoc.kh": (Role.LIAISON_OFFICER, "KH-NCB"),
    "desk.kh": (Role.LIAISON_OFFICER, "KH-POLICE"),
    "officer.kh": (Role.OFFICER, "KH-POLICE"),  # no exchange permission
    "liaison.bg": (Role.LIAISON_OFFICER, "BG-NCB"),
    "liaison.rs": (Role.LIAISON_OFFICER, "RS-NCB"),
    "liaison.ee": (Role.LIAISON_OFFICER, "EE-POLICE"),  # the outsider
}


@pytest.fixture
def cast(database: Database) -> dict[str, Headers]:
    """Bearer headers (read and write scopes) of every user of :data:`USERS`, by username."""
    ids = {code: make_agency(database, code, country, kind) for code, country, kind in AGENCIES}
    with database.transaction() as session:
        for country, code in SPOCS.items():
            session.add(Spoc(country=country, agency_id=ids[code]))
    headers = {}
    for username, (role, agency) in USERS.items():
        make_user(database, username, role, agency)
        headers[username] = bearer(make_token(database, username, Scope.READ, Scope.WRITE))
    return headers
