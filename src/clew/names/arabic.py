"""Names in Arabic script (Arabic, Persian, Urdu) against their Latin spellings.

Arabic writes its consonants and long vowels but not its short vowels, so one name has many
Latin spellings (``حسن``: Hasan, Hassan, Hasen) and a Latin spelling meets the Arabic only
through what both write. Three keys and one check:

* **Consonant key** (``abjad_key``): the consonants of one part, both sides through
  ``variants.consonant_key`` so they cannot disagree. Latin: ``kh gh sh th dh`` read as one
  sound each (``kh`` as ``h``, ``gh`` as ``g``...), doubled letters made single, ``q`` as ``k``,
  ``w`` as ``v``, and every vowel dropped (``ou oo u``, ``y i e``, ``a o``). Arabic script: each
  letter to its Latin consonant (``romanise``: ``ح``/``ه`` ``h``, ``خ`` ``kh``, ``ش`` ``sh``, ``ع``
  and ``ء`` nothing; Persian and Urdu ``پ چ ژ گ ک ی ٹ ڈ ڑ``), alif, waw and ya inside a word
  as the long vowels they write (so dropped), waw and ya at the start of a word as the
  consonants ``w``/``y`` (``y`` is dropped like a vowel on both sides); a second key reads
  every waw as ``w`` (``پرویز`` is Parviz, its waw a consonant), and a part whose consonants
  repeat across a vowel keys both ways (``حداد``: ``hdd`` and ``hd``); a Latin spelling keys
  collapsed alone (``Haddad``: ``hd``, enough to meet, and the index stays small) unless
  that leaves fewer than two consonants (``Aziz``: ``zz``). ``محمد``, ``Mohammed``,
  ``Muhammad`` and ``Mohamad`` all give ``mhmd``; ``يوسف``, ``Yusuf`` and ``Youssef`` ``sf``.
* **The article** (``al-``, ``el-``, ``ul-``, ``ad-``, ``as-``...) is a part of its own when it
  is written apart or with a hyphen (``split_name`` splits the Arabic ``ال`` from its word too)
  and carries no key. Written together with its word in Latin letters (``Alhassan``), the
  word also gets the key without it (``abjad_keys``).
* **Abd compounds** (``abd_compound``): ``Abd al-Rahman``, ``Abdel Rahman``, ``Abdulrahman``,
  ``Abdurrahman`` and ``عبد الرحمن`` all give ``bdrhmn``: ``abd``, then the article in any of
  its forms (``al el ul``, or a vowel and the doubled sun letter of ``ur-r``), then the name.
* **Long vowels agree** (``vowels_agree``): where the Arabic writes a long ``i`` (``ي``) or
  ``u`` (``و``) after a consonant, the Latin spelling must have such a vowel there; a Latin
  ``ee``/``ei``/``ai``/``ey``/``ay`` (a long ``i``) must meet a written ``ي``, and ``ou``/``oo``
  (a long ``u``) a written ``و``. So ``حسين`` is Husain, Hussein or Husayn but not Hassan,
  ``حسن`` is not Hussein (Hasan and its diminutive Husayn: two names, the two grandsons of the
  Prophet), and ``محمد`` is not Mahmoud (``محمود``). The price: the French ``Mouhamed``
  no longer meets ``محمد`` by its consonants (it still meets every Latin ``Mohamed``).

Edge cases: a part with fewer than two consonants has no consonant key (``Ali`` is ``l``:
too common to find anything by); ``""`` gives no key; a key is lower-case ``a-z``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clew.names.romanise import Script, romanisations, script_of, simple_fold
from clew.names.variants import consonant_key

__all__ = ["ABJADS", "abd_compound", "abjad_keys", "vowels_agree"]

MIN_CONSONANTS = 2
ABJADS = frozenset((Script.ARABIC, Script.HEBREW))

# abd, then the article: al/el/ul/il (a vowel and l), or a vowel and a doubled sun letter
# (ur-Rahman, ad-Din), or nothing (Abd Rahman); the name follows.
_ABD = re.compile(
    r"^[aei]?bd(?:[aeiou]?l(?=[a-z]{3})|[aeiou](?=([tdrzsn])\1)|)(?P<rest>[a-z]{3,})$"
)


def abd_compound(form: str) -> str:
    """The key of an ``Abd`` compound written as one word (``abdulrahman``, ``abdurrahman``,
    ``bdalrhmn`` from ``عبدالرحمن``): ``bd`` and the consonants of the name after the article;
    ``""`` when ``form`` (lower-case ``a-z``) is not one."""
    match = _ABD.match(form)
    if not match:
        return ""
    rest = consonant_key(match.group("rest"), collapse=False)
    return "bd" + rest if len(rest) >= MIN_CONSONANTS else ""


_GLUED_ARTICLE = re.compile("^(?:al|el|ul)(?=[a-z]{4})")


@lru_cache(maxsize=200_000)
def abjad_keys(text: str) -> frozenset[str]:
    """The consonant keys of one name part (see the module docstring): for a part written in
    an abjad, from its letters read two ways (waw and ya as vowels, then as consonants); for
    a part in any other script, from each of its Latin forms."""
    forms = romanisations(text)
    if not forms:
        return frozenset()
    abjad = script_of(text) in ABJADS
    if abjad:
        # waw and ya read as long vowels, then as consonants (rigour's: پرویز is Parviz);
        # not the MRZ form, which writes letters no Latin spelling has
        forms = (forms[0], simple_fold(text))
    keys: set[str] = set()
    for form in forms:
        collapsed = consonant_key(form)
        keys.add(collapsed)
        if abjad or len(collapsed) < MIN_CONSONANTS:  # عزيز: zz and z; Haddad: hd only
            keys.add(consonant_key(form, collapse=False))
        keys.add(abd_compound(form))
        glued = _GLUED_ARTICLE.match(form)
        if glued:
            keys.add(consonant_key(form[glued.end() :]))
    return frozenset(key for key in keys if len(key) >= MIN_CONSONANTS)


_VOWEL = frozenset("aeiouy")
_DOUBLED = re.compile(r"([^aeiouy])\1+")
_LONG_I = ("ee", "ei", "ai", "ey", "ay", "ii")
_LONG_U = ("ou", "oo", "uu")


def _gaps(form: str) -> tuple[str, list[str]]:
    """The consonants of a spelling (doubled ones made single, ``y`` a vowel) and, for each,
    the vowels written before it, then the vowels after the last one."""
    consonants: list[str] = []
    gaps: list[str] = []
    vowels = ""
    for char in _DOUBLED.sub(r"\1", form):
        if char in _VOWEL:
            vowels += char
        else:
            consonants.append(char)
            gaps.append(vowels)
            vowels = ""
    gaps.append(vowels)
    return "".join(consonants), gaps


def vowels_agree(arabic: str, latin: str) -> bool:
    """Whether the long vowels an Arabic-script spelling writes (its common romanisation,
    ``hsin`` for ``حسين``) agree with a Latin spelling that has the same consonants. Spellings
    whose consonants differ are not judged here (``True``); nor is the start of the word,
    where Latin spellings add or drop a vowel freely (``Ibrahim``/``Brahim``)."""
    a_consonants, a_gaps = _gaps(arabic)
    l_consonants, l_gaps = _gaps(latin)
    if a_consonants != l_consonants:
        return True
    for written, spelt in zip(a_gaps[1:], l_gaps[1:], strict=True):
        if "i" in written and not set(spelt) & {"i", "e", "y"}:
            return False
        if "u" in written and not set(spelt) & {"u", "o"}:
            return False
        if any(mark in spelt for mark in _LONG_I) and "i" not in written:
            return False
        if any(mark in spelt for mark in _LONG_U) and "u" not in written:
            return False
    return True
