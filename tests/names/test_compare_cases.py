"""Golden cases for the name comparison: each says why two names must or must not match.

A name pair "matches" when, with the same date of birth on both sides, a check is a hit
(``scoring.score_person``): the name is then all that is compared. (A name alone is never a hit
since the model was refitted on namesake-dense worlds: it is a possible match at most, see
``clew.screening.scoring``.) A pair "does not match" when its names-only score
(``scoring.name_only``) stays below the default possible-match threshold and the same date of
birth does not make it a hit either. Cases that need a date of birth or a gender to be told
apart live in ``tests/screening/test_scoring_cases.py``.
"""

from __future__ import annotations

import pytest

from clew.names.compare import MatchKind, compare_names
from clew.screening.scoring import (
    Band,
    PersonCandidate,
    PersonQuery,
    Thresholds,
    name_only,
    score_person,
)

HIT = Thresholds().hit
POSSIBLE = Thresholds().possible

MATCH: list[tuple[str, str, MatchKind | None, str]] = [
    # transliteration from Cyrillic: the passport form and the other common romanisations
    (
        "Юлия Тимофеева",
        "IULIIA TIMOFEEVA",
        MatchKind.TRANSLITERATION,
        "ICAO 9303 (Russian passport since 2014)",
    ),
    ("Юлия Тимофеева", "Yulia Timofeeva", None, "common English spelling"),
    ("Юлия Тимофеева", "Yuliya Timofeyeva", None, "BGN/PCGN romanisation"),
    ("Юлия Тимофеева", "Julija Timofejewa", None, "German romanisation"),
    (
        "IULIIA TIMOFEEVA",
        "Yulia Timofeyeva",
        MatchKind.VARIANT,
        "two romanisations meet by skeleton",
    ),
    ("Дмитрий Щербаков", "DMITRII SHCHERBAKOV", MatchKind.TRANSLITERATION, "Щ as SHCH (ICAO)"),
    ("Дмитрий Щербаков", "DMITRII SHTERBAKOV", MatchKind.TRANSLITERATION, "Щ as SHT (Bulgarian)"),
    ("DMITRY SHCHERBAKOV", "Dimitar Shterbakov", None, "Latin SHCH and SHT meet by skeleton"),
    ("Стоян Христов", "STOYAN HRISTOV", MatchKind.TRANSLITERATION, "Bulgarian Х as H"),
    ("Олександр Шевченко", "OLEKSANDR SHEVCHENKO", MatchKind.TRANSLITERATION, "Ukrainian"),
    ("Новак Ђоковић", "NOVAK DJOKOVIC", MatchKind.TRANSLITERATION, "Serbian Ђ as DJ"),
    ("Novak Đoković", "Novak Djokovic", None, "Serbian Latin Đ as Dj"),
    ("Vojislav Šešelj", "VOJISLAV SHESHELJ", MatchKind.TRANSLITERATION, "Š as SH"),
    # Greek and Arabic
    (
        "Γεώργιος Παπαδόπουλος",
        "GEORGIOS PAPADOPOULOS",
        MatchKind.TRANSLITERATION,
        "Greek ICAO/ELOT",
    ),
    ("Χρήστος Παππάς", "Hristos Pappas", None, "Greek Χ as H"),
    ("محمد بن سلمان", "Mohammed bin Salman", MatchKind.CONSONANTS, "Arabic writes no short vowels"),
    ("Mohammed Al-Khatib", "Muhammad Al Khatib", None, "Arabic spelling variants"),
    ("Osama bin Laden", "Usama ibn Laden", None, "bin and ibn are one particle"),
    ("Bashar al-Assad", "Bachar el-Assad", None, "French spelling and the article el/al"),
    # Latin with diacritics, and the MRZ forms
    ("Hans Müller", "HANS MUELLER", MatchKind.TRANSLITERATION, "ICAO Ü as UE"),
    ("Hans Müller", "Hans Muller", MatchKind.TRANSLITERATION, "Ü with its dots dropped"),
    ("Jānis Bērziņš", "JANIS BERZINS", MatchKind.TRANSLITERATION, "Latvian diacritics in the MRZ"),
    ("Đặng Văn Lâm", "DANG VAN LAM", MatchKind.TRANSLITERATION, "Vietnamese đ as D"),
    ("İbrahim Şahin", "Ibrahim Sahin", MatchKind.TRANSLITERATION, "Turkish dotted İ and Ş"),
    ("Ștefan Popescu", "STEFAN POPESCU", MatchKind.TRANSLITERATION, "Romanian comma-below Ș"),
    ("Łukasz Wiśniewski", "LUKASZ WISNIEWSKI", MatchKind.TRANSLITERATION, "Polish Ł"),
    # order of parts
    ("HUNG NGUYEN VAN", "Nguyễn Văn Hùng", MatchKind.TRANSLITERATION, "family name first, MRZ"),
    ("IVANOV, Ivan", "Ivan Ivanov", MatchKind.EXACT, "the comma form SURNAME, Given"),
    ("Tóth Gábor", "Gabor Toth", None, "Hungarian family name first"),
    # equivalent given names across languages
    ("Oleksandr Kovalenko", "Aleksandr Kovalenko", MatchKind.EQUIVALENT, "Ukrainian and Russian"),
    ("Oleksandr Kovalenko", "Alexander Kovalenko", MatchKind.EQUIVALENT, "Ukrainian and English"),
    ("Aleksandar Petrović", "Alexander Petrovic", None, "Serbian and English"),
    (
        "Georgios Papadopoulos",
        "Giorgos Papadopoulos",
        MatchKind.EQUIVALENT,
        "Greek formal and familiar",
    ),
    ("Dimitrios Nikolaou", "Dimitris Nikolaou", MatchKind.EQUIVALENT, "Greek formal and familiar"),
    ("Ivan Horvat", "Jan Horvat", MatchKind.EQUIVALENT, "Ivan and Jan"),
    ("Mehmet Yilmaz", "Mohammed Yilmaz", MatchKind.EQUIVALENT, "Turkish and Arabic forms"),
    ("Volodymyr Bondarenko", "Vladimir Bondarenko", MatchKind.EQUIVALENT, "Ukrainian and Russian"),
    # missing middle names and patronymics
    ("Vladimir Vladimirovich Putin", "Vladimir Putin", MatchKind.MISSING, "patronymic left out"),
    ("Anna Maria Kowalska", "Anna Kowalska", MatchKind.MISSING, "second given name left out"),
    ("Nguyễn Văn Hùng", "Nguyễn Hùng", MatchKind.MISSING, "Vietnamese middle name left out"),
    ("N. Nazarbayev", "Nursultan Nazarbayev", MatchKind.INITIAL, "given name as an initial"),
    # typos and OCR
    ("Friedrich Lindenberg", "Fridrich Lindenberg", None, "one letter dropped"),
    ("Alexander Lukashenko", "Alexandr Lukashnko", None, "two letters dropped"),
    ("Donald Trump", "Donlad Trump", MatchKind.TYPO, "two letters swapped"),
    ("Ig0r Sech1n", "Igor Sechin", MatchKind.OCR, "digits read for letters"),
    ("Bernard Smith", "Bemard Smith", MatchKind.OCR, "rn read as m"),
    ("AlisherUsmanov", "Alisher Usmanov", MatchKind.JOINED, "parts written together"),
    ("Jean-Claude Juncker", "Jeanclaude Juncker", MatchKind.JOINED, "hyphenated name joined"),
    ("习近平", "Xi Jinping", None, "Chinese characters to pinyin syllables"),
]

