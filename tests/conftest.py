"""Shared fixtures: a fresh database per test on the backend under test, and tiny factories.

The backend is SQLite unless ``CLEW_TEST_DATABASE_URL`` names a PostgreSQL server (``make
test`` runs the whole suite once on each, starting a throwaway PostgreSQL itself).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import text

from clew.access import agencies, passwords, tokens, users
from clew.access.actor import Actor
from clew.access.audit import GENESIS
from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import OrganisationType, Role, Scope, role_scopes
from clew.access.schemas import AgencyCreate, TokenCreate, UserCreate
from clew.server import create_app
from clew.settings import Settings
from clew.storage import Base, Database

PG_URL = os.environ.get("CLEW_TEST_DATABASE_URL")
PASSWORD = "correct horse battery"


def pytest_report_header() -> str:
    return f"clew database backend: {'postgresql' if PG_URL else 'sqlite'}"


@pytest.fixture(scope="session", autouse=True)
def _one_hash_per_password() -> Iterator[None]:
    """Argon2 is slow on purpose (~0.2 s a hash) and most tests create several users with the
    same password: each distinct password is hashed once per session. The hash is a real
    argon2id hash (its salt shared by test users only), and signing in still verifies it in
    full. A production server never does this: equal passwords get different salts."""
    shipped = passwords.hash_password
    hashed: dict[str, str] = {}

    def once(password: str) -> str:
        if password not in hashed:
            hashed[password] = shipped(password)
        return hashed[password]

    passwords.hash_password = once
    yield
    passwords.hash_password = shipped


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrate once per session; tests get copies (SQLite) or truncated tables (PostgreSQL)."""
    if PG_URL:
        database = Database(PG_URL)
        with database.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        database.upgrade()
        database.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "clew.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return str(path)


def fresh_database(template: str, directory: Path) -> Database:
    """An empty, migrated database: a copy of the template (SQLite) or truncated tables."""
    if PG_URL:
        database = Database(PG_URL)
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with database.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            conn.execute(
                text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :h)"), {"h": GENESIS}
            )
        return database
    path = directory / "clew.db"
    shutil.copyfile(template, path)
    return Database(f"sqlite:///{path}")


@pytest.fixture
def database(_template: str, tmp_path: Path) -> Iterator[Database]:
    database = fresh_database(_template, tmp_path)
    yield database
    database.dispose()


def settings_for(database: Database) -> Settings:
    return Settings(
        database_url=database.url,
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        login_max_failures=5,
    )


@pytest.fixture
def settings(database: Database) -> Settings:
    return settings_for(database)


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database), base_url="http://127.0.0.1") as test_client:
        yield test_client


# --- factories --------------------------------------------------------------------------------


def make_agency(
    database: Database, code: str, country: str, kind: OrganisationType = OrganisationType.POLICE
) -> int:
    with database.transaction() as session:
        data = AgencyCreate(code=code, name=f"{code} agency", country=country, kind=kind)
        return agencies.create_agency(session, Actor.system(), data).id


def make_user(
    database: Database, username: str, role: Role, agency_code: str, *, password: str = PASSWORD
) -> int:
    """A user; administrators and auditors come enrolled with a known TOTP secret."""
    with database.transaction() as session:
        data = UserCreate(
            username=username, full_name=username.title(), agency_code=agency_code, role=role,
            password=password,
        )  # fmt: skip
        user = users.create_user(session, Actor.system(), data)
        if role.needs_second_factor:
            user.totp_secret = pyotp.random_base32()
            user.totp_confirmed = True
        return user.id


def totp_now(database: Database, username: str) -> str:
    with database.transaction() as session:
        user = session.query(User).filter_by(username=username).one()
        assert user.totp_secret
        return pyotp.TOTP(user.totp_secret).now()


def make_token(database: Database, username: str, *scopes: Scope) -> str:
    """A token with ``scopes`` (default: all), less those the user's role may not hold."""
    with database.transaction() as session:
        user = session.query(User).filter_by(username=username).one()
        held = role_scopes(Role(user.role))
        wanted = [s for s in (scopes or Scope) if s in held]
        _, secret = tokens.create_token(
            session, actor_for(user), TokenCreate(name="test", scopes=wanted)
        )
        return secret


@pytest.fixture
def world(database: Database) -> Database:
    """Three agencies (an international body, Bulgaria, Latvia) and a user of each kind."""
    make_agency(database, "INT", "XX", OrganisationType.INTERNATIONAL_BODY)
    make_agency(database, "BG-NCB", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_agency(database, "LV-POLICE", "LV")
    make_user(database, "root", Role.ADMINISTRATOR, "INT")
    make_user(database, "dpo", Role.AUDITOR, "INT")
    make_user(database, "admin.bg", Role.ADMINISTRATOR, "BG-NCB")
    make_user(database, "officer.bg", Role.OFFICER, "BG-NCB")
    make_user(database, "officer.lv", Role.OFFICER, "LV-POLICE")
    return database


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


# --- a live server and a real headless Chromium (Debian's, never a downloaded browser) -------
# Here, not in tests/web/, so that every test module shares the one session browser (a second
# Playwright in one process fails: "Sync API inside the asyncio loop").


CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_url(settings: Settings, database: Database) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, database), host="127.0.0.1", port=port, log_level="warning",
        access_log=False,
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "live server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: run scripts/ensure_debian.sh browser"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_url, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
