"""Blocking: identical entities always meet, each pass pairs what it should, kinds never
mix, and a list is not compared with itself entirely."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.linkage import Candidate
from clew.linkage.blocking import block_keys, candidate_pairs, dedupe_pairs
from clew.linkage.candidate import prepare
from tests.linkage.factories import person, thing
from tests.linkage.test_compare_properties import candidates


def _twin(candidate: Candidate, key: str) -> Candidate:
    return Candidate(
        key, candidate.kind, names=candidate.names, birth_date=candidate.birth_date,
        gender=candidate.gender, country=candidate.country, identifiers=candidate.identifiers,
        address=candidate.address, locality=candidate.locality, postcode=candidate.postcode,
        phones=candidate.phones,
    )  # fmt: skip


def _says_something(candidate: Candidate) -> bool:
    return bool(any(prepare(candidate).signature()[1:]))


@settings(max_examples=200, deadline=None)
@given(candidates(), st.lists(candidates(), max_size=6), st.integers(0, 6),
       st.sampled_from((0, 1, 20_000)))  # fmt: skip
def test_blocking_never_misses_an_identical_pair(
    item: Candidate, noise: list[Candidate], where: int, max_pairs: int
) -> None:
    """Even when every block is too large to compare (``max_pairs`` 0), two entities that say
    the same things are paired, by ``link``'s blocking and by ``dedupe``'s."""
    twin = _twin(item, "twin")
    others = [_twin(n, f"noise{i}") for i, n in enumerate(noise)]
    left = [prepare(c) for c in [*others[:where], item, *others[where:]]]
    right = [prepare(c) for c in [*others, twin]]
    i = left.index(next(p for p in left if p.key == "x"))
    j = len(right) - 1
    expected = _says_something(item)
    assert ((i, j) in candidate_pairs(left, right, max_pairs=max_pairs)) is expected
    both = [*left, right[j]]
    assert ((i, len(both) - 1) in dedupe_pairs(both, max_pairs=max_pairs)) is expected


def test_an_entity_that_says_nothing_meets_nobody() -> None:
    empty = [prepare(Candidate("a")), prepare(Candidate("b", names=["", "  "]))]
    assert block_keys(empty[0]) == set()
    assert dedupe_pairs(empty) == []


@pytest.mark.parametrize(
    ("why", "left", "right"),
    [
        ("full name in two scripts, nothing else",
         person("a", "Юлия Тимофеева"), person("b", "Timofeeva Yulia")),
        ("a typo in the surname, same year of birth",
         person("a", "Jonas Petraitis", dob="1985-03-07"),
         person("b", "Jonas Petraitsi", dob="1985-11-02")),
        ("a typo in the date of birth, same surname and postcode",
         person("a", "Jonas Petraitis", dob="1985-03-07", postcode="LT-01100"),
         person("b", "Jon Petraitis", dob="1958-03-07", postcode="LT 01100")),
        ("a shared document number, OCR confusion, names unrelated",
         person("a", "A B", identifiers={"passport": "O5123456"}),
         person("b", "C D", identifiers={"passport": "05123456"})),
        ("one phone number with and without the country code",
         thing("a", "phone", phones=["+371 2912 3456"]), thing("b", "phone", phones=["29123456"])),
        ("a full date of birth, names unrelated",
         person("a", "Ann Lee", dob="1985-03-07"), person("b", "Jo Park", dob="07.03.1985")),
    ],
)  # fmt: skip
def test_each_pass_pairs_what_it_should(why: str, left: Candidate, right: Candidate) -> None:
    assert candidate_pairs([prepare(left)], [prepare(right)]) == [(0, 0)], why


def test_kinds_never_mix() -> None:
    a = prepare(person("a", "Victor Bout", identifiers={"registration": "123456"}))
    b = prepare(thing("b", "organisation", names=["Victor Bout"],
                      identifiers={"registration": "123456"}))  # fmt: skip
    assert candidate_pairs([a], [b]) == []
    assert dedupe_pairs([a, b]) == []


_GIVEN = "Anna Ivan Maria Petr Jonas Elena Tomas Olga Marek Lucia"
_STEMS = "Nov Kow Pet Ber Sok Mar Hor Dvo"
_ENDINGS = "ak ski rov zins olov tin vat rak"


def test_blocking_is_far_from_the_cross_product() -> None:
    rng = random.Random(3)
    given_names = _GIVEN.split()
    surnames = [f"{a}{b}" for a in _STEMS.split() for b in _ENDINGS.split()]
    items = [
        prepare(person(f"p{i}", f"{rng.choice(given_names)} {rng.choice(surnames)}",
                       dob=f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-"
                       f"{rng.randint(1, 28):02d}", postcode=str(rng.randint(1000, 1400))))
        for i in range(2000)
    ]  # fmt: skip
    pairs = dedupe_pairs(items)
    assert len(pairs) < 0.01 * len(items) * (len(items) - 1) / 2
