"""The passport form of a name: ICAO Doc 9303 Part 3, section 6 (transliteration for the MRZ).

``icao_transliterate`` turns a name in any supported script into the upper-case Latin letters a
machine-readable passport prints. It is table-driven: one table of letters per scheme, plus a
few contextual rules (regular expressions run before the letters are looked up).

The ICAO scheme (the default) covers:

* Latin letters with diacritics (Table A): ``Ä AE``, ``Å AA``, ``Æ AE``, ``Ö OE``, ``Ø OE``,
  ``Ü UE``, ``ß SS``, ``Þ TH``, ``Œ OE``, ``Ĳ IJ``, ``Ð D``, ``Đ D``, ``Ł L``, ``Ħ H``; every
  other accent is dropped (``Ñ N``, ``Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž`` to their base letters, Vietnamese
  stacked diacritics such as ``Ễ`` to ``E``).
* Cyrillic (Table B), e.g. ``Ж ZH``, ``Х KH``, ``Ц TS``, ``Щ SHCH``, ``Ъ IE``, ``Ы Y``, ``Ь``
  dropped, ``Ю IU``, ``Я IA``, ``Ђ D``, ``Ћ C``, ``Џ DZ``. Russian passports have used this table
  since 2014 (``Юлия`` is ``IULIIA``).
* Greek, letter for letter (``Η I``, ``Θ TH``, ``Ξ X``, ``Υ Y``, ``Χ CH``, ``Ψ PS``, ``Ω O``),
  with the two digraph rules of ELOT 743 that Greek passports apply: ``ΟΥ OU``, and
  ``ΑΥ ΕΥ ΗΥ`` as ``AV EV IV`` before a vowel or a voiced consonant (``Β Γ Δ Ζ Λ Μ Ν Ρ``) and
  ``AF EF IF`` otherwise. A diaeresis (``Ϋ``) breaks a digraph, as in Greek spelling.
* Arabic (Table C), the reversible "X" scheme: ``ث XTH``, ``ح XH``, ``خ XKH``, ``ذ XDH``,
  ``ش XSH``, ``ص XSS``, ``ض XDZ``, ``ط XTT``, ``ظ XZZ``, ``ع E``, ``ة XTA`` (``XAH`` at the end
  of a name component), ``ى XAY``; short vowels are not written, a shadda doubles its letter.
  Most Arab states print a phonetic transcription instead (``MOHAMMAD``, not ``MXHMD``), which
  no table can produce: keep that form as its own Latin name.

National schemes (``country=``) replace some letters where a state's law prescribes its own
transliteration for its passports:

* ``BG`` (Bulgarian Transliteration Act 2009): ``Й Y``, ``Х H``, ``Щ SHT``, ``Ъ A``, ``Ь Y``,
  ``Ю YU``, ``Я YA``, and ``-ИЯ`` at the end of a word ``IA`` (``Мария MARIA``).
* ``RS``, ``BA``, ``ME`` (the Serbian/Bosnian Latin alphabet with its diacritics dropped):
  ``Ђ/Đ DJ``, ``Ж Z``, ``Ћ C``, ``Ч C``, ``Ш S``, ``Х H``, ``Ц C`` (``Ђоковић DJOKOVIC``;
  the ICAO default gives ``DOKOVIC``).
* ``MK`` (North Macedonia's official romanisation): ``Ѓ GJ``, ``Ќ KJ``, ``Х H``, ``Ц C``,
  ``Џ DJ``.
* ``UA`` (Cabinet of Ministers resolution 55 of 2010): ``Г H``, ``И Y``, ``Є Ї Й Ю Я`` as
  ``YE YI Y YU YA`` at the start of a word and ``IE I I IU IA`` elsewhere, ``ЗГ ZGH``.
* ``TR``: ``Ö O``, ``Ü U`` (Turkish practice: the umlauts are not expanded).
* ``GR``: ELOT 743 also writes ``ΓΓ NG``, ``ΓΞ NX``, ``ΓΧ NCH``.

Edge cases: the empty string (or one with nothing transliterable) gives ``""``; mixed scripts
are fine (each letter by its own table); digits, punctuation and letters of scripts without a
table are removed (an apostrophe, as ICAO says: ``O'Neil ONEIL``); runs of white space (and
the MRZ filler ``<``) become one space, dashes become ``-``, and spaces or hyphens at either end
are dropped. The output holds only ``A-Z``, space and hyphen, and the function is idempotent on
its own output (``f(f(x)) == f(x)``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = ["NATIONAL_SCHEMES", "Scheme", "icao_transliterate", "mrz_name"]

_LATIN: dict[str, str] = {
    "Ä": "AE", "Å": "AA", "Æ": "AE", "Ö": "OE", "Ø": "OE", "Ü": "UE", "ẞ": "SS", "Þ": "TH",
    "Œ": "OE", "Ĳ": "IJ", "Ð": "D", "Đ": "D", "Ł": "L", "Ħ": "H", "Ŧ": "T", "Ŀ": "L", "Ŋ": "N",
    "Ǝ": "E", "Ə": "E",
}  # fmt: skip

_CYRILLIC: dict[str, str] = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Ґ": "G", "Д": "D", "Ђ": "D", "Ѓ": "G", "Е": "E",
    "Ё": "E", "Є": "IE", "Ж": "ZH", "З": "Z", "Ѕ": "DZ", "И": "I", "І": "I", "Ї": "I", "Й": "I",
    "Ј": "J", "К": "K", "Л": "L", "Љ": "LJ", "М": "M", "Н": "N", "Њ": "NJ", "О": "O", "П": "P",
    "Р": "R", "С": "S", "Т": "T", "Ћ": "C", "Ќ": "K", "У": "U", "Ў": "U", "Ф": "F", "Х": "KH",
    "Ц": "TS", "Ч": "CH", "Џ": "DZ", "Ш": "SH", "Щ": "SHCH", "Ъ": "IE", "Ы": "Y", "Ь": "",
    "Э": "E", "Ю": "IU", "Я": "IA",
}  # fmt: skip

_GREEK: dict[str, str] = {
    "Α": "A", "Β": "V", "Γ": "G", "Δ": "D", "Ε": "E", "Ζ": "Z", "Η": "I", "Θ": "TH", "Ι": "I",
    "Κ": "K", "Λ": "L", "Μ": "M", "Ν": "N", "Ξ": "X", "Ο": "O", "Π": "P", "Ρ": "R", "Σ": "S",
    "Τ": "T", "Υ": "Y", "Φ": "F", "Χ": "CH", "Ψ": "PS", "Ω": "O",
}  # fmt: skip

_ARABIC: dict[str, str] = {
    "ء": "XE", "آ": "XAA", "أ": "XAE", "ؤ": "U", "إ": "I", "ئ": "XI", "ا": "A", "ب": "B",
    "ة": "XTA", "ت": "T", "ث": "XTH", "ج": "J", "ح": "XH", "خ": "XKH", "د": "D", "ذ": "XDH",
    "ر": "R", "ز": "Z", "س": "S", "ش": "XSH", "ص": "XSS", "ض": "XDZ", "ط": "XTT", "ظ": "XZZ",
    "ع": "E", "غ": "G", "ف": "F", "ق": "Q", "ك": "K", "ل": "L", "م": "M", "ن": "N", "ه": "H",
    "و": "W", "ى": "XAY", "ي": "Y", "ٱ": "XXA", "پ": "P", "چ": "XC", "ژ": "XJ", "ک": "XKK",
    "گ": "XGG", "ی": "XYA", "ے": "XYB", "ھ": "XDO",
}  # fmt: skip

_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")

# Contextual rules: (trigger, ((pattern, replacement), ...)). A group runs only when its trigger
# is found, so Latin and Cyrillic names do not pay for the Greek and Arabic rules.
Rule = tuple[re.Pattern[str], str]
RuleGroup = tuple[re.Pattern[str], tuple[Rule, ...]]

_ARABIC_LETTER = "\u0620-\u064a\u066e-\u06d3"
_HARAKAT = "\u064b-\u0650\u0652-\u065f\u0670"
_GREEK_VOICED = "ΑΆΕΈΗΉΙΊΟΌΥΎΩΏΒΓΔΖΛΜΝΡ"

_GREEK_RULES: RuleGroup = (
    re.compile("[\u0370-\u03ff\u1f00-\u1fff]"),
    (
        (re.compile(f"(?<=[ΑΕΗ])[ΥΎ](?=[{_GREEK_VOICED}])"), "V"),
        (re.compile("(?<=[ΑΕΗ])[ΥΎ]"), "F"),
        (re.compile("Ο[ΥΎ]"), "OU"),
    ),
)
_ARABIC_RULES: RuleGroup = (
    re.compile("[\u0600-\u06ff]"),
    (
        (re.compile(f"([{_ARABIC_LETTER}])[{_HARAKAT}]*\u0651"), r"\1\1"),  # shadda doubles
        (re.compile(f"[{_HARAKAT}\u0651\u0640]"), ""),  # short vowels and tatweel
        (re.compile(f"ة(?![{_ARABIC_LETTER}])"), "XAH"),  # teh marbuta ending a component
    ),
)


class Scheme:
    """One transliteration: letters (upper case in, Latin out) and contextual rules.

    A plain class with a per-scheme cache of resolved characters: names repeat the same few
    dozen letters, and a dictionary hit is several times cheaper than a Unicode decomposition.
    """

    __slots__ = ("_cache", "letters", "name", "rules")

    def __init__(self, name: str, letters: Mapping[str, str], rules: tuple[RuleGroup, ...]):
        self.name = name
        self.letters = dict(letters)
        self.rules = rules
        self._cache: dict[str, str] = {}

    def extend(
        self, name: str, letters: Mapping[str, str], rules: tuple[RuleGroup, ...] = ()
    ) -> Scheme:
        """A national scheme: these letters replace the base ones; its rules run first."""
        return Scheme(name, {**self.letters, **letters}, rules + self.rules)

    def apply(self, text: str) -> str:
        value = unicodedata.normalize("NFC", text.upper())
        for trigger, rules in self.rules:
            if trigger.search(value):
                for pattern, replacement in rules:
                    value = pattern.sub(replacement, value)
        cache = self._cache
        parts = []
        for char in value:
            latin = cache.get(char)
            if latin is None:
                latin = cache[char] = self._resolve(char, 0)
            parts.append(latin)
        return " ".join("".join(parts).split()).strip(" -")

    def _resolve(self, char: str, depth: int) -> str:
        if char in self.letters:
            return self.letters[char]
        if "A" <= char <= "Z":
            return char
        if char.isspace() or char == "<":
            return " "
        if char in _HYPHENS:
            return "-"
        decomposed = unicodedata.normalize("NFKD", char)
        if decomposed == char or depth > 2:
            return ""
        return "".join(
            self._resolve(upper, depth + 1)
            for part in decomposed
            if not unicodedata.combining(part) and not part.isspace()
            for upper in part.upper()
        )


_ICAO = Scheme("ICAO", {**_LATIN, **_CYRILLIC, **_GREEK, **_ARABIC}, (_GREEK_RULES, _ARABIC_RULES))

_CYRILLIC_TRIGGER = re.compile("[\u0400-\u04ff]")
_SERBIAN = _ICAO.extend(
    "Serbian/Bosnian Latin",
    {"Ђ": "DJ", "Đ": "DJ", "Ж": "Z", "Ћ": "C", "Ч": "C", "Ш": "S", "Х": "H", "Ц": "C"},
)
NATIONAL_SCHEMES: Mapping[str, Scheme] = {
    "BG": _ICAO.extend(
        "Bulgarian Transliteration Act",
        {"Й": "Y", "Х": "H", "Щ": "SHT", "Ъ": "A", "Ь": "Y", "Ю": "YU", "Я": "YA"},
        ((_CYRILLIC_TRIGGER, ((re.compile(r"ИЯ\b"), "IA"),)),),
    ),
    "RS": _SERBIAN,
    "BA": _SERBIAN,
    "ME": _SERBIAN,
    "MK": _ICAO.extend(
        "Macedonian official romanisation",
        {"Ѓ": "GJ", "Ќ": "KJ", "Х": "H", "Ц": "C", "Џ": "DJ"},
    ),
    "UA": _ICAO.extend(
        "Ukrainian resolution 55 (2010)",
        {"Г": "H", "И": "Y"},
        (
            (
                _CYRILLIC_TRIGGER,
                (
                    (re.compile(r"\bЄ"), "YE"),
                    (re.compile(r"\bЇ"), "YI"),
                    (re.compile(r"\bЙ"), "Y"),
                    (re.compile(r"\bЮ"), "YU"),
                    (re.compile(r"\bЯ"), "YA"),
                    (re.compile("ЗГ"), "ZGH"),
                ),
            ),
        ),
    ),
    "TR": _ICAO.extend("Turkish practice", {"Ö": "O", "Ü": "U"}),
    "GR": _ICAO.extend(
        "ELOT 743",
        {},
        (
            (
                re.compile("Γ"),
                ((re.compile("ΓΓ"), "NG"), (re.compile("ΓΞ"), "NX"), (re.compile("ΓΧ"), "NCH")),
            ),
        ),
    ),
}


def icao_transliterate(text: str, country: str | None = None) -> str:
    """The passport (MRZ) form of ``text``: upper-case ``A-Z``, space and hyphen.

    ``country`` (ISO alpha-2) selects the issuing state's national scheme where it has one
    (see the module docstring); any other value, or ``None``, uses the ICAO tables.
    """
    scheme = NATIONAL_SCHEMES.get(country.upper(), _ICAO) if country else _ICAO
    return scheme.apply(text)


_SEPARATORS = re.compile(r"[ -]+")


def mrz_name(family: str, given: str, *, country: str | None = None) -> str:
    """The MRZ name field ``FAMILY<<GIVEN<NAMES``, neither padded nor truncated.

    Both parts are transliterated (``icao_transliterate``); spaces and hyphens inside a part
    become one ``<``. A name with one part only (family or given) is that part alone, as ICAO
    places a single-part name in the primary identifier; two empty parts give ``""``.
    """
    primary = _SEPARATORS.sub("<", icao_transliterate(family, country))
    secondary = _SEPARATORS.sub("<", icao_transliterate(given, country))
    if not primary:
        return secondary
    return f"{primary}<<{secondary}" if secondary else primary
