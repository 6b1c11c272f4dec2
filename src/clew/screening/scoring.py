"""The one scoring model for a person check, the same for single checks and bulk screening.

A check compares what the officer has (``PersonQuery``: names, a date of birth that may be
partial, gender, nationality, perhaps a travel document) with one watchlist person
(``PersonCandidate``) and returns a ``Score``: a number in [0, 1], a band (``hit``,
``possible``, ``no match``) by configurable ``Thresholds``, and the explanation, one item per
name part and per other field, ``(field, verdict, detail)``.

**The model** is a logistic one, so the score reads as the probability that the two are the
same person when matches and non-matches are equally likely a priori::

    z = INTERCEPT + NAME · name_score
        + gate · (DATE[verdict] + GENDER[verdict] + NATIONALITY[verdict] + DOCUMENT[verdict])
    gate = clamp((name_score - 0.5) / (0.8 - 0.5), 0, 1)
    score = 1 / (1 + exp(-z))

``name_score`` is ``clew.names.compare.compare_names``. The gate lets the other fields confirm
or refute a name match but never make one: twins share a family name and a date of birth.
A field that is missing on either side is ``not compared`` and adds nothing.

**Namesakes.** A watchlist of a million persons drawn from finite name books holds many persons
of the same full name (in ``clew.synth``'s million, a person has 11 namesakes on average, 42 at
the 90th percentile), and they share gender and mostly nationality. So a name, even with gender
and nationality agreeing, is a *possible* match and never a hit: a hit needs a date of birth
that agrees (``exact``, ``partial``, ``swapped`` or ``typo``) or a document that agrees
(``exact``); a ``partial`` date that agrees only in its year counts only beside a name that
agrees in every part, and never when one side's 1 January placeholder meets a known day.
Without one, the score is capped at ``UNCORROBORATED_MAX`` (0.75, below the
default hit threshold; a deployment that sets the hit threshold at or below it accepts
name-only hits). A date within a year (``near``) counts against: among namesakes, one born
the year before is the commonest look-alike.

The weights were fitted by logistic regression on synthetic checks built from ``clew.synth``
(planted variants of every kind and hard negatives: namesakes with no date of birth, one within
a year or two or three years off; same name with a date of birth far away, the other sex's
form of the surname, same surname with another given name, twins, Vietnamese names that fold
alike), never on the shared name-pair benchmark; ``tests/screening/calibration.py``
regenerates them and ``tests/screening/test_calibration.py`` checks that they still separate
the synthetic data.

**Dates of birth** (``compare_dates``): ``exact``; ``partial`` when one side is less precise
and they agree as far as both go (``1985`` and ``1985-03-07``); ``swapped`` day and month;
``typo`` when one digit differs or two adjacent digits are swapped; ``near`` within a year;
``apart`` two or three years; ``different`` beyond. A ``partial`` agreement that goes no
further than the year weighs less (``YEAR_ONLY``): one namesake in sixty shares a year of birth,
one in twenty thousand a day. A 1 January date counts as a year alone
(it is the usual placeholder for an unknown day); a candidate whose date is marked uncertain
gets one step of tolerance (``apart`` counts as ``near``, up to five years as ``apart``).

**Gender**: ``exact`` or ``different`` when both sides give it; otherwise the sex a surname
ending implies (``Petrova``) stands in for the missing side; and a name that matched only
through the other sex's form of the surname (``Petrov``/``Petrova``) is ``different``.

**Thresholds**: ``hit`` 0.8 and ``possible`` 0.5 by default. On the synthetic calibration set
(6,000 checks) a hit has a precision of 0.984 and ``possible`` keeps a recall of 0.965; the hit
recall there is 0.86, because a check of the right person with no date of birth, or one a year
off, is (by design) only ``possible``. With names alone, a perfect name match scores 0.75 (the
cap: possible) and a name score below about 0.83 is no match.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from functools import lru_cache

from clew.access.countries import same_country
from clew.identifiers import PartialDate, parse_partial_date
from clew.names.compare import (
    MatchKind,
    NameComparison,
    PartMatch,
    compare_names,
    name_parts,
    name_score_bound,
)
from clew.screening.documents import Verdict, compare_document_numbers

__all__ = [
    "Band",
    "DateVerdict",
    "Evidence",
    "Explanation",
    "Field",
    "Identifier",
    "PersonCandidate",
    "PersonName",
    "PersonQuery",
    "Score",
    "Thresholds",
    "Verdict",
    "best_possible",
    "compare_dates",
    "could_reach",
    "evidence",
    "name_only",
    "score_person",
]


class Band(StrEnum):
    HIT = "hit"
    POSSIBLE = "possible"
    NO_MATCH = "no match"


class Field(StrEnum):
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    GENDER = "gender"
    NATIONALITY = "nationality"
    DOCUMENT = "document"
    # Objects: vehicles and firearms (explained with the same phrase tables).
    VIN = "vin"
    PLATE = "plate"
    SERIAL = "serial_number"
    MAKE = "make"
    MODEL = "model"
    CALIBRE = "calibre"


class DateVerdict(StrEnum):
    EXACT = "exact"
    PARTIAL = "partial"
    SWAPPED = "swapped"
    TYPO = "typo"
    NEAR = "near"
    APART = "apart"
    DIFFERENT = "different"
    NOT_COMPARED = "not compared"


# --- the weights (fitted; see the module docstring) -------------------------------------------

# Fitted on 6,000 synthetic checks (``tests/screening/calibration.py``, seed 7, a tenth of the
# hard negatives namesakes), rounded.
INTERCEPT = -5.66
NAME = 6.86
DATE: Mapping[DateVerdict, float] = {
    DateVerdict.EXACT: 5.30,
    DateVerdict.PARTIAL: 2.99,
    DateVerdict.SWAPPED: 2.81,
    DateVerdict.TYPO: 4.77,
    DateVerdict.NEAR: -1.26,
    DateVerdict.APART: -4.23,
    DateVerdict.DIFFERENT: -6.47,
    DateVerdict.NOT_COMPARED: 0.0,
}
# ``different`` is set, not fitted: nobody in the synthetic data changes sex, so the fit can only
# say "strongly negative" (-4.7 at this penalty, less than an exact date is worth); set so that
# a contradicting sex outweighs an agreeing date of birth (Petrov and Petrova born the same day).
GENDER: Mapping[Verdict, float] = {
    Verdict.EXACT: 0.27,
    Verdict.CLOSE: 0.0,
    Verdict.DIFFERENT: -8.0,
    Verdict.NOT_COMPARED: 0.0,
}
NATIONALITY: Mapping[Verdict, float] = {
    Verdict.EXACT: 0.34,
    Verdict.CLOSE: 0.0,
    Verdict.DIFFERENT: -1.74,
    Verdict.NOT_COMPARED: 0.0,
}
DOCUMENT: Mapping[Verdict, float] = {
    Verdict.EXACT: 3.03,
    Verdict.CLOSE: 0.70,
    Verdict.DIFFERENT: -1.27,
    Verdict.NOT_COMPARED: 0.0,
}
# The verdicts that single a person out among namesakes; without one of them a check scores at
# most ``UNCORROBORATED_MAX`` (below the default hit threshold).
CORROBORATING_DATES = frozenset(
    {DateVerdict.EXACT, DateVerdict.PARTIAL, DateVerdict.SWAPPED, DateVerdict.TYPO}
)
UNCORROBORATED_MAX = 0.75
# A name score this high agrees in every part (exact, or the same name in another script).
EXACT_NAME = 0.97
# Added to ``partial`` when the agreement goes no further than the year (see ``_year_only``).
YEAR_ONLY = -1.83
GATE_LOW = 0.5
GATE_HIGH = 0.8


class Thresholds:
    """Where the bands start. ``hit`` must be at least ``possible``."""

    __slots__ = ("hit", "possible")

    def __init__(self, hit: float = 0.8, possible: float = 0.5) -> None:
        if not 0.0 <= possible <= hit <= 1.0:
            raise ValueError("thresholds need 0 <= possible <= hit <= 1")
        self.hit = hit
        self.possible = possible

    def band(self, score: float) -> Band:
        if score >= self.hit:
            return Band.HIT
        if score >= self.possible:
            return Band.POSSIBLE
        return Band.NO_MATCH


# --- inputs -----------------------------------------------------------------------------------
# Plain classes with __slots__: bulk screening builds one per manifest row and per candidate.


class PersonName:
    """One name: the full text as written, and where known its given and family parts (used
    to say ``surname`` or ``given name`` in the explanation). ``full`` defaults to the given
    names followed by the family names."""

    __slots__ = ("family", "full", "given", "kind")

    def __init__(
        self,
        full: str | None = None,
        *,
        given: str | None = None,
        family: str | None = None,
        kind: str = "primary",
    ) -> None:
        self.full = full or " ".join(part for part in (given, family) if part)
        self.given = given
        self.family = family
        self.kind = kind

    def roles(self) -> Mapping[str, str]:
        """Each part's exact key to ``surname`` or ``given name``, where known."""
        return _roles(self.given or "", self.family or "")

    def __repr__(self) -> str:
        return f"PersonName({self.full!r})"


