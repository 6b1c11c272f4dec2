"""Retrieval keys: what a record is indexed under is what a query looks up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.names.search import search_keys


@pytest.mark.parametrize(
    ("record", "query", "why"),
    [
        ("محمد الخطيب", "Muhammad al-Khatib", "consonants across Arabic script and Latin"),
        ("Muhammad al-Khatib", "محمد الخطيب", "and the other way round"),
        ("عبد الرحمن", "Abdurrahman", "an Abd compound in one word and in three parts"),
        ("Abd al-Rahman", "Abdulrahman", "an Abd compound in Latin letters"),
        ("Шевченко", "Szewczenko", "a national romanisation several letters away"),
        ("Konstantinos", "Kostas", "a familiar form and its full name"),
        ("Oleksandr", "Alexander", "equivalent given names"),
    ],
)
def test_record_and_query_share_a_key(record: str, query: str, why: str) -> None:
    assert search_keys([record]) & search_keys([query]), why


def test_words_are_kept_and_nothing_is_added_for_a_plain_name() -> None:
    keys = search_keys(["Petrov"])
    assert "petrov" in keys
    # one consonant key (one posting, no deletion variants); no romanisation key, since
    # Petrov is written the same in every national scheme
    assert len(keys) == 2


def test_a_key_one_edit_from_a_word_is_not_added() -> None:
    """Within one edit, the index's deletion variants of the word meet it already."""
    assert not any(
        key.startswith("timofe") and key != "timofeeva" for key in search_keys(["Тимофеева"])
    )


def test_particles_and_empty_names_give_no_extra_keys() -> None:
    assert search_keys(["al"]) == {"al"}
    assert search_keys(["", "!!"]) == set()


@settings(deadline=None)  # a cold cache on a loaded machine is slow; no timing here
@given(st.lists(st.text(max_size=20), max_size=3))
def test_never_crashes_and_is_order_free(names: list[str]) -> None:
    assert search_keys(names) == search_keys(list(reversed(names)))
