"""The explanation of a check, in plain words, in each interface language."""

from __future__ import annotations

import pytest

from clew.names.compare import MatchKind
from clew.names.romanise import Script
from clew.screening.documents import Verdict
from clew.screening.explain import LANGUAGES, explain, explain_items
from clew.screening.explain import phrase as phrase_of
from clew.screening.scoring import (
    DateVerdict,
    PersonCandidate,
    PersonName,
    PersonQuery,
    score_person,
)

YULIA = PersonCandidate(
    [PersonName(given="Юлия", family="Тимофеева")], date_of_birth="1985-03-07", gender="female"
)


def _yulia(name: str = "Yulia TIMOFEEVA", dob: str = "1985-03-07") -> str:
    return explain(score_person(PersonQuery([name], date_of_birth=dob), YULIA), "en")


def test_english_reads_as_the_issue_asks() -> None:
    text = _yulia()
    assert "surname: Cyrillic Тимофеева transliterates to TIMOFEEVA — exact" in text
    assert "given name: Cyrillic Юлия transliterates to Yulia — exact" in text
    assert "date of birth: exact" in text
    assert "document: not compared" in text


def test_a_variant_against_a_cyrillic_record_is_a_transliteration_variant() -> None:
    text = _yulia("Julija Timofejewa")
    assert "surname: Тимофеева ~ Timofejewa — transliteration variant" in text


def test_differences_show_what_was_compared() -> None:
    text = _yulia(dob="1985-07-03")
    assert "date of birth: 1985-07-03 ~ 1985-03-07 — day and month swapped" in text


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("bg", ["фамилия: Тимофеева на кирилица се транслитерира като TIMOFEEVA — съвпада",
                "дата на раждане: съвпада", "документ: не е сравнено"]),
        ("vi", ["họ: Тимофеева (chữ Kirin) chuyển tự thành TIMOFEEVA — trùng khớp",
                "ngày sinh: trùng khớp", "giấy tờ: không so sánh"]),
        ("lv", ["uzvārds: kirilicā rakstītais Тимофеева transliterācijā ir TIMOFEEVA — sakrīt",
                "dzimšanas datums: sakrīt", "dokuments: nav salīdzināts"]),
    ],
)  # fmt: skip
def test_other_languages(language: str, phrases: list[str]) -> None:
    query = PersonQuery(["IULIIA TIMOFEEVA"], date_of_birth="1985-03-07")
    text = explain(score_person(query, YULIA), language)
    for phrase in phrases:
        assert phrase in text, text


def test_gender_words_are_translated() -> None:
    query = PersonQuery(["IULIIA TIMOFEEVA"], gender="male")
    items = explain_items(score_person(query, YULIA).items, "lv")
    assert "dzimums: vīrietis/sieviete — atšķiras" in items


def test_an_unknown_language_is_english() -> None:
    query = PersonQuery(["IULIIA TIMOFEEVA"])
    assert explain(score_person(query, YULIA), "xx") == explain(score_person(query, YULIA))


def test_every_language_has_every_phrase() -> None:
    wanted = (
        {str(kind) for kind in MatchKind}
        | {"date:" + str(v) for v in DateVerdict}
        | {str(v) for v in Verdict}
        | {Script.CYRILLIC, Script.GREEK, Script.ARABIC, Script.HEBREW, Script.LATIN}
        | {"surname", "given name", "gender", "male", "female", "implied"}
    )
    for key in wanted:
        english = phrase_of(key, "en")
        assert english, key
        for language in LANGUAGES[1:]:
            translated = phrase_of(key, language)
            assert translated and translated.strip(), (language, key)
            assert translated != english or english in ("VIN", "PageRank"), (language, key)


@pytest.mark.parametrize(
    ("language", "different"), [("en", "different"), ("bg", "различна"), ("lv", "atšķiras")]
)
def test_a_date_is_different_in_its_own_gender(language: str, different: str) -> None:
    """A context tells the date's ``different`` from a name's (feminine in Bulgarian)."""
    text = explain(score_person(PersonQuery(["IULIIA TIMOFEEVA"], date_of_birth="1950-01-01"),
                                YULIA), language)  # fmt: skip
    assert f"1950-01-01 ~ 1985-03-07 — {different}" in text
