"""Comparing two prepared entities field by field: one verdict (an agreement level) per field.

The comparators are screening's, so that a pair proposed here and a hit at the border are
judged alike:

* **names**: ``clew.names.compare.compare_names`` (every name against every name, the best
  pair wins; scripts, transliterations, order of the parts, typos, equivalent given names),
  with persons' rules only for persons. Its score in [0, 1] becomes a level: ``exact`` from
  0.97 (the same parts in any order and script), ``close`` from 0.85 (variants, one typo),
  ``partial`` from 0.6 (a part missing or several typos), ``weak`` from 0.3, ``different``
  below. Names that carry other numbers or codes (``Player 1``/``Player 10``, ``Unit 7``/``Unit
  17``, ``Cell B7``/``Cell B8``: see ``candidate.name_codes``) are ``different``: only names
  with the same numbers are compared. A name matched only through the other sex's form of the
  surname (``Petrov``/``Petrova``), or through two spellings that differ in their diacritics alone
  (Vietnamese ``Hùng``/``Hưng``: two names), is never better than ``partial``.
* **date of birth**: ``clew.screening.scoring.compare_dates`` (``exact``, ``partial``,
  ``swapped``, ``typo``, ``near``, ``apart``, ``different``).
* **gender**: as screening judges it: stated on both sides, ``exact`` or ``different``;
  otherwise the other sex's form of the surname is ``different``, and the sex a surname
  ending implies (``Petrova``) stands in for a missing side, but only to refute: two
  surnames that both sound male say nothing the name comparison has not said already.
* **identifiers**: only numbers of the same type are compared; a ``vin`` with
  ``clew.screening.documents.compare_vins``, any other with ``compare_document_numbers``
  (``exact``, ``close`` for OCR confusions). Linkage adds ``typo``: one character changed,
  added, dropped or two swapped (Damerau-Levenshtein, rapidfuzz ``OSA``), for numbers of six
  characters or more, since keyed-in numbers carry typos. The best type wins.
* **phones**: ``exact`` when one number ends with the other (``+371 2912 3456`` and
  ``29123456``, ``+359 88 123 4567`` and ``0881234567``: country codes and trunk zeros come
  and go, so leading zeros are dropped first), else ``different``.
* **country**, **postcode**: ``exact`` or ``different`` (a postcode one edit away is ``typo``).
* **address**, **locality**: folded (``clew.names.fold``), then ``exact``; ``different``
  when both hold numbers and share none (another house or flat); ``close`` for one edit
  (``penrith``/``penirth``) or a similarity of 90 or more, the better of rapidfuzz's
  ``token_sort_ratio`` (words in another order) and its ``ratio`` with the spaces removed
  (``hartungc rescent``); ``partial`` from 75 (addresses only: a word missing or mistyped);
  ``different`` below.

A field missing on either side is ``not compared``. Verdicts are symmetric:
``compare(a, b)`` and ``compare(b, a)`` give the same verdict for every field (the details
show the values in argument order).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from clew.linkage.candidate import MIN_PHONE_DIGITS, Prepared
from clew.names.compare import MatchKind, NameComparison, PartMatch, compare_names
from clew.screening.documents import Verdict as DocumentVerdict
from clew.screening.documents import compare_document_numbers, compare_vins, ocr_fold
from clew.screening.scoring import compare_dates

__all__ = ["FIELDS", "Comparison", "Field", "Reason", "Verdict", "compare", "compare_identifier"]


class Field(StrEnum):
    NAME = "name"
    BIRTH_DATE = "birth_date"
    GENDER = "gender"
    COUNTRY = "country"
    IDENTIFIER = "identifier"
    PHONE = "phone"
    ADDRESS = "address"
    LOCALITY = "locality"
    POSTCODE = "postcode"


FIELDS: tuple[Field, ...] = tuple(Field)
"""The fields in the order reasons are given."""


class Verdict(StrEnum):
    """How one field compares: the agreement levels of every field, in one vocabulary (the
    date levels are ``screening.scoring.DateVerdict``'s)."""

    EXACT = "exact"
    CLOSE = "close"
    TYPO = "typo"
    PARTIAL = "partial"
    SWAPPED = "swapped"
    NEAR = "near"
    APART = "apart"
    WEAK = "weak"
    DIFFERENT = "different"
    NOT_COMPARED = "not compared"


class Reason:
    """One field's verdict, with a short language-neutral detail (the values compared) and,
    for names, the part matches of the best pair of names. ``weight`` is what the verdict
    adds to the log-odds of a match (set by the model; 0 until scored)."""

    __slots__ = ("detail", "field", "parts", "verdict", "weight")

    def __init__(
        self,
        field: Field,
        verdict: Verdict,
        detail: str = "",
        *,
        parts: tuple[PartMatch, ...] = (),
        weight: float = 0.0,
    ) -> None:
        self.field = field
        self.verdict = verdict
        self.detail = detail
        self.parts = parts
        self.weight = weight

    def __iter__(self) -> Iterator[str]:
        """Unpacks as ``(field, verdict)``."""
        return iter((self.field, self.verdict))

    def __repr__(self) -> str:
        return f"({self.field.value}, {self.verdict.value}, {self.detail!r})"


class Comparison:
    """Every field's reason for one pair, in ``FIELDS`` order (not-compared fields too)."""

    __slots__ = ("left", "reasons", "right")

    def __init__(self, left: Prepared, right: Prepared, reasons: tuple[Reason, ...]) -> None:
        self.left = left
        self.right = right
        self.reasons = reasons

    def verdicts(self) -> tuple[Verdict, ...]:
        return tuple(reason.verdict for reason in self.reasons)

    def verdict(self, field: Field) -> Verdict:
        return self.reasons[FIELDS.index(field)].verdict


# --- names and gender --------------------------------------------------------------------------

NAME_LEVELS = ((0.97, Verdict.EXACT), (0.85, Verdict.CLOSE), (0.6, Verdict.PARTIAL),
               (0.3, Verdict.WEAK))  # fmt: skip


_DIFFERENT_NAMES = frozenset((MatchKind.GENDERED, MatchKind.DIACRITICS))


def _best_name(a: Prepared, b: Prepared) -> NameComparison | None:
    """The best pair of names that carry the same numbers and codes (``name_codes``), its
    indices into ``a.names`` and ``b.names``; ``None`` when no pair does."""
    best: NameComparison | None = None
    for codes in sorted(set(a.codes) & set(b.codes), key=sorted):
        mine = [i for i, c in enumerate(a.codes) if c == codes]
        theirs = [i for i, c in enumerate(b.codes) if c == codes]
        found = compare_names(
            [a.names[i] for i in mine],
            [b.names[i] for i in theirs],
            person=a.person and b.person,
        )
        if found.query_index >= 0 and (best is None or found.score > best.score):
            found.query_index, found.record_index = (
                mine[found.query_index],
                theirs[found.record_index],
            )
            best = found
    return best


def _name(a: Prepared, b: Prepared) -> tuple[Reason, NameComparison | None]:
    if not a.names or not b.names:
        return Reason(Field.NAME, Verdict.NOT_COMPARED), None
    found = _best_name(a, b)
    if found is None:
        if not set(a.codes) & set(b.codes):  # only other numbers: another player, another unit
            return Reason(Field.NAME, Verdict.DIFFERENT, f"{a.names[0]} ≠ {b.names[0]}"), None
        return Reason(Field.NAME, Verdict.NOT_COMPARED), None
    verdict = next((v for limit, v in NAME_LEVELS if found.score >= limit), Verdict.DIFFERENT)
    if found.kinds & _DIFFERENT_NAMES and verdict in (Verdict.EXACT, Verdict.CLOSE):
        verdict = Verdict.PARTIAL
    detail = f"{a.names[found.query_index]} ~ {b.names[found.record_index]}"
    return Reason(Field.NAME, verdict, detail, parts=found.matches), found


def _gender(a: Prepared, b: Prepared, name: NameComparison | None) -> Reason:
    if a.gender and b.gender:
        same = a.gender == b.gender
        verdict = Verdict.EXACT if same else Verdict.DIFFERENT
        return Reason(Field.GENDER, verdict, f"{a.gender}/{b.gender}")
    if name is not None:
        for match in name.matches:
            if match.kind is MatchKind.GENDERED:
                detail = f"{' '.join(match.query)}/{' '.join(match.record)}"
                return Reason(Field.GENDER, Verdict.DIFFERENT, detail)
    mine, theirs = a.gender, b.gender
    if name is not None:
        mine = mine or a.implied_genders[name.query_index]
        theirs = theirs or b.implied_genders[name.record_index]
    if mine and theirs and mine != theirs:
        return Reason(Field.GENDER, Verdict.DIFFERENT, f"{mine}/{theirs} (implied)")
    return Reason(Field.GENDER, Verdict.NOT_COMPARED)


# --- identifiers and codes ---------------------------------------------------------------------

_ORDER = {Verdict.EXACT: 0, Verdict.CLOSE: 1, Verdict.TYPO: 2, Verdict.DIFFERENT: 3}
MIN_TYPO_LENGTH = 6


def _typo(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= MIN_TYPO_LENGTH and OSA.distance(a, b, score_cutoff=1) <= 1


def compare_identifier(kind: str, a: str, b: str) -> tuple[Verdict, str]:
    """Two numbers of one type (already upper-case letters and digits): see the module
    docstring. A number the screening comparator cannot read (an IBAN longer than a
    document number) is compared as written, OCR confusions folded."""
    if kind == "vin":
        found = compare_vins(a, b)
        verdict, detail = found.verdict, found.detail
    else:
        document = compare_document_numbers(a, b)
        verdict, detail = document.verdict, document.detail
    if verdict is DocumentVerdict.NOT_COMPARED:
        if a == b:
            verdict, detail = DocumentVerdict.EXACT, f"{a} = {b}"
        elif ocr_fold(a) == ocr_fold(b):
            verdict, detail = DocumentVerdict.CLOSE, f"{a} ~ {b}"
        else:
            verdict, detail = DocumentVerdict.DIFFERENT, f"{a} ≠ {b}"
    if verdict is DocumentVerdict.DIFFERENT and _typo(a, b):
        return Verdict.TYPO, f"{a} ~ {b}"
    return Verdict(verdict.value), detail


def _identifiers(a: Prepared, b: Prepared) -> Reason:
    best: tuple[Verdict, str] | None = None
    for kind in sorted(a.identifiers.keys() & b.identifiers.keys()):
        verdict, detail = compare_identifier(kind, a.identifiers[kind], b.identifiers[kind])
        if best is None or _ORDER[verdict] < _ORDER[best[0]]:
            best = (verdict, f"{kind}: {detail}")
    if best is None:
        return Reason(Field.IDENTIFIER, Verdict.NOT_COMPARED)
    return Reason(Field.IDENTIFIER, best[0], best[1])


def _phones(a: Prepared, b: Prepared) -> Reason:
    if not a.phones or not b.phones:
        return Reason(Field.PHONE, Verdict.NOT_COMPARED)
    shared = sorted(x for x in a.phones for y in b.phones if x.endswith(y) or y.endswith(x))
    if shared:
        return Reason(Field.PHONE, Verdict.EXACT, f"…{shared[0][-MIN_PHONE_DIGITS:]}")
    return Reason(Field.PHONE, Verdict.DIFFERENT)


def _code(field: Field, a: str | None, b: str | None, *, typos: bool) -> Reason:
    if not a or not b:
        return Reason(field, Verdict.NOT_COMPARED)
    if a == b:
        return Reason(field, Verdict.EXACT, a)
    if typos and OSA.distance(a, b, score_cutoff=1) <= 1:
        return Reason(field, Verdict.TYPO, f"{a} ~ {b}")
    return Reason(field, Verdict.DIFFERENT, f"{a} ≠ {b}")


def _numbers(text: str) -> set[str]:
    return {word for word in text.split() if word.isdigit()}


def _text(field: Field, a: str, b: str, *, partial: bool) -> Reason:
    if not a or not b:
        return Reason(field, Verdict.NOT_COMPARED)
    if a == b:
        return Reason(field, Verdict.EXACT, a)
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return Reason(field, Verdict.DIFFERENT, f"{a} ≠ {b}")
    joined_a, joined_b = a.replace(" ", ""), b.replace(" ", "")
    similarity = max(fuzz.token_sort_ratio(a, b), fuzz.ratio(joined_a, joined_b))
    if similarity >= 90 or OSA.distance(joined_a, joined_b, score_cutoff=1) <= 1:
        return Reason(field, Verdict.CLOSE, f"{a} ~ {b}")
    if partial and similarity >= 75:
        return Reason(field, Verdict.PARTIAL, f"{a} ~ {b}")
    return Reason(field, Verdict.DIFFERENT, f"{a} ≠ {b}")


# --- the pair ----------------------------------------------------------------------------------


def compare(a: Prepared, b: Prepared) -> Comparison:
    """Every field of two prepared entities (rules in the module docstring)."""
    name, found = _name(a, b)
    date = Verdict(compare_dates(a.birth_date, b.birth_date).value)
    date_detail = f"{a.birth_date} ~ {b.birth_date}" if date is not Verdict.NOT_COMPARED else ""
    reasons = (
        name,
        Reason(Field.BIRTH_DATE, date, date_detail),
        _gender(a, b, found),
        _code(Field.COUNTRY, a.country, b.country, typos=False),
        _identifiers(a, b),
        _phones(a, b),
        _text(Field.ADDRESS, a.address, b.address, partial=True),
        _text(Field.LOCALITY, a.locality, b.locality, partial=False),
        _code(Field.POSTCODE, a.postcode, b.postcode, typos=True),
    )
    return Comparison(a, b, reasons)