@lru_cache(maxsize=100_000)
def _roles(given: str, family: str) -> Mapping[str, str]:
    out: dict[str, str] = {}
    for text, role in ((given, "given name"), (family, "surname")):
        for part in name_parts(text):
            out[part.exact] = role
    return out


class Identifier:
    """A document number a person holds (or that is presented), with its issuing country."""

    __slots__ = ("country", "number", "type")

    def __init__(self, number: str, country: str | None = None, type: str = "passport") -> None:
        self.number = number
        self.country = country
        self.type = type


NameInput = str | PersonName


def _names(names: Sequence[NameInput]) -> tuple[PersonName, ...]:
    return tuple(name if isinstance(name, PersonName) else PersonName(name) for name in names)


def _gender(value: str | None) -> str | None:
    if not value:
        return None
    key = value.strip().lower()
    return {"m": "male", "male": "male", "f": "female", "female": "female"}.get(key)


class PersonQuery:
    """What the officer has. ``date_of_birth`` is a partial date as text (``1985``,
    ``1985-03``, ``1985-03-07``, ``07.03.1985``); an unreadable one is not compared."""

    __slots__ = ("date_of_birth", "document", "gender", "names", "nationality")

    def __init__(
        self,
        names: Sequence[NameInput],
        *,
        date_of_birth: str | None = None,
        gender: str | None = None,
        nationality: str | None = None,
        document: Identifier | None = None,
    ) -> None:
        self.names = _names(names)
        self.date_of_birth = _date(date_of_birth)
        self.gender = _gender(gender)
        self.nationality = nationality.upper() if nationality else None
        self.document = document


