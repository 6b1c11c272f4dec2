"""CSV files: every row read or named as bad, never a crash, and export -> import is lossless."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clew.errors import FieldError
from clew.interop.csv_format import COLUMNS, EXPORT_COLUMNS, read_csv, write_csv
from clew.interop.rows import SOURCE_LENGTH, ParsedRow
from clew.records.kinds import AlertStatus
from clew.records.schemas import AlertIn, NameIn, PersonCreate, RecordCreate
from tests.interop.factories import (
    NOW,
    alert_public,
    document,
    exported,
    firearm,
    person,
    public,
    vehicle,
    wanted,
)
from tests.interop.strategies import records


def csv_text(
    *rows: dict[str, str], columns: tuple[str, ...] = COLUMNS, delimiter: str = ","
) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def parse(text: str) -> list[ParsedRow]:
    return list(read_csv(io.StringIO(text)))


def only(text: str) -> ParsedRow:
    rows = parse(text)
    assert len(rows) == 1, rows
    return rows[0]


def fields(row: ParsedRow) -> list[str]:
    return [e.field for e in row.errors]


PETROV = {
    "kind": "person",
    "external_id": "BG-2024-0042",
    "family_name": "Petrov",
    "given_names": "Ivan",
    "full_name_native": "Иван Петров",
    "latin_names": "Ivan Petrov|Iwan Petrow",
    "aliases": "Vanya",
    "date_of_birth": "07.03.1975",
    "dob_uncertain": "yes",
    "gender": "M",
    "nationalities": "BG, RU",
    "place_of_birth": "Plovdiv",
    "country_of_birth": "bg",
    "identifiers": "passport:381234567:BG|ID card:9001011234:BG|X77",
    "distinguishing_marks": "Tattoo of a wolf on the left forearm",
    "alert_category": "Wanted for arrest",
    "alert_action": "Arrest and inform BG-NCB",
    "alert_reason": "Drug trafficking",
    "handling_code": "h2",
    "alert_expires_on": "2030-12-31",
    "visibility": "except:RS",
}


# --- good rows --------------------------------------------------------------------------------


def test_a_person_row_fills_every_person_field() -> None:
    row = only(csv_text(PETROV))
    assert row.errors == [] and row.line == 2
    record = row.record
    assert isinstance(record, PersonCreate)
    assert [(n.kind, n.full, n.given, n.family) for n in record.names] == [
        ("primary", "Иван Петров", "Ivan", "Petrov"),
        ("latin", "Ivan Petrov", None, None),
        ("latin", "Iwan Petrow", None, None),
        ("alias", "Vanya", None, None),
    ]
    assert record.date_of_birth == "1975-03-07" and record.dob_uncertain
    assert record.gender == "male" and record.nationalities == ["BG", "RU"]
    assert record.country_of_birth == "BG"
    assert [(i.type, i.number, i.country) for i in record.identifiers] == [
        ("passport", "381234567", "BG"),
        ("national_id", "9001011234", "BG"),
        ("passport", "X77", None),
    ]
    assert record.alert == AlertIn(
        category="wanted_for_arrest",
        action="Arrest and inform BG-NCB",
        reason="Drug trafficking",
        handling_code="H2",
        expires_on=date(2030, 12, 31),
    )
    assert (record.visibility.mode, record.visibility.countries) == ("except", ["RS"])
    assert record.external_id == "BG-2024-0042"


GOOD = [
    pytest.param(
        {"kind": "document", "number": "x 123-45", "issuing_country": "LV", "status": "Stolen",
         "document_type": "ID card", "issued_on": "01.02.2020", "holder_name": "Anna Ozola"},
        {"number": "X12345", "status": "stolen", "document_type": "id_card",
         "issued_on": date(2020, 2, 1)},
        id="document: number normalised, day-first date, type and status spelt loosely",
    ),
    pytest.param(
        {"kind": "Vehicle", "vin": "wvwzzz1jzxw000001", "plate_country": "BG", "make": "VW",
         "model": "Golf", "year": "1999", "vehicle_type": "Lorry", "colour": "blue"},
        {"vin": "WVWZZZ1JZXW000001", "year": 1999, "vehicle_type": "truck", "plate": None},
        id="vehicle: VIN only, type synonym",
    ),
    pytest.param(
        {"kind": "firearm", "serial_number": "ab-123 45", "status": "trafficked",
         "firearm_type": "assault rifle", "calibre": "7.62x39", "make": "Zastava"},
        {"serial_number": "AB12345", "firearm_type": "assault_rifle", "calibre": "7.62x39"},
        id="firearm: serial normalised, type with a space",
    ),
    pytest.param(
        {"kind": "person", "latin_names": "Nguyen Van An"},
        {"names": [NameIn(full="Nguyen Van An", kind="latin")], "alert": None},
        id="person: only a Latin name, no alert",
    ),
    pytest.param(
        {"kind": "person", "full_name_native": "阮文安", "gender": "f", "dob_uncertain": "no"},
        {"names": [NameIn(full="阮文安")], "gender": "female", "dob_uncertain": False},
        id="person: a native-script name alone",
    ),
    pytest.param(
        {"kind": "person", "family_name": "Ozola", "visibility": "only: lv , bg",
         "identifiers": "X123:LV", "alert_category": "discreet check", "alert_action": "Report",
         "handling_code": "H3", "handling_note": "Do not pass on"},
        {"visibility": {"mode": "only", "countries": ["BG", "LV"]},
         "identifiers": [{"type": "passport", "number": "X123", "country": "LV"}]},
        id="person: visibility list with spaces, NUMBER:COUNTRY identifier, H3 with note",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "expected"), GOOD)
def test_good_rows(cells: dict[str, str], expected: dict[str, object]) -> None:
    row = only(csv_text(cells))
    assert row.errors == []
    assert row.record is not None
    dump = row.record.model_dump()
    for name, value in expected.items():
        want = value.model_dump() if isinstance(value, AlertIn) else value
        if isinstance(want, list):
            want = [v.model_dump() if isinstance(v, NameIn) else v for v in want]
        assert dump[name] == want, name


# --- bad rows ---------------------------------------------------------------------------------


BAD = [
    pytest.param({"kind": "", "family_name": "X"}, "kind", "is empty", id="no kind"),
    pytest.param({"kind": "boat"}, "kind", "'boat' is not one of person", id="unknown kind"),
    pytest.param({"kind": "person"}, "family_name", "a person needs a name", id="no name"),
    pytest.param({"kind": "person", "family_name": "X", "date_of_birth": "1975-13"},
                 "date_of_birth", "month 13 does not exist", id="impossible month"),
    pytest.param({"kind": "person", "family_name": "X", "nationalities": "BG|QQ"},
                 "nationalities", "item 2: 'QQ' is not an ISO 3166", id="second nationality"),
    pytest.param({"kind": "person", "family_name": "X", "latin_names": "A|" + "b" * 201},
                 "latin_names", "item 2: String should have at most 200", id="long Latin name"),
    pytest.param({"kind": "person", "family_name": "X", "identifiers": "passport:X1:ZZZ"},
                 "identifiers", "item 1 (country): 'ZZZ' is not", id="identifier country"),
    pytest.param({"kind": "person", "family_name": "X", "identifiers": "visa card:X1:BG"},
                 "identifiers", "item 1 (type): Input should be", id="identifier type"),
    pytest.param({"kind": "person", "family_name": "X", "gender": "yes"},
                 "gender", "Input should be 'male'", id="gender"),
    pytest.param({"kind": "person", "given_names": "X", "dob_uncertain": "maybe"},
                 "dob_uncertain", "valid boolean", id="boolean"),
    pytest.param({"kind": "person", "family_name": "X", "number": "X1"},
                 "number", "is not used for person records", id="column of another kind"),
    pytest.param({"kind": "document", "number": "X1", "issuing_country": "BG"},
                 "status", "is required", id="document without status"),
    pytest.param({"kind": "document", "number": "X1", "issuing_country": "BG",
                  "status": "stolen", "issued_on": "2020"},
                 "issued_on", "not a full date", id="partial date of issue"),
    pytest.param({"kind": "document", "number": "X1", "issuing_country": "BG",
                  "status": "stolen", "issued_on": "2020-05-01", "expires_on": "2019-05-01"},
                 "record", "expires_on is before issued_on", id="expiry before issue"),
    pytest.param({"kind": "document", "number": "Ж1", "issuing_country": "BG",
                  "status": "stolen"},
                 "number", "may only hold letters A-Z and digits", id="Cyrillic number"),
    pytest.param({"kind": "vehicle", "make": "VW"}, "record", "needs a VIN or a plate",
                 id="vehicle without VIN or plate"),
    pytest.param({"kind": "vehicle", "vin": "123"}, "vin", "must be 17 characters", id="VIN"),
    pytest.param({"kind": "vehicle", "plate": "A1", "year": "1799"}, "year",
                 "greater than or equal to 1850", id="year"),
    pytest.param({"kind": "firearm", "serial_number": "A1", "status": "misplaced"},
                 "status", "Input should be 'lost'", id="firearm status"),
    pytest.param({"kind": "firearm", "status": "lost"}, "serial_number", "is required",
                 id="firearm without serial"),
    pytest.param({"kind": "person", "family_name": "X", "alert_action": "Arrest"},
                 "alert_category", "is required", id="alert without category"),
    pytest.param({"kind": "person", "family_name": "X", "alert_category": "missing_person",
                  "alert_action": "Inform", "handling_code": "H3"},
                 "handling_note", "needs a handling note", id="H3 without note"),
    pytest.param({"kind": "person", "family_name": "X", "alert_category": "arrest",
                  "alert_action": "Inform"},
                 "alert_category", "Input should be 'wanted_for_arrest'", id="alert category"),
    pytest.param({"kind": "person", "family_name": "X", "alert_category": "missing_person",
                  "alert_action": "Inform", "alert_expires_on": "soon"},
                 "alert_expires_on", "not a full date", id="alert expiry"),
    pytest.param({"kind": "person", "family_name": "X", "visibility": "BG,LV"},
                 "visibility", "Input should be 'all', 'only' or 'except'", id="visibility mode"),
    pytest.param({"kind": "person", "family_name": "X", "visibility": "only"},
                 "visibility", "list the countries", id="visibility without countries"),
    pytest.param({"kind": "person", "family_name": "X", "external_id": "x" * 101},
                 "external_id", "at most 100 characters", id="external id too long"),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "field", "message"), BAD)
def test_bad_rows_name_the_line_and_the_column(
    cells: dict[str, str], field: str, message: str
) -> None:
    row = only(csv_text(cells))
    assert row.record is None
    assert row.line == 2
    assert any(e.field == field and message in e.message for e in row.errors), row.errors


def test_good_rows_after_bad_rows_still_parse() -> None:
    rows = parse(
        csv_text(
            {"kind": "person", "family_name": "Ok", "nationalities": "QQ"},
            {"kind": "vehicle"},
            {"kind": "person", "family_name": "Ozola"},
            {"kind": "firearm", "serial_number": "A1", "status": "lost"},
        )
    )
    assert [(r.line, r.record is not None, fields(r)) for r in rows] == [
        (2, False, ["nationalities"]),
        (3, False, ["record"]),
        (4, True, []),
        (5, True, []),
    ]


def test_every_error_of_a_row_is_reported_at_once() -> None:
    row = only(
        csv_text({"kind": "person", "date_of_birth": "x", "gender": "?", "nationalities": "QQ"})
    )
    assert sorted(fields(row)) == ["date_of_birth", "family_name", "gender", "nationalities"]


# --- the file ---------------------------------------------------------------------------------


def test_unknown_headers_are_named_once_and_no_row_is_read() -> None:
    text = "kind,famly_name,Given Names,shoe_size\nperson,Petrov,Ivan,44\nperson,X,Y,45\n"
    row = only(text)
    assert (row.line, row.record) == (1, None)
    assert len(row.errors) == 1 and row.errors[0].field == "header"
    assert "'famly_name', 'shoe_size'" in row.errors[0].message
    assert "given" not in row.errors[0].message


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("family_name,given_names", "no 'kind' column"),
        ("kind,plate,Plate", "repeated column 'plate'"),
    ],
)
def test_header_problems(header: str, message: str) -> None:
    row = only(header + "\nx,y,z\n")
    assert row.line == 1 and message in row.errors[0].message


def test_a_missing_column_is_named_as_missing_from_the_file() -> None:
    row = only("kind,number,status\ndocument,X1,lost\n")
    assert FieldError("issuing_country", "is required, and the file has no such column") in (
        row.errors
    )


def test_header_names_are_matched_loosely() -> None:
    row = only(" KIND ;Family Name;Given-Names;PLATE\nperson;Petrov;Ivan;\n")
    assert isinstance(row.record, PersonCreate) and row.record.names[0].full == "Ivan Petrov"


def test_bom_semicolons_quotes_and_line_breaks() -> None:
    text = (
        "\ufeffkind;family_name;distinguishing_marks;nationalities\r\n"
        '\r\nperson;"Petrov; Jr.";"Scar\r\non the chin";"BG;RO"\r\n'
        "\r\n"
        "person;Ozola;;LV\r\n"
    )
    rows = parse(text)
    assert [r.line for r in rows] == [3, 6]
    first = rows[0].record
    assert isinstance(first, PersonCreate)
    assert first.names[0].family == "Petrov; Jr."
    assert first.distinguishing_marks == "Scar\r\non the chin"
    assert first.nationalities == ["BG", "RO"]
    assert rows[1].ok


def test_tabs_are_sniffed_too() -> None:
    assert only("kind\tplate\nvehicle\tCA1234AB\n").ok


@pytest.mark.parametrize(
    ("row", "message"),
    [("person,Petrov,Ivan,extra", "has 4 cells, the header has 3"), ("person", "has 1 cells")],
)
def test_rows_with_too_many_or_too_few_cells(row: str, message: str) -> None:
    rows = parse(f"kind,family_name,given_names\n{row}\nperson,Ozola,Anna\n")
    assert rows[0].errors[0].field == "row" and message in rows[0].errors[0].message
    assert rows[1].ok and rows[1].line == 3


def test_blank_and_empty_cell_rows_are_skipped() -> None:
    rows = parse("kind,plate\n\n,\n  ,  \nvehicle,A1\n")
    assert [(r.line, r.ok) for r in rows] == [(5, True)]


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_an_empty_file_is_one_error(text: str) -> None:
    row = only(text)
    assert row.record is None and row.errors[0].field == "file"


def test_a_value_under_an_unnamed_column_is_an_error() -> None:
    rows = parse("kind,plate,\nvehicle,A1,\nvehicle,A2,oops\n")
    assert rows[0].ok
    assert rows[1].errors == [FieldError("column 3", "has a value but no column name")]


def test_an_overlong_row_ends_the_reading_with_an_error() -> None:
    huge = "\n".join(["A" * 1000] * 1200)  # a quoted field of 1.2 million characters
    rows = parse(f'kind,plate\nvehicle,B1\nvehicle,"{huge}"\nvehicle,B2\n')
    assert [r.line for r in rows] == [2, 3]
    assert rows[1].errors[0].field == "row"
    assert "the rest of the file is not read" in rows[1].errors[0].message


def test_the_source_excerpt_is_short() -> None:
    row = only(csv_text({"kind": "person", "family_name": "X" * 500}))
    assert 0 < len(row.source) <= SOURCE_LENGTH


# --- writing ----------------------------------------------------------------------------------


def write(*records: RecordCreate) -> str:
    out = io.StringIO()
    assert write_csv([public(r, id=i) for i, r in enumerate(records, start=1)], out) == 0
    return out.getvalue()


def test_the_export_header_is_id_owner_then_the_import_columns() -> None:
    header = next(csv.reader(io.StringIO(write())))
    assert tuple(header) == EXPORT_COLUMNS == ("id", "owner", *COLUMNS)


def test_export_then_import_gives_the_same_records() -> None:
    originals: list[RecordCreate] = [
        PersonCreate.model_validate(
            {"external_id": "BG-2024-0042",
             "names": [{"full": "Иван Петров", "given": "Ivan", "family": "Petrov"},
                       {"full": "Ivan Petrov", "kind": "latin"}],
             "alert": wanted(), "visibility": {"mode": "only", "countries": ["LV"]}}
        ),
        document(issued_on="2019-01-01", holder_name="=HYPERLINK(\"http://x\")"),
        vehicle(vin="WVWZZZ1JZXW000001", make="VW", year=1999),
        firearm(calibre="9mm", alert=wanted("-- stolen from a depot")),
    ]  # fmt: skip
    rows = parse(write(*originals))
    assert [r.errors for r in rows] == [[], [], [], []]
    assert [r.record.model_dump() for r in rows if r.record] == [exported(r) for r in originals]


def test_formula_cells_are_escaped_for_spreadsheets() -> None:
    text = write(document(holder_name='=HYPERLINK("http://evil")'))
    cells = dict(zip(*csv.reader(io.StringIO(text)), strict=True))
    assert cells["holder_name"] == '\'=HYPERLINK("http://evil")'


def test_the_export_carries_the_latest_active_alert() -> None:
    record = person()
    later = NOW.replace(year=2027)
    alerts = [
        alert_public(AlertIn(category="missing_person", action="A"), id=1),
        alert_public(AlertIn(category="discreet_check", action="B"), id=2, at=later),
        alert_public(
            AlertIn(category="wanted_for_arrest", action="C"), id=3, at=later.replace(year=2028),
            status=AlertStatus.CANCELLED,
        ),
    ]  # fmt: skip
    out = io.StringIO()
    write_csv([public(record, alerts=alerts)], out)
    row = only(out.getvalue())
    assert row.record is not None and row.record.alert is not None
    assert (row.record.alert.category, row.record.alert.action) == ("discreet_check", "B")


def test_a_record_seen_by_another_agency_exports_without_visibility() -> None:
    out = io.StringIO()
    write_csv([public(person()).model_copy(update={"visibility": None})], out)
    row = only(out.getvalue())
    assert row.record is not None and row.record.visibility.mode == "all"


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(records(), min_size=1, max_size=4))
def test_round_trip(originals: list[RecordCreate]) -> None:
    rows = parse(write(*originals))
    assert [r.errors for r in rows] == [[] for _ in originals]
    assert [r.record.model_dump() if r.record else None for r in rows] == [
        exported(r) for r in originals
    ]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_text_crashes_the_reader(text: str) -> None:
    for row in parse(text):
        assert isinstance(row, ParsedRow)
        assert row.record is not None or row.errors
        assert len(row.source) <= SOURCE_LENGTH


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(EXPORT_COLUMNS[3:]), min_size=1, max_size=8, unique=True),
    st.lists(
        st.tuples(
            st.sampled_from(["person", "document", "vehicle", "firearm", "?"]),
            st.lists(st.text(max_size=30), max_size=9),
        ),
        max_size=5,
    ),
    st.sampled_from([",", ";"]),
)
def test_no_row_crashes_the_reader(
    header: list[str], rows: list[tuple[str, list[str]]], delimiter: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["kind", *header])
    for kind, cells in rows:
        writer.writerow([kind, *cells])
    for row in parse(out.getvalue()):
        assert row.record is not None or row.errors


def test_a_file_that_is_not_utf8_is_named_not_a_crash() -> None:
    data = ("kind,family_name\nperson,Ozola\n" * 2000 + "person,Müller\n").encode("cp1252")
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    rows = list(read_csv(stream))
    assert rows[-1].record is None and rows[-1].errors[0].field == "file"
    assert "CSV UTF-8" in rows[-1].errors[0].message


def test_old_mac_line_ends_when_opened_with_newline_empty() -> None:
    data = b'kind;plate\rvehicle;A1\r\rvehicle;"B\r2"\rvehicle;C3\r'
    rows = list(read_csv(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")))
    assert [(r.line, r.ok) for r in rows] == [(2, True), (4, True), (6, True)]
