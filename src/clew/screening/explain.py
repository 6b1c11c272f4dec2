"""A check's explanation in plain words, in each interface language (en, vi, lv, bg).

``explain(score, language)`` renders the items of a ``scoring.Score`` as one line, e.g.::

    surname: Cyrillic Тимофеева transliterates to TIMOFEEVA — exact; given name: Юлия ~
    Yulia — transliteration variant; date of birth: exact; gender: not compared;
    nationality: not compared; document: not compared

Each name part is labelled by its role where the record says it (``surname``,
``given name``), else ``name``. A transliteration names the record's script and shows the
passport (ICAO) form; every other part match shows both spellings. The other fields show
what was compared only when it is worth reading (not for ``exact`` or ``not compared``).

The phrases are messages of the interface catalogues (``clew.i18n``), with a context where
an English word reads two ways (a date is ``different`` in another gender than a name in
Bulgarian), so a new language is a catalogue; a missing translation is English. An unknown
language is English. ``phrase(key)`` gives one phrase by its key, for the pages that show a
stored explanation item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from clew.i18n import current, pgettext, speaking
from clew.i18n import gettext as _
from clew.names.compare import MatchKind
from clew.names.romanise import Script, script_of
from clew.screening.documents import Verdict
from clew.screening.scoring import DateVerdict, Explanation, Field, Score

__all__ = ["LANGUAGES", "explain", "explain_items", "phrase"]

LANGUAGES = ("en", "vi", "lv", "bg")

Phrases = Mapping[str, str]


def _words() -> dict[str, str]:
    """Every phrase of an explanation by its key, in the current language."""
    return {
        # fields and roles
        "name": pgettext("name part", "name"), "surname": _("surname"),
        "given name": _("given name"), "date_of_birth": _("date of birth"),
        "gender": _("gender"), "nationality": _("nationality"), "document": _("document"),
        "vin": _("VIN"), "plate": _("plate"), "serial_number": _("serial number"),
        "make": _("make"), "model": _("model"), "calibre": _("calibre"),
        "unlisted": _("not in the reference table"),
        # scripts, and how a transliteration reads
        Script.CYRILLIC: pgettext("script", "Cyrillic"), Script.GREEK: pgettext("script", "Greek"),
        Script.ARABIC: pgettext("script", "Arabic"), Script.HEBREW: pgettext("script", "Hebrew"),
        Script.OTHER: pgettext("script", "non-Latin"), Script.LATIN: pgettext("script", "Latin"),
        "transliterates": _("%(script)s %(original)s transliterates to %(latin)s"),
        "familiar form": _("%(short)s — familiar form of %(full)s"),
        # name part matches
        MatchKind.EXACT: _("exact"), MatchKind.TRANSLITERATION: _("exact"),
        "transliteration variant": _("transliteration variant"),
        MatchKind.VARIANT: _("variant spelling"), MatchKind.EQUIVALENT: _("equivalent given name"),
        MatchKind.NICKNAME: _("nickname"), MatchKind.INITIAL: _("initial"),
        MatchKind.CONSONANTS: _("same consonants"), MatchKind.OCR: _("OCR confusion"),
        MatchKind.TYPO: _("typo (1 character)"), MatchKind.TYPOS: _("typos (several characters)"),
        MatchKind.JOINED: _("parts written together"),
        MatchKind.DIACRITICS: _("diacritics differ"),
        MatchKind.HOMOPHONE: _("same sound, other characters"),
        MatchKind.ROLE: _("own name against father's name"),
        MatchKind.GENDERED: _("other sex's form"),
        MatchKind.MISSING: _("missing on one side (middle name)"),
        MatchKind.DIFFERENT: _("different"),
        # dates of birth
        "date:" + DateVerdict.EXACT: _("exact"),
        "date:" + DateVerdict.PARTIAL: _("partial date, agrees"),
        "date:" + DateVerdict.SWAPPED: _("day and month swapped"),
        "date:" + DateVerdict.TYPO: _("one-digit typo"),
        "date:" + DateVerdict.NEAR: _("within a year"),
        "date:" + DateVerdict.APART: _("2–3 years apart"),
        "date:" + DateVerdict.DIFFERENT: pgettext("date", "different"),
        "date:" + DateVerdict.NOT_COMPARED: pgettext("date", "not compared"),
        # other fields
        Verdict.EXACT: _("exact"), Verdict.CLOSE: _("close (OCR confusion)"),
        Verdict.DIFFERENT: _("different"), Verdict.NOT_COMPARED: _("not compared"),
        "male": _("male"), "female": _("female"), "implied": _("inferred from the surname"),
    }  # fmt: skip


@lru_cache(maxsize=8)
def _table(language: str) -> Phrases:
    with speaking(language):
        return _words()


def phrase(key: str, language: str | None = None) -> str | None:
    """The phrase known by ``key`` in ``language`` (by default the current one), or ``None``
    for a key that has none."""
    return _table(language or current()).get(key)


def _phrase(table: Phrases, key: str) -> str:
    return table.get(key) or key


def _name_item(item: Explanation, table: Phrases) -> str:
    match = item.match
    label = _phrase(table, item.role or "name")
    if match is None:
        return f"{label}: {item.detail} — {_phrase(table, item.verdict)}"
    query = " ".join(match.query)
    record = " ".join(match.record)
    kind = match.kind
    if kind in (MatchKind.MISSING, MatchKind.DIFFERENT):
        return f"{label}: {record or query} — {_phrase(table, kind)}"
    script = script_of(record)
    query_script = script_of(query)
    if kind is MatchKind.TRANSLITERATION and Script.LATIN in (script, query_script):
        original, latin = (record, query) if script != Script.LATIN else (query, record)
        if original != latin:
            body = _phrase(table, "transliterates") % {
                "script": _phrase(table, script_of(original)),
                "original": original,
                "latin": latin,
            }
            return f"{label}: {body} — {_phrase(table, kind)}"
    if kind is MatchKind.NICKNAME:  # the familiar form stands for the full name
        short, full = (query, record) if match.query_parts[0].nicknames else (record, query)
        return f"{label}: " + _phrase(table, "familiar form") % {"short": short, "full": full}
    verdict = _phrase(table, kind)
    if (
        kind is MatchKind.VARIANT
        and Script.LATIN in (script, query_script)
        and script != query_script
    ):
        verdict = _phrase(table, "transliteration variant")
    if kind is MatchKind.EXACT:
        return f"{label}: {record} — {verdict}"
    return f"{label}: {record} ~ {query} — {verdict}"


_GENDER_WORDS = re.compile(r"\b(female|male|implied)\b")


def _field_item(item: Explanation, table: Phrases) -> str:
    label = _phrase(table, item.field.value)
    if item.field is Field.DATE_OF_BIRTH:
        verdict = _phrase(table, "date:" + item.verdict)
    else:
        verdict = _phrase(table, item.verdict)
    quiet = item.verdict in (Verdict.EXACT, DateVerdict.EXACT, Verdict.NOT_COMPARED)
    # A gender read from a name (no one gave it) says so, even when it agrees (issue 15).
    quiet = quiet and not (item.field is Field.GENDER and "(implied)" in item.detail)
    if item.role == "unlisted":  # a make or calibre not in the firearms reference table
        verdict = f"{verdict} ({_phrase(table, 'unlisted')})"
    if quiet or not item.detail:
        return f"{label}: {verdict}"
    detail = item.detail
    if item.field is Field.GENDER:
        detail = _GENDER_WORDS.sub(lambda m: _phrase(table, m.group(0)), detail)
    return f"{label}: {detail} — {verdict}"


def explain_items(items: Iterable[Explanation], language: str = "en") -> list[str]:
    """One phrase per explanation item, in ``language``."""
    table = _table(language if language in LANGUAGES else "en")
    return [
        _name_item(item, table) if item.field is Field.NAME else _field_item(item, table)
        for item in items
    ]


def explain(score: Score, language: str = "en") -> str:
    """The whole explanation of a check, ``; ``-separated, in ``language``."""
    return "; ".join(explain_items(score.items, language))
