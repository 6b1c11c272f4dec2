"""The input of linkage: one entity as a country entered it, and its comparison keys.

``Candidate`` is what a caller builds, one per entity (a person, an organisation, a phone, an
account, a vehicle...), in plain text as entered. ``prepare`` reads it once into a
``Prepared``: the date of birth parsed, identifiers, phones and postcodes normalised, the
address folded, so that blocking and comparison never parse the same text twice.

Dates of birth are read by ``clew.identifiers.parse_partial_date``, and also as eight digits
without separators (``19850307`` is ``1985-03-07``, as FEBRL and many exports write them).
Edge cases, each of which leaves the field out of the comparison (``not compared``) rather
than raising: an unreadable date of birth (``1985-13-40``, ``03/07/85``); an identifier with
no letters or digits; a phone number with fewer than seven digits once leading zeros are
dropped; a gender other than male or female (``m``, ``f``, ``male``, ``female`` in any case).
Empty strings and ``None`` are the same: unknown. Countries are read as everywhere in Clew
(``clew.access.countries.read_country``: alpha-2, alpha-3, travel-document codes, any case);
an unknown code is kept as written, upper-cased. Identifier types are
compared lower-cased (``Passport`` and ``passport`` are one type).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from clew.access.countries import read_country
from clew.identifiers import PartialDate, parse_partial_date
from clew.intel.vocabulary import EntityKind
from clew.names.compare import name_parts
from clew.names.fold import fold

__all__ = ["Candidate", "Prepared", "name_codes", "prepare"]

_NOT_ALNUM = re.compile("[^0-9A-Za-z]+")
_COMPACT_DATE = re.compile("([0-9]{4})([0-9]{2})([0-9]{2})")
_WORD = re.compile(r"\w+")
MIN_PHONE_DIGITS = 7
"""Fewer digits than this is not a phone number (an extension, a fragment)."""


class Candidate:
    """One entity to link, as entered.

    ``key`` identifies it in the results. ``kind`` is an ``intel`` entity kind (``person``,
    ``organisation``, ``phone``, ``account``, ``vehicle``...): only entities of one kind are
    ever paired, and names are compared as persons' names only for persons. ``names`` holds
    every name (as written, any script, aliases too); ``birth_date`` a partial date
    (``1985``, ``1985-03``, ``1985-03-07``, ``07.03.1985``, ``19850307``); ``country`` the
    nationality of a person or the country of an organisation; ``identifiers`` maps a type
    (``passport``, ``national_id``, ``vin``, ``plate``, ``iban``...) to a number: numbers are
    compared only with numbers of the same type. An entity with no name (a phone, an
    account) links by identifier or phone agreement alone.
    """

    __slots__ = (
        "address",
        "birth_date",
        "country",
        "gender",
        "identifiers",
        "key",
        "kind",
        "locality",
        "names",
        "phones",
        "postcode",
    )

    def __init__(
        self,
        key: str,
        kind: str = EntityKind.PERSON,
        *,
        names: Sequence[str] = (),
        birth_date: str | None = None,
        gender: str | None = None,
        country: str | None = None,
        identifiers: Mapping[str, str] | None = None,
        address: str | None = None,
        locality: str | None = None,
        postcode: str | None = None,
        phones: Sequence[str] = (),
    ) -> None:
        self.key = key
        self.kind = str(kind)
        self.names = tuple(name for name in names if name and name.strip())
        self.birth_date = birth_date or None
        self.gender = gender or None
        self.country = country or None
        self.identifiers = dict(identifiers or {})
        self.address = address or None
        self.locality = locality or None
        self.postcode = postcode or None
        self.phones = tuple(phones)

    def __repr__(self) -> str:
        return f"Candidate({self.key!r}, {self.kind!r}, names={list(self.names)!r})"


class Prepared:
    """A candidate's comparison keys, computed once (a plain ``__slots__`` class: a batch
    prepares one per entity and compares them in a tight loop)."""

    __slots__ = (
        "address",
        "birth_date",
        "candidate",
        "codes",
        "country",
        "gender",
        "identifiers",
        "implied_genders",
        "locality",
        "names",
        "person",
        "phones",
        "postcode",
    )

    def __init__(self, candidate: Candidate) -> None:
        self.candidate = candidate
        self.person = candidate.kind == EntityKind.PERSON
        self.names: tuple[str, ...] = candidate.names
        self.implied_genders = tuple(_implied_gender(name, self.person) for name in self.names)
        self.codes = tuple(name_codes(name) for name in self.names)
        self.birth_date = _date(candidate.birth_date)
        self.gender = _gender(candidate.gender)
        self.country = _country(candidate.country)
        self.identifiers: dict[str, str] = {}
        for kind, number in candidate.identifiers.items():
            value = _NOT_ALNUM.sub("", number or "").upper()
            if value:
                self.identifiers[kind.strip().lower()] = value
        self.phones = frozenset(p for p in (_phone(text) for text in candidate.phones) if p)
        self.address = fold(candidate.address or "")
        self.locality = fold(candidate.locality or "")
        self.postcode = _NOT_ALNUM.sub("", candidate.postcode or "").upper()

    @property
    def key(self) -> str:
        return self.candidate.key

    def signature(self) -> tuple[object, ...]:
        """Everything compared, in one hashable value: equal for two entities that say the
        same things (blocking always pairs them)."""
        return (
            self.candidate.kind,
            tuple(sorted(self.names)),
            str(self.birth_date) if self.birth_date else "",
            self.gender or "",
            self.country or "",
            tuple(sorted(self.identifiers.items())),
            tuple(sorted(self.phones)),
            self.address,
            self.locality,
            self.postcode,
        )


def prepare(candidate: Candidate) -> Prepared:
    """Read a candidate's fields once (see the module docstring for what is left out)."""
    return Prepared(candidate)


def _date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    value = text.strip()
    compact = _COMPACT_DATE.fullmatch(value)
    if compact:
        value = "-".join(compact.groups())
    try:
        return parse_partial_date(value)
    except ValueError:
        return None


def _gender(value: str | None) -> str | None:
    key = (value or "").strip().lower()
    return {"m": "male", "male": "male", "f": "female", "female": "female"}.get(key)


@lru_cache(maxsize=1024)
def _country(value: str | None) -> str | None:
    code = (value or "").strip().upper()
    if not code:
        return None
    return read_country(code) or code


def _phone(text: str) -> str:
    digits = "".join(c for c in text if c in "0123456789").lstrip("0")  # trunk 0, intl 00
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def name_codes(name: str) -> frozenset[str]:
    """The numbers and codes in a name: its words that hold a digit (``Player 10``: ``10``;
    ``Cell B7``: ``B7``), upper-cased, leading zeros of a plain number dropped (``07`` is
    ``7``). Empty for a name without digits, and for an empty string. Name comparison drops
    digits, so two names that differ only here would look identical to it: they never do
    (``Player 1`` and ``Player 10`` are two players)."""
    codes = set()
    for word in _WORD.findall(name):
        if any(c.isdigit() for c in word):
            codes.add((word.lstrip("0") or "0") if word.isdigit() else word.upper())
    return frozenset(codes)


def _implied_gender(name: str, person: bool) -> str | None:
    """The sex a name's surname ending implies (``Petrova``), when its parts agree on one."""
    if not person:
        return None
    genders = {part.gender for part in name_parts(name) if part.gender}
    return genders.pop() if len(genders) == 1 else None
