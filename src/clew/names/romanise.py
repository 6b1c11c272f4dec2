"""Every common Latin spelling of one name part: the passport form and the others people write.

A name written in Cyrillic reaches a watchlist as ``IULIIA`` (a Russian passport since 2014,
ICAO 9303), ``Yuliya`` (BGN/PCGN, the older passports, most news), ``Julija`` (German),
``Ioulia`` (French) or ``YULIA`` (a Bulgarian passport). ``romanisations`` gives all of them,
lower-case ASCII, the ICAO form first, so two records meet when any of their spellings agree.

Schemes by script:

* Cyrillic: ICAO; the national passport schemes of Bulgaria, Ukraine, Serbia and North
  Macedonia (``clew.names.icao``); rigour's romanisation (close to BGN/PCGN, ``Щ SHCH``,
  ``Х H``); a simplified BGN/PCGN (``Ю YU``, ``Я YA``, ``Й Y``, ``Х KH``); German (Duden:
  ``В W``, ``Ж SCH``, ``Ч TSCH``, ``Ц Z``, ``Ю JU``, ``Я JA``, ``Й J``, ``С/З S``); French
  (``У OU``, ``Ш CH``, ``Ч TCH``, ``Ж J``, ``Ю IOU``, ``Я IA``).
* Greek: ICAO and ELOT 743 (``clew.names.icao``); rigour's; a phonetic spelling as people say
  the name (``Η Ι Υ ΕΙ ΟΙ`` as ``I``, ``ΑΙ E``, ``ΟΥ OU``, ``Χ H``, initial ``ΜΠ B``, ``ΝΤ D``,
  ``ΓΚ G``, ``Γ`` before ``Ε Ι`` as ``Y``), which gives ``Yorgos`` and ``Hristos``.
* Arabic (and the Persian and Urdu letters): a common English-style spelling with the
  letters that are written (``ح H``, ``خ KH``, ``ش SH``, ``ع`` dropped, ``ة A``, a long
  ``و U`` and ``ي I`` inside a word, ``W``/``Y`` at its start); short vowels are not
  written in Arabic, so this is a consonant skeleton that ``variants.consonant_key``
  compares with Latin spellings.
* Latin with diacritics: the plain form (``Müller MULLER``, ``Đặng DANG``), the ICAO form
  (``Ü UE``, ``Ø OE``, ``Å AA``, ``ß SS``), and the English reading of háčeks and cedillas
  (``Č CH``, ``Š SH``, ``Ž ZH``, Polish ``Ż ZH``, ``Ć CH``, ``Đ DJ``, ``Ş SH``, ``Ç CH``,
  ``Ț TS``) that matches a Cyrillic original's ICAO form (``Šešelj``/``ШЕШЕЉ`` ``SHESHELJ``).
* Any other script (Chinese, Korean, Japanese, Hebrew, Armenian, Georgian, Devanagari...):
  rigour's romanisation alone, its syllables run together (``习近平`` ``xijinping``, which
  meets ``Xi Jinping`` as joined parts).

Edge cases: ``""`` and text with nothing transliterable give ``()``; a part mixing scripts is
romanised letter by letter by each scheme; every form holds only ``a-z``; results are cached
per text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.text import ascii_text

from clew.names.icao import icao_transliterate

__all__ = ["Script", "romanisations", "script_of", "simple_fold"]


class Script:
    """Script names, as plain strings (they are shown to people and translated)."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    ARABIC = "arabic"
    HEBREW = "hebrew"
    OTHER = "other"


_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, Script.LATIN),
    (0x1E00, 0x1EFF, Script.LATIN),
    (0x0370, 0x03FF, Script.GREEK),
    (0x1F00, 0x1FFF, Script.GREEK),
    (0x0400, 0x052F, Script.CYRILLIC),
    (0x0590, 0x05FF, Script.HEBREW),
    (0x0600, 0x06FF, Script.ARABIC),
    (0x0750, 0x077F, Script.ARABIC),
    (0xFB50, 0xFDFF, Script.ARABIC),
    (0xFE70, 0xFEFF, Script.ARABIC),
)


def script_of(text: str) -> str:
    """The script of the first letter that has one we know, else ``Script.OTHER``; text with
    no letters at all (digits, punctuation, ``""``) counts as Latin."""
    seen_letter = False
    for char in text:
        if not char.isalpha():
            continue
        seen_letter = True
        code = ord(char)
        for low, high, script in _RANGES:
            if low <= code <= high:
                return script
    return Script.OTHER if seen_letter else Script.LATIN


_NOT_AZ = re.compile("[^a-z]+")


def simple_fold(text: str) -> str:
    """rigour's ASCII romanisation, lower-case, letters ``a-z`` only (no spaces)."""
    return _NOT_AZ.sub("", ascii_text(text).lower())


def _clean(text: str) -> str:
    return _NOT_AZ.sub("", text.lower())