class PersonCandidate:
    """A watchlist person as the index holds it."""

    __slots__ = (
        "date_of_birth",
        "dob_uncertain",
        "gender",
        "identifiers",
        "names",
        "nationalities",
    )

    def __init__(
        self,
        names: Sequence[NameInput],
        *,
        date_of_birth: str | None = None,
        dob_uncertain: bool = False,
        gender: str | None = None,
        nationalities: Sequence[str] = (),
        identifiers: Sequence[Identifier] = (),
    ) -> None:
        self.names = _names(names)
        self.date_of_birth = _date(date_of_birth)
        self.dob_uncertain = dob_uncertain
        self.gender = _gender(gender)
        self.nationalities = frozenset(n.upper() for n in nationalities)
        self.identifiers = tuple(identifiers)


def _date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    try:
        return parse_partial_date(text)
    except ValueError:
        return None


# --- outputs ----------------------------------------------------------------------------------

AnyVerdict = MatchKind | DateVerdict | Verdict


class Explanation:
    """One item of the explanation. ``detail`` is a short language-neutral text (the values
    compared); ``match`` is the part match for a name item and ``role`` the part's role
    (``surname``, ``given name``) where the record says it."""

    __slots__ = ("detail", "field", "match", "role", "verdict")

    def __init__(
        self,
        field: Field,
        verdict: AnyVerdict,
        detail: str = "",
        *,
        match: PartMatch | None = None,
        role: str | None = None,
    ) -> None:
        self.field = field
        self.verdict = verdict
        self.detail = detail
        self.match = match
        self.role = role

    def __iter__(self) -> Iterator[Field | AnyVerdict | str]:
        """Unpacks as ``(field, verdict, detail)``."""
        return iter((self.field, self.verdict, self.detail))

    def __repr__(self) -> str:
        return f"({self.field.value}, {self.verdict.value}, {self.detail!r})"


