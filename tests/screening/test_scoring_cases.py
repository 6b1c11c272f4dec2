"""Golden cases for the person check: each says why it must be a hit, or must not be one.

The record is the watchlist person; the query is what the officer typed or scanned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from clew.identifiers import parse_partial_date
from clew.names.compare import MatchKind
from clew.screening.documents import Verdict
from clew.screening.scoring import (
    Band,
    DateVerdict,
    Field,
    Identifier,
    PersonCandidate,
    PersonName,
    PersonQuery,
    Thresholds,
    best_possible,
    compare_dates,
    score_person,
)


def record(
    given: str,
    family: str,
    dob: str | None = "1985-03-07",
    gender: str | None = None,
    *,
    nationalities: tuple[str, ...] = (),
    passport: str | None = None,
    uncertain: bool = False,
    aliases: tuple[str, ...] = (),
) -> PersonCandidate:
    names: list[str | PersonName] = [PersonName(given=given, family=family), *aliases]
    identifiers = [Identifier(passport, nationalities[0] if nationalities else None)] * bool(
        passport
    )
    return PersonCandidate(
        names, date_of_birth=dob, gender=gender, nationalities=nationalities,
        identifiers=identifiers, dob_uncertain=uncertain,
    )  # fmt: skip


@dataclass
class Case:
    why: str
    query: PersonQuery
    candidate: PersonCandidate
    band: Band | tuple[Band, ...]
    verdicts: dict[Field, object] = field(default_factory=dict)


def q(name: str, dob: str | None = None, gender: str | None = None, **kw: object) -> PersonQuery:
    return PersonQuery([name], date_of_birth=dob, gender=gender, **kw)  # type: ignore[arg-type]


YULIA = record("Юлия", "Тимофеева", "1985-03-07", "female", nationalities=("RU",))
HUNG = record("Văn Hùng", "Nguyễn", "1990-11-02", "male", nationalities=("VN",))
PETROV = record("Иван", "Петров", "1979-05-20", "male", nationalities=("BG",))
BERZINS = record("Jānis", "Bērziņš", "1982-08-14", "male", nationalities=("LV",))

HITS = [
    Case("the year of birth alone, beside a name that agrees in every part", q("IULIIA TIMOFEEVA",
         "1985"), YULIA, Band.HIT, {Field.DATE_OF_BIRTH: DateVerdict.PARTIAL}),
    Case("Cyrillic record, passport (ICAO) query", q("IULIIA TIMOFEEVA", "1985-03-07", "F"),
         YULIA, Band.HIT, {Field.DATE_OF_BIRTH: DateVerdict.EXACT, Field.GENDER: Verdict.EXACT}),
    Case("another romanisation", q("Yulia Timofeyeva", "1985-03-07"), YULIA, Band.HIT),
    Case("German romanisation", q("Julija Timofejewa", "1985-03-07"), YULIA, Band.HIT),
    Case("year and month only", q("IULIIA TIMOFEEVA", "1985-03"), YULIA, Band.HIT,
         {Field.DATE_OF_BIRTH: DateVerdict.PARTIAL}),
    Case("day and month swapped", q("IULIIA TIMOFEEVA", "1985-07-03"), YULIA, Band.HIT,
         {Field.DATE_OF_BIRTH: DateVerdict.SWAPPED}),
    Case("one digit mistyped", q("IULIIA TIMOFEEVA", "1985-03-17"), YULIA, Band.HIT,
         {Field.DATE_OF_BIRTH: DateVerdict.TYPO}),
    Case("written day first, as in Europe", q("IULIIA TIMOFEEVA", "07.03.1985"), YULIA, Band.HIT,
         {Field.DATE_OF_BIRTH: DateVerdict.EXACT}),
    Case("Vietnamese family name first, MRZ without diacritics", q("HUNG NGUYEN VAN", "1990-11-02"),
         HUNG, Band.HIT),
    Case("Vietnamese middle name left out", q("Nguyen Hung", "1990-11-02", "M"), HUNG, Band.HIT),
    Case("Ukrainian and Russian given names", q("Oleksandr Kovalenko", "1970-01-15"),
         record("Aleksandr", "Kovalenko", "1970-01-15"), Band.HIT),
    Case("Greek formal and familiar given names", q("Giorgos Papadopoulos", "1966-04-01"),
         record("Γεώργιος", "Παπαδόπουλος", "1966-04-01"), Band.HIT),
    Case("typo in the surname", q("Ivan Petorv", "1979-05-20"), PETROV, Band.HIT),
    Case("OCR confusions in an MRZ name", q("1VAN PETR0V", "1979-05-20"), PETROV, Band.HIT),
    Case("no date of birth, but the passport number agrees", q("IULIIA TIMOFEEVA",
         document=Identifier("751234567", "RU")),
         record("Юлия", "Тимофеева", "1985-03-07", "female", nationalities=("RU",),
                passport="751234567"),
         Band.HIT, {Field.DATE_OF_BIRTH: DateVerdict.NOT_COMPARED, Field.DOCUMENT: Verdict.EXACT}),
    Case("the passport number confirms a weaker name match",
         q("I. Petrov", "1979-05-20", document=Identifier("381234567", "BG")),
         record("Иван", "Петров", "1979-05-20", nationalities=("BG",), passport="381234567"),
         Band.HIT, {Field.DOCUMENT: Verdict.EXACT}),
    Case("Müller read from an MRZ", q("HANS MUELLER", "1961-02-02"),
         record("Hans", "Müller", "1961-02-02"), Band.HIT),
    Case("an alias matches", q("Sasha Ivanov", "1980-10-10"),
         record("Aleksandr", "Ivanov", "1980-10-10", aliases=("Sasha Ivanov",)), Band.HIT),
]  # fmt: skip

# Worth a look, not a hit: the name matches but nothing singles the person out among namesakes.
# These were hits before the model was refitted on namesake-dense worlds: in a million persons
# drawn from finite name books a full name has 11 namesakes on average, of the same gender and
# mostly the same nationality, and the commonest look-alike is born a year before or after.
# The issue asks that dates be weighed, not demanded: they stay visible as possible matches.
POSSIBLE = [
    Case("a 1 January date is a placeholder: the same year is all that agrees",
         q("Ivan Petrov", "1979-03-04"), record("Иван", "Петров", "1979-01-01", "male"),
         Band.POSSIBLE, {Field.DATE_OF_BIRTH: DateVerdict.PARTIAL}),
    Case("a surname one letter off with only the year: Petkov is another family",
         q("Ivan Petkov", "1979"), PETROV, (Band.POSSIBLE, Band.NO_MATCH)),
    Case("no date of birth: a name alone is shared by namesakes", q("IULIIA TIMOFEEVA"), YULIA,
         Band.POSSIBLE, {Field.DATE_OF_BIRTH: DateVerdict.NOT_COMPARED}),
    Case("no date of birth, gender and nationality agree: namesakes share them too",
         q("IULIIA TIMOFEEVA", None, "F", nationality="RU"), YULIA, Band.POSSIBLE),
    Case("a year off, everything else agrees: typed wrong, or a namesake born a year apart",
         q("IVAN PETROV", "1978-12-28", "M", nationality="BG"), PETROV, Band.POSSIBLE,
         {Field.DATE_OF_BIRTH: DateVerdict.NEAR}),
    Case("a passport number that differs does not corroborate (a namesake's own passport)",
         q("IULIIA TIMOFEEVA", document=Identifier("759999999", "RU")),
         record("Юлия", "Тимофеева", "1985-03-07", "female", nationalities=("RU",),
                passport="751234567"),
         (Band.POSSIBLE, Band.NO_MATCH), {Field.DOCUMENT: Verdict.DIFFERENT}),
]  # fmt: skip

NOT_HITS = [
    Case("Hùng and Hưng fold alike, and the dates of birth differ",
         q("Nguyễn Văn Hưng", "1961-06-30"), HUNG, Band.NO_MATCH,
         {Field.DATE_OF_BIRTH: DateVerdict.DIFFERENT}),
    Case("same name, clearly different date of birth", q("IULIIA TIMOFEEVA", "1962-10-21"), YULIA,
         Band.NO_MATCH, {Field.DATE_OF_BIRTH: DateVerdict.DIFFERENT}),
    Case("same name, two or three years apart", q("IULIIA TIMOFEEVA", "1988-09-21"), YULIA,
         (Band.NO_MATCH, Band.POSSIBLE), {Field.DATE_OF_BIRTH: DateVerdict.APART}),
    Case("Petrova is a woman, the record a man", q("Ivan Petrova", "1979-05-20", "F"), PETROV,
         Band.NO_MATCH, {Field.GENDER: Verdict.DIFFERENT}),
    Case("Petrova without a gender given: the surname says female", q("Ivanka Petrova"), PETROV,
         Band.NO_MATCH, {Field.GENDER: Verdict.DIFFERENT}),
    Case("Bērziņa is the female form", q("Jānis Bērziņa", "1982-08-14", "female"), BERZINS,
         Band.NO_MATCH, {Field.GENDER: Verdict.DIFFERENT}),
    Case("same surname, different given name", q("Dmitrii Timofeeva", "1985-03-07"), YULIA,
         Band.NO_MATCH),
    Case("same surname, different given name, same date", q("Maria Petrova", "1979-05-20", "F"),
         PETROV, Band.NO_MATCH),
    Case("explicit genders differ (same name and date: a data error is possible)",
         q("IULIIA TIMOFEEVA", "1985-03-07", "M"), YULIA, (Band.NO_MATCH, Band.POSSIBLE),
         {Field.GENDER: Verdict.DIFFERENT}),
    Case("different person altogether", q("John Smith", "1985-03-07"), YULIA, Band.NO_MATCH),
    Case("Vietnamese namesakes: Nguyễn and Văn are shared by millions, the given names differ",
         q("Nguyen Van An", "1985-05-05"), record("Văn Hải", "Nguyễn", "1985-03-05", "male"),
         Band.NO_MATCH),
    Case("Lê Văn: the given name Long is not Hải, whatever the date",
         q("Le Van Hai", "1990-01-02"), record("Văn Long", "Lê", "1990-01-02", "male"),
         Band.NO_MATCH),
    Case("an An is a name, not the Arabic article, in a Vietnamese name",
         q("Tran Thi An", "1991-07-08"), record("Thị Bình", "Trần", "1991-07-08", "female"),
         Band.NO_MATCH),
]  # fmt: skip


def _check(case: Case) -> None:
    result = score_person(case.query, case.candidate)
    bands = case.band if isinstance(case.band, tuple) else (case.band,)
    assert result.band in bands, f"{case.why}: {result}"
    for name, verdict in case.verdicts.items():
        assert result.verdict(name) == verdict, f"{case.why}: {result}"


@pytest.mark.parametrize("case", HITS, ids=[c.why for c in HITS])
def test_hits(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", POSSIBLE, ids=[c.why for c in POSSIBLE])
def test_possible_matches(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", NOT_HITS, ids=[c.why for c in NOT_HITS])
def test_not_hits(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize(
    ("a", "b", "verdict", "why"),
    [
        ("1985-03-07", "1985-03-07", DateVerdict.EXACT, "same day"),
        ("1985", "1985-03-07", DateVerdict.PARTIAL, "a year alone"),
        ("1985-03", "1985-03-07", DateVerdict.PARTIAL, "year and month"),
        ("1985", "1985", DateVerdict.PARTIAL, "two years alone agree, but only so far"),
        ("1985-03-07", "1985-07-03", DateVerdict.SWAPPED, "day and month swapped"),
        ("1985-03-07", "1985-03-08", DateVerdict.TYPO, "one digit"),
        ("1985-03-07", "1958-03-07", DateVerdict.TYPO, "two adjacent digits swapped"),
        ("1985-03-07", "1986-01-20", DateVerdict.NEAR, "within a year"),
        ("1985-03", "1984-11", DateVerdict.NEAR, "months within a year"),
        ("1985-01-01", "1985-06-15", DateVerdict.PARTIAL, "1 January stands for unknown"),
        ("1985-03-07", "1987-11-30", DateVerdict.APART, "two years apart"),
        ("1985-03-07", "1962-10-21", DateVerdict.DIFFERENT, "decades apart"),
        ("1985", "1990", DateVerdict.DIFFERENT, "years five apart"),
    ],
)
def test_compare_dates(a: str, b: str, verdict: DateVerdict, why: str) -> None:
    left, right = parse_partial_date(a), parse_partial_date(b)
    assert compare_dates(left, right) is verdict, why
    assert compare_dates(right, left) is verdict, f"{why} (reversed)"


def test_an_uncertain_date_of_birth_is_given_a_step_of_tolerance() -> None:
    a, b = parse_partial_date("1985-03-07"), parse_partial_date("1988-09-21")
    assert compare_dates(a, b) is DateVerdict.APART
    assert compare_dates(a, b, uncertain=True) is DateVerdict.NEAR
    far = parse_partial_date("1990-06-01")
    assert compare_dates(a, far, uncertain=True) is DateVerdict.APART
    assert compare_dates(None, b) is DateVerdict.NOT_COMPARED


def test_an_unreadable_date_is_not_compared() -> None:
    result = score_person(q("IULIIA TIMOFEEVA", "31/31/85"), YULIA)
    assert result.verdict(Field.DATE_OF_BIRTH) is DateVerdict.NOT_COMPARED


def test_thresholds_are_configurable() -> None:
    strict = Thresholds(hit=0.999, possible=0.99)
    result = score_person(q("Yulia Timofeeva", "1985-03-07"), YULIA, thresholds=strict)
    assert result.band is not Band.HIT
    assert score_person(q("Yulia Timofeeva", "1985-03-07"), YULIA).band is Band.HIT
    lenient = Thresholds(hit=0.7, possible=0.5)
    assert score_person(q("Yulia Timofeeva"), YULIA, thresholds=lenient).band is Band.HIT
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(hit=0.4, possible=0.6)


def test_the_score_orders_evidence_sensibly() -> None:
    """More agreeing evidence never lowers the score; disagreeing evidence lowers it."""
    name_only = score_person(q("IULIIA TIMOFEEVA"), YULIA).score
    with_dob = score_person(q("IULIIA TIMOFEEVA", "1985-03-07"), YULIA).score
    wrong_dob = score_person(q("IULIIA TIMOFEEVA", "1955-11-21"), YULIA).score
    assert wrong_dob < name_only < with_dob


def test_explanation_items_unpack_as_field_verdict_detail() -> None:
    result = score_person(q("IULIIA TIMOFEEVA", "1985-07-03"), YULIA)
    rows = [tuple(item) for item in result.items]
    assert (Field.DATE_OF_BIRTH, DateVerdict.SWAPPED, "1985-07-03 ~ 1985-03-07") in rows
    names = [item for item in result.items if item.field is Field.NAME]
    assert {item.role for item in names} == {"given name", "surname"}
    assert {item.verdict for item in names} == {MatchKind.TRANSLITERATION}


@pytest.mark.parametrize("case", HITS + POSSIBLE + NOT_HITS, ids=lambda c: c.why)
def test_the_bound_from_the_date_of_birth_is_never_below_the_score(case: Case) -> None:
    """``best_possible`` lets the matcher skip a candidate unscored: it must never undercut
    (the score is given to four places; the bound is exact, and meets it when nothing else
    about the pair is unknown)."""
    score = score_person(case.query, case.candidate).score
    assert best_possible(case.query, case.candidate) >= score - 0.00005


def test_a_namesake_born_decades_apart_is_settled_by_the_bound() -> None:
    assert best_possible(q("IULIIA TIMOFEEVA", "1955-11-21"), YULIA) < Thresholds().possible
    assert best_possible(q("IULIIA TIMOFEEVA", "1985"), YULIA) > Thresholds().hit
