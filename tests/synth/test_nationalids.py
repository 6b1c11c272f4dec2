"""National identity numbers: each country's check digit, recomputed independently."""

from __future__ import annotations

import pytest

from clew.records.kinds import Gender
from clew.synth.dice import Dice
from clew.synth.nationalids import cnp, dni, egn, national_id, tc_kimlik


def egn_valid(number: str) -> bool:
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6)
    total = sum(int(d) * w for d, w in zip(number, weights, strict=False))
    return int(number[9]) == total % 11 % 10


def cnp_valid(number: str) -> bool:
    total = sum(int(d) * int(w) for d, w in zip(number, "279146358279", strict=False)) % 11
    return int(number[12]) == (1 if total == 10 else total)


def tc_valid(number: str) -> bool:
    d = [int(c) for c in number]
    tenth = (sum(d[0:9:2]) * 7 - sum(d[1:8:2])) % 10
    return d[0] != 0 and d[9] == tenth and d[10] == sum(d[:10]) % 10


@pytest.mark.parametrize(
    ("number", "valid"),
    [("12345678Z", True), ("00000000T", True), ("12345678A", False)],
)
def test_dni_letter_rule(number: str, valid: bool) -> None:
    assert ("TRWAGMYFPDXBNJZSQVHLCKE"[int(number[:8]) % 23] == number[8]) is valid


def test_tc_kimlik_known_example() -> None:
    assert tc_valid("10000000146")


@pytest.mark.parametrize(
    ("date_of_birth", "gender", "month"),
    [("1985-03-07", Gender.MALE, "03"), ("2005-03-07", Gender.FEMALE, "43"),
     ("1899-12-31", Gender.MALE, "32")],
)  # fmt: skip
def test_egn_encodes_the_date_and_sex(date_of_birth: str, gender: Gender, month: str) -> None:
    dice = Dice(1, "egn")
    for _ in range(50):
        number = egn(dice, date_of_birth, gender)
        assert number and len(number) == 10 and egn_valid(number)
        assert number[2:4] == month
        assert int(number[8]) % 2 == (gender is Gender.FEMALE)


def test_cnp_encodes_sex_and_century() -> None:
    dice = Dice(1, "cnp")
    for _ in range(50):
        male, female = cnp(dice, "1985-03-07", Gender.MALE), cnp(dice, "2003-12-01", Gender.FEMALE)
        assert male and female and cnp_valid(male) and cnp_valid(female)
        assert male[:7] == "1850307" and female[:7] == "6031201"


def test_other_numbers_are_valid() -> None:
    dice = Dice(1, "other")
    for _ in range(100):
        spanish, turkish = dni(dice), tc_kimlik(dice)
        assert "TRWAGMYFPDXBNJZSQVHLCKE"[int(spanish[:8]) % 23] == spanish[8]
        assert tc_valid(turkish)


def test_no_number_without_a_full_date_or_a_known_rule() -> None:
    dice = Dice(1, "none")
    assert national_id(dice, "BG", "1985-03", Gender.MALE) is None
    assert national_id(dice, "LV", "1985-03-07", Gender.MALE) is None
    assert national_id(dice, "ES", "1985", Gender.MALE)