class Score:
    __slots__ = ("band", "items", "name", "score")

    def __init__(
        self, score: float, band: Band, items: tuple[Explanation, ...], name: NameComparison
    ) -> None:
        self.score = score
        self.band = band
        self.items = items
        self.name = name

    def verdict(self, field: Field) -> AnyVerdict | None:
        """The verdict of a field other than the name (``None`` if absent)."""
        return next((item.verdict for item in self.items if item.field is field), None)

    def __repr__(self) -> str:
        return f"Score({self.score:.3f}, {self.band.value}, {list(self.items)!r})"


# --- dates ------------------------------------------------------------------------------------


def _precise(value: PartialDate) -> PartialDate:
    """1 January stands for an unknown day and month."""
    if value.month == 1 and value.day == 1:
        return PartialDate(value.year)
    return value


def _digits(value: PartialDate) -> str:
    return f"{value.year:04d}{value.month or 0:02d}{value.day or 0:02d}"


def _one_digit_typo(a: str, b: str) -> bool:
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        i = diffs[0]
        return a[i] == b[i + 1] and a[i + 1] == b[i]
    return False


def compare_dates(
    query: PartialDate | None, record: PartialDate | None, *, uncertain: bool = False
) -> DateVerdict:
    """How two partial dates of birth compare (rules in the module docstring)."""
    if query is None or record is None:
        return DateVerdict.NOT_COMPARED
    a, b = _precise(query), _precise(record)
    verdict = _compare_dates(a, b)
    if uncertain:
        years = abs(a.year - b.year)
        if verdict is DateVerdict.APART:
            return DateVerdict.NEAR
        if verdict is DateVerdict.DIFFERENT and years <= 5:
            return DateVerdict.APART
    return verdict


def _compare_dates(a: PartialDate, b: PartialDate) -> DateVerdict:
    if a == b:
        return DateVerdict.EXACT if a.precision == "day" else DateVerdict.PARTIAL
    both_days = a.day is not None and b.day is not None
    if both_days and _one_digit_typo(_digits(a), _digits(b)):
        return DateVerdict.TYPO
    if both_days and a.year == b.year and a.month == b.day and a.day == b.month:
        return DateVerdict.SWAPPED
    same_month = a.month is None or b.month is None or a.month == b.month
    if a.year == b.year and same_month and (a.day is None or b.day is None):
        return DateVerdict.PARTIAL
    months = (a.year - b.year) * 12 + ((a.month or 6) - (b.month or 6))
    if abs(months) <= 12:
        return DateVerdict.NEAR
    if abs(a.year - b.year) <= 3:
        return DateVerdict.APART
    return DateVerdict.DIFFERENT


# --- the check --------------------------------------------------------------------------------


def _implied_gender(name: PersonName) -> str | None:
    genders = {part.gender for part in name_parts(name.full) if part.gender}
    return genders.pop() if len(genders) == 1 else None


