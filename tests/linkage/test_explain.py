"""A match in words: every language renders every field and verdict, falls back to English,
and says which reasons count for and against."""

from __future__ import annotations

import pytest

from clew.linkage import Field, Match, Reason, Strength, Verdict, explain, link
from clew.linkage.explain import LANGUAGES
from clew.linkage.model import LEVELS
from tests.linkage.factories import person


def _match() -> Match:
    (match,) = link(
        [person("a", "Юлия Тимофеева", dob="1985-03-07", identifiers={"passport": "AB123456"})],
        [person("b", "Yulia Timofeyeva", dob="1985-03-01", identifiers={"passport": "AB123456"},
                address="Lenina 5")],
    )  # fmt: skip
    return match


def test_english() -> None:
    text = explain(_match(), "en")
    assert text.startswith("strong match (")
    assert "date of birth: one-digit typo (1985-03-07 ~ 1985-03-01) — for" in text
    assert "identifier: same (passport: AB123456 = AB123456) — for" in text
    assert "address" not in text  # not compared: not said


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ("trùng khớp mạnh", "ngày sinh", "sai một chữ số", "số định danh", "ủng hộ")),
        ("lv", ("spēcīga atbilstība", "dzimšanas datums", "viena cipara kļūda", "par")),
        ("bg", ("силно съвпадение", "дата на раждане", "грешка в една цифра", "за")),
    ],
)
def test_other_languages(language: str, words: tuple[str, ...]) -> None:
    text = explain(_match(), language)
    for word in words:
        assert word in text, (word, text)


def test_unknown_language_is_english() -> None:
    assert explain(_match(), "xx") == explain(_match(), "en")


@pytest.mark.parametrize("language", ["vi", "lv", "bg"])
def test_every_field_and_verdict_is_translated(language: str) -> None:
    """Dates of birth are in screening's words (its phrases are checked there)."""
    for field, levels in LEVELS.items():
        for verdict in (*levels, Verdict.NOT_COMPARED):
            reason = Reason(field, verdict, "", weight=1.0)
            match = Match("a", "b", 0.9, Strength.STRONG, (reason,))
            english, text = explain(match, "en"), explain(match, language)
            for word in english.replace(":", " ").replace("(", " ").split():
                if field is not Field.BIRTH_DATE and len(word) > 3 and word.isalpha():
                    assert word not in text.split(), (field, verdict, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_verdict_renders(language: str) -> None:
    for field, levels in LEVELS.items():
        for verdict in levels:
            reason = Reason(field, verdict, "x ~ y", weight=-1.0)
            text = explain(Match("a", "b", 0.6, Strength.PROPOSED, (reason,)), language)
            assert "x ~ y" in text or verdict is Verdict.EXACT, (field, verdict, text)


def test_a_name_that_differs_lists_its_parts() -> None:
    (match,) = link([person("a", "Oleksandr Shevchenko", dob="1985-03-07")],
                    [person("b", "Alexander Shevchenko", dob="1985-03-07")])  # fmt: skip
    assert "Alexander ~ Oleksandr — equivalent given name" in explain(match)
    assert "against" not in explain(match)
