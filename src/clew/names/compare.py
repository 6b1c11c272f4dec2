"""Comparing two persons' names: a score in [0, 1] and which part matched which, and how.

A person has several names (the name in their own script, passport forms, aliases); each name
is a list of parts in any order. ``compare_names`` compares every query name with every record
name and keeps the best pair. Within a pair of names:

1. **Parts are compared two by two** (``compare_parts``), the first rule that holds wins:

   * ``exact``: the same letters (1.0).
   * ``transliteration``: one spelling is a romanisation of the other, ``Тимофеева`` and
     ``TIMOFEEVA``, ``Müller`` and ``MUELLER`` (0.98). Two spellings that both carry
     diacritics and differ only in them are ``diacritics differ`` instead (Vietnamese
     ``Hùng``/``Hưng``: different names, 0.75); two different Chinese, Japanese or Korean
     spellings that sound alike are ``same sound, other characters`` (0.6).
   * Particles compare by class (``al``/``el``/``ad``, ``bin``/``ibn``/``ben``: 0.92) and
     never fuzzily; an ``initial`` matches a name with that first letter (0.9).
   * ``variant spelling``: the same skeleton (``variants.skeleton``: ``Yulia``/``IULIIA``,
     ``SHCHERBAKOV``/``SHTERBAKOV``), the same ``Abd`` compound (``arabic.abd_compound``:
     ``Abdulrahman``/``Abdurrahman``), or a difference in vowels alone within the typo budget
     (``Mohamed``/``Muhammad``) (0.92).
   * ``gendered form``: the male and female forms of one name (``Petrov``/``Petrova``,
     ``Bērziņš``/``Bērziņa``): the same family, not the same person (0.5).
   * ``equivalent given name`` (``Oleksandr``/``Alexander``: 0.85, or the typo score if
     higher) and ``nickname``, a familiar form (``Sasha``, ``Mitsos``: 0.75), from
     ``variants``; a familiar form is read before the gendered rule (``Borya`` is Boris).
   * ``consonant skeleton``: an Arabic or Hebrew spelling against a Latin one with the same
     consonants (0.92 for three or more, 0.85 for two), when the long vowels the abjad writes
     agree (``arabic.vowels_agree``: ``حسين`` is Husain, never Hassan; ``Abd`` compounds
     written in one or several parts meet, ``Abdurrahman``/``عبد الرحمن``); otherwise only one
     typo against a
     romanised form of five letters or more, same first letter (the passport form
     ``XAEXHMD`` of أحمد read as ``XAEXHED``).
   * ``OCR confusion``: equal once digits are read as letters and ``rn``/``vv``/``cl`` as
     ``m``/``w``/``d`` (``Ig0r``/``Igor``, 0.9).
   * ``typo (1 edit)`` (0.88, or 0.84 when the shorter spelling has five letters or fewer) and
     ``typo (2+ edits)`` (0.72 for two, 0.65 for three): Damerau-Levenshtein (rapidfuzz
     ``OSA``) over the skeletons and over the plain forms, within a budget set by the
     shorter spelling: none below four letters, one edit up to six, two up to eleven, three
     beyond. Never between two
     Chinese, Japanese or Korean spellings: each character is a name of its own.
2. **Parts are paired** greedily, best score first, each part used once. Two or three
   adjacent parts on one side may pair with one part on the other (``joined parts``, at 0.97
   of the joined comparison: ``AlisherUsmanov``, ``Abd al-Rahman``/``Abdulrahman``,
   ``Xi Jinping``/``习近平``). When both names say whose son the bearer is (``bin``, ``ibn``,
   ``ben``, ``ould``), a part that is the father's name on one side and the bearer's own on
   the other counts half (``own name against father's name``).
3. **The name score** is ``S / (M + 1.5·C + β·E)``: ``S`` the weighted sum of the pair scores
   and ``M`` of their weights (a pair weighs the mean of its parts' weights); ``C`` the weight
   left over on *both* sides (a different given name, a different surname: a conflict, and
   costly); ``E`` the weight left over on one side only (a missing middle name or patronymic:
   ``β`` 0.15, or 0.5 when fewer than two substantial parts matched, since one shared part is
   weak evidence). When the only substantial matches are initials the score is halved.
4. **Weights**: 1.0 per part, 0.5 for an initial, 0.25 for a particle (``al``, ``bin``,
   ``van``, honorifics such as ``haji``) and 0.6 for a handful of very common parts
   (``Nguyen``, ``Van``, ``Thi``, ``Mohammed``, ``Ali``...). ``weights`` (a mapping from a
   part's skeleton key to its weight, e.g. inverse frequencies from the index) overrides these.

The comparison is symmetric (``compare_names(a, b).score == compare_names(b, a).score``) and
order-independent within a name, except that parts are joined only when they are adjacent and
that the part after ``bin``/``ibn`` is the father's name. An empty name on either side scores
0. ``person=False`` compares the names of organisations, vessels and the like the same way,
with their legal forms written one way first (rigour: ``Aktiengesellschaft``, ``AG`` and
``OAO`` are all ``jsc``) and weighing like particles, and no honorifics removed.

Part comparisons are memoised per pair of parts (parts are interned by
``parts.analyse_part``), so a watchlist's common names cost a dictionary look-up.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.names import replace_org_types_compare

from clew.names.arabic import vowels_agree
from clew.names.parts import PATRONYMIC_MARKERS, Part, analyse_part, split_name
from clew.names.romanise import Script
from clew.names.variants import gendered_pair, skeleton

__all__ = [
    "MatchKind",
    "NameComparison",
    "NameLike",
    "PartMatch",
    "compare_names",
    "compare_parts",
    "name_parts",
    "name_score_bound",
]


class MatchKind(StrEnum):
    EXACT = "exact"
    TRANSLITERATION = "transliteration"
    VARIANT = "variant spelling"
    EQUIVALENT = "equivalent given name"
    NICKNAME = "nickname"
    INITIAL = "initial"
    CONSONANTS = "consonant skeleton"
    OCR = "OCR confusion"
    TYPO = "typo (1 edit)"
    TYPOS = "typo (2+ edits)"
    JOINED = "joined parts"
    DIACRITICS = "diacritics differ"
    HOMOPHONE = "same sound, other characters"
    ROLE = "own name against father's name"
    GENDERED = "gendered form"
    MISSING = "missing middle name"
    DIFFERENT = "different"


SCORES: Mapping[MatchKind, float] = {
    MatchKind.EXACT: 1.0,
    MatchKind.TRANSLITERATION: 0.98,
    MatchKind.VARIANT: 0.92,
    MatchKind.EQUIVALENT: 0.85,
    MatchKind.NICKNAME: 0.75,
    MatchKind.INITIAL: 0.9,
    MatchKind.CONSONANTS: 0.92,
    MatchKind.OCR: 0.9,
    MatchKind.TYPO: 0.88,
    MatchKind.DIACRITICS: 0.75,
    MatchKind.HOMOPHONE: 0.6,
    MatchKind.GENDERED: 0.5,
}
"""The score of each kind of part match (typos and joins are scaled, see the docstring)."""

CONFLICT_COST = 1.5
EXTRA_COST = 0.15
EXTRA_COST_WEAK = 0.5
INITIALS_ONLY = 0.5
PARTICLE_WEIGHT = 0.25
INITIAL_WEIGHT = 0.5
COMMON_WEIGHT = 0.6
_COMMON = (
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly van thi "
    "mohammed muhammad mohammad ahmed ahmad ali abdul abd kim lee park choi jung wang "
    "li zhang liu chen yang singh kumar khan"
)
COMMON_PARTS = frozenset(skeleton(word) for word in _COMMON.split())
_ABJADS = frozenset((Script.ARABIC, Script.HEBREW))
_ORGANISATION = (
    "jsc llc lp the of and for co corp corporation company inc ltd limited plc group holding "
    "holdings international"
)
ORGANISATION_WORDS = frozenset(skeleton(word) for word in _ORGANISATION.split())
"""Words that weigh like particles in an organisation's name (legal forms after rigour has
written them one way, articles, ``group``, ``holdings``)."""

NameLike = str | Sequence[str]
"""A name: its text as written (split with ``split_name``), or its parts already split."""


class PartMatch:
    """One line of the explanation: query part(s), record part(s), how they compare.

    ``query``/``record`` are the parts as written (two or three for joined parts, none for a
    part missing on that side); ``query_latin``/``record_latin`` their passport (ICAO) forms.
    """

    __slots__ = ("kind", "query_parts", "record_parts", "score", "weight")

    def __init__(
        self,
        query: tuple[Part, ...],
        record: tuple[Part, ...],
        kind: MatchKind,
        score: float,
        weight: float,
    ) -> None:
        self.query_parts = query
        self.record_parts = record
        self.kind = kind
        self.score = score
        self.weight = weight

    @property
    def query(self) -> tuple[str, ...]:
        return tuple(part.text for part in self.query_parts)

    @property
    def record(self) -> tuple[str, ...]:
        return tuple(part.text for part in self.record_parts)

    @property
    def query_latin(self) -> str:
        return " ".join(part.latin for part in self.query_parts)

    @property
    def record_latin(self) -> str:
        return " ".join(part.latin for part in self.record_parts)

    def __repr__(self) -> str:
        return (
            f"PartMatch({' '.join(self.query)!r} ~ {' '.join(self.record)!r}: "
            f"{self.kind.value}, {self.score:.2f})"
        )


class NameComparison:
    """The best-matching pair of names: its score, which names, and the part matches."""

    __slots__ = ("matches", "query_index", "record_index", "score")

    def __init__(
        self, score: float, matches: tuple[PartMatch, ...], query_index: int, record_index: int
    ) -> None:
        self.score = score
        self.matches = matches
        self.query_index = query_index
        self.record_index = record_index

    def __repr__(self) -> str:
        return f"NameComparison({self.score:.3f}, {list(self.matches)!r})"

    @property
    def kinds(self) -> frozenset[MatchKind]:
        return frozenset(match.kind for match in self.matches)


_NO_MATCH = NameComparison(0.0, (), -1, -1)


def name_parts(name: NameLike, *, person: bool = True) -> tuple[Part, ...]:
    """The analysed parts of one name (a string is split with ``split_name``; each part of a
    sequence too, so ``["Jean-Claude", "Juncker"]`` has three parts)."""
    if isinstance(name, str):
        return _text_parts(name, person)
    return tuple(part for text in name for part in _text_parts(text, person))


@lru_cache(maxsize=200_000)
def _text_parts(text: str, person: bool) -> tuple[Part, ...]:
    if not person:  # legal forms in one spelling: Aktiengesellschaft, AG, OAO are "jsc"
        text = replace_org_types_compare(text, generic=True)
    parts = (analyse_part(piece) for piece in split_name(text, person=person))
    found = tuple(part for part in parts if part.forms)
    if not person or not any(part.particle for part in found):
        return found
    vietnamese = _vietnamese(found)
    return tuple(_as_name(part.text) if part.particle and vietnamese else part for part in found)


_VIETNAMESE_LETTERS = re.compile("[đơưĐƠƯ\u1ea0-\u1ef9]")  # ạ ả ấ … ỹ: the tone marks
_VIETNAMESE_FAMILIES = frozenset(
    skeleton(word)
    for word in ("nguyen", "tran", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui")
)
_VIETNAMESE_MIDDLES = frozenset(skeleton(word) for word in ("van", "thi"))
_SHARED_FAMILIES = frozenset(skeleton(word) for word in ("le", "do", "ho", "ly"))


def _vietnamese(parts: Sequence[Part]) -> bool:
    """Whether a name reads as Vietnamese: its letters (ơ, ư, đ, tone marks), a family name
    only Vietnamese names begin or end with, or Văn/Thị beside Lê, Đỗ, Hồ or Lý. Its parts are
    then names, never the articles and honorifics other languages spell alike (``An`` is not
    the Arabic article, ``Hải`` not ``haji``, ``Văn`` not the Dutch ``van``)."""
    if any(_VIETNAMESE_LETTERS.search(part.text) for part in parts):
        return True
    ends = [parts[0], parts[-1]] if len(parts) > 1 else []
    if any(part.skeletons & _VIETNAMESE_FAMILIES for part in ends):
        return True
    keys = [part.skeletons for part in parts]
    return any(k & _VIETNAMESE_MIDDLES for k in keys) and any(k & _SHARED_FAMILIES for k in keys)


@lru_cache(maxsize=50_000)
def _as_name(text: str) -> Part:
    """A part that reads as a particle in other languages, as the name it is in a Vietnamese
    name."""
    part = copy.copy(analyse_part(text))
    part.particle = False
    part.particle_class = ""
    return part


# --- two parts --------------------------------------------------------------------------------


def _budget(length: int) -> int:
    if length < 4:
        return 0
    if length <= 6:
        return 1
    if length <= 11:
        return 2
    return 3


def _fuzzy(a: Part, b: Part) -> tuple[float, MatchKind] | None:
    """Edit distance over the skeletons, within the length budget; OCR repairs count as
    exact, and a difference in the vowels alone (same vowel pattern) is a variant spelling."""
    if (a.ocr or b.ocr) and (
        (a.ocr in b.skeletons if a.ocr else False)
        or (b.ocr in a.skeletons if b.ocr else False)
        or (a.ocr and a.ocr == b.ocr)
    ):
        return SCORES[MatchKind.OCR], MatchKind.OCR
    best = 99
    shortest = 0
    # Skeletons fold spelling variants together but can shorten a word past its typo budget
    # (``Jelle`` is ``ele``), so the plain forms are compared too (``JELNE``/``Jelle``).
    for sa, sb in (*_product(a.skeletons, b.skeletons), *_product(a.form_set, b.form_set)):
        limit = _budget(min(len(sa), len(sb)))
        if limit == 0:
            continue
        distance = OSA.distance(sa, sb, score_cutoff=limit)
        if distance <= limit and distance < best:
            best, shortest = distance, min(len(sa), len(sb))
    if best == 99:
        return None
    if best <= 2 and a.patterns & b.patterns:
        return SCORES[MatchKind.VARIANT], MatchKind.VARIANT
    if best == 1:
        return SCORES[MatchKind.TYPO] - (0.04 if shortest <= 5 else 0.0), MatchKind.TYPO
    return (0.72 if best == 2 else 0.65), MatchKind.TYPOS


def _product(left: frozenset[str], right: frozenset[str]) -> list[tuple[str, str]]:
    return [(x, y) for x in left for y in right]


_PAIRS: dict[tuple[Part, Part], tuple[float, MatchKind] | None] = {}
_PAIRS_MAX = 1_000_000


def compare_parts(a: Part, b: Part) -> tuple[float, MatchKind] | None:
    """How two parts compare, or ``None`` when they are different names (rules in the module
    docstring). Symmetric. Results are memoised per pair of (interned) parts."""
    key = (a, b)
    try:
        return _PAIRS[key]
    except KeyError:
        pass
    if len(_PAIRS) >= _PAIRS_MAX:
        _PAIRS.clear()
    result = _PAIRS[key] = _compare_parts(a, b)
    return result


def _compare_parts(a: Part, b: Part) -> tuple[float, MatchKind] | None:
    if a.exact == b.exact:
        return 1.0, MatchKind.EXACT
    if not a.forms or not b.forms:
        return None
    syllabic = a.script == b.script == Script.OTHER
    if a.form_set & b.form_set:
        if a.marks and b.marks:
            return SCORES[MatchKind.DIACRITICS], MatchKind.DIACRITICS
        if syllabic:
            return SCORES[MatchKind.HOMOPHONE], MatchKind.HOMOPHONE
        return SCORES[MatchKind.TRANSLITERATION], MatchKind.TRANSLITERATION
    if syllabic:  # a Chinese or Korean syllable is a character: no typos across them
        return None
    if a.particle_class or b.particle_class:
        if a.particle_class == b.particle_class:
            return SCORES[MatchKind.VARIANT], MatchKind.VARIANT
        if a.particle and b.particle:
            return None
    if a.initial or b.initial:
        if a.initial and b.initial:
            return None
        if a.firsts & b.firsts:
            return SCORES[MatchKind.INITIAL], MatchKind.INITIAL
        return None
    if a.skeletons & b.skeletons or a.abd & b.abd:  # Abdulrahman, Abdurrahman
        return SCORES[MatchKind.VARIANT], MatchKind.VARIANT
    if ((a.nicknames & b.groups) or (b.nicknames & a.groups)) and not a.groups & b.groups:
        return SCORES[MatchKind.NICKNAME], MatchKind.NICKNAME  # Borya is Boris, not his sister
    if a.forms[0][:1] == b.forms[0][:1] and gendered_pair(a.forms[0], b.forms[0]):
        return SCORES[MatchKind.GENDERED], MatchKind.GENDERED
    if a.groups & b.groups:  # as close as a typo when it is also one (Alexandr/Alexander)
        typo = _fuzzy(a, b)
        score = max(SCORES[MatchKind.EQUIVALENT], typo[0] if typo else 0.0)
        return score, MatchKind.EQUIVALENT
    if (a.script in _ABJADS) != (b.script in _ABJADS):
        shared = a.consonants & b.consonants
        longest = max((len(key) for key in shared), default=0)
        if longest >= 2 and not _long_vowels_agree(a, b):
            return _fuzzy_forms(a, b)  # حسين is Husain, not Hassan
        if longest >= 3:
            return SCORES[MatchKind.CONSONANTS], MatchKind.CONSONANTS
        if longest == 2:
            return SCORES[MatchKind.CONSONANTS] - 0.07, MatchKind.CONSONANTS
        return _fuzzy_forms(a, b)
    return _fuzzy(a, b)


def _long_vowels_agree(a: Part, b: Part) -> bool:
    """Whether the long vowels the abjad spelling writes agree with the Latin one's
    (``arabic.vowels_agree``)."""
    written, latin = (a, b) if a.script in _ABJADS else (b, a)
    return any(vowels_agree(written.forms[0], form) for form in latin.forms)


def _fuzzy_forms(a: Part, b: Part) -> tuple[float, MatchKind] | None:
    """A typo across an abjad and Latin letters: only against the plain forms (the passport
    form ``XAEXHMD`` of أحمد read as ``XAEXHED``), never the skeletons, which fold too much of
    a vowel-less script together."""
    for x in a.form_set:
        for y in b.form_set:
            if min(len(x), len(y)) >= 5 and x[0] == y[0] and OSA.distance(x, y) == 1:
                return SCORES[MatchKind.TYPO], MatchKind.TYPO
    return None


# --- two names --------------------------------------------------------------------------------

Candidate = tuple[float, tuple[int, ...], tuple[int, ...], MatchKind]
_JOINABLE = frozenset(
    (
        MatchKind.EXACT,
        MatchKind.TRANSLITERATION,
        MatchKind.VARIANT,
        MatchKind.CONSONANTS,
        MatchKind.TYPO,
        MatchKind.OCR,
    )
)


def _weight(part: Part, weights: Mapping[str, float] | None, person: bool = True) -> float:
    if weights is not None:
        for key in part.skeletons:
            if key in weights:
                return weights[key]
    if part.initial and person:
        return INITIAL_WEIGHT
    if part.particle or (not person and part.skeletons & ORGANISATION_WORDS):
        return PARTICLE_WEIGHT
    if part.skeletons & COMMON_PARTS:
        return COMMON_WEIGHT
    return 1.0


def _spans(count: int) -> list[tuple[int, ...]]:
    spans: list[tuple[int, ...]] = [(i, i + 1) for i in range(count - 1)]
    spans += [(i, i + 1, i + 2) for i in range(count - 2)]
    return spans


def _joined(parts: Sequence[Part], span: tuple[int, ...]) -> Part:
    return _analysed("".join(parts[i].text for i in span))


@lru_cache(maxsize=200_000)
def _analysed(text: str) -> Part:
    """A joined part, analysed once (a check tries the same joins on every namesake)."""
    return analyse_part(text)


JOIN_SCORE = 0.97
"""A join scores this share of the joined comparison (and so never more)."""


def _joins(
    many: Sequence[Part], one: Sequence[Part]
) -> Iterator[tuple[tuple[int, ...], int, float]]:
    """The joins an alignment tries: neighbouring parts of ``many`` joined to meet one part of
    ``one`` of about their length, each ``(span, index in one, score)``; a join scores
    :data:`JOIN_SCORE` of the joined comparison."""
    if len(many) < 2:
        return
    singles = _singles(tuple(one))
    for span, length in _join_spans(tuple(many)):
        joined: Part | None = None
        for j, size in singles:
            if abs(size - length) > 3:
                continue
            joined = joined or _joined(many, span)
            result = compare_parts(joined, one[j])
            if result is not None and result[1] in _JOINABLE:
                yield span, j, result[0] * JOIN_SCORE


@lru_cache(maxsize=200_000)
def _join_spans(many: tuple[Part, ...]) -> tuple[tuple[tuple[int, ...], int], ...]:
    """The spans of a name :func:`_joins` may join, each with its joined length: neighbours,
    none of them an initial (an initial is its own part: "Hùng J" is not one name "HùngJ").
    Once per name: a check meets the same namesakes again and again."""
    return tuple(
        (span, sum(len(many[i].forms[0]) for i in span))
        for span in _spans(len(many))
        if not any(many[i].initial for i in span)
    )


@lru_cache(maxsize=200_000)
def _singles(one: tuple[Part, ...]) -> tuple[tuple[int, int], ...]:
    """The parts of a name a join may meet (no initial), each ``(index, length)``."""
    return tuple((j, len(part.forms[0])) for j, part in enumerate(one) if not part.initial)


def _candidates(q: Sequence[Part], r: Sequence[Part]) -> list[Candidate]:
    found: list[Candidate] = []
    paired_q: set[int] = set()
    paired_r: set[int] = set()
    for i, qp in enumerate(q):
        for j, rp in enumerate(r):
            result = compare_parts(qp, rp)
            if result is not None:
                found.append((result[0], (i,), (j,), result[1]))
                paired_q.add(i)
                paired_r.add(j)
    if len(q) == len(r) and len(paired_q) == len(q) and len(paired_r) == len(r):
        return found  # every part has a partner: joining parts cannot do better
    for side_q, many, one in ((True, q, r), (False, r, q)):
        for span, j, score in _joins(many, one):
            if side_q:
                found.append((score, span, (j,), MatchKind.JOINED))
            else:
                found.append((score, (j,), span, MatchKind.JOINED))
    return found


def _fathers(parts: Sequence[Part]) -> list[bool]:
    """Which parts follow ``bin``/``ibn``/``ben``/``bint``/``ould``: the father's name."""
    return [i > 0 and parts[i - 1].particle_class in PATRONYMIC_MARKERS for i in range(len(parts))]


