"""The search form of a name: lower-case ASCII words, one space apart.

``fold`` is for comparing and indexing, never for display: it transliterates any script to
ASCII (rigour's ``ascii_text``, so ``Шевченко`` is ``shevchenko``), lower-cases, deletes
apostrophes (``O'Brien`` is ``obrien``), turns every other character that is not a letter or a
digit into a space, and collapses white space. Edge cases: ``""`` and text with nothing
transliterable give ``""``; mixed scripts are fine; ``fold(fold(x)) == fold(x)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.text import ascii_text

__all__ = ["fold", "tokens"]

_APOSTROPHES = re.compile("['`\u00b4\u2018\u2019\u02bb\u02bc]")
_NOT_WORD = re.compile("[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, words separated by one space.

    Word by word, each folded once per process (names repeat: a cache of recent words makes
    folding a large import several times faster than transliterating every string whole).
    """
    return " ".join(part for word in text.split() if (part := _fold_word(word)))


@lru_cache(maxsize=262_144)
def _fold_word(word: str) -> str:
    value = _APOSTROPHES.sub("", word)
    value = _APOSTROPHES.sub("", ascii_text(value)).lower()
    return " ".join(_NOT_WORD.sub(" ", value).split())


def tokens(text: str) -> list[str]:
    """The words of ``fold(text)``, in order (duplicates kept)."""
    return fold(text).split()
