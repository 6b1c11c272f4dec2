"""Documents, MRZs, VINs and firearm serials compared with their usual confusions."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.identifiers import vin_check_digit
from clew.records.kinds import Gender
from clew.screening.documents import (
    MrzError,
    Verdict,
    compare_document_numbers,
    compare_firearms,
    compare_vins,
    parse_mrz,
)
from clew.synth.documents import Passport, mrz_td3

TODAY = date(2025, 6, 1)

# ICAO Doc 9303 specimens (Part 4, TD3; Part 5, TD1)
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "countries", "verdict", "why"),
    [
        ("AB1234567", "AB1234567", (None, None), Verdict.EXACT, "same number"),
        ("ab 123-4567", "AB1234567", (None, None), Verdict.EXACT, "spaces, dashes, case"),
        ("AB1234567", "A81234567", (None, None), Verdict.CLOSE, "B read as 8"),
        ("0B1234567", "OB1234567", (None, None), Verdict.CLOSE, "O read as 0"),
        ("AB12345I7", "AB1234517", (None, None), Verdict.CLOSE, "I read as 1"),
        ("AZ1234567", "A21234567", (None, None), Verdict.CLOSE, "Z read as 2"),
        ("AS1234567", "A51234567", (None, None), Verdict.CLOSE, "S read as 5"),
        ("AG1234567", "A61234567", (None, None), Verdict.CLOSE, "G read as 6"),
        ("AB1234567", "AB7654321", (None, None), Verdict.DIFFERENT, "another number"),
        ("AB1234567", "AB1234567", ("BG", "RO"), Verdict.DIFFERENT, "same number, other issuer"),
        ("AB1234567", "AB1234567", ("BG", "BGR"), Verdict.EXACT, "alpha-2 and alpha-3 agree"),
        ("AB1234567", "AB1234567", ("BG", None), Verdict.EXACT, "an unknown issuer"),
        ("", "AB1234567", (None, None), Verdict.NOT_COMPARED, "nothing to compare"),
    ],
)
def test_document_numbers(
    a: str, b: str, countries: tuple[str | None, str | None], verdict: Verdict, why: str
) -> None:
    found = compare_document_numbers(a, b, query_country=countries[0], record_country=countries[1])
    assert found.verdict is verdict, f"{why}: {found}"


def test_td3_specimen() -> None:
    mrz = parse_mrz(TD3, today=TODAY)
    assert (mrz.format, mrz.document_code, mrz.issuing_country) == ("TD3", "P", "UTO")
    assert (mrz.family, mrz.given, mrz.names) == ("ERIKSSON", "ANNA MARIA", "ANNA MARIA ERIKSSON")
    assert (mrz.number, mrz.nationality, mrz.sex) == ("L898902C3", "UTO", "female")
    assert (mrz.date_of_birth, mrz.expires_on) == ("1974-08-12", "2012-04-15")
    assert mrz.optional == "ZE184226B"
    assert mrz.valid and mrz.repairs == ()


def test_td1_specimen() -> None:
    mrz = parse_mrz("\n".join(TD1), today=TODAY)
    assert (mrz.format, mrz.document_code, mrz.number) == ("TD1", "I", "D23145890")
    assert (mrz.family, mrz.given, mrz.date_of_birth) == ("ERIKSSON", "ANNA MARIA", "1974-08-12")
    assert mrz.valid


def test_synthetic_passports_round_trip() -> None:
    """What ``clew.synth`` writes, ``parse_mrz`` reads back, with every check digit."""
    cases = [
        Passport("381234567", "BG", "Тимофеева", "Юлия", "BG", "1985-03", Gender.FEMALE,
                 date(2031, 4, 15)),
        Passport("C1234567", "VN", "Nguyễn", "Văn Hùng", "VN", "1990-11-02", Gender.MALE,
                 date(2029, 1, 1)),
        Passport("CFGH12345", "DE", "Müller", "Hans", "DE", "1961", Gender.MALE, date(2027, 5, 5)),
        Passport("AB1234567890", "LV", "Bērziņš", "Jānis", "LV", "1982-08-14", Gender.MALE,
                 date(2030, 8, 1)),
    ]  # fmt: skip
    expected = [
        ("TIMOFEEVA", "YULIA", "1985-03", "BG", "female", "381234567"),
        ("NGUYEN", "VAN HUNG", "1990-11-02", "VN", "male", "C1234567"),
        ("MUELLER", "HANS", "1961", "DE", "male", "CFGH12345"),
        ("BERZINS", "JANIS", "1982-08-14", "LV", "male", "AB1234567890"),
    ]
    for passport, (family, given_names, dob, nationality, sex, number) in zip(
        cases, expected, strict=True
    ):
        mrz = parse_mrz(mrz_td3(passport), today=TODAY)
        assert (mrz.family, mrz.given, mrz.date_of_birth) == (family, given_names, dob)
        assert (mrz.nationality, mrz.sex, mrz.number) == (nationality, sex, number)
        assert mrz.valid, mrz.checks


def test_a_wrong_check_digit_is_reported_not_raised() -> None:
    line2 = TD3[1][:19] + "3" + TD3[1][20:]  # date-of-birth check digit 2 -> 3
    mrz = parse_mrz((TD3[0], line2), today=TODAY)
    assert mrz.checks["date_of_birth"] is False
    assert not mrz.valid
    assert mrz.date_of_birth == "1974-08-12"


def test_letters_read_for_digits_in_numeric_fields_are_repaired() -> None:
    line2 = TD3[1][:13] + "74O8I22" + TD3[1][20:]  # O for 0, I for 1 in the date of birth
    mrz = parse_mrz((TD3[0], line2), today=TODAY)
    assert mrz.date_of_birth == "1974-08-12"
    assert mrz.checks["date_of_birth"]
    assert mrz.repairs == ("date_of_birth",)


def test_two_digit_years_of_birth_are_in_the_past() -> None:
    young = TD3[1][:13] + "100101" + "<" + TD3[1][20:]
    assert parse_mrz((TD3[0], young), today=TODAY).date_of_birth == "2010-01-01"
    old = TD3[1][:13] + "300101" + "<" + TD3[1][20:]
    assert parse_mrz((TD3[0], old), today=TODAY).date_of_birth == "1930-01-01"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "nothing"),
        ("P<UTO\nL898", "short lines"),
        (TD3[0] + "\n" + TD3[1] + "\n" + TD3[1], "three long lines"),
        (TD3[0].replace("<", "#") + "\n" + TD3[1], "a character an MRZ cannot hold"),
    ],
)
def test_unreadable_mrz(text: str, why: str) -> None:
    with pytest.raises(MrzError):
        parse_mrz(text, today=TODAY)


@given(st.text(max_size=100))
def test_parse_mrz_never_fails_otherwise(text: str) -> None:
    with contextlib.suppress(MrzError):
        parse_mrz(text, today=TODAY)


VIN = "1M8GDM9AXKP042788"  # the classic valid North American example


@pytest.mark.parametrize(
    ("a", "b", "verdict", "why"),
    [
        (VIN, VIN, Verdict.EXACT, "same VIN"),
        (VIN.lower(), VIN, Verdict.EXACT, "case"),
        ("1M8GDM9AXKPO42788", VIN, Verdict.EXACT, "O is never in a VIN: it is a 0"),
        ("IM8GDM9AXKP042788", VIN, Verdict.EXACT, "I is never in a VIN: it is a 1"),
        ("1M8GDM9AXKP042788".replace("8G", "BG"), VIN, Verdict.CLOSE, "B read as 8"),
        ("1M8GDM9AXKP042789", VIN, Verdict.DIFFERENT, "another vehicle"),
        ("1M8GDM9AX", VIN, Verdict.NOT_COMPARED, "too short to be a VIN"),
    ],
)
def test_vins(a: str, b: str, verdict: Verdict, why: str) -> None:
    assert compare_vins(a, b).verdict is verdict, why


def test_vin_check_digit_is_reported() -> None:
    assert vin_check_digit(VIN) == "X"
    assert compare_vins(VIN, VIN).check_digit_ok is True
    assert compare_vins("1M8GDM9A1KP042788", VIN).check_digit_ok is False


@pytest.mark.parametrize(
    ("query", "record", "verdict", "why"),
    [
        (("12AB34", "Glock", "17", "9mm"), ("1234", "GLOCK", "Glock 17", "9x19mm"),
         Verdict.EXACT, "NCIC: letters between digits ignored; same make, model, calibre"),
        (("AB1234", None, None, None), ("1234", "CZ", "75 B", "9×19mm"), Verdict.DIFFERENT,
         "NCIC: a letter prefix is significant"),
        (("1234C", "CZ", None, None), ("1234", "CZ", None, None), Verdict.DIFFERENT,
         "NCIC: a letter suffix is significant"),
        (("123456", "Zastava", "M70", "7.62x39"), ("123456", "Zastava Arms", "M70",
         "7.62×39mm"), Verdict.EXACT, "make written another way"),
        (("123456", "Glock", "17", "9mm"), ("123456", "Beretta", "92FS", "9×19mm"),
         Verdict.DIFFERENT, "same serial, different make: another gun"),
        (("123456", "Zastava", "M70", ".32 ACP"), ("123456", "Zastava", "M57",
         "7.62×25mm Tokarev"), Verdict.DIFFERENT, "different model and calibre"),
        (("12345B", "Walther", "PPK", None), ("123458", "Walther", "PPK", None), Verdict.CLOSE,
         "B read as 8"),
        (("S&W123", "Smith & Wesson", "Model 10", ".38 Special"), ("SW123", "S&W", "Model 10",
         ".38 spl"), Verdict.EXACT, "S&W and Smith & Wesson, .38 Special and .38 spl"),
    ],
)  # fmt: skip
def test_firearms(
    query: tuple[str, str | None, str | None, str | None],
    record: tuple[str, str | None, str | None, str | None],
    verdict: Verdict,
    why: str,
) -> None:
    found = compare_firearms(
        query[0], record[0], query_make=query[1], record_make=record[1], query_model=query[2],
        record_model=record[2], query_calibre=query[3], record_calibre=record[3],
    )  # fmt: skip
    assert found.verdict is verdict, f"{why}: {found}"


def test_firearm_details() -> None:
    found = compare_firearms("12AB34", "1234", query_make="Glock", record_make="Glock",
                             query_calibre="9 mm Luger", record_calibre="9×19mm")  # fmt: skip
    assert found.serial.verdict is Verdict.EXACT
    assert (found.make, found.model, found.calibre) == (
        Verdict.EXACT, Verdict.NOT_COMPARED, Verdict.EXACT,
    )  # fmt: skip
    assert compare_firearms("", "1234").verdict is Verdict.NOT_COMPARED