Pair = tuple[tuple[int, ...], tuple[int, ...], MatchKind, float, float]
"""A paired-up match during alignment: query indices, record indices, kind, score, weight."""


def _compare_two(
    q: Sequence[Part], r: Sequence[Part], weights: Mapping[str, float] | None, person: bool
) -> tuple[float, list[Pair], list[float], list[float]]:
    """Align two names (see the module docstring): the score, the pairs, and the weights of
    every query and record part (the explanation is built only for the winning names)."""
    wq = [_weight(part, weights, person) for part in q]
    wr = [_weight(part, weights, person) for part in r]
    candidates = _candidates(q, r)
    father_q, father_r = _fathers(q), _fathers(r)
    if any(father_q) and any(father_r):
        # both names say whose son: the bearer's own name against the father's is a conflict
        candidates = [
            (score * 0.5, qi, rj, MatchKind.ROLE)
            if len(qi) == len(rj) == 1 and father_q[qi[0]] != father_r[rj[0]]
            and not q[qi[0]].particle
            else (score, qi, rj, kind)
            for score, qi, rj, kind in candidates
        ]  # fmt: skip
    # particles last (an article paired alone must not take the one that ``Abdulaziz`` joins
    # with ``عبد ال عزيز``), then best score first; among equals, the heavier pair, then parts
    # in the same position, then the texts (so comparing b with a pairs as comparing a with b)
    if len(candidates) > 1:
        nq, nr = max(len(q), 1), max(len(r), 1)
        candidates.sort(
            key=lambda c: (
                all(q[i].particle for i in c[1]) and all(r[j].particle for j in c[2]),
                -c[0],
                -(sum(wq[i] for i in c[1]) + sum(wr[j] for j in c[2])),
                abs(c[1][0] / nq - c[2][0] / nr),
                sorted(("".join(q[i].exact for i in c[1]), "".join(r[j].exact for j in c[2]))),
            )
        )
    used_q: set[int] = set()
    used_r: set[int] = set()
    pairs: list[Pair] = []
    total = weight_sum = 0.0
    strong = initials = 0
    for score, qi, rj, kind in candidates:
        if used_q.intersection(qi) or used_r.intersection(rj):
            continue
        used_q.update(qi)
        used_r.update(rj)
        weight = (sum(wq[i] for i in qi) + sum(wr[j] for j in rj)) / 2
        total += weight * score
        weight_sum += weight
        if weight >= COMMON_WEIGHT and score >= 0.7:
            strong += 1
            initials += kind is MatchKind.INITIAL
        pairs.append((qi, rj, kind, score, weight))
    if not pairs:
        return 0.0, pairs, wq, wr
    left_q = sum(w for i, w in enumerate(wq) if i not in used_q)
    left_r = sum(w for j, w in enumerate(wr) if j not in used_r)
    conflict = min(left_q, left_r)
    extra = abs(left_q - left_r)
    extra_cost = EXTRA_COST if strong - initials >= 2 else EXTRA_COST_WEAK
    score = total / (weight_sum + CONFLICT_COST * conflict + extra_cost * extra)
    if strong and initials == strong:  # initials alone identify nobody
        score *= INITIALS_ONLY
    return score, pairs, wq, wr


