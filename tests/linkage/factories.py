"""Tiny factories for linkage tests: ``person(key, "Ivan Petrov", dob="1985-03-07", ...)``."""

from __future__ import annotations

from clew.linkage import Candidate


def person(key: str, *names: str, dob: str | None = None, **fields: object) -> Candidate:
    """A person candidate; ``fields`` are ``Candidate``'s keyword arguments."""
    return Candidate(key, names=list(names), birth_date=dob, **fields)  # type: ignore[arg-type]


def thing(key: str, kind: str, **fields: object) -> Candidate:
    """An entity of another kind (organisation, phone, account, vehicle)."""
    return Candidate(key, kind, **fields)  # type: ignore[arg-type]