NO_MATCH: list[tuple[str, str, str]] = [
    ("Sergey Ivanov", "Sergey Lavrov", "same given name, different surname"),
    ("Sergey Ivanov", "Pavel Ivanov", "same surname, different given name"),
    ("Nguyễn Văn Hùng", "Nguyễn Văn Long", "Vietnamese: only the given name tells them apart"),
    ("Ivan Petrov", "Maria Petrova", "siblings: other given name, the other sex's surname"),
    ("A. Nazarbayev", "Nursultan Nazarbayev", "the initial contradicts the given name"),
    ("Mohammed Ali", "Ali Hassan", "one very common part in common"),
    ("Chen Wei", "Chen Jie", "same Chinese surname, different given name"),
    ("高市早苗", "高石早苗", "other characters that romanise alike"),
    ("Walijan", "Walijan Abdul Ghafoor Haqqani", "one part against four is weak"),
    ("N. N.", "Nursultan Nazarbayev", "initials alone identify nobody"),
    ("Sergey Viktorovich Lavrov", "Sergey Borisovich Lavrov", "contradicting patronymics"),
    ("Olga Barynova", "Oleg Baranov", "different given names, surname only close"),
]

# Relatives: worth a look (they may be "possible"), never a hit on names alone; the other sex's
# form of the surname is no hit even with the same date of birth.
NOT_A_HIT: list[tuple[str, str, MatchKind, str]] = [
    ("Ivan Petrov", "Ivan Petrova", MatchKind.GENDERED, "the other sex's form of the surname"),
    ("Jānis Bērziņš", "Jānis Bērziņa", MatchKind.GENDERED, "Latvian male and female forms"),
    ("Jan Novák", "Jan Nováková", MatchKind.GENDERED, "Czech -ová"),
    ("Piotr Kowalski", "Piotr Kowalska", MatchKind.GENDERED, "Polish -ski/-ska"),
    ("Abdullah bin Omar al-Harbi", "Omar bin Abdullah al-Harbi", MatchKind.ROLE, "son and father"),
]