def _gender_verdict(
    query: PersonQuery, candidate: PersonCandidate, name: NameComparison
) -> tuple[Verdict, str]:
    if query.gender and candidate.gender:
        same = query.gender == candidate.gender
        return (Verdict.EXACT if same else Verdict.DIFFERENT), f"{query.gender}/{candidate.gender}"
    gendered = [m for m in name.matches if m.kind is MatchKind.GENDERED]
    if gendered:
        match = gendered[0]
        return Verdict.DIFFERENT, f"{' '.join(match.query)}/{' '.join(match.record)}"
    q_name = query.names[name.query_index] if name.query_index >= 0 else None
    r_name = candidate.names[name.record_index] if name.record_index >= 0 else None
    mine = query.gender or (_implied_gender(q_name) if q_name else None)
    theirs = candidate.gender or (_implied_gender(r_name) if r_name else None)
    if mine and theirs:
        same = mine == theirs
        return (Verdict.EXACT if same else Verdict.DIFFERENT), f"{mine}/{theirs} (implied)"
    return Verdict.NOT_COMPARED, ""


def _nationality_verdict(query: PersonQuery, candidate: PersonCandidate) -> tuple[Verdict, str]:
    if not query.nationality or not candidate.nationalities:
        return Verdict.NOT_COMPARED, ""
    shown = "/".join(sorted(candidate.nationalities))
    if any(same_country(query.nationality, n) for n in candidate.nationalities):
        return Verdict.EXACT, query.nationality
    return Verdict.DIFFERENT, f"{query.nationality} ≠ {shown}"


def _document_verdict(query: PersonQuery, candidate: PersonCandidate) -> tuple[Verdict, str]:
    document = query.document
    if document is None or not candidate.identifiers:
        return Verdict.NOT_COMPARED, ""
    best: tuple[Verdict, str] = (Verdict.NOT_COMPARED, "")
    order = {Verdict.EXACT: 0, Verdict.CLOSE: 1, Verdict.DIFFERENT: 2, Verdict.NOT_COMPARED: 3}
    for identifier in candidate.identifiers:
        result = compare_document_numbers(
            document.number,
            identifier.number,
            query_country=document.country,
            record_country=identifier.country,
        )
        if order[result.verdict] < order[best[0]]:
            best = (result.verdict, result.detail)
    return best


def _name_items(name: NameComparison, candidate: PersonCandidate) -> list[Explanation]:
    roles = candidate.names[name.record_index].roles() if name.record_index >= 0 else {}
    items = []
    for match in name.matches:
        role = None
        for part in match.record_parts:
            role = roles.get(part.exact, role)
        detail = f"{' '.join(match.query) or '-'} ~ {' '.join(match.record) or '-'}"
        items.append(Explanation(Field.NAME, match.kind, detail, match=match, role=role))
    return items


def name_only(name_score: float) -> float:
    """The model's score when nothing but names was compared (every other field ``not
    compared``), e.g. for organisations' names or a names-only benchmark. At most about 0.73:
    a name alone is a possible match, never a hit (see "Namesakes" above)."""
    return min(1.0 / (1.0 + math.exp(-(INTERCEPT + NAME * name_score))), UNCORROBORATED_MAX)