def _explain(
    q: Sequence[Part], r: Sequence[Part], pairs: list[Pair], wq: list[float], wr: list[float]
) -> tuple[PartMatch, ...]:
    """The part matches of an alignment, then the unpaired parts, heaviest first: paired up
    across the sides as ``different``; what remains on the longer side is ``missing``."""
    out = [
        PartMatch(tuple(q[i] for i in qi), tuple(r[j] for j in rj), kind, score, weight)
        for qi, rj, kind, score, weight in pairs
    ]
    used_q = {i for qi, *_ in pairs for i in qi}
    used_r = {j for _, rj, *_ in pairs for j in rj}
    rest_q = sorted((i for i in range(len(q)) if i not in used_q), key=lambda i: -wq[i])
    rest_r = sorted((j for j in range(len(r)) if j not in used_r), key=lambda j: -wr[j])
    for i, j in zip(rest_q, rest_r, strict=False):
        out.append(PartMatch((q[i],), (), MatchKind.DIFFERENT, 0.0, wq[i]))
        out.append(PartMatch((), (r[j],), MatchKind.DIFFERENT, 0.0, wr[j]))
    for i in rest_q[len(rest_r) :]:
        out.append(PartMatch((q[i],), (), MatchKind.MISSING, 0.0, wq[i]))
    for j in rest_r[len(rest_q) :]:
        out.append(PartMatch((), (r[j],), MatchKind.MISSING, 0.0, wr[j]))
    return tuple(out)


