"""The visibility matrix, generated: every record kind x visibility rule x viewer x read path.

Bulgaria owns every record. Latvia is always allowed (listed for "only", not excluded for
"except"); Austria is hidden by "only" and "except". A hidden country must never learn that the
record exists: not in lists, text or key searches, counts, exports, nor by the answer for its id,
which must equal the answer for an id that does not exist.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.login import actor_for
from clew.access.models import User
from clew.records import store
from clew.server import create_app
from clew.storage import Database
from tests.conftest import fresh_database, settings_for
from tests.records.conftest import FACTORIES, make_countries
from tests.web.test_pages import sign_in

RULES: dict[str, dict[str, Any]] = {
    "all": {"mode": "all", "countries": []},
    "only": {"mode": "only", "countries": ["LV"]},
    "except": {"mode": "except", "countries": ["AT"]},
}
VIEWERS = {
    "owner": "dm.bg",
    "same-country": "officer.bg",
    "allowed": "officer.lv",
    "hidden": "officer.at",
}
MISSING_ID = 987_654


def expected_visible(rule: str, viewer: str) -> bool:
    return viewer != "hidden" or rule == "all"


# What to search for, per kind: a word of the record's text and an exact-key filter.
SEARCH = {
    "person": ("Timofeeva", {"nationality": "BG"}),
    "document": ("AB1234567", {"document": "AB 123 4567"}),
    "vehicle": ("Golf", {"vin": "WVWZZZ1KZ8W123456"}),
    "firearm": ("Zastava", {"serial": "zas7710b42"}),
}


def _api_paths(
    client: TestClient, headers: dict[str, str], kind: str, record_id: int
) -> dict[str, Callable[[], bool]]:
    text, key = SEARCH[kind]

    def in_page(params: dict[str, Any]) -> bool:
        page = client.get("/api/v1/records", params=params, headers=headers)
        assert page.status_code == 200, page.text
        ids = [item["id"] for item in page.json()["items"]]
        assert page.json()["total"] == len(ids)  # the count agrees with the list
        return record_id in ids

    def detail() -> bool:
        found = client.get(f"/api/v1/records/{record_id}", headers=headers)
        if found.status_code == 200:
            return True
        missing = client.get(f"/api/v1/records/{MISSING_ID}", headers=headers)
        assert (found.status_code, found.json()) == (missing.status_code, missing.json())
        return False

    def count() -> bool:
        # The count of this kind's records, against what this viewer should see of the three.
        total = client.get("/api/v1/records", params={"kind": kind}, headers=headers).json()[
            "total"
        ]
        others = client.get(
            "/api/v1/records", params={"kind": kind, "limit": 200}, headers=headers
        ).json()["items"]
        assert total == len(others)
        return record_id in [o["id"] for o in others]

    def history() -> bool:
        found = client.get(f"/api/v1/records/{record_id}/history", headers=headers)
        if found.status_code == 404:
            missing = client.get(f"/api/v1/records/{MISSING_ID}/history", headers=headers)
            assert found.json() == missing.json()
            return False
        return True  # 200 for the owner, 403 "not yours" for those who may see it

    return {
        "api list": lambda: in_page({}),
        "api list by kind": lambda: in_page({"kind": kind}),
        "api text search": lambda: in_page({"q": text}),
        "api key search": lambda: in_page(key),
        "api count": count,
        "api detail": detail,
        "api history": history,
    }


def _service_paths(
    database: Database, username: str, kind: str, record_id: int
) -> dict[str, Callable[[], bool]]:
    def export() -> bool:
        with database.transaction() as session:
            user = session.query(User).filter_by(username=username).one()
            actor = actor_for(user)
            ids = [r.id for r in store.iter_export(session, actor, store.RecordFilter(), "csv")]
        return record_id in ids

    return {"service export": export}


CASES = list(itertools.product(FACTORIES, RULES, VIEWERS))


@dataclass
class Matrix:
    database: Database
    client: TestClient
    headers: dict[str, dict[str, str]]
    records: dict[tuple[str, str], int]
    browsers: dict[str, TestClient]


def _web_paths(web: TestClient, kind: str, record_id: int) -> dict[str, Callable[[], bool]]:
    text, _ = SEARCH[kind]
    link = f'href="/records/{record_id}"'

    def listed(params: dict[str, str]) -> bool:
        page = web.get("/records", params=params)
        assert page.status_code == 200
        return link in page.text

    def detail() -> bool:
        found = web.get(f"/records/{record_id}")
        if found.status_code == 200:
            return True
        missing = web.get(f"/records/{MISSING_ID}")
        assert found.status_code == missing.status_code == 404
        # The same page, but for the path typed (echoed in the language form).
        assert found.text.replace(f"/records/{record_id}", "/records/N") == missing.text.replace(
            f"/records/{MISSING_ID}", "/records/N"
        )
        return False

    return {
        "web list": lambda: listed({"kind": kind}),
        "web search": lambda: listed({"q": text}),
        "web detail": detail,
    }


@pytest.fixture(scope="module")
def matrix(_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    """One world for the whole matrix (reads only): a record of every kind under every rule.

    Each record carries its rule in its text so that text searches can tell them apart.
    """
    database = fresh_database(_template, tmp_path_factory.mktemp("matrix"))
    headers = make_countries(database)
    with TestClient(create_app(settings_for(database), database)) as client:
        records = {}
        for kind, rule in itertools.product(FACTORIES, RULES):
            body = FACTORIES[kind](visibility=RULES[rule], external_id=f"{kind}-{rule}")
            created = client.post("/api/v1/records", json=body, headers=headers["dm.bg"])
            assert created.status_code == 201, created.text
            records[kind, rule] = created.json()["id"]
        browsers = {}
        for username in VIEWERS.values():
            web = TestClient(create_app(settings_for(database), database))
            sign_in(web, username)
            browsers[username] = web
        yield Matrix(database, client, headers, records, browsers)
    database.dispose()


@pytest.mark.parametrize(("kind", "rule", "viewer"), CASES, ids=["-".join(c) for c in CASES])
def test_visibility(matrix: Matrix, kind: str, rule: str, viewer: str) -> None:
    record_id = matrix.records[kind, rule]
    username = VIEWERS[viewer]
    paths = _api_paths(matrix.client, matrix.headers[username], kind, record_id)
    paths |= _service_paths(matrix.database, username, kind, record_id)
    paths |= _web_paths(matrix.browsers[username], kind, record_id)
    expected = expected_visible(rule, viewer)
    seen = {name: check() for name, check in paths.items()}
    assert seen == dict.fromkeys(paths, expected), f"{kind}/{rule}/{viewer}: {seen}"