def _same_birth_date(query: str, record: str) -> Band:
    """The band of a check where the names are the only difference (same date of birth)."""
    born = "1985-03-07"
    return score_person(
        PersonQuery([query], date_of_birth=born), PersonCandidate([record], date_of_birth=born)
    ).band


@pytest.mark.parametrize(("query", "record", "kind", "why"), MATCH)
def test_must_match(query: str, record: str, kind: MatchKind | None, why: str) -> None:
    result = compare_names([query], [record])
    assert _same_birth_date(query, record) is Band.HIT, f"{why}: {result}"
    assert name_only(result.score) >= POSSIBLE, f"{why}: a possible match on the name alone"
    if kind is not None:
        assert kind in result.kinds, f"{why}: {result}"


@pytest.mark.parametrize(("query", "record", "why"), NO_MATCH)
def test_must_not_match(query: str, record: str, why: str) -> None:
    result = compare_names([query], [record])
    assert name_only(result.score) < POSSIBLE, f"{why}: {result}"
    assert _same_birth_date(query, record) is not Band.HIT, f"{why}: {result}"


@pytest.mark.parametrize(("query", "record", "kind", "why"), NOT_A_HIT)
def test_relatives_are_never_a_hit_on_names_alone(
    query: str, record: str, kind: MatchKind, why: str
) -> None:
    result = compare_names([query], [record])
    assert name_only(result.score) < HIT, f"{why}: {result}"
    if kind is MatchKind.GENDERED:  # the other sex, whatever the date of birth
        assert _same_birth_date(query, record) is not Band.HIT, f"{why}: {result}"
    assert kind in result.kinds, why


def test_vietnamese_names_that_fold_alike_are_flagged() -> None:
    """Hùng and Hưng fold to the same letters but are different names: never exact."""
    result = compare_names(["Nguyễn Văn Hùng"], ["Nguyễn Văn Hưng"])
    assert MatchKind.DIACRITICS in result.kinds
    assert result.score < compare_names(["Nguyễn Văn Hùng"], ["NGUYEN VAN HUNG"]).score


def test_the_best_name_of_several_wins() -> None:
    result = compare_names(["Ivan Ivanov"], ["Petr Sidorov", "Иван Иванов", "John Smith"])
    assert result.record_index == 1
    assert result.score > 0.95


def test_explanation_pairs_every_part() -> None:
    result = compare_names(["Vladimir Vladimirovich Putin"], ["Владимир Путин"])
    seen = {(m.query, m.record, m.kind) for m in result.matches}
    assert (("Vladimir",), ("Владимир",), MatchKind.TRANSLITERATION) in seen
    assert (("Putin",), ("Путин",), MatchKind.TRANSLITERATION) in seen
    assert (("Vladimirovich",), (), MatchKind.MISSING) in seen
    vladimir = next(m for m in result.matches if m.record == ("Владимир",))
    assert vladimir.record_latin == "VLADIMIR"


def test_empty_names_score_zero() -> None:
    assert compare_names([""], ["Ivan Ivanov"]).score == 0.0
    assert compare_names([], ["Ivan Ivanov"]).score == 0.0
    assert compare_names(["!!!"], ["???"]).score == 0.0


def test_rare_parts_can_weigh_more() -> None:
    """Frequencies from the index: a shared rare surname outweighs a shared common one."""
    plain = compare_names(["Ivan Zatulin"], ["Pyotr Zatulin"]).score
    weighted = compare_names(
        ["Ivan Zatulin"], ["Pyotr Zatulin"], weights={"zatulin": 3.0, "ivan": 0.5, "piotr": 0.5}
    ).score
    assert weighted > plain