def compare_names(
    query: Sequence[NameLike],
    record: Sequence[NameLike],
    *,
    weights: Mapping[str, float] | None = None,
    person: bool = True,
) -> NameComparison:
    """Compare every query name with every record name; the best pair wins (see the module
    docstring). ``weights`` maps a part's skeleton key to its weight (rare parts heavier)."""
    q_names = [name_parts(name, person=person) for name in query]
    r_names = [name_parts(name, person=person) for name in record]
    best: tuple[float, int, int, list[Pair], list[float], list[float]] | None = None
    for qi, q in enumerate(q_names):
        if not q:
            continue
        for ri, r in enumerate(r_names):
            if not r:
                continue
            score, pairs, wq, wr = _compare_two(q, r, weights, person)
            if best is None or score > best[0]:
                best = (score, qi, ri, pairs, wq, wr)
    if best is None:
        return _NO_MATCH
    score, qi, ri, pairs, wq, wr = best
    return NameComparison(score, _explain(q_names[qi], r_names[ri], pairs, wq, wr), qi, ri)


# --- a cheap upper bound ----------------------------------------------------------------------


def name_score_bound(
    query: Sequence[NameLike],
    record: Sequence[NameLike],
    *,
    weights: Mapping[str, float] | None = None,
    person: bool = True,
) -> float:
    """An upper bound of ``compare_names(query, record).score`` that costs a few dictionary
    look-ups: no alignment, no explanation.

    Each part is credited with its best partner's score (``compare_parts``, memoised), alone or
    joined with its neighbours as the alignment would join it. A part with no partner at all is
    certainly left over, and what is left over costs at least ``CONFLICT_COST`` per paired-off
    weight and ``EXTRA_COST`` per extra weight. ``tests/names/test_bound.py`` holds it above
    the real score on real name pairs.
    """
    best = 0.0
    r_names = [name_parts(name, person=person) for name in record]
    for q in (name_parts(name, person=person) for name in query):
        for r in r_names:
            if q and r:
                best = max(best, _bound_two(q, r, weights, person))
    return best


