"""Logging in to the web UI: password, throttle, TOTP second factor and server-side sessions.

- Unknown usernames cost the same argon2 work as known ones and get the same message.
- After ``login_max_failures`` failures for a username within ``login_lockout_minutes`` the
  username is locked for that long, whether or not it exists (no enumeration by lockout).
- Sessions are random tokens in an HttpOnly cookie; the database keeps only their hash.
- A session is *pending* until the second factor is given, for users who need one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from clew.access import audit, passwords
from clew.access.actor import Actor, Channel
from clew.access.models import LoginFailure, User, WebSession
from clew.access.roles import Role
from clew.access.tokens import token_hash
from clew.errors import AuthenticationError, ClewError, ThrottledError, ValidationError
from clew.settings import Settings
from clew.storage import utcnow

__all__ = [
    "LoginResult",
    "actor_for",
    "check_password",
    "confirm_enrolment",
    "end_session",
    "resolve_session",
    "start_enrolment",
    "totp_uri",
    "verify_second_factor",
]

INVALID = "Invalid username or password."
ISSUER = "Clew"


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of a password check. A refusal is returned, not raised, so that the caller
    commits the failure count and audit entry before showing the error."""

    user: User | None = None
    session_token: str = ""
    needs_second_factor: bool = False
    needs_enrolment: bool = False
    error: ClewError | None = None


def actor_for(user: User, channel: Channel = Channel.WEB) -> Actor:
    return user.actor(channel)


def _anonymous(username: str) -> Actor:
    return Actor(
        user_id=None, username=username[:64] or "(blank)", role=Role.OFFICER, agency_id=None,
        agency_code=None, country=None, international=False, channel=Channel.WEB,
    )  # fmt: skip


def check_password(
    session: Session, settings: Settings, username: str, password: str
) -> LoginResult:
    key = username.strip().lower()[:64]
    window_start = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    failures = session.execute(
        select(func.count()).where(LoginFailure.key == key, LoginFailure.at >= window_start)
    ).scalar_one()
    user = session.execute(select(User).where(User.username == key)).scalar_one_or_none()
    # Always one argon2 verification, whoever asks, locked out or not.
    ok = passwords.verify(user.password_hash if user else None, password)
    if failures >= settings.login_max_failures:
        audit.record(session, _anonymous(key), "login.failed", outcome="throttled")
        return LoginResult(error=ThrottledError("Too many failed attempts. Try again later."))
    if not ok or user is None or not user.active or not user.agency.active:
        session.add(LoginFailure(key=key))
        audit.record(session, _anonymous(key), "login.failed", outcome="denied")
        return LoginResult(error=AuthenticationError(INVALID))
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    token = secrets.token_urlsafe(32)
    needs_factor = user.needs_second_factor
    session.add(
        WebSession(
            token_hash=token_hash(token),
            user_id=user.id,
            second_factor_done=not needs_factor,
            expires_at=utcnow() + timedelta(hours=settings.session_hours),
        )
    )
    audit.record(
        session, actor_for(user), "login.password",
        outcome="pending_second_factor" if needs_factor else "ok",
    )  # fmt: skip
    return LoginResult(user, token, needs_factor, needs_factor and not user.totp_confirmed)


def resolve_session(session: Session, token: str | None) -> tuple[User, WebSession] | None:
    """The user and session behind a cookie, or None if absent, unknown or expired."""
    if not token or len(token) > 100:
        return None
    web_session = session.execute(
        select(WebSession).where(WebSession.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if web_session is None or web_session.expires_at <= utcnow():
        return None
    user = web_session.user
    if not user.active or not user.agency.active:
        return None
    return user, web_session


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))


def totp_uri(user: User) -> str:
    assert user.totp_secret
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def start_enrolment(user: User) -> str:
    """Give the user a fresh, unconfirmed TOTP secret (kept until confirmed)."""
    if not user.totp_secret or not user.totp_confirmed:
        user.totp_secret = user.totp_secret or pyotp.random_base32()
    return user.totp_secret


def _check_code(user: User, code: str) -> bool:
    code = code.strip().replace(" ", "")
    if not user.totp_secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = utcnow()
    for drift in (-1, 0, 1):
        at = now + timedelta(seconds=30 * drift)
        counter = totp.timecode(at)
        if secrets.compare_digest(totp.at(at), code):
            if user.totp_last_counter is not None and counter <= user.totp_last_counter:
                return False  # a code is good once
            user.totp_last_counter = counter
            return True
    return False


def verify_second_factor(
    session: Session, settings: Settings, web_session: WebSession, code: str
) -> ClewError | None:
    """Check a TOTP code for a pending session; the refusal is returned (see LoginResult)."""
    user = web_session.user
    key = f"totp:{user.username}"[:64]
    window_start = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    failures = session.execute(
        select(func.count()).where(LoginFailure.key == key, LoginFailure.at >= window_start)
    ).scalar_one()
    if failures >= settings.login_max_failures:
        return ThrottledError("Too many failed attempts. Try again later.")
    if not user.totp_confirmed or not _check_code(user, code):
        session.add(LoginFailure(key=key))
        audit.record(session, actor_for(user), "login.second_factor", outcome="denied")
        return ValidationError.field("code", "is not the current code")
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))
    web_session.second_factor_done = True
    audit.record(session, actor_for(user), "login.second_factor")
    return None


def confirm_enrolment(session: Session, web_session: WebSession, code: str) -> None:
    user = web_session.user
    if user.totp_confirmed or not _check_code(user, code):
        raise ValidationError.field("code", "is not the current code")
    user.totp_confirmed = True
    web_session.second_factor_done = True
    audit.record(session, actor_for(user), "login.enrol_second_factor")
