"""Pydantic errors as field errors a person can read."""

from __future__ import annotations

import pytest

from clew.errors import FieldError
from clew.interop.rows import SOURCE_LENGTH, ParsedRow, dotted, excerpt, validate_record


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("person", "names", 0, "family"), "names.0.family"),
        (("vehicle",), "record"),
        ((), "record"),
        (("document", "function-after[normalise(), str]", "number"), "number"),
        (("date_of_birth",), "date_of_birth"),
    ],
)
def test_dotted_drops_the_kind_tag_and_pydantic_steps(
    path: tuple[str | int, ...], expected: str
) -> None:
    assert dotted(path) == expected


CASES = [
    pytest.param(
        {"kind": "person", "names": [{"family": ""}]},
        [FieldError("names.0.family", "String should have at least 1 character")],
        id="nested field, no kind prefix",
    ),
    pytest.param(
        {"kind": "person", "names": [{"given": "A"}], "date_of_birth": "1975-02-30"},
        [FieldError("date_of_birth", "day 30 does not exist in 1975-02")],
        id="no 'Value error, ' in the message",
    ),
    pytest.param(
        {"kind": "vehicle"},
        [FieldError("record", "a vehicle needs a VIN or a plate")],
        id="a rule on the whole record",
    ),
    pytest.param(
        {"kind": "document", "number": "X1", "status": "lost"},
        [FieldError("issuing_country", "is required")],
        id="a missing field",
    ),
    pytest.param(
        {"kind": "boat"},
        [FieldError("kind", "is not one of document, firearm, person, vehicle")],
        id="an unknown kind",
    ),
    pytest.param(
        {}, [FieldError("kind", "is not one of document, firearm, person, vehicle")], id="no kind"
    ),
]


@pytest.mark.parametrize(("data", "errors"), CASES)
def test_validation_errors(data: dict[str, object], errors: list[FieldError]) -> None:
    assert validate_record(data) == (None, errors)


def test_errors_found_by_a_reader_come_first_and_are_not_repeated() -> None:
    data = {"kind": "person", "names": [], "gender": "?"}
    found = [FieldError("names", "a person needs a name")]
    record, errors = validate_record(data, found=found)
    assert record is None
    assert [e.field for e in errors] == ["names", "gender"]


def test_a_locator_names_the_source_field() -> None:
    data = {"kind": "person", "names": [{"given": "A"}], "nationalities": ["BG", "QQ"]}
    _, errors = validate_record(data, lambda path: ("nationality", f"value {path[1]}: "))
    assert errors == [
        FieldError(
            "nationality",
            "value 1: 'QQ' is not an ISO 3166 alpha-2 country code or a travel-document code",
        )
    ]


def test_a_good_record_has_no_errors() -> None:
    record, errors = validate_record({"kind": "vehicle", "plate": "ca 1234 ab"})
    assert errors == [] and record is not None and record.kind == "vehicle"
    assert ParsedRow(1, record).ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a  b\n c", "a b c"), ("x" * 80, "x" * 80), ("x" * 81, "x" * 79 + "…")],
)
def test_excerpt(text: str, expected: str) -> None:
    assert excerpt(text) == expected and len(excerpt(text)) <= SOURCE_LENGTH
