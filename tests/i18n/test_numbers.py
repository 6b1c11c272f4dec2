"""Numbers in the interface language, and the count a counted noun agrees with."""

from __future__ import annotations

import pytest

from clew.i18n import speaking
from clew.i18n.numbers import agreement, written

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "value", "spec", "shown"),
    [
        ("en", 38_644.4, ",.2f", "38,644.40"),
        ("vi", 38_644.4, ",.2f", "38.644,40"),
        ("lv", 38_644.4, ",.2f", f"38{NBSP}644,40"),
        ("bg", 1_200_000, ",d", f"1{NBSP}200{NBSP}000"),
        ("bg", 2.5, "g", "2,5"),
        ("bg", 0.25, ".0%", "25%"),  # a share keeps its digits
        ("lv", "LV12 HABA", "s", "LV12 HABA"),  # text is text
    ],
)
def test_numbers_are_written_the_languages_way(
    language: str, value: float | str, spec: str, shown: str
) -> None:
    with speaking(language):
        assert written(value, spec) == shown


@pytest.mark.parametrize(
    ("language", "text", "count"),
    [
        ("en", "1", 1), ("en", "1.0", 2), ("en", "21", 21),
        ("bg", "21", 1), ("bg", "11", 11), ("bg", "1,5", 2), ("bg", f"1{NBSP}001", 1),
        ("lv", "2,1", 1), ("lv", "2,5", 5), ("lv", "1,0", 0), ("lv", "21", 21),
        ("vi", "x", 2),
    ],
)  # fmt: skip
def test_a_counted_noun_agrees_with_the_number_as_written(
    language: str, text: str, count: int
) -> None:
    with speaking(language):
        assert agreement(text) == count
