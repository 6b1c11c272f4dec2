"""Spelling variants: romanisations, skeleton keys, given-name equivalents, gendered surnames."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.names.compare import MatchKind, compare_parts
from clew.names.parts import analyse_part, split_name
from clew.names.romanise import romanisations
from clew.names.variants import (
    GIVEN_NAME_GROUPS,
    NICKNAMES,
    consonant_key,
    gendered_pair,
    given_name_groups,
    nickname_groups,
    skeleton,
    surname_gender,
)


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("Юлия", {"iuliia", "yuliya", "julija", "yulia"}, "ICAO, BGN/PCGN, German, Bulgarian"),
        ("Тимофеева", {"timofeeva", "timofeewa"}, "ICAO and German"),
        ("Щербаков", {"shcherbakov", "shterbakov", "schtscherbakow"}, "ICAO, Bulgarian, German"),
        ("Олександр", {"oleksandr"}, "Ukrainian"),
        ("Γεώργιος", {"georgios"}, "Greek ICAO"),
        ("Χρήστος", {"christos", "hristos"}, "Greek ICAO and as said"),
        ("Müller", {"mueller", "muller"}, "ICAO Ü and Ü dropped"),
        ("Šešelj", {"seselj", "sheshelj"}, "háček dropped and read as English"),
        ("محمد", {"mhmd"}, "Arabic: the letters written"),
        ("习近平", {"xijinping"}, "Chinese: pinyin syllables run together"),
    ],
)
def test_romanisations(text: str, expected: set[str], why: str) -> None:
    assert expected <= set(romanisations(text)), why


def test_romanisation_puts_the_passport_form_first() -> None:
    assert romanisations("Юлия")[0] == "iuliia"
    assert romanisations("Müller")[0] == "mueller"
    assert romanisations("") == ()
    assert romanisations("!!!") == ()


@pytest.mark.parametrize(
    ("spellings", "why"),
    [
        (("IULIIA", "Yuliya", "Yulia", "Julija", "Ioulia"), "Ю/Я and the doubled I"),
        (("TIMOFEEVA", "Timofeyeva", "Timofejewa"), "ЕЕ/EYE/EJE and W"),
        (("SHCHERBAKOV", "SHTERBAKOV", "Schtscherbakow", "Szczerbakow"), "Щ in four schemes"),
        (("Zelenskyy", "Zelensky", "Zelenskiy", "Zelenskii"), "the -ий ending"),
        (("Mohammed", "Mohamed", "MOHAMED"), "doubled consonants"),
        (("Djordje", "Dorde"), "Serbian Đ against ICAO"),
        (("Alexander", "Aleksander"), "x and ks"),
        (("Fatimah", "Fatima"), "a final h after a vowel"),
        (("Yevgeny", "Evgeny", "Evgenii"), "initial ye and the -ий ending"),
        (("Philip", "Filip"), "ph and f"),
        (("Youssef", "Yusef"), "French ou"),
    ],
)
def test_skeleton_brings_variants_together(spellings: tuple[str, ...], why: str) -> None:
    keys = {skeleton(s.lower()) for s in spellings}
    assert len(keys) == 1, f"{why}: {keys}"


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("ivan", "ivana", "a man's and a woman's name are kept apart"),
        ("hasan", "husein", "Hasan and Hussein are different names"),
        ("petrov", "petrova", "gendered forms are not spelling variants"),
    ],
)
def test_skeleton_keeps_names_apart(a: str, b: str, why: str) -> None:
    assert skeleton(a) != skeleton(b), why


def test_consonant_key() -> None:
    assert consonant_key("mohammed") == consonant_key("muhammad") == "mhmd"
    assert consonant_key("") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oleksandr", "Aleksandr"),
        ("Oleksandr", "Alexander"),
        ("Alexandre", "Aleksandar"),
        ("Georgios", "Giorgos"),
        ("George", "Georgi"),
        ("Dimitrios", "Dimitris"),
        ("Dmitry", "Dimitar"),
        ("Ivan", "Ioannis"),
        ("Jan", "John"),
        ("Juan", "Ivan"),
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Mehmet"),
        ("Yulia", "Julia"),
        ("Iuliia", "Julia"),
        ("Serhiy", "Sergei"),
        ("Volodymyr", "Vladimir"),
        ("Mykola", "Nikolai"),
        ("Pyotr", "Pierre"),
        ("Yusuf", "Joseph"),
    ],
)
def test_equivalent_given_names(a: str, b: str) -> None:
    assert analyse_part(a).groups & analyse_part(b).groups, f"{a} and {b}"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Alexander", "Alexandra"), ("Ivan", "Boris"), ("Yulia", "Yuri"), ("Maria", "Mario")],
)
def test_different_given_names(a: str, b: str) -> None:
    assert not analyse_part(a).groups & analyse_part(b).groups, f"{a} and {b}"


def test_nicknames_point_to_their_group() -> None:
    assert nickname_groups([skeleton("sasha")]) & given_name_groups([skeleton("aleksandr")])
    assert nickname_groups([skeleton("ivan")]) == frozenset()


def test_every_group_name_is_found_in_its_own_group() -> None:
    for number, line in enumerate(GIVEN_NAME_GROUPS):
        for name in line.split():
            assert number in given_name_groups([skeleton(name)]), name


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("petrov", "petrova"),
        ("ivanov", "ivanova"),
        ("timofeev", "timofeyeva"),
        ("berzins", "berzina"),
        ("kalnins", "kalnina"),
        ("alksnis", "alksne"),
        ("birznieks", "birzniece"),
        ("novak", "novakova"),
        ("svoboda", "svobodova"),
        ("kowalski", "kowalska"),
        ("zelenskyy", "zelenska"),
        ("tolstoy", "tolstaya"),
        ("papadopoulos", "papadopoulou"),
        ("kazlauskas", "kazlauskiene"),
        ("jonsson", "jonsdottir"),
    ],
)
def test_gendered_pairs(male: str, female: str) -> None:
    assert gendered_pair(male, female)
    assert gendered_pair(female, male)


@pytest.mark.parametrize(
    ("a", "b"),
    [("petrov", "ivanova"), ("smith", "smyth"), ("petrov", "petrov"), ("zelenskii", "zelenskyy")],
)
def test_not_gendered_pairs(a: str, b: str) -> None:
    assert not gendered_pair(a, b)


@pytest.mark.parametrize(
    ("surname", "stem", "gender"),
    [
        ("petrova", "petrov", "female"),
        ("petrov", "petrov", "male"),
        ("kowalski", "kovalsk", "male"),
        ("kowalska", "kovalsk", "female"),
        ("novakova", "novakov", "female"),
        ("kazlauskiene", "kazlausk", "female"),
        ("smith", "smit", None),
        ("nguyen", "nguen", None),
        ("eva", "eva", None),
        ("", "", None),
    ],
)
def test_surname_gender(surname: str, stem: str, gender: str | None) -> None:
    assert surname_gender(surname) == (stem, gender)


def test_surname_gender_works_from_any_script() -> None:
    assert analyse_part("Петрова").gender == "female"
    assert analyse_part("Nováková").gender == "female"
    assert analyse_part("Kowalski").gender == "male"


# --- properties -------------------------------------------------------------------------------

_NAMEISH = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCXYZ 0158-',.<ÄÖÜßäöüšžčćđłńęąėąāēīūņķļ"
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвжзийхцчшщъыьэюяЄІЇҐєіїґЂЈЉЊЋЏђјљњћџ"
        "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
        "ابتثجحخدذرسشصضطظعغفقكلمنهويةىءأإآ"
        "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳýỵỷỹ习近平金"
    ),
    max_size=30,
)


@given(_NAMEISH)
def test_romanisations_never_crash_and_hold_only_letters(text: str) -> None:
    for form in romanisations(text):
        assert re.fullmatch("[a-z]+", form), (text, form)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=20))
def test_skeleton_is_idempotent(form: str) -> None:
    once = skeleton(form)
    assert skeleton(once) == once
    assert re.fullmatch("[a-z]*", once)


@given(_NAMEISH)
def test_split_name_never_crashes_and_is_stable(text: str) -> None:
    parts = split_name(text)
    assert all(part and part.strip() == part for part in parts)
    assert split_name(" ".join(parts)) == parts
    for part in parts:
        analyse_part(part)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14))  # fmt: skip
def test_gendered_pair_is_symmetric(a: str, b: str) -> None:
    assert gendered_pair(a, b) == gendered_pair(b, a)


@given(_NAMEISH)
def test_romanising_a_romanisation_gives_it_back(text: str) -> None:
    """Every romanisation is already in its own passport form (idempotence)."""
    for form in romanisations(text):
        assert romanisations(form)[0] == form


@pytest.mark.parametrize(("familiar", "full"), sorted(NICKNAMES.items()))
def test_every_familiar_form_meets_its_full_name(familiar: str, full: str) -> None:
    """One case per entry of the hand-compiled table (see ``variants.NICKNAMES``)."""
    result = compare_parts(analyse_part(familiar.title()), analyse_part(full.title()))
    assert result is not None
    assert result[1] in (MatchKind.NICKNAME, MatchKind.EQUIVALENT, MatchKind.VARIANT)
