"""Signing in: same answer for unknown users, lockout, second factor, one-time codes."""

from __future__ import annotations

import pyotp
import pytest

from clew.access import login
from clew.access.models import AuditEntry, User
from clew.errors import AuthenticationError, ThrottledError
from clew.settings import Settings
from clew.storage import Database
from tests.conftest import PASSWORD


def _attempt(
    database: Database, settings: Settings, username: str, password: str
) -> login.LoginResult:
    with database.transaction() as session:
        return login.check_password(session, settings, username, password)


def test_the_right_password_opens_a_session(world: Database, settings: Settings) -> None:
    result = _attempt(world, settings, "officer.bg", PASSWORD)
    assert result.error is None and result.session_token
    assert not result.needs_second_factor
    with world.transaction() as session:
        resolved = login.resolve_session(session, result.session_token)
        assert resolved is not None and resolved[0].username == "officer.bg"
        assert login.resolve_session(session, result.session_token + "x") is None


def test_unknown_user_and_wrong_password_get_the_same_answer(
    world: Database, settings: Settings
) -> None:
    wrong = _attempt(world, settings, "officer.bg", "not the password")
    unknown = _attempt(world, settings, "nobody.here", "not the password")
    assert isinstance(wrong.error, AuthenticationError)
    assert isinstance(unknown.error, AuthenticationError)
    assert wrong.error.detail == unknown.error.detail == login.INVALID


@pytest.mark.parametrize("username", ["officer.bg", "nobody.here"])
def test_repeated_failures_lock_the_name_known_or_not(
    world: Database, settings: Settings, username: str
) -> None:
    for _ in range(settings.login_max_failures):
        assert isinstance(_attempt(world, settings, username, "wrong").error, AuthenticationError)
    locked = _attempt(world, settings, username, PASSWORD)
    assert isinstance(locked.error, ThrottledError)
    # Another user is not affected.
    assert _attempt(world, settings, "officer.lv", PASSWORD).error is None


def test_failures_are_audited_without_the_password(world: Database, settings: Settings) -> None:
    _attempt(world, settings, "officer.bg", "hunter2-wrong")
    with world.transaction() as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
        assert entry is not None
        assert (entry.action, entry.username, entry.outcome) == (
            "login.failed",
            "officer.bg",
            "denied",
        )
        assert "hunter2" not in entry.query


def test_administrators_need_a_code_that_works_once(world: Database, settings: Settings) -> None:
    result = _attempt(world, settings, "root", PASSWORD)
    assert result.needs_second_factor and not result.needs_enrolment
    with world.transaction() as session:
        resolved = login.resolve_session(session, result.session_token)
        assert resolved is not None
        user, web_session = resolved
        assert not web_session.second_factor_done
        assert login.verify_second_factor(session, settings, web_session, "000000") is not None
        code = pyotp.TOTP(user.totp_secret).now()
        assert login.verify_second_factor(session, settings, web_session, code) is None
        assert web_session.second_factor_done
        web_session.second_factor_done = False
        # The same code a second time is refused (replay).
        assert login.verify_second_factor(session, settings, web_session, code) is not None


def test_a_deactivated_user_cannot_sign_in(world: Database, settings: Settings) -> None:
    with world.transaction() as session:
        session.query(User).filter_by(username="officer.bg").one().active = False
    assert isinstance(_attempt(world, settings, "officer.bg", PASSWORD).error, AuthenticationError)