class Evidence:
    """The verdicts one check rests on, before they are weighed (what calibration fits)."""

    __slots__ = (
        "date", "details", "document", "gender", "name", "nationality", "placeholder", "year_only",
    )  # fmt: skip

    def __init__(
        self,
        name: NameComparison,
        date: DateVerdict,
        gender: Verdict,
        nationality: Verdict,
        document: Verdict,
        details: tuple[str, str, str, str],
        *,
        year_only: bool = False,
        placeholder: bool = False,
    ) -> None:
        self.name = name
        self.date = date
        self.year_only = year_only
        self.placeholder = placeholder
        self.gender = gender
        self.nationality = nationality
        self.document = document
        self.details = details

    @property
    def gate(self) -> float:
        """How much the other fields count: nothing below a name score of ``GATE_LOW``, fully
        from ``GATE_HIGH``, linearly between (they confirm or refute a name match; they
        cannot make one)."""
        return min(1.0, max(0.0, (self.name.score - GATE_LOW) / (GATE_HIGH - GATE_LOW)))

    @property
    def corroborated(self) -> bool:
        """Whether a date of birth or a document singles the person out among namesakes. A
        date that agrees no further than the year (one namesake in sixty shares it) does only
        beside a name that agrees in every part (``EXACT_NAME``: ``Petkov`` for ``Petrov`` is
        another family), and never when the year is all a 1 January placeholder shares with a
        known day."""
        dated = self.date in CORROBORATING_DATES
        if self.year_only and (self.placeholder or self.name.score < EXACT_NAME):
            dated = False
        return dated or self.document is Verdict.EXACT

    def probability(self) -> float:
        """The model's score: the logistic of :meth:`z`, capped at ``UNCORROBORATED_MAX``
        when nothing corroborates the name (see the module docstring)."""
        score = 1.0 / (1.0 + math.exp(-self.z()))
        return score if self.corroborated else min(score, UNCORROBORATED_MAX)

    def z(self) -> float:
        """The log-odds of the model (see the module docstring)."""
        fields = (
            DATE[self.date] + YEAR_ONLY * self.year_only + GENDER[self.gender]
            + NATIONALITY[self.nationality] + DOCUMENT[self.document]
        )  # fmt: skip
        return INTERCEPT + NAME * self.name.score + self.gate * fields


def _year_only(query: PersonQuery, candidate: PersonCandidate, date: DateVerdict) -> bool:
    """Whether a ``partial`` agreement goes no further than the year (one side knows only the
    year, or 1 January): one namesake in sixty shares it, against one in 20,000 for a day."""
    if date is not DateVerdict.PARTIAL or not query.date_of_birth or not candidate.date_of_birth:
        return False
    a, b = _precise(query.date_of_birth), _precise(candidate.date_of_birth)
    return a.month is None or b.month is None


def _placeholder(query: PersonQuery, candidate: PersonCandidate) -> bool:
    """Whether one side's date of birth is 1 January and the other's another known day: the
    placeholder of an unknown day met a real date, and only the year can agree."""
    a, b = query.date_of_birth, candidate.date_of_birth
    if not a or not b:
        return False

    def new_year(d: PartialDate) -> bool:
        return d.month == 1 and d.day == 1

    def known(d: PartialDate) -> bool:
        return d.day is not None and not new_year(d)

    return (new_year(a) and known(b)) or (new_year(b) and known(a))


def evidence(
    query: PersonQuery, candidate: PersonCandidate, *, weights: Mapping[str, float] | None = None
) -> Evidence:
    """Compare every field of a check (names, date of birth, gender, nationality, document)."""
    name = compare_names(
        [n.full for n in query.names], [n.full for n in candidate.names], weights=weights
    )
    date = compare_dates(
        query.date_of_birth, candidate.date_of_birth, uncertain=candidate.dob_uncertain
    )
    year_only = _year_only(query, candidate, date)
    gender, gender_detail = _gender_verdict(query, candidate, name)
    nationality, nationality_detail = _nationality_verdict(query, candidate)
    document, document_detail = _document_verdict(query, candidate)
    date_detail = (
        f"{query.date_of_birth} ~ {candidate.date_of_birth}"
        if date is not DateVerdict.NOT_COMPARED
        else ""
    )
    details = (date_detail, gender_detail, nationality_detail, document_detail)
    return Evidence(
        name, date, gender, nationality, document, details, year_only=year_only,
        placeholder=year_only and _placeholder(query, candidate),
    )  # fmt: skip


