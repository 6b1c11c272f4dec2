"""The search form of names: lower-case ASCII words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.names.fold import fold, tokens


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("Müller", "muller", "diacritics dropped (search form, not the passport form)"),
        ("  Anna   MARIA ", "anna maria", "case and white space"),
        ("O'Brien", "obrien", "apostrophe joins"),
        ("O’Brien", "obrien", "typographic apostrophe too"),
        ("Jean-Pierre", "jean pierre", "a hyphen separates words"),
        ("Шевченко", "shevchenko", "Cyrillic"),
        ("Nguyễn Văn Hùng", "nguyen van hung", "Vietnamese"),
        ("Γεώργιος", "georgios", "Greek"),
        ("Иван Smith", "ivan smith", "mixed scripts"),
        ("AB-123/45", "ab 123 45", "digits kept"),
        ("", "", "empty"),
        ("!!!", "", "nothing to keep"),
    ],
)
def test_golden_cases(text: str, expected: str, why: str) -> None:
    assert fold(text) == expected, why


def test_tokens() -> None:
    assert tokens("Nguyễn  Văn-Hùng") == ["nguyen", "van", "hung"]
    assert tokens("") == []


@given(st.text())
def test_fold_alphabet_and_idempotence(text: str) -> None:
    once = fold(text)
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", once), once
    assert fold(once) == once
