"""The retrieval keys of a person's names: what a record is indexed under and what a query looks
up, from one function so that the two sides cannot disagree.

``search_keys(names)`` gives, for every name:

* **words**: each folded word (``fold``) of two letters or more, and of the passport (ICAO
  9303) form where it differs, so a typo in ``IULIIA`` still meets ``Юлия``. The index also
  files every word of four letters or more under its one-deletion variants (one typo).
* **national romanisations** (``romanisations.sound_key``, for parts not in an abjad:
  ``Szewczenko``, ``Schewtschenko``, ``Chevtchenko`` and ``Шевченко`` share ``SevSenko``),
  only where the key is more than one edit from every word of the part: within one edit the
  word's deletion variants meet it already, and the index stays small.
* **consonant keys** (``arabic.abjad_keys``: ``محمد`` and ``Mohammed`` share ``mhmd``), for
  every part in Arabic script or Latin letters with two to six consonants (an Arabic name
  part has no more), and for ``Abd`` compounds across parts (``Abd al-Rahman``,
  ``عبد الرحمن``, ``Abdurrahman``), packed three consonants to a character: keys of three
  characters or fewer get no deletion variants in the index (a consonant key is loose
  already; a typo on it would find everything), so each costs one posting.
* **given-name groups** (``variants``: ``Sasha``, ``Aleksandr``, ``Oleksandr`` and ``Alexander``
  share their group's key), one short key per group a part belongs to, for its spellings,
  equivalents and familiar forms.

Packed keys are private-use characters, never shown, and never equal to a folded word.
Particles (``al``, ``bin``, ``van``) give words but no other key. Edge cases: an empty name or
one with nothing transliterable gives no key; the result is a set (order means nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from clew.names.arabic import ABJADS, abd_compound, abjad_keys
from clew.names.fold import fold
from clew.names.icao import icao_transliterate
from clew.names.parts import PARTICLE_CLASS, split_name
from clew.names.romanisations import sound_keys
from clew.names.romanise import Script, romanisations, script_of
from clew.names.variants import consonant_key, given_name_groups, nickname_groups, skeleton

__all__ = ["search_keys"]

_CONSONANT_MARK = "\ue000"
_GROUP_MARK = "\ue001"
_PACK_BASE = 0xF0000  # supplementary private use: 27 ** 3 codes
MAX_CONSONANTS = 6
_ABD = frozenset(("abd", "abdel", "abdul", "abdal", "abdol", "abdu", "abdur", "abdi", "bd"))


def _pack(consonants: str) -> str:
    """A consonant key as a mark and one private-use character per three letters (three
    characters for up to six consonants, so that the index files no deletion variants)."""
    codes = [ord(c) - 96 for c in consonants]
    codes += [0] * (-len(codes) % 3)
    return _CONSONANT_MARK + "".join(
        chr(_PACK_BASE + 729 * codes[i] + 27 * codes[i + 1] + codes[i + 2])
        for i in range(0, len(codes), 3)
    )


def _group_key(group: int) -> str:
    return _GROUP_MARK + chr(_PACK_BASE + group)


@lru_cache(maxsize=400_000)
def _words(text: str) -> frozenset[str]:
    found = set(fold(text).split()) | set(fold(icao_transliterate(text)).split())
    return frozenset(word for word in found if len(word) > 1)


@lru_cache(maxsize=400_000)
def _part_keys(piece: str) -> frozenset[str]:
    """The keys of one part beyond its words (sound, consonant and group keys)."""
    words = _words(piece)
    skeletons = {skeleton(word) for word in words}
    if skeletons & PARTICLE_CLASS.keys():
        return frozenset()
    script = script_of(piece)
    keys: set[str] = set()
    if script in ABJADS or script == Script.LATIN:
        keys |= {_pack(key) for key in abjad_keys(piece) if len(key) <= MAX_CONSONANTS}
    if script not in ABJADS:
        keys |= {
            key
            for key in sound_keys(piece)
            if all(Levenshtein.distance(key, word, score_cutoff=2) > 1 for word in words)
        }
    keys |= {_group_key(g) for g in given_name_groups(skeletons) | nickname_groups(skeletons)}
    return frozenset(keys)


@lru_cache(maxsize=400_000)
def _word(word: str) -> tuple[frozenset[str], tuple[str, ...], bool]:
    """One word as written (between spaces): its keys, its parts, and whether one of them
    may begin an ``Abd`` compound. Cached: the words of names repeat far more than names."""
    pieces = tuple(split_name(word))
    keys = set(_words(word))
    for piece in pieces:
        keys |= _part_keys(piece)
    abd = any(consonant_key(_form(piece)) in ("bd", "bdl") for piece in pieces)
    return frozenset(keys), pieces, abd


def _form(piece: str) -> str:
    return next(iter(romanisations(piece)), "")


def _compound_keys(parts: Sequence[str]) -> set[str]:
    """``Abd`` and the name after it, across parts (``Abd al-Rahman``, ``Abdel Rahman``)."""
    keys: set[str] = set()
    forms = [_form(part) for part in parts]
    for i, form in enumerate(forms[:-1]):
        if skeleton(form) not in _ABD and consonant_key(form) not in ("bd", "bdl"):
            continue
        following = forms[i + 1 :]
        if following[0] in ("al", "el", "ul", "l") and len(following) > 1:
            following = following[1:]
        key = abd_compound("abdal" + following[0])
        if key and len(key) <= MAX_CONSONANTS:
            keys.add(_pack(key))
    return keys


def search_keys(names: Iterable[str]) -> set[str]:
    """The retrieval keys of these names (see the module docstring)."""
    keys: set[str] = set()
    for text in names:
        parts: list[str] = []
        compound = False
        for word in text.split():
            word_keys, pieces, abd = _word(word)
            keys |= word_keys
            parts.extend(pieces)
            compound = compound or abd
        if compound and len(parts) > 1:
            keys |= _compound_keys(parts)
    return keys
