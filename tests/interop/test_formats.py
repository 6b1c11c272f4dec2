"""The registry of formats, and telling a file's format from its first bytes and its name."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.errors import ValidationError
from clew.interop.formats import FORMATS, detect_format, get_format
from clew.records.schemas import RecordCreate
from tests.interop.factories import document, person, public, vehicle, wanted


@pytest.mark.parametrize(
    ("filename", "first_bytes", "expected"),
    [
        ("export.csv", b"\xef\xbb\xbfkind;family_name\r\nperson;X", "csv"),
        ("watchlist.txt", b"kind,plate\n", "csv"),
        ("no-extension", b"Kind,plate\n", "csv"),
        ("notice.json", b'{\n  "forename": "ANNA",', "interpol"),
        ("red.json", b'{"_embedded": {"notices": []}}', "interpol"),
        ("list", b'  [{"name": "X"}]', "interpol"),
        ("entities.json", b'{"id": "p1", "schema": "Person", "properties": {}}\n{"id"', "ftm"),
        ("cut.bin", b'{"id": "p1", "schema": "Person", "properties": {"name": ["An', "ftm"),
        ("cut.json", b'{"id": "p1", "properties": {"notes": ["a very long', "ftm"),
        ("data.ijson", b"", "ftm"),
        ("data.jsonl", b"", "ftm"),
        ("mislabelled.csv", b'{"schema": "Vehicle", "properties": {}}', "ftm"),
        ("half-a-char.csv", b"kind,family_name\n\xd0", "csv"),
    ],
)
def test_detect_format(filename: str, first_bytes: bytes, expected: str) -> None:
    assert detect_format(filename, first_bytes) == expected


@pytest.mark.parametrize(("filename", "first_bytes"), [("photo.jpg", b"\xff\xd8\xff"), ("x", b"")])
def test_an_unknown_format_is_a_field_error(filename: str, first_bytes: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        detect_format(filename, first_bytes)
    assert caught.value.fields[0].field == "format"


def test_get_format() -> None:
    assert get_format(" CSV ").name == "csv"
    with pytest.raises(ValidationError):
        get_format("xml")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_reads_what_it_writes(name: str) -> None:
    fmt = FORMATS[name]
    records: list[RecordCreate] = [person(alert=wanted()), document(), vehicle()]
    out = io.StringIO()
    skipped = fmt.write([public(r, id=i) for i, r in enumerate(records, 1)], out)
    rows = list(fmt.read(io.StringIO(out.getvalue())))
    assert all(row.ok for row in rows)
    assert len(rows) + skipped == len(records)
    assert detect_format(f"export{fmt.extensions[0]}", out.getvalue().encode()[:4096]) == name


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.binary(max_size=200) | st.text().map(str.encode))
def test_detection_never_crashes(filename: str, first_bytes: bytes) -> None:
    try:
        assert detect_format(filename, first_bytes) in FORMATS
    except ValidationError as error:
        assert error.fields[0].field == "format"


def test_deep_json_is_not_a_crash() -> None:
    assert detect_format("x", b'{"a": ' + b"[" * 100_000) == "interpol"