# --- Cyrillic ---------------------------------------------------------------------------------

_CYR_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c",
    "џ": "dzh", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip
_CYR_GERMAN = {
    **_CYR_BGN, "в": "w", "ё": "jo", "є": "je", "ж": "sch", "з": "s", "й": "j", "х": "ch",
    "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja", "ї": "ji",
}  # fmt: skip
_CYR_FRENCH = {
    **_CYR_BGN, "ё": "io", "ж": "j", "й": "i", "у": "ou", "х": "kh", "ч": "tch", "ш": "ch",
    "щ": "chtch", "ю": "iou", "я": "ia",
}  # fmt: skip
_CYR_TABLES = (_CYR_BGN, _CYR_GERMAN, _CYR_FRENCH)
_CYR_NATIONAL = ("BG", "UA", "RS", "MK")


def _by_table(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(char, char) for char in text.lower())


# --- Greek ------------------------------------------------------------------------------------

_GREEK_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bμπ"), "b"),
    (re.compile(r"\bντ"), "d"),
    (re.compile(r"\bγκ"), "g"),
    (re.compile("γγ"), "ng"),
    (re.compile("ου"), "ou"),
    (re.compile("αι"), "e"),
    (re.compile("[εο]ι"), "i"),
    (re.compile("γ(?=[ει])"), "y"),
)
_GREEK_PHONETIC = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o",
}  # fmt: skip


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _greek_phonetic(text: str) -> str:
    value = _strip_marks(text.lower())
    for pattern, replacement in _GREEK_PHONETIC_RULES:
        value = pattern.sub(replacement, value)
    return _by_table(value, _GREEK_PHONETIC)


# --- Arabic -----------------------------------------------------------------------------------

_ARABIC_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "ى": "a", "ء": "", "ئ": "", "ؤ": "", "پ": "p",
    "چ": "ch", "ژ": "zh", "ک": "k", "گ": "g", "ھ": "h", "ۃ": "a",
    # Urdu: the retroflex ٹ ڈ ڑ, nun ghunna, choti and bari he, bari ye
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ہ": "h", "ۂ": "h", "ے": "e", "ۓ": "e",
}  # fmt: skip
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def _arabic_common(text: str) -> str:
    """Written letters only; ``و``/``ي`` as ``w``/``y`` at the start of a word or after a long
    vowel, else as the long vowels ``u``/``i``; a shadda doubles its letter."""
    value = re.sub("(.)\u0651", r"\1\1", text)
    value = _ARABIC_MARKS.sub("", value)
    out: list[str] = []
    for index, char in enumerate(value):
        if char in "وي":
            vowel = "u" if char == "و" else "i"
            consonant = "w" if char == "و" else "y"
            start = index == 0 or not value[index - 1].isalpha()
            out.append(consonant if start else vowel)
        elif char in "یې":
            out.append("y" if index == 0 else "i")
        else:
            out.append(_ARABIC_LETTERS.get(char, char))
    return "".join(out)


# --- Latin ------------------------------------------------------------------------------------

_LATIN_ENGLISH = str.maketrans(
    {
        "č": "ch", "š": "sh", "ž": "zh", "ć": "ch", "đ": "dj", "ş": "sh", "ș": "sh", "ç": "ch",
        "ț": "ts", "ţ": "ts", "ğ": "", "ñ": "ny", "ż": "zh",
    }
)  # fmt: skip


def _has_marks(text: str) -> bool:
    return not text.isascii()


# --- the entry point --------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def romanisations(text: str) -> tuple[str, ...]:
    """The Latin spellings of one name part, lower-case ``a-z``, the ICAO form first, each
    once (see the module docstring)."""
    script = script_of(text)
    forms: list[str] = [_clean(icao_transliterate(text))]
    if script == Script.CYRILLIC:
        forms.extend(_clean(icao_transliterate(text, country)) for country in _CYR_NATIONAL)
        forms.append(simple_fold(text))
        forms.extend(_clean(_by_table(text, table)) for table in _CYR_TABLES)
    elif script == Script.GREEK:
        forms.append(_clean(icao_transliterate(text, "GR")))
        forms.append(simple_fold(text))
        forms.append(_clean(_greek_phonetic(text)))
    elif script == Script.ARABIC:
        # the ICAO 9303 form (``XAEXHD`` for أحمد) last: passports rarely use it, but an
        # MRZ written by the table must still meet the name
        forms = [_clean(_arabic_common(text)), simple_fold(text), forms[0]]
    elif script == Script.LATIN:
        forms.append(simple_fold(text))
        if _has_marks(text):
            english = unicodedata.normalize("NFC", text.lower()).translate(_LATIN_ENGLISH)
            forms.append(simple_fold(english))
    else:
        forms = [simple_fold(text)]
    return tuple(form for form in dict.fromkeys(forms) if form)
