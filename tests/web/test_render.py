"""CSRF tokens bound to the browser's session, and the cookies and headers of production mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clew.server import create_app
from clew.settings import Settings
from clew.storage import Database
from tests.conftest import PASSWORD
from tests.web.test_pages import csrf, sign_in


@pytest.fixture
def other_browser(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database), base_url="http://127.0.0.1") as browser:
        yield browser


def test_a_token_from_another_session_is_refused(
    client: TestClient, other_browser: TestClient, world: Database
) -> None:
    # The attacker signs in, takes a token from their own page and plants their CSRF cookie in
    # the victim's browser (a sibling subdomain can set cookies): the pair must not be enough.
    sign_in(other_browser, "officer.lv")
    attacker_token = csrf(other_browser, "/")
    sign_in(client, "officer.bg")
    client.cookies.set("clew_csrf", other_browser.cookies["clew_csrf"])
    forged = client.post(
        "/language", data={"csrf_token": attacker_token, "language": "bg", "next": "/"},
        follow_redirects=False,
    )  # fmt: skip
    assert forged.status_code == 403
    assert 'lang="en"' in client.get("/").text


def test_a_token_from_the_anonymous_login_form_is_refused_once_signed_in(
    client: TestClient, world: Database
) -> None:
    anonymous_token = csrf(client, "/login")
    sign_in(client, "officer.bg")
    refused = client.post("/logout", data={"csrf_token": anonymous_token}, follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in
    signed_in_token = csrf(client, "/")
    signed_out = client.post(
        "/logout", data={"csrf_token": signed_in_token}, follow_redirects=False
    )
    assert signed_out.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_development_cookies_are_plain_and_there_is_no_hsts(
    client: TestClient, world: Database
) -> None:
    token = csrf(client)
    response = client.post(
        "/login", data={"csrf_token": token, "username": "officer.bg", "password": PASSWORD},
        follow_redirects=False,
    )  # fmt: skip
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("clew_session=") and "Secure" not in cookie
    assert "strict-transport-security" not in response.headers


@pytest.fixture
def production(database: Database) -> Iterator[TestClient]:
    settings = Settings(
        database_url=database.url, production=True,
        secret_key="a-production-secret-that-is-long-and-random-0123456789",
    )  # fmt: skip
    with TestClient(create_app(settings, database), base_url="https://127.0.0.1") as browser:
        yield browser


def test_production_cookies_carry_the_host_prefix(production: TestClient, world: Database) -> None:
    form = production.get("/login")
    assert form.headers["set-cookie"].startswith("__Host-clew_csrf=")
    token = csrf(production)
    response = production.post(
        "/login", data={"csrf_token": token, "username": "officer.bg", "password": PASSWORD},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-clew_session=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert production.get("/", follow_redirects=False).status_code == 200
    signed_out = production.post(
        "/logout", data={"csrf_token": csrf(production, "/")}, follow_redirects=False
    )
    assert signed_out.headers["set-cookie"].startswith("__Host-clew_session=")
    assert production.get("/", follow_redirects=False).status_code == 303


def test_production_answers_carry_hsts(production: TestClient) -> None:
    for path in ("/login", "/api/v1/agencies", "/no-such-page"):
        hsts = production.get(path).headers["strict-transport-security"]
        assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 31536000
