"""Calibres: the SAAMI and C.I.P. cartridge lists, their aliases, and one key per writing.

Pure: no database. The shipped lists (``data/cartridges``, MIT, from ammolytics) give the
canonical names; ``data/calibre_aliases.csv`` gives the writings investigators use for them
(each row says why the two are one calibre). :func:`calibre_key` folds what is only spelling:

* case, spaces, dots before the first digit (``.308`` is ``308``), hyphens and underscores;
* ``×`` is ``x``; ``mm`` after a number goes (``9mm`` is ``9``, ``7.62x51mm`` is ``7.62x51``);
* the usual abbreviations of makers' words (``Winchester``/``Win``, ``Remington``/``Rem``,
  ``Automatic``/``Auto``/``ACP``, ``Special``/``Spl``, ``Magnum``/``Mag``,
  ``Smith & Wesson``/``S&W``, ``Long Rifle``/``LR``);
* the words ``calibre``/``caliber``/``cal``.

An empty text (or one of only punctuation) has the key ``""`` and is never in the table.
Keys are idempotent: ``calibre_key(calibre_key(x)) == calibre_key(x)``.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

__all__ = ["CALIBRE_DATA", "CalibreTable", "calibre_key", "shipped_calibres"]

CALIBRE_DATA = Path(__file__).with_name("data")

# Word-level abbreviations, applied to the lower-cased, space-separated text before spaces go.
_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![a-z]){pattern}(?![a-z])"), short)
    for pattern, short in (
        (r"smith\s*(?:&|and)\s*wesson|s\s*&\s*w|s\s*and\s*w", "sw"),
        (r"winchester", "win"),
        (r"remington", "rem"),
        (r"automatic colt pistol|automatic|acp", "auto"),
        (r"special|spec", "spl"),
        (r"magnum", "mag"),
        (r"long rifle", "lr"),
        (r"calibre|caliber|cal", ""),
    )
)


def calibre_key(text: str) -> str:
    """The key two writings of one calibre share, by spelling alone (see the module docstring).

    ``calibre_key(".308 Win") == calibre_key("308 Winchester") == "308win"``;
    ``calibre_key("9×19 mm") == "9x19"``. Aliases that are not spelling (``9x19`` is ``9mm
    Luger``) come from the alias file, through :class:`CalibreTable`.
    """
    value = text.lower().replace("×", "x").replace("_", " ")
    for pattern, short in _WORDS:
        value = pattern.sub(short, value)
    value = re.sub(r"(?<=\d)\s*mm\b", " ", value)
    value = re.sub(r"[\s\-]+", "", value)
    value = re.sub(r"^[.\s]+(?=\d)", "", value)
    value = re.sub(r"[^0-9a-z.x/+]", "", value)
    return value.strip(".")


class CalibreTable:
    """Canonical calibre names by key: the listed names, joined by their aliases.

    ``canonical(text)`` is the listed name a writing stands for, or ``None`` when it is not in
    the table (the caller keeps the writing as given and flags it).
    """

    __slots__ = ("_by_key", "names", "standards")

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}
        self.names: list[str] = []
        self.standards: dict[str, set[str]] = {}

    def add(self, name: str, standard: str = "") -> None:
        key = calibre_key(name)
        if not key:
            return
        if name not in self.standards:
            self.names.append(name)
            self.standards[name] = set()
        if standard:
            self.standards[name].add(standard)
        self._by_key.setdefault(key, name)

    def alias(self, alias: str, name: str) -> None:
        """``alias`` is written for ``name`` (itself listed, or added here unlisted)."""
        canonical = self.canonical(name)
        if canonical is None:
            self.add(name)
            canonical = name
        key = calibre_key(alias)
        if key:
            self._by_key[key] = canonical

    def canonical(self, text: str) -> str | None:
        return self._by_key.get(calibre_key(text))

    def aliases(self, name: str) -> list[str]:
        return sorted(k for k, v in self._by_key.items() if v == name)

    def copy(self) -> CalibreTable:
        other = CalibreTable()
        other._by_key = dict(self._by_key)
        other.names = list(self.names)
        other.standards = {k: set(v) for k, v in self.standards.items()}
        return other


def _cartridges(directory: Path) -> list[tuple[str, str]]:
    """(name, standard) from the shipped lists: every JSON list, and the SAAMI pistol list,
    which exists only in the CSV (its rows there are well quoted)."""
    rows: list[tuple[str, str]] = []
    for path in sorted(directory.glob("*.json")):
        standard = "C.I.P." if path.stem.endswith("_cip") else "SAAMI"
        rows += [(name.strip(), standard) for name in json.loads(path.read_text("utf-8"))]
    with (directory / "cartridges.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("category") == "pistol" and row.get("standard") == "SAAMI":
                rows.append((row["name"].strip(), "SAAMI"))
    return rows


@cache
def shipped_calibres() -> CalibreTable:
    """The shipped table (cached; copy it before adding to it)."""
    table = CalibreTable()
    for name, standard in _cartridges(CALIBRE_DATA / "cartridges"):
        table.add(name, standard)
    with (CALIBRE_DATA / "calibre_aliases.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.alias(row["alias"], row["calibre"])
    return table
