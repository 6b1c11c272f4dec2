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

The phrases live here, one table per language, as in ``screening.explain``; a missing phrase
falls back to English, an unknown language is English.
"""

from __future__ import annotations

from collections.abc import Mapping

from clew.linkage.compare import Field, Reason, Verdict
from clew.linkage.link import Match, Strength
from clew.names.compare import MatchKind
from clew.screening.explain import PHRASES as SCREENING_PHRASES
from clew.screening.explain import explain_items
from clew.screening.scoring import Explanation
from clew.screening.scoring import Field as ScreeningField

__all__ = ["LANGUAGES", "PHRASES", "explain", "explain_reasons"]

LANGUAGES = ("en", "vi", "lv", "bg")

Phrases = Mapping[str, str]
V = Verdict

_EN: Phrases = {
    Strength.STRONG: "strong match", Strength.PROPOSED: "possible match",
    Field.NAME: "name", Field.BIRTH_DATE: "date of birth", Field.GENDER: "gender",
    Field.COUNTRY: "country", Field.IDENTIFIER: "identifier", Field.PHONE: "phone",
    Field.ADDRESS: "address", Field.LOCALITY: "locality", Field.POSTCODE: "postcode",
    V.EXACT: "same", V.CLOSE: "nearly the same", V.TYPO: "one-character typo",
    V.PARTIAL: "partly the same", V.WEAK: "little in common", V.DIFFERENT: "different",
    V.NOT_COMPARED: "not compared",
    "identifier:" + V.CLOSE: "same but for OCR confusions",
    "name:" + V.EXACT: "same (in any script or order)",
    "for": "for", "against": "against",
}  # fmt: skip

_VI: Phrases = {
    Strength.STRONG: "trùng khớp mạnh", Strength.PROPOSED: "có thể trùng khớp",
    Field.NAME: "họ tên", Field.BIRTH_DATE: "ngày sinh", Field.GENDER: "giới tính",
    Field.COUNTRY: "quốc gia", Field.IDENTIFIER: "số định danh", Field.PHONE: "số điện thoại",
    Field.ADDRESS: "địa chỉ", Field.LOCALITY: "địa phương", Field.POSTCODE: "mã bưu chính",
    V.EXACT: "giống nhau", V.CLOSE: "gần giống", V.TYPO: "sai một ký tự",
    V.PARTIAL: "giống một phần", V.WEAK: "ít điểm chung", V.DIFFERENT: "khác",
    V.NOT_COMPARED: "không so sánh",
    "identifier:" + V.CLOSE: "giống nhau, trừ nhầm lẫn OCR",
    "name:" + V.EXACT: "giống nhau (bất kể chữ viết hay thứ tự)",
    "for": "ủng hộ", "against": "phản bác",
}  # fmt: skip

_LV: Phrases = {
    Strength.STRONG: "spēcīga atbilstība", Strength.PROPOSED: "iespējama atbilstība",
    Field.NAME: "vārds", Field.BIRTH_DATE: "dzimšanas datums", Field.GENDER: "dzimums",
    Field.COUNTRY: "valsts", Field.IDENTIFIER: "identifikators", Field.PHONE: "tālrunis",
    Field.ADDRESS: "adrese", Field.LOCALITY: "apdzīvota vieta", Field.POSTCODE: "pasta indekss",
    V.EXACT: "sakrīt", V.CLOSE: "gandrīz sakrīt", V.TYPO: "vienas rakstzīmes kļūda",
    V.PARTIAL: "daļēji sakrīt", V.WEAK: "maz kopīga", V.DIFFERENT: "atšķiras",
    V.NOT_COMPARED: "nav salīdzināts",
    "identifier:" + V.CLOSE: "sakrīt, izņemot OCR kļūdas",
    "name:" + V.EXACT: "sakrīt (jebkurā rakstībā vai secībā)",
    "for": "par", "against": "pret",
}  # fmt: skip

_BG: Phrases = {
    Strength.STRONG: "силно съвпадение", Strength.PROPOSED: "възможно съвпадение",
    Field.NAME: "име", Field.BIRTH_DATE: "дата на раждане", Field.GENDER: "пол",
    Field.COUNTRY: "държава", Field.IDENTIFIER: "идентификатор", Field.PHONE: "телефон",
    Field.ADDRESS: "адрес", Field.LOCALITY: "населено място", Field.POSTCODE: "пощенски код",
    V.EXACT: "съвпада", V.CLOSE: "почти съвпада", V.TYPO: "грешка в един знак",
    V.PARTIAL: "частично съвпада", V.WEAK: "малко общо", V.DIFFERENT: "различно",
    V.NOT_COMPARED: "не е сравнено",
    "identifier:" + V.CLOSE: "съвпада освен грешки при разпознаване",
    "name:" + V.EXACT: "съвпада (в която и да е писменост или ред)",
    "for": "за", "against": "против",
}  # fmt: skip

PHRASES: Mapping[str, Phrases] = {"en": _EN, "vi": _VI, "lv": _LV, "bg": _BG}


def _phrase(table: Phrases, key: str) -> str:
    return table.get(key) or _EN.get(key) or key


def _verdict(reason: Reason, table: Phrases, language: str) -> str:
    if reason.field is Field.BIRTH_DATE:  # screening's words for dates
        screening = SCREENING_PHRASES.get(language, SCREENING_PHRASES["en"])
        key = "date:" + reason.verdict.value
        return screening.get(key) or SCREENING_PHRASES["en"].get(key) or reason.verdict.value
    specific = f"{reason.field.value}:{reason.verdict.value}"
    if specific in table or specific in _EN:
        return _phrase(table, specific)
    return _phrase(table, reason.verdict)


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
    screening = SCREENING_PHRASES.get(language, SCREENING_PHRASES["en"])
    prefix = f"{screening.get('name') or 'name'}: "
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
    table = PHRASES.get(language, _EN)
    return [
        _reason(reason, table, language)
        for reason in reasons
        if reason.verdict is not Verdict.NOT_COMPARED
    ]


def explain(match: Match, language: str = "en") -> str:
    """The whole explanation of a match, ``; ``-separated, in ``language``."""
    table = PHRASES.get(language, _EN)
    head = f"{_phrase(table, match.strength)} ({match.score:.3f})"
    return f"{head}: " + "; ".join(explain_reasons(match.reasons, language))
