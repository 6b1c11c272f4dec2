"""Golden cases across scripts and romanisations: each must be *found* by the candidate index
and *scored* as a match, or must not match, and says why.

Found: the record is among the first ten candidates of its query in an index that also holds
every other case's record and namesakes that share a part with it, when the query keeps only
the parts that the record does not spell the same way (``Juschtschenko`` alone for
``Viktor Juschtschenko`` against ``Виктор Ющенко``: a shared ``Viktor`` must not do the
finding). Scored: a possible match on the name alone, a hit with the same date of birth (the
name is then all that differs). Not matching: below "possible" on the name alone and no hit
with the same date of birth.
"""

from __future__ import annotations

from datetime import date

import pytest

from clew.names.compare import MatchKind
from clew.names.fold import fold
from clew.screening.entries import AlertInfo, Entry
from clew.screening.explain import explain
from clew.screening.index import CandidateIndex
from clew.screening.scoring import Band, PersonCandidate, PersonQuery, score_person

ALERT = AlertInfo(1, "wanted_for_arrest", "Arrest", "H0", date(2031, 1, 1))
BORN = "1979-06-14"

# (record, query, why)
MATCH: list[tuple[str, str, str]] = [
    # Arabic script against Latin letters, both ways: Arabic writes no short vowels
    ("يوسف حداد", "Youssef Haddad", "Arabic writes y-w-s-f and h-d-d; the Latin vowels vary"),
    ("يوسف حداد", "Yusuf Hadad", "the same consonants, the doubled d written once"),
    ("Yousef Haddad", "يوسف حداد", "an Arabic-script query finds a record in Latin letters"),
    ("عمر الفاروق", "Omar el-Farouk", "ع is not written in Latin; el- is the article al-"),
    ("عبد العزيز السعدي", "Abdulaziz Al-Saadi", "Abd al-Aziz written as one word"),
    ("عبد العزيز السعدي", "Abdel Aziz Saadi", "Abdel for Abd al-, the article left out"),
    ("Abdurrahman Qasim", "عبد الرحمن قاسم", "ur-R: the article assimilated to the sun letter"),
    ("جمشید کاظمی", "Jamshid Kazemi", "Persian letters ک and ی"),
    ("نوید چوہدری", "Naveed Chaudhry", "Urdu ہ and ی; the waw of Naveed read as a consonant"),
    # national romanisations of Cyrillic, several letters from the passport form
    ("Виктор Ющенко", "Viktor Juschtschenko", "German: Ю as JU, Щ as SCHTSCH"),
    ("Виктор Ющенко", "Wiktor Juszczenko", "Polish: В as W, Щ as SZCZ"),
    ("Виктор Ющенко", "Viktor Juščenko", "Czech and Latvian: Щ as ŠČ"),
    ("Виктор Ющенко", "Viktor Iouchtchenko", "French: Ю as IOU, Щ as CHTCH"),
    ("Олег Щербаков", "Oleg Schtscherbakow", "German: Щ as SCHTSCH, В as W"),
    ("Олег Щербаков", "Oleg Szczerbakow", "Polish: Щ as SZCZ"),
    ("Олег Щербаков", "Oleg Ščerbakov", "Czech: Щ as ŠČ"),
    ("Олег Щербаков", "Oleg Chtcherbakov", "French: Щ as CHTCH"),
    ("Павел Жуков", "Paweł Żukow", "Polish: Ж as Ż"),
    ("Павел Жуков", "Pavel Schukow", "German: Ж as SCH"),
    # familiar forms of given names
    ("Dimitrios Nikolaou", "Mitsos Nikolaou", "Mitsos is the familiar form of Dimitrios"),
    ("Athanasios Karras", "Thanasis Karras", "Thanasis is the familiar form of Athanasios"),
    ("Vladimir Sokolov", "Volodya Sokolov", "Volodya is the familiar form of Vladimir"),
    ("Yekaterina Orlova", "Katya Orlova", "Katya is the familiar form of Yekaterina"),
    ("Georgi Dimitrov", "Gosho Dimitrov", "Gosho is the Bulgarian familiar form of Georgi"),
    ("Konstantin Belov", "Kostya Belov", "Kostya is the familiar form of Konstantin"),
    ("Georgios Markopoulos", "Yiorgos Markopoulos", "Yiorgos: Georgios as it is said"),
]

