"""Outside spellings folded onto Clew's vocabulary."""

from __future__ import annotations

import pytest

from clew.interop.vocabulary import (
    document_status_in,
    document_type,
    document_type_token,
    full_date,
    gender_token,
    identifier_type_token,
    token,
    vehicle_kind,
)


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (token, " Wanted for-arrest ", "wanted_for_arrest"),
        (gender_token, "M", "male"),
        (gender_token, "Female", "female"),
        (gender_token, "U", "unknown"),
        (gender_token, "Yes", "yes"),  # left for validation to refuse
        (document_type_token, "Driving license", "driving_licence"),
        (document_type_token, "ID card", "id_card"),
        (document_type_token, "boarding pass", "boarding_pass"),
        (document_type, "Residence card", "residence_permit"),
        (document_type, "Boarding pass", "other"),
        (document_type, None, "other"),
        (identifier_type_token, "ID card", "national_id"),
        (identifier_type_token, "passport", "passport"),
        (identifier_type_token, "Visa", "other"),
        (identifier_type_token, "X1234", None),
        (vehicle_kind, "Lorry", "truck"),
        (vehicle_kind, "Bulk carrier", "other"),
    ],
)
def test_spellings(function: object, text: str | None, expected: str | None) -> None:
    assert callable(function)
    assert function(text) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Reported stolen in Riga",), "stolen"),
        (("Blank stolen from the printing works",), "blank_stolen"),
        (("stolen blanks",), "blank_stolen"),
        (("", "Forged data page"), "counterfeit"),
        (("REVOKED by issuer",), "revoked"),
        (("Invalidated",), "invalidated"),
        (("Lost at the airport",), "lost"),
        (("Stolenware",), None),  # a word, not a prefix
        ((), None),
    ],
)
def test_document_status_words(texts: tuple[str, ...], expected: str | None) -> None:
    assert document_status_in(*texts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2031-05-01", "2031-05-01"),
        ("01.05.2031", "2031-05-01"),
        ("2031/05/01", "2031-05-01"),
        ("2031-05-01T10:00:00Z", "2031-05-01"),
        ("2031-05", None),
        ("2031", None),
        ("soon", None),
        ("", None),
    ],
)
def test_full_dates(text: str, expected: str | None) -> None:
    assert full_date(text) == expected