def _bound_two(
    q: Sequence[Part], r: Sequence[Part], weights: Mapping[str, float] | None, person: bool
) -> float:
    best_q = [0.0] * len(q)
    best_r = [0.0] * len(r)
    for i, qp in enumerate(q):
        for j, rp in enumerate(r):
            result = compare_parts(qp, rp)
            if result is not None:
                if result[0] > best_q[i]:
                    best_q[i] = result[0]
                if result[0] > best_r[j]:
                    best_r[j] = result[0]
    if min(best_q) < JOIN_SCORE or min(best_r) < JOIN_SCORE:  # else no join can raise any
        _bound_joins(q, best_q, r, best_r)
        _bound_joins(r, best_r, q, best_q)
    wq = [_weight(part, weights, person) for part in q]
    wr = [_weight(part, weights, person) for part in r]
    total = left_q = left_r = 0.0
    for w, b in zip(wq, best_q, strict=True):
        total += w * b
        left_q += w if b == 0.0 else 0.0
    for w, b in zip(wr, best_r, strict=True):
        total += w * b
        left_r += w if b == 0.0 else 0.0
    if total <= 0.0:
        return 0.0
    total /= 2
    cost = CONFLICT_COST * min(left_q, left_r) + EXTRA_COST * abs(left_q - left_r)
    return total / (total + cost)


def _bound_joins(
    many: Sequence[Part], best_many: list[float], one: Sequence[Part], best_one: list[float]
) -> None:
    """Credit the joins the alignment would find (:func:`_joins`) to the parts they join."""
    for span, j, score in _joins(many, one):
        best_one[j] = max(best_one[j], score)
        for i in span:
            best_many[i] = max(best_many[i], score)
