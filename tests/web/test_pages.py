"""Web pages over HTTP: CSRF, cookies, headers, redirects, language, and what reaches the logs."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient

from clew.storage import Database
from tests.conftest import PASSWORD, totp_now


def csrf(client: TestClient, path: str = "/login") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf(client)
    response = client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text


def sign_in_with_code(client: TestClient, database: Database, username: str) -> None:
    sign_in(client, username)
    token = csrf(client, "/login/second-factor")
    response = client.post(
        "/login/second-factor",
        data={"csrf_token": token, "code": totp_now(database, username)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_pages_need_a_session(client: TestClient) -> None:
    response = client.get("/users?q=x", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fusers%3Fq%3Dx"


def test_session_cookie_is_httponly_and_samesite(client: TestClient, world: Database) -> None:
    token = csrf(client)
    response = client.post(
        "/login", data={"csrf_token": token, "username": "officer.bg", "password": PASSWORD},
        follow_redirects=False,
    )  # fmt: skip
    cookie = response.headers["set-cookie"]
    assert "clew_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_forms_without_a_valid_csrf_token_are_refused(client: TestClient, world: Database) -> None:
    client.get("/login")
    for token in (None, "forged"):
        data = {"username": "officer.bg", "password": PASSWORD}
        if token:
            data["csrf_token"] = token
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "clew_session" not in response.headers.get("set-cookie", "")


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_no_open_redirect_after_login(client: TestClient, world: Database) -> None:
    token = csrf(client)
    response = client.post(
        "/login",
        data={"csrf_token": token, "username": "officer.bg", "password": PASSWORD,
              "next": "https://evil.example/"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.headers["location"] == "/"


def test_administrators_must_give_the_second_factor(client: TestClient, world: Database) -> None:
    sign_in(client, "root")
    pending = client.get("/users", follow_redirects=False)
    assert pending.headers["location"] == "/login/second-factor"
    token = csrf(client, "/login/second-factor")
    wrong = client.post("/login/second-factor", data={"csrf_token": token, "code": "123456"})
    assert wrong.status_code == 422
    right = client.post(
        "/login/second-factor", data={"csrf_token": token, "code": totp_now(world, "root")},
        follow_redirects=False,
    )  # fmt: skip
    assert right.status_code == 303
    assert client.get("/users").status_code == 200


def test_language_choice_is_remembered_for_the_user(client: TestClient, world: Database) -> None:
    sign_in(client, "officer.bg")
    token = csrf(client, "/")
    client.post("/language", data={"csrf_token": token, "language": "bg", "next": "/"})
    assert 'lang="bg"' in client.get("/").text
    client.cookies.clear()  # a new browser: the account remembers
    sign_in(client, "officer.bg")
    assert 'lang="bg"' in client.get("/").text


def test_unknown_language_falls_back_to_english(client: TestClient) -> None:
    token = csrf(client)
    client.post("/language", data={"csrf_token": token, "language": "xx", "next": "/login"})
    assert 'lang="en"' in client.get("/login").text


def test_searched_text_never_reaches_the_application_log(
    client: TestClient, world: Database, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in_with_code(client, world, "admin.bg")
    with caplog.at_level(logging.DEBUG):
        response = client.get("/users", params={"q": "Тимофеева-SECRET-NAME"})
    assert response.status_code == 200
    ours = [r for r in caplog.records if r.name.startswith("clew")]
    assert ours, "requests should be logged"
    for record in ours:
        assert "SECRET-NAME" not in record.getMessage() + str(getattr(record, "clew", ""))
    # ... it belongs in the audit log instead.
    with world.engine.connect() as conn:
        queries = (
            conn.exec_driver_sql("SELECT query FROM audit_entries WHERE action = 'user.search'")
            .scalars()
            .all()
        )
    assert any("SECRET-NAME" in q for q in queries)


def test_hidden_users_look_missing_in_the_web_too(client: TestClient, world: Database) -> None:
    sign_in_with_code(client, world, "admin.bg")
    with world.engine.connect() as conn:
        lv_id = conn.exec_driver_sql("SELECT id FROM users WHERE username = 'officer.lv'").scalar()
    hidden = client.get(f"/users/{lv_id}")
    missing = client.get("/users/999999")
    assert hidden.status_code == missing.status_code == 404
    # Same page, but for the path the person typed themselves (echoed in the language form).
    assert hidden.text.replace(f"/users/{lv_id}", "/users/N") == missing.text.replace(
        "/users/999999", "/users/N"
    )


def test_a_bad_address_is_not_found_or_says_what_is_wrong(
    client: TestClient, world: Database
) -> None:
    sign_in(client, "officer.bg")
    missing = client.get("/records/abc")
    assert missing.status_code == 404 and "Not found." in missing.text
    long = client.get("/records", params={"q": "x" * 10_000})
    assert long.status_code == 422
    assert "The address holds a value Clew cannot use." in long.text
    assert "Please correct the marked fields." not in long.text
    assert "is longer than" in long.text
