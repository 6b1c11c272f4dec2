"""Two border liaison pairs and an outsider: Moc Bai (VN-NCB) – Bavet (KH-POLICE) and Kalotina
(BG-BORDER) – Gradina (RS-BORDER); Estonia takes part in neither and must find nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import OrganisationType, Role, Scope
from clew.liaison import offices
from clew.liaison.schemas import OfficeCreate, PairCreate
from clew.storage import Database
from tests.conftest import bearer, make_agency, make_token, make_user

AGENCIES = (("VN-NCB", "VN"), ("KH-POLICE", "KH"), ("BG-BORDER", "BG"), ("RS-BORDER", "RS"),
            ("EE-POLICE", "EE"), ("INT", "XX"))  # fmt: skip
USERS = {
    "liaison.vn": (Role.LIAISON_OFFICER, "VN-NCB"),
    "liaison.kh": (Role.LIAISON_OFFICER, "KH-POLICE"),
    "officer.kh": (Role.OFFICER, "KH-POLICE"),  # no exchange permission
    "liaison.bg": (Role.LIAISON_OFFICER, "BG-BORDER"),
    "dm.bg": (Role.DATA_MANAGER, "BG-BORDER"),  # keeps Bulgaria's watchlist
    "liaison.ee": (Role.LIAISON_OFFICER, "EE-POLICE"),  # the outsider
    "root": (Role.ADMINISTRATOR, "INT"),
}


@dataclass
class Border:
    database: Database
    headers: dict[str, dict[str, str]]
    pairs: dict[str, str]  # border -> pair public id
    offices: dict[str, str]  # office name -> public id

    def actor(self, username: str) -> Actor:
        with self.database.reading() as session:
            user = session.query(User).filter_by(username=username).one()
            return actor_for(user)


def incident(**changes: Any) -> dict[str, Any]:
    """A valid incident report body (a drug seizure near Moc Bai), with ``changes``."""
    body: dict[str, Any] = {
        "kind": "drug_seizure", "occurred_at": "2026-10-14T09:30:00", "place": "Moc Bai",
        "latitude": 11.06, "longitude": 106.18,
        "quantities": [{"item": "Methamphetamine", "unit": "kg", "amount": 12.5}],
        "persons": [{"names": ["Nguyen Van Hung"], "date_of_birth": "1980-02-03",
                     "nationality": "VN", "role": "suspect"}],
        "vehicles": [{"plate": "70C-12345"}], "documents": [{"number": "C1234567",
                                                             "country": "VN"}],
        "narrative": "Phát hiện 12,5 kg ma túy đá trong xe tải.", "language": "vi",
    }  # fmt: skip
    body.update(changes)
    return body


@pytest.fixture
def border(database: Database) -> Border:
    kinds = {"INT": OrganisationType.INTERNATIONAL_BODY}
    for code, country in AGENCIES:
        make_agency(database, code, country, kinds.get(code, OrganisationType.POLICE))
    headers = {}
    for username, (role, agency) in USERS.items():
        make_user(database, username, role, agency)
        headers[username] = bearer(make_token(database, username, *list(Scope)))
    system = Actor.system()
    ids: dict[str, str] = {}
    pairs: dict[str, str] = {}
    with database.transaction() as session:
        for name, agency, lat, lon in (("Moc Bai", "VN-NCB", 11.063, 106.184),
                                       ("Bavet", "KH-POLICE", 11.055, 106.148),
                                       ("Kalotina", "BG-BORDER", 42.993, 22.873),
                                       ("Gradina", "RS-BORDER", 43.001, 22.848)):  # fmt: skip
            office = offices.create_office(session, system, OfficeCreate(
                name=name, agency=agency, place=name, latitude=lat, longitude=lon))  # fmt: skip
            ids[name] = office.id
        for a, b in (("Moc Bai", "Bavet"), ("Kalotina", "Gradina")):
            pair = offices.create_pair(session, system, PairCreate(
                office_a=ids[a], office_b=ids[b], border=f"{a} – {b}"))  # fmt: skip
            pairs[a] = pair.id
    return Border(database, headers, pairs, ids)
