"""Name parts: splitting a written name into its parts, and the comparison keys of each part.

``split_name`` turns a name as written into its parts, in order: honorifics are dropped
(rigour's list: ``Mr``, ``Dr``, ``President``...), words are split at spaces, hyphens, commas,
dots, slashes and the MRZ filler ``<``; apostrophes join (``O'Brien`` is one part); the Arabic
article is split from its word (``السيسي`` gives ``ال`` and ``سيسي``, as ``al-Sisi`` does);
initials written together in capitals (``JC``) become one part each. The comma form
``FAMILY, Given`` keeps its parts: order never matters to the comparison.

``analyse_part`` gives a ``Part``: the comparison keys of one part, computed once and cached
(a watchlist repeats the same few hundred thousand parts): the exact key, every romanisation
(``romanise.romanisations``), their skeletons, consonant keys (``variants``, and
``arabic.abd_compound`` for ``Abd`` compounds written as one word) and vowel
patterns (the skeleton with each run of vowels as ``*``: ``m*h*m*d`` for ``Mohamed`` and
``Muhammad``), OCR-repaired
skeletons for a part holding digits or ``rn``, the given-name groups it belongs to, its
initial, and the sex its ending implies.

Edge cases: ``split_name("")`` is ``[]``; a part with nothing transliterable (``"!!"``, Khmer
that rigour cannot romanise) is dropped; ``analyse_part`` of such text has no forms and never
matches anything but itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.names import remove_person_prefixes

from clew.names.arabic import abd_compound
from clew.names.romanise import Script, romanisations, script_of
from clew.names.variants import (
    consonant_key,
    given_name_groups,
    nickname_groups,
    skeleton,
    surname_gender,
)

__all__ = [
    "PARTICLES",
    "PARTICLE_CLASS",
    "PATRONYMIC_MARKERS",
    "Part",
    "analyse_part",
    "split_name",
]

_PARTICLE_WORDS = (
    "al el ul ad ar as at az an ash bin ibn ben bint binti ibnu abu abou bou ould walad "
    "van von der den de da di du del della dos das la le ter ten zu af y e i mac mc st "
    "haji hajji hadji sheikh shaikh shaykh sheik mullah mulla maulvi mawlawi qari sayyid "
    "sayed syed sayid mirza"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split())
"""Words that carry little identity: articles, patronymic and family particles, and the
honorifics that Arabic, Persian and South Asian names often carry (compared by skeleton)."""

_PARTICLE_SKELETONS = frozenset(skeleton(word) for word in PARTICLES)

_PARTICLE_CLASSES: tuple[tuple[str, str], ...] = (
    ("al", "al el ul ad ar as at az an ash ed er es et ez en"),
    ("bin", "bin ibn ben ibnu ebn"),
    ("bint", "bint binti"),
    ("abu", "abu abou bou abo"),
    ("ould", "ould walad uld"),
    ("haji", "haji hajji hadji alhaji"),
    ("sheikh", "sheikh shaikh shaykh sheik shaik"),
    ("sayyid", "sayyid sayed syed sayid seyed"),
    ("mullah", "mullah mulla molla"),
    ("van", "van von"),
    ("de", "de da di du del della dos das"),
)
PARTICLE_CLASS: dict[str, str] = {
    skeleton(word): name for name, words in _PARTICLE_CLASSES for word in words.split()
}
"""Spellings of one particle: the Arabic article in its assimilated and French forms, ``bin``
and ``ibn`` and ``ben``, and so on (skeleton key to the class name)."""

PATRONYMIC_MARKERS = frozenset(("bin", "bint", "ould"))
"""Particle classes after which a part is the father's name, not the bearer's own."""

_SLAVIC_PATRONYMIC = re.compile("(ovich|evich|ovych|evych|ovitch|evitch|ovna|evna|ivna)$")

_SEPARATORS = re.compile(r"[\s,;:./\\<>()\[\]{}\"“”«»„_+*&|=!?-]+|[\u2010-\u2015\u2212]+")
_APOSTROPHES = re.compile("['`\u00b4\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_GLUED_INITIALS = re.compile("[BCDFGHJKLMNPQRSTVWXZ]{2,3}")
_ARABIC_ARTICLE = re.compile("^(ال)(?=..)")


def split_name(text: str, *, person: bool = True) -> list[str]:
    """The parts of a name as written (see the module docstring); ``person=False`` keeps
    honorifics and glued capitals (an organisation's ``JSC`` is a word, not initials)."""
    return list(_split(text, person))


@lru_cache(maxsize=200_000)
def _split(text: str, person: bool) -> tuple[str, ...]:
    value = unicodedata.normalize("NFC", text)
    if person:
        value = remove_person_prefixes(value)
    value = _APOSTROPHES.sub("", value)
    parts: list[str] = []
    for word in _SEPARATORS.split(value):
        if not word:
            continue
        if person and _GLUED_INITIALS.fullmatch(word) and word != "NG":
            parts.extend(word)
            continue
        article = _ARABIC_ARTICLE.match(word)
        if article:
            parts.extend((article.group(1), word[article.end() :]))
            continue
        parts.append(word)
    return tuple(part for part in parts if romanisations(part))


_VOWEL_RUNS = re.compile("[aeiou]+")
_OCR_DIGITS = str.maketrans("0123456789", "oizeasgtbg")
_OCR_PAIRS = re.compile("rn|vv|cl")
_OCR_PAIR_VALUES = {"rn": "m", "vv": "w", "cl": "d"}


def _ocr_repair(form: str) -> str:
    return _OCR_PAIRS.sub(lambda m: _OCR_PAIR_VALUES[m.group(0)], form.translate(_OCR_DIGITS))


class Part:
    """The comparison keys of one name part.

    A plain class with ``__slots__``, not a dataclass or a pydantic model: a screening run
    builds millions of these and compares them in a tight loop.
    """

    __slots__ = (
        "abd",
        "consonants",
        "exact",
        "firsts",
        "form_set",
        "forms",
        "gender",
        "groups",
        "initial",
        "latin",
        "marks",
        "nicknames",
        "ocr",
        "particle",
        "particle_class",
        "patronymic",
        "patterns",
        "script",
        "skeletons",
        "stem",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = _exact_key(text)
        self.script = script_of(text)
        # digits survive only to be repaired as OCR errors, never as a spelling
        forms = romanisations(text)
        letters = tuple(f for f in (re.sub("[^a-z]", "", f) for f in forms) if f)
        self.forms: tuple[str, ...] = letters
        self.form_set = frozenset(letters)
        self.latin = letters[0].upper() if letters else ""
        self.marks = self.script == Script.LATIN and not text.isascii()
        self.skeletons = frozenset(skeleton(form) for form in letters)
        self.abd = frozenset(abd_compound(form) for form in letters) - {""}
        self.consonants = (
            frozenset(consonant_key(f, collapse=c) for f in letters for c in (True, False)) - {""}
        ) | self.abd
        self.patterns = frozenset(_VOWEL_RUNS.sub("*", key) for key in self.skeletons)
        raw = re.sub("[^a-z0-9]", "", _fold_keep_digits(text))
        repaired = skeleton(_ocr_repair(raw)) if raw else ""
        self.ocr = repaired if repaired and repaired not in self.skeletons else ""
        self.groups = given_name_groups(self.skeletons)
        self.nicknames = nickname_groups(self.skeletons)
        self.initial = len(letters[0]) == 1 if letters else False
        self.firsts = frozenset(form[0] for form in letters)
        self.particle = bool(self.skeletons & _PARTICLE_SKELETONS)
        self.particle_class = next(
            (PARTICLE_CLASS[key] for key in self.skeletons if key in PARTICLE_CLASS), ""
        )
        self.patronymic = bool(letters and _SLAVIC_PATRONYMIC.search(letters[0]))
        self.stem, self.gender = surname_gender(letters[0]) if letters else ("", None)

    def __repr__(self) -> str:
        return f"Part({self.text!r})"


def _exact_key(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).casefold()
    return unicodedata.normalize("NFC", value.replace("i\u0307", "i"))


def _fold_keep_digits(text: str) -> str:
    if text.isascii():
        return text.lower()
    forms = romanisations(text)
    return forms[-1] if forms else ""


@lru_cache(maxsize=500_000)
def analyse_part(text: str) -> Part:
    """The keys of one part (cached: parts repeat across names and records)."""
    return Part(text)