def best_possible(
    query: PersonQuery, candidate: PersonCandidate, *, name_bound: float = 1.0
) -> float:
    """The highest score the model could give this pair whatever the names, from the date of
    birth alone (cheap: no name comparison), or with the name score at most ``name_bound``
    (:func:`~clew.names.compare.name_score_bound`). Exact, not a heuristic: ``score_person``
    never exceeds it, so a caller may skip a candidate whose bound is below the possible-match
    threshold. A namesake born a decade apart, or "Ivan Petrov" for "Sergei Petrov", is settled
    without aligning the names.

    ``z`` is linear in the name score between the gate's corners (0.5, 0.8 and 1.0), so its
    maximum up to ``name_bound`` is at one of those corners or at the bound itself, with every
    other field at the best it can be for this pair (:func:`_best_others`).
    """
    return _best_z(_best_fields(query, candidate), name_bound)


def _best_fields(query: PersonQuery, candidate: PersonCandidate) -> float:
    """The most every field but the names can add to the pair's log-odds (past the gate)."""
    date = compare_dates(
        query.date_of_birth, candidate.date_of_birth, uncertain=candidate.dob_uncertain
    )
    return (
        DATE[date] + YEAR_ONLY * _year_only(query, candidate, date) + _best_others(query, candidate)
    )


def _best_z(fields: float, name_bound: float) -> float:
    """:func:`best_possible` from the other fields' best (:func:`_best_fields`)."""
    corners = [s for s in (GATE_LOW, GATE_HIGH, 1.0) if s < name_bound] + [min(name_bound, 1.0)]
    z = max(
        INTERCEPT + NAME * s + min(1.0, max(0.0, (s - GATE_LOW) / (GATE_HIGH - GATE_LOW))) * fields
        for s in corners
    )
    return 1.0 / (1.0 + math.exp(-z))


def _best_others(query: PersonQuery, candidate: PersonCandidate) -> float:
    """The most gender, nationality and document can add to the pair's log-odds whatever the
    names. Nationality and document do not depend on the names: their verdicts are exact here
    (a check of a name alone gets nothing from them). Gender does, through the genders the
    names imply, unless both sides state theirs."""
    if query.gender and candidate.gender:
        same = query.gender == candidate.gender
        gender = GENDER[Verdict.EXACT if same else Verdict.DIFFERENT]
    else:
        gender = max(GENDER.values())
    nationality, _ = _nationality_verdict(query, candidate)
    document, _ = _document_verdict(query, candidate)
    return gender + NATIONALITY[nationality] + DOCUMENT[document]


def could_reach(query: PersonQuery, candidate: PersonCandidate, threshold: float) -> bool:
    """Whether :func:`score_person` could score the pair at ``threshold`` or above: first from
    the date of birth alone, then with the names' cheap upper bound (the two are exact bounds,
    so a pair this rejects would never have reached the threshold)."""
    fields = _best_fields(query, candidate)  # the same for both bounds: read once
    if _best_z(fields, 1.0) < threshold:
        return False
    bound = name_score_bound([n.full for n in query.names], [n.full for n in candidate.names])
    return _best_z(fields, bound) >= threshold


def score_person(
    query: PersonQuery,
    candidate: PersonCandidate,
    *,
    thresholds: Thresholds | None = None,
    weights: Mapping[str, float] | None = None,
) -> Score:
    """Score one candidate for one query (the model in the module docstring). ``weights``
    (name-part skeleton to weight) is passed to the name comparison."""
    limits = thresholds or Thresholds()
    found = evidence(query, candidate, weights=weights)
    score = found.probability()
    date_detail, gender_detail, nationality_detail, document_detail = found.details
    items = [
        *_name_items(found.name, candidate),
        Explanation(Field.DATE_OF_BIRTH, found.date, date_detail),
        Explanation(Field.GENDER, found.gender, gender_detail),
        Explanation(Field.NATIONALITY, found.nationality, nationality_detail),
        Explanation(Field.DOCUMENT, found.document, document_detail),
    ]
    return Score(round(score, 4), limits.band(score), tuple(items), found.name)
