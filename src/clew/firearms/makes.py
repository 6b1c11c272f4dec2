"""Makes and models of firearms: the curated starter set, and one key per writing of a make.

Pure: no database. ``data/makes.csv`` lists well-known manufacturers with their country and
the names and codes found in their markings (each with the marking it comes from);
``data/models.csv`` a few models of each, with type and calibre. :func:`make_key` folds what is
only spelling: case, diacritics, ``&``/``and``/``und``, punctuation, and company-form words
(``GmbH``, ``Inc``, ``S.p.A.``, ``Arms``, ``Co``...). A text of only such words keeps them
(``Arms`` alone is ``arms``); an empty text has the key ``""`` and is never in the table.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache

from clew.firearms.calibres import CALIBRE_DATA
from clew.names.fold import fold

__all__ = ["Make", "MakeTable", "Model", "make_key", "shipped_makes"]

_NOISE = re.compile(
    r"\b(and|und|arms|armi|gmbh|ges m b h|inc|ltd|s a|sa|spa|s p a|co|company|corp|"
    r"corporation|firearms|mfg|manufacturing|ad|jsc|jsco|llc)\b"
)


def make_key(text: str) -> str:
    """``make_key("Heckler & Koch GmbH") == make_key("heckler und koch") == "heckler koch"``."""
    value = fold(text.replace("&", " ").replace("'s", " "))
    value = " ".join(re.sub(r"[^0-9a-z ]", " ", value).split())
    return " ".join(_NOISE.sub(" ", value).split()) or value


@dataclass(slots=True)
class Model:
    make: str
    name: str
    firearm_type: str
    calibre: str | None


@dataclass(slots=True)
class Make:
    name: str
    country: str | None
    codes: list[str] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)


class MakeTable:
    """Makes by key (their name and every code), with their models."""

    __slots__ = ("_by_key", "makes")

    def __init__(self) -> None:
        self.makes: dict[str, Make] = {}
        self._by_key: dict[str, str] = {}

    def add(self, name: str, country: str | None = None, codes: list[str] | None = None) -> Make:
        make = self.makes.get(name) or self.makes.get(self.canonical(name) or "")
        if make is None:
            make = self.makes[name] = Make(name, country)
            self._by_key.setdefault(make_key(name), name)
        if country and not make.country:
            make.country = country
        for code in codes or []:
            if code not in make.codes:
                make.codes.append(code)
            self._by_key.setdefault(make_key(code), make.name)
        return make

    def add_model(self, make: str, name: str, firearm_type: str, calibre: str | None) -> None:
        owner = self.add(make)
        if all(make_key(m.name) != make_key(name) for m in owner.models):
            owner.models.append(Model(owner.name, name, firearm_type, calibre))

    def canonical(self, text: str) -> str | None:
        return self._by_key.get(make_key(text))

    def copy(self) -> MakeTable:
        other = MakeTable()
        other._by_key = dict(self._by_key)
        other.makes = {
            k: Make(m.name, m.country, list(m.codes), list(m.models)) for k, m in self.makes.items()
        }
        return other


@cache
def shipped_makes() -> MakeTable:
    """The shipped starter set (cached; copy it before adding to it)."""
    table = MakeTable()
    with (CALIBRE_DATA / "makes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            codes = [c.strip() for c in row["codes"].split("|") if c.strip()]
            table.add(row["name"], row["country"] or None, codes)
    with (CALIBRE_DATA / "models.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.add_model(row["make"], row["model"], row["type"], row["calibre"] or None)
    return table
