"""One retrieval key for the national romanisations of a Cyrillic name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.names.romanisations import sound_key, sound_keys


@pytest.mark.parametrize(
    ("original", "spellings"),
    [
        ("Ющенко", ["YUSHCHENKO", "Juschtschenko", "Juszczenko", "Juščenko", "Iouchtchenko"]),
        ("Щербаков", ["SHCHERBAKOV", "Schtscherbakow", "Szczerbakow", "Ščerbakov", "Chtcherbakov"]),
        ("Жуков", ["ZHUKOV", "Schukow", "Żukow", "Žukov"]),
        ("Чайка", ["CHAIKA", "Tschaika", "Czajka", "Čajka", "Tchaika"]),
    ],
)
def test_national_romanisations_share_the_key_of_the_original(
    original: str, spellings: list[str]
) -> None:
    for spelling in spellings:
        assert sound_keys(original) & sound_keys(spelling), spelling


def test_different_names_keep_different_keys() -> None:
    assert not sound_keys("Шевченко") & sound_keys("Шевчук")
    assert not sound_keys("Петров") & sound_keys("Петраков")


@settings(deadline=None)  # a cold cache on a loaded machine is slow; no timing here
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=15))
def test_the_key_never_crashes_and_is_stable(form: str) -> None:
    assert sound_key(form) == sound_key(form)
    assert (sound_key(form) == "") == (form == "")