NO_MATCH: list[tuple[str, str, str]] = [
    # Hassan against Hussein: Hasan and Husayn (its diminutive) are two names, borne by two
    # brothers; Arabic tells them apart by the ي of حسين, and so do their Latin spellings
    ("حسين الخطيب", "Hassan al-Khatib", "حسين writes the long i of Husayn; Hassan has none"),
    ("حسن الخطيب", "Hussein al-Khatib", "Hussein's ei is a long i that حسن does not write"),
    ("Hassan al-Khatib", "Hussein al-Khatib", "in Latin letters too: two names, not spellings"),
    ("محمد الخطيب", "Mahmoud al-Khatib", "Mahmoud's ou is the و of محمود, absent from محمد"),
    ("يوسف حداد", "Yunus Haddad", "Yusuf and Yunus: two names a letter apart"),
    ("Vasilis Georgiou", "Vangelis Georgiou", "familiar forms of two names"),
    ("Dimitrios Nikolaou", "Mitsos Papadakis", "a familiar form does not make up for a surname"),
    ("Тарас Шевчук", "Taras Shevchenko", "Shevchuk and Shevchenko: one root, two families"),
]

NAMESAKES = [
    "Youssef Khalil", "Omar Haddad", "Abdulaziz Karim", "Jamshid Rahimi", "Naveed Akhtar",
    "Viktor Petrenko", "Oleg Sokolov", "Pavel Orlov", "Dimitrios Papadakis", "Vladimir Belov",
    "Yekaterina Karras", "Georgi Nikolaou", "Konstantin Dimitrov", "Georgios Karras",
    "Athanasios Markopoulos", "Ali Haddad", "Qasim Saadi",
]  # fmt: skip


def _entry(record_id: int, name: str) -> Entry:
    body = {"names": [{"full": name, "kind": "primary"}], "date_of_birth": BORN}
    return Entry(record_id, "person", name, 1, "BG-NCB", "BG", "all", frozenset(), body, ALERT)


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    names = sorted({r for r, _, _ in MATCH + NO_MATCH} | set(NAMESAKES))
    built = CandidateIndex()
    built.put_many([_entry(number, name) for number, name in enumerate(names)])
    return built


def _found(index: CandidateIndex, query: str) -> list[str]:
    return [str(e.data["names"][0]["full"]) for e in index.person_candidates([query], limit=10)]


def _bands(query: str, record: str) -> tuple[Band, Band]:
    alone = score_person(PersonQuery([query]), PersonCandidate([record])).band
    dated = score_person(
        PersonQuery([query], date_of_birth=BORN), PersonCandidate([record], date_of_birth=BORN)
    ).band
    return alone, dated


def _differing(query: str, record: str) -> str:
    same = set(fold(record).split())
    return " ".join(word for word in query.split() if fold(word) not in same)


@pytest.mark.parametrize(("record", "query", "why"), MATCH, ids=[f"{c[0]} ~ {c[1]}" for c in MATCH])
def test_found(index: CandidateIndex, record: str, query: str, why: str) -> None:
    assert record in _found(index, _differing(query, record)), why


@pytest.mark.parametrize(("record", "query", "why"), MATCH, ids=[f"{c[0]} ~ {c[1]}" for c in MATCH])
def test_scored_as_a_match(record: str, query: str, why: str) -> None:
    assert _bands(query, record) == (Band.POSSIBLE, Band.HIT), why


@pytest.mark.parametrize(
    ("record", "query", "why"), NO_MATCH, ids=[f"{c[0]} ~ {c[1]}" for c in NO_MATCH]
)
def test_not_a_match(record: str, query: str, why: str) -> None:
    alone, dated = _bands(query, record)
    assert alone == Band.NO_MATCH, why
    assert dated != Band.HIT, why


def test_the_explanation_names_the_familiar_form() -> None:
    score = score_person(PersonQuery(["Mitsos Nikolaou"]), PersonCandidate(["Dimitrios Nikolaou"]))
    kinds = [item.match.kind for item in score.items if item.match is not None]
    assert MatchKind.NICKNAME in kinds
    assert "Mitsos — familiar form of Dimitrios" in explain(score)
    assert "Mitsos — умалително име на Dimitrios" in explain(score, "bg")
