"""National identity numbers with their real check digits, for the countries whose rule is
public and simple: Bulgaria's EGN, Romania's CNP, Spain's DNI and Turkey's T.C. Kimlik No.

The EGN and the CNP encode the date of birth and the sex, so they need a full date of birth;
for a partial one (or another country) there is no number.
"""

from __future__ import annotations

from clew.records.kinds import Gender
from clew.synth.dice import Dice

__all__ = ["NATIONAL_ID_COUNTRIES", "cnp", "dni", "egn", "national_id", "tc_kimlik"]

_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)
_CNP_WEIGHTS = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _full_date(date_of_birth: str) -> tuple[int, int, int] | None:
    parts = date_of_birth.split("-")
    if len(parts) != 3:
        return None
    year, month, day = (int(part) for part in parts)
    return year, month, day


def egn(dice: Dice, date_of_birth: str, gender: Gender) -> str | None:
    """Bulgaria: ``YYMMDD`` (month +40 after 1999, +20 before 1900), three digits whose last is
    even for a man and odd for a woman, and a check digit (weights 2 4 8 5 10 9 7 3 6, mod 11,
    10 counts as 0)."""
    full = _full_date(date_of_birth)
    if full is None:
        return None
    year, month, day = full
    month += 40 if year >= 2000 else 20 if year < 1900 else 0
    serial = dice.between(0, 99) * 10 + dice.pick((0, 2, 4, 6, 8))
    if gender is Gender.FEMALE:
        serial += 1
    body = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    check = sum(int(c) * w for c, w in zip(body, _EGN_WEIGHTS, strict=True)) % 11
    return body + str(check % 10)


def cnp(dice: Dice, date_of_birth: str, gender: Gender) -> str | None:
    """Romania: sex-and-century digit, ``YYMMDD``, county code,
    serial, and a check digit (weights 279146358279, mod 11, 10 counts as 1)."""
    full = _full_date(date_of_birth)
    if full is None:
        return None
    year, month, day = full
    first = {18: 3, 19: 1, 20: 5}.get(year // 100, 1) + (gender is Gender.FEMALE)
    county = dice.pick((*range(1, 47), 51, 52))
    body = f"{first}{year % 100:02d}{month:02d}{day:02d}{county:02d}{dice.between(1, 999):03d}"
    check = sum(int(c) * w for c, w in zip(body, _CNP_WEIGHTS, strict=True)) % 11
    return body + ("1" if check == 10 else str(check))


def dni(dice: Dice) -> str:
    """Spain: eight digits and the letter ``TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]``."""
    number = dice.between(1_000_000, 99_999_999)
    return f"{number:08d}{_DNI_LETTERS[number % 23]}"


def tc_kimlik(dice: Dice) -> str:
    """Turkey: eleven digits, the first not 0; the tenth is ``(7 x odd sum - even sum) mod 10``
    over the first nine, the eleventh the sum of the first ten mod 10."""
    digits = [dice.between(1, 9), *(dice.between(0, 9) for _ in range(8))]
    odd, even = sum(digits[0:9:2]), sum(digits[1:8:2])
    digits.append((odd * 7 - even) % 10)
    digits.append(sum(digits) % 10)
    return "".join(map(str, digits))


NATIONAL_ID_COUNTRIES = ("BG", "ES", "RO", "TR")


def national_id(dice: Dice, country: str, date_of_birth: str, gender: Gender) -> str | None:
    """A national identity number of ``country`` for this person, or ``None``."""
    if country == "BG":
        return egn(dice, date_of_birth, gender)
    if country == "RO":
        return cnp(dice, date_of_birth, gender)
    if country == "ES":
        return dni(dice)
    if country == "TR":
        return tc_kimlik(dice)
    return None
