"""Usernames: an agency administrator learns nothing about other agencies' accounts.

The attack: a national administrator creates users named like other agencies' staff and reads
"taken" (409) as "this person has an account". Their new usernames are qualified with their own
agency (``name@bg-ncb``), so a conflict can only be with a user they can list anyway.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Scope
from clew.settings import Settings
from clew.storage import Database
from tests.conftest import PASSWORD, bearer, make_token
from tests.web.test_pages import csrf, sign_in_with_code


def _user(username: str, agency: str = "BG-NCB") -> dict[str, Any]:
    return {"username": username, "full_name": "New Person", "agency_code": agency,
            "role": "officer", "password": PASSWORD, "locale": "en"}  # fmt: skip


def test_another_agency_s_username_is_not_revealed(client: TestClient, world: Database) -> None:
    admin = bearer(make_token(world, "admin.bg", Scope.ADMIN))
    existing = client.post("/api/v1/users", json=_user("officer.lv"), headers=admin)
    unknown = client.post("/api/v1/users", json=_user("nobody.lv"), headers=admin)
    assert existing.status_code == unknown.status_code == 201
    assert existing.json()["username"] == "officer.lv@bg-ncb"
    assert unknown.json()["username"] == "nobody.lv@bg-ncb"


@pytest.mark.parametrize("username", ["officer.lv@lv-police", "nobody@lv-police", "xyz@int"])
def test_a_national_administrator_cannot_name_another_agency(
    client: TestClient, world: Database, username: str
) -> None:
    admin = bearer(make_token(world, "admin.bg", Scope.ADMIN))
    refused = client.post("/api/v1/users", json=_user(username), headers=admin)
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == [
        {"field": "username", "message": "must end with @bg-ncb, the user's agency"}
    ]


def test_a_conflict_is_only_ever_within_the_administrator_s_agency(
    client: TestClient, world: Database
) -> None:
    admin = bearer(make_token(world, "admin.bg", Scope.ADMIN))
    first = client.post("/api/v1/users", json=_user("duty"), headers=admin)
    again = client.post("/api/v1/users", json=_user("duty@bg-ncb"), headers=admin)
    assert first.status_code == 201 and again.status_code == 409
    listed = client.get("/api/v1/users", params={"q": "duty"}, headers=admin).json()
    assert [u["username"] for u in listed["items"]] == ["duty@bg-ncb"]


def test_a_platform_administrator_names_users_freely_within_their_agency(
    client: TestClient, world: Database
) -> None:
    root = bearer(make_token(world, "root", Scope.ADMIN))
    plain = client.post("/api/v1/users", json=_user("ivan", "LV-POLICE"), headers=root)
    qualified = client.post(
        "/api/v1/users", json=_user("anna@lv-police", "LV-POLICE"), headers=root
    )
    assert plain.json()["username"] == "ivan" and qualified.json()["username"] == "anna@lv-police"
    elsewhere = client.post("/api/v1/users", json=_user("eve@bg-ncb", "LV-POLICE"), headers=root)
    assert elsewhere.status_code == 422


def test_a_qualified_user_created_on_the_web_signs_in(
    client: TestClient, world: Database, settings: Settings
) -> None:
    sign_in_with_code(client, world, "admin.bg")
    form = client.get("/users/new").text
    assert "@bg-ncb" in form  # the hint says what will be added
    created = client.post(
        "/users", data={"csrf_token": csrf(client, "/users/new")} | _user("Petrov"),
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303, created.text
    client.cookies.clear()
    token = csrf(client)
    signed_in = client.post(
        "/login", data={"csrf_token": token, "username": "petrov@bg-ncb", "password": PASSWORD},
        follow_redirects=False,
    )  # fmt: skip
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
