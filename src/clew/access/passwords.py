"""Password hashing (argon2id) and the password rule.

``verify`` always does one full argon2 verification, against a dummy hash when there is no
user, so that timing does not tell whether an account exists.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from clew.errors import ValidationError

__all__ = ["MIN_LENGTH", "check_rule", "hash_password", "needs_rehash", "verify"]

MIN_LENGTH = 12
MAX_LENGTH = 256

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("clew-dummy-password-for-unknown-users")


def check_rule(password: str, field: str = "password") -> None:
    """A password is 12 to 256 characters and not only one repeated character."""
    if len(password) < MIN_LENGTH:
        raise ValidationError.field(field, f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValidationError.field(field, f"must be at most {MAX_LENGTH} characters")
    if len(set(password)) < 4:
        raise ValidationError.field(field, "is too simple")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password[:MAX_LENGTH]) and bool(
            password_hash
        )
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
