"""A proposed match in plain words, in each interface language (en, vi, lv, bg).

``explain(match, language)`` renders a ``Match`` as one line, e.g.::

    strong match (0.998): name: same in another script or order (name: Cyrillic Тимофеева
    transliterates to TIMOFEEVA — exact, ...); date of birth: one-digit typo (1985-03-07 ~
    1985-03-01) — for; identifier: same (passport: 123 = 123) — for

Each compared field says its verdict, the values compared when they are worth reading (not
for an exact one), and whether it counts *for* or *against* the match (its weight in the
model). A name that is not exactly the same lists its part matches in screening's words
(``clew.screening.explain.explain_items``), and a date of birth uses screening's phrases, so
an analyst reads a proposal as an officer reads a hit.

The phrases are messages of the interface catalogues (``clew.i18n``), as screening's are; a
missing translation is English, an unknown language is English.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from clew.i18n import gettext as _
from clew.i18n import speaking
from clew.linkage.compare import Field, Reason, Verdict
from clew.linkage.link import Match, Strength
from clew.names.compare import MatchKind
from clew.screening.explain import explain_items, phrase
from clew.screening.scoring import Explanation
from clew.screening.scoring import Field as ScreeningField

__all__ = ["LANGUAGES", "explain", "explain_reasons"]

LANGUAGES = ("en", "vi", "lv", "bg")

Phrases = Mapping[str, str]
V = Verdict


def _words() -> dict[str, str]:
    """Every phrase of a match's explanation by its key, in the current language."""
    return {
        Strength.STRONG: _("strong match"), Strength.PROPOSED: _("possible match"),
        Field.NAME: _("name"), Field.BIRTH_DATE: _("date of birth"), Field.GENDER: _("gender"),
        Field.COUNTRY: _("country"), Field.IDENTIFIER: _("identifier"), Field.PHONE: _("phone"),
        Field.ADDRESS: _("address"), Field.LOCALITY: _("locality"),
        Field.POSTCODE: _("postcode"),
        V.EXACT: _("same"), V.CLOSE: _("nearly the same"), V.TYPO: _("one-character typo"),
        V.PARTIAL: _("partly the same"), V.WEAK: _("little in common"),
        V.DIFFERENT: _("different"), V.NOT_COMPARED: _("not compared"),
        "identifier:" + V.CLOSE: _("same but for OCR confusions"),
        "name:" + V.EXACT: _("same (in any script or order)"),
        "for": _("for"), "against": _("against"),
    }  # fmt: skip


@lru_cache(maxsize=8)
def _table(language: str) -> Phrases:
    with speaking(language):
        return _words()


def _phrase(table: Phrases, key: str) -> str:
    return table.get(key) or key


def _verdict(reason: Reason, table: Phrases, language: str) -> str:
    if reason.field is Field.BIRTH_DATE:  # screening's words for dates
        return phrase("date:" + reason.verdict.value, language) or reason.verdict.value
    specific = f"{reason.field.value}:{reason.verdict.value}"
    return table.get(specific) or _phrase(table, reason.verdict)


_SHOWN = frozenset((Field.IDENTIFIER, Field.PHONE))
"""Fields whose exact values are worth reading (which number, which type)."""


def _parts(reason: Reason, language: str) -> list[str]:
    """The name's part matches that are not exact, in screening's words (without its
    ``name:`` label, which the reason already carries)."""
    items = [
        Explanation(ScreeningField.NAME, part.kind, match=part)
        for part in reason.parts
        if part.kind not in (MatchKind.EXACT, MatchKind.TRANSLITERATION)
    ]
    prefix = f"{phrase('name', language) or 'name'}: "
    return [text.removeprefix(prefix) for text in explain_items(items, language)]


def _reason(reason: Reason, table: Phrases, language: str) -> str:
    text = f"{_phrase(table, reason.field)}: {_verdict(reason, table, language)}"
    if reason.field is Field.NAME and reason.parts and reason.verdict is not Verdict.EXACT:
        text += f" ({', '.join(_parts(reason, language))})"
    elif reason.detail and (reason.verdict is not Verdict.EXACT or reason.field in _SHOWN):
        text += f" ({reason.detail})"
    if reason.weight:
        text += f" — {_phrase(table, 'for' if reason.weight > 0 else 'against')}"
    return text


def explain_reasons(reasons: tuple[Reason, ...], language: str = "en") -> list[str]:
    """One phrase per reason (compared fields only), in ``language``."""
    language = language if language in LANGUAGES else "en"
    table = _table(language)
    return [
        _reason(reason, table, language)
        for reason in reasons
        if reason.verdict is not Verdict.NOT_COMPARED
    ]


def explain(match: Match, language: str = "en") -> str:
    """The whole explanation of a match, ``; ``-separated, in ``language``."""
    language = language if language in LANGUAGES else "en"
    table = _table(language)
    head = f"{_phrase(table, match.strength)} ({match.score:.3f})"
    return f"{head}: " + "; ".join(explain_reasons(match.reasons, language))
