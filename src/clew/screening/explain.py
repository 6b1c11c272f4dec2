"""A check's explanation in plain words, in each interface language (en, vi, lv, bg).

``explain(score, language)`` renders the items of a ``scoring.Score`` as one line, e.g.::

    surname: Cyrillic Тимофеева transliterates to TIMOFEEVA — exact; given name: Юлия ~
    Yulia — transliteration variant; date of birth: exact; gender: not compared;
    nationality: not compared; document: not compared

Each name part is labelled by its role where the record says it (``surname``,
``given name``), else ``name``. A transliteration names the record's script and shows the
passport (ICAO) form; every other part match shows both spellings. The other fields show
what was compared only when it is worth reading (not for ``exact`` or ``not compared``).

The phrases live here, one table per language, so a new language is one table; a missing
phrase falls back to English. An unknown language is English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from clew.names.compare import MatchKind
from clew.names.romanise import Script, script_of
from clew.screening.documents import Verdict
from clew.screening.scoring import DateVerdict, Explanation, Field, Score

__all__ = ["LANGUAGES", "PHRASES", "explain", "explain_items"]

LANGUAGES = ("en", "vi", "lv", "bg")

Phrases = Mapping[str, str]

_EN: Phrases = {
    # fields and roles
    "name": "name", "surname": "surname", "given name": "given name",
    "date_of_birth": "date of birth", "gender": "gender", "nationality": "nationality",
    "document": "document",
    "vin": "VIN", "plate": "plate", "serial_number": "serial number", "make": "make",
    "model": "model", "calibre": "calibre", "unlisted": "not in the reference table",
    # scripts, and how a transliteration reads
    Script.CYRILLIC: "Cyrillic", Script.GREEK: "Greek", Script.ARABIC: "Arabic",
    Script.HEBREW: "Hebrew", Script.OTHER: "non-Latin", Script.LATIN: "Latin",
    "transliterates": "{script} {original} transliterates to {latin}",
    "familiar form": "{short} — familiar form of {full}",
    # name part matches
    MatchKind.EXACT: "exact", MatchKind.TRANSLITERATION: "exact",
    "transliteration variant": "transliteration variant",
    MatchKind.VARIANT: "variant spelling", MatchKind.EQUIVALENT: "equivalent given name",
    MatchKind.NICKNAME: "nickname", MatchKind.INITIAL: "initial",
    MatchKind.CONSONANTS: "same consonants", MatchKind.OCR: "OCR confusion",
    MatchKind.TYPO: "typo (1 character)", MatchKind.TYPOS: "typos (several characters)",
    MatchKind.JOINED: "parts written together", MatchKind.DIACRITICS: "diacritics differ",
    MatchKind.HOMOPHONE: "same sound, other characters",
    MatchKind.ROLE: "own name against father's name", MatchKind.GENDERED: "other sex's form",
    MatchKind.MISSING: "missing on one side (middle name)", MatchKind.DIFFERENT: "different",
    # dates of birth
    "date:" + DateVerdict.EXACT: "exact", "date:" + DateVerdict.PARTIAL: "partial date, agrees",
    "date:" + DateVerdict.SWAPPED: "day and month swapped",
    "date:" + DateVerdict.TYPO: "one-digit typo", "date:" + DateVerdict.NEAR: "within a year",
    "date:" + DateVerdict.APART: "2–3 years apart", "date:" + DateVerdict.DIFFERENT: "different",
    "date:" + DateVerdict.NOT_COMPARED: "not compared",
    # other fields
    Verdict.EXACT: "exact", Verdict.CLOSE: "close (OCR confusion)",
    Verdict.DIFFERENT: "different", Verdict.NOT_COMPARED: "not compared",
    "male": "male", "female": "female", "implied": "from the surname",
}  # fmt: skip

_VI: Phrases = {
    "name": "phần tên", "surname": "họ", "given name": "tên", "date_of_birth": "ngày sinh",
    "gender": "giới tính", "nationality": "quốc tịch", "document": "giấy tờ",
    "vin": "số khung (VIN)", "plate": "biển số", "serial_number": "số sê-ri", "make": "hãng",
    "model": "mẫu", "calibre": "cỡ nòng", "unlisted": "không có trong bảng tham chiếu",
    Script.CYRILLIC: "chữ Kirin", Script.GREEK: "chữ Hy Lạp", Script.ARABIC: "chữ Ả Rập",
    Script.HEBREW: "chữ Do Thái", Script.OTHER: "chữ không phải Latinh",
    Script.LATIN: "chữ Latinh",
    "transliterates": "{original} ({script}) chuyển tự thành {latin}",
    "familiar form": "{short} — tên gọi thân mật của {full}",
    MatchKind.EXACT: "trùng khớp", MatchKind.TRANSLITERATION: "trùng khớp",
    "transliteration variant": "biến thể chuyển tự",
    MatchKind.VARIANT: "biến thể chính tả", MatchKind.EQUIVALENT: "tên tương đương",
    MatchKind.NICKNAME: "tên gọi thân mật", MatchKind.INITIAL: "chữ cái viết tắt",
    MatchKind.CONSONANTS: "cùng phụ âm", MatchKind.OCR: "nhầm lẫn do nhận dạng ký tự (OCR)",
    MatchKind.TYPO: "lỗi đánh máy (1 ký tự)", MatchKind.TYPOS: "lỗi đánh máy (nhiều ký tự)",
    MatchKind.JOINED: "các phần viết liền", MatchKind.DIACRITICS: "dấu khác nhau",
    MatchKind.HOMOPHONE: "cùng âm, khác chữ",
    MatchKind.ROLE: "tên riêng so với tên cha", MatchKind.GENDERED: "dạng của giới tính khác",
    MatchKind.MISSING: "thiếu ở một bên (tên đệm)", MatchKind.DIFFERENT: "khác",
    "date:" + DateVerdict.EXACT: "trùng khớp",
    "date:" + DateVerdict.PARTIAL: "ngày không đầy đủ, phù hợp",
    "date:" + DateVerdict.SWAPPED: "ngày và tháng bị đảo",
    "date:" + DateVerdict.TYPO: "sai một chữ số",
    "date:" + DateVerdict.NEAR: "chênh lệch trong vòng một năm",
    "date:" + DateVerdict.APART: "chênh lệch 2–3 năm", "date:" + DateVerdict.DIFFERENT: "khác",
    "date:" + DateVerdict.NOT_COMPARED: "không so sánh",
    Verdict.EXACT: "trùng khớp", Verdict.CLOSE: "gần giống (nhầm lẫn OCR)",
    Verdict.DIFFERENT: "khác", Verdict.NOT_COMPARED: "không so sánh",
    "male": "nam", "female": "nữ", "implied": "suy ra từ họ",
}  # fmt: skip

_LV: Phrases = {
    "name": "vārda daļa", "surname": "uzvārds", "given name": "vārds",
    "date_of_birth": "dzimšanas datums", "gender": "dzimums", "nationality": "pilsonība",
    "document": "dokuments",
    "vin": "VIN", "plate": "numurzīme", "serial_number": "sērijas numurs", "make": "ražotājs",
    "model": "modelis", "calibre": "kalibrs", "unlisted": "nav references tabulā",
    Script.CYRILLIC: "kirilicā", Script.GREEK: "grieķu alfabētā", Script.ARABIC: "arābu rakstā",
    Script.HEBREW: "ivrita rakstā", Script.OTHER: "ne latīņu rakstā",
    Script.LATIN: "latīņu alfabētā",
    "transliterates": "{script} rakstītais {original} transliterācijā ir {latin}",
    "familiar form": "{short} — mīlināmā forma, pilnais vārds: {full}",
    MatchKind.EXACT: "sakrīt", MatchKind.TRANSLITERATION: "sakrīt",
    "transliteration variant": "transliterācijas variants",
    MatchKind.VARIANT: "rakstības variants", MatchKind.EQUIVALENT: "līdzvērtīgs vārds",
    MatchKind.NICKNAME: "vārda saīsinājums", MatchKind.INITIAL: "iniciālis",
    MatchKind.CONSONANTS: "sakrīt līdzskaņi", MatchKind.OCR: "OCR atpazīšanas kļūda",
    MatchKind.TYPO: "drukas kļūda (1 rakstzīme)",
    MatchKind.TYPOS: "drukas kļūdas (vairākas rakstzīmes)",
    MatchKind.JOINED: "daļas rakstītas kopā", MatchKind.DIACRITICS: "atšķiras diakritiskās zīmes",
    MatchKind.HOMOPHONE: "vienāda skaņa, citas rakstzīmes",
    MatchKind.ROLE: "paša vārds pret tēva vārdu", MatchKind.GENDERED: "otra dzimuma forma",
    MatchKind.MISSING: "trūkst vienā pusē (otrais vārds)", MatchKind.DIFFERENT: "atšķiras",
    "date:" + DateVerdict.EXACT: "sakrīt", "date:" + DateVerdict.PARTIAL: "daļējs datums, saskan",
    "date:" + DateVerdict.SWAPPED: "samainīta diena un mēnesis",
    "date:" + DateVerdict.TYPO: "viena cipara kļūda",
    "date:" + DateVerdict.NEAR: "viena gada robežās",
    "date:" + DateVerdict.APART: "2–3 gadu starpība", "date:" + DateVerdict.DIFFERENT: "atšķiras",
    "date:" + DateVerdict.NOT_COMPARED: "nav salīdzināts",
    Verdict.EXACT: "sakrīt", Verdict.CLOSE: "līdzīgs (OCR kļūda)",
    Verdict.DIFFERENT: "atšķiras", Verdict.NOT_COMPARED: "nav salīdzināts",
    "male": "vīrietis", "female": "sieviete", "implied": "pēc uzvārda",
}  # fmt: skip

_BG: Phrases = {
    "name": "част от името", "surname": "фамилия", "given name": "име",
    "date_of_birth": "дата на раждане", "gender": "пол", "nationality": "гражданство",
    "document": "документ",
    "vin": "VIN", "plate": "регистрационен номер", "serial_number": "сериен номер",
    "make": "производител", "model": "модел", "calibre": "калибър",
    "unlisted": "няма го в референтната таблица",
    Script.CYRILLIC: "на кирилица", Script.GREEK: "на гръцки", Script.ARABIC: "на арабски",
    Script.HEBREW: "на иврит", Script.OTHER: "в нелатинска писменост",
    Script.LATIN: "на латиница",
    "transliterates": "{original} {script} се транслитерира като {latin}",
    "familiar form": "{short} — умалително име на {full}",
    MatchKind.EXACT: "съвпада", MatchKind.TRANSLITERATION: "съвпада",
    "transliteration variant": "вариант на транслитерацията",
    MatchKind.VARIANT: "вариант на изписването", MatchKind.EQUIVALENT: "равностойно име",
    MatchKind.NICKNAME: "умалително име", MatchKind.INITIAL: "инициал",
    MatchKind.CONSONANTS: "същите съгласни", MatchKind.OCR: "грешка при машинното разпознаване",
    MatchKind.TYPO: "печатна грешка (1 знак)", MatchKind.TYPOS: "печатни грешки (няколко знака)",
    MatchKind.JOINED: "слято изписани части", MatchKind.DIACRITICS: "различни диакритични знаци",
    MatchKind.HOMOPHONE: "същото звучене, други знаци",
    MatchKind.ROLE: "собствено име срещу бащино име", MatchKind.GENDERED: "форма за другия пол",
    MatchKind.MISSING: "липсва от едната страна (презиме)", MatchKind.DIFFERENT: "различно",
    "date:" + DateVerdict.EXACT: "съвпада",
    "date:" + DateVerdict.PARTIAL: "непълна дата, съвместима",
    "date:" + DateVerdict.SWAPPED: "разменени ден и месец",
    "date:" + DateVerdict.TYPO: "грешка в една цифра",
    "date:" + DateVerdict.NEAR: "в рамките на една година",
    "date:" + DateVerdict.APART: "разлика от 2–3 години",
    "date:" + DateVerdict.DIFFERENT: "различна",
    "date:" + DateVerdict.NOT_COMPARED: "не е сравнена",
    Verdict.EXACT: "съвпада", Verdict.CLOSE: "близко (грешка при разпознаване)",
    Verdict.DIFFERENT: "различно", Verdict.NOT_COMPARED: "не е сравнено",
    "male": "мъж", "female": "жена", "implied": "по фамилията",
}  # fmt: skip

PHRASES: Mapping[str, Phrases] = {"en": _EN, "vi": _VI, "lv": _LV, "bg": _BG}


def _phrase(table: Phrases, key: str) -> str:
    return table.get(key) or _EN.get(key) or key


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
            body = _phrase(table, "transliterates").format(
                script=_phrase(table, script_of(original)), original=original, latin=latin
            )
            return f"{label}: {body} — {_phrase(table, kind)}"
    if kind is MatchKind.NICKNAME:  # the familiar form stands for the full name
        short, full = (query, record) if match.query_parts[0].nicknames else (record, query)
        return f"{label}: " + _phrase(table, "familiar form").format(short=short, full=full)
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
    table = PHRASES.get(language, _EN)
    return [
        _name_item(item, table) if item.field is Field.NAME else _field_item(item, table)
        for item in items
    ]


def explain(score: Score, language: str = "en") -> str:
    """The whole explanation of a check, ``; ``-separated, in ``language``."""
    return "; ".join(explain_items(score.items, language))
