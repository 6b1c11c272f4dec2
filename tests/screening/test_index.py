"""The candidate index: finds persons by name parts (typos included), ranks by rarity and year
of birth, and follows inserts, updates and cancellations without a rebuild. It holds no object:
those are looked up in the database (tests/screening/test_object_lookups.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from clew.screening import index as index_module
from clew.screening.entries import AlertInfo, Entry
from clew.screening.index import CandidateIndex

ALERT = AlertInfo(1, "wanted_for_arrest", "Arrest", "H0", date(2031, 1, 1))


def entry(record_id: int, name: str, dob: str | None = None, **data: Any) -> Entry:
    body: dict[str, Any] = {"names": [{"full": name, "kind": "primary"}], **data}
    if dob:
        body["date_of_birth"] = dob
    return Entry(record_id, "person", name, 1, "BG-NCB", "BG", "all", frozenset(), body, ALERT)


def ids(found: list[Entry]) -> list[int]:
    return [e.record_id for e in found]


@pytest.fixture
def index() -> CandidateIndex:
    built = CandidateIndex()
    built.put_many(
        [entry(1, "Юлия Тимофеева", "1985-03-07"), entry(2, "Ivan Petrov", "1979-05-20"),
         entry(3, "Ivan Sidorov", "1960"), entry(4, "Maria Ivanova", "1990-01-02"),
         entry(5, "Ivan Petrov", "1950-02-02")]
    )  # fmt: skip
    return built


def test_a_passport_spelling_with_a_typo_finds_the_cyrillic_record(index: CandidateIndex) -> None:
    assert ids(index.person_candidates(["IULIIA TIMOFEVA"]))[:1] == [1]


def test_a_rare_part_outranks_a_common_one(index: CandidateIndex) -> None:
    assert ids(index.person_candidates(["Ivan Sidorov"]))[0] == 3


def test_the_year_of_birth_puts_the_right_namesake_first(index: CandidateIndex) -> None:
    assert ids(index.person_candidates(["Ivan Petrov"], birth_year=1950))[0] == 5
    assert ids(index.person_candidates(["Ivan Petrov"], birth_year=1979))[0] == 2


def test_inserts_updates_and_cancellations_apply_without_a_rebuild(
    index: CandidateIndex,
) -> None:
    index.put(entry(6, "Zebulon Quartermain", "1970-07-07"))
    assert ids(index.person_candidates(["Zebulon Quartermane"])) == [6]
    index.put(entry(6, "Zebulon Ashworth", "1970-07-07"))  # renamed
    assert ids(index.person_candidates(["Quartermain"])) == []
    assert ids(index.person_candidates(["Ashworth"])) == [6]
    index.remove(2)
    assert 2 not in ids(index.person_candidates(["Ivan Petrov"]))
    assert len(index) == 5
    index.compact()  # folding the live changes in changes nothing a caller sees
    assert ids(index.person_candidates(["Ashworth"])) == [6]
    assert 2 not in ids(index.person_candidates(["Ivan Petrov"]))


def test_a_large_delta_is_folded_in(index: CandidateIndex, monkeypatch: Any) -> None:
    monkeypatch.setattr(index_module, "DELTA_LIMIT", 10)
    for i in range(7, 30):
        index.put(entry(i, f"Person Number{chr(97 + i % 26)}x", "1980"))
    index.remove(8)
    found = ids(index.person_candidates(["Person"], limit=100))
    assert sorted(found) == [i for i in range(7, 30) if i != 8]


def test_objects_are_not_held_in_memory() -> None:
    built = CandidateIndex()
    passport = {"number": "AB1234567", "issuing_country": "BG"}
    with pytest.raises(ValueError, match="persons"):
        built.put(Entry(1, "document", "AB1234567", 1, "BG-NCB", "BG", "all", frozenset(),
                        passport, ALERT))  # fmt: skip
    assert len(built) == 0


def test_an_empty_index_finds_nothing() -> None:
    assert CandidateIndex().person_candidates(["Ivan Petrov"], birth_year=1980) == []


@pytest.mark.parametrize("birth_year", [None, 1971])
def test_a_query_touching_many_slots_finds_what_sorting_them_finds(
    monkeypatch: pytest.MonkeyPatch, birth_year: int | None
) -> None:
    """A common name touches a large share of the index: its slots are then found in one pass
    over the weights instead of sorted; the candidates and their order are the same."""
    built = CandidateIndex()
    given = ["Ivan", "Иван", "Ivans", "Jovan", "Ivana"]
    family = ["Petrov", "Petrova", "Petrovs", "Sidorov", "Ivanov", "Petrenko"]
    built.put_many(
        entry(n, f"{given[n % 5]} {family[n % 6]} {chr(65 + n % 26)}", f"{1950 + n % 40}-01-01")
        for n in range(1, 6001)
    )
    built.put(entry(6001, "Ivan Petrov Zyzzyx", "1971-01-01"))  # the last slot
    for n in range(1, 6001, 7):  # cancellations leave dead slots behind
        built.remove(n)
    queries = [["Ivan Petrov"], ["Ivans Petrovs"], ["Jovan Sidorov", "Ivan Ivanov"],
               ["Zebulon Ashworth"], ["Ivan Petrov Zyzzyx"]]  # fmt: skip

    def found(share: int) -> list[list[int]]:
        monkeypatch.setattr(index_module, "SORT_SHARE", share)
        return [ids(built.person_candidates(q, birth_year=birth_year)) for q in queries]

    sorted_ = found(10**9)  # always sorted
    passed = found(0)  # always one pass
    assert passed == sorted_
    assert len(sorted_[0]) == 100 and sorted_[3] == []
    assert sorted_[4][0] == 6001
