"""FollowTheMoney entities: persons with their passports, documents and vehicles, both ways."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clew.interop.alerts import ARREST_ACTION
from clew.interop.ftm import read_ftm, write_ftm
from clew.interop.rows import SOURCE_LENGTH, ParsedRow
from clew.records.kinds import AlertCategory, NameKind
from clew.records.schemas import (
    DocumentCreate,
    PersonCreate,
    RecordCreate,
    VehicleCreate,
)
from tests.interop.factories import document, firearm, person, public, vehicle, wanted
from tests.interop.strategies import documents, name_lists, persons, vehicles


def entity(schema: str, id: str, **properties: Any) -> dict[str, Any]:
    listed = {k: v if isinstance(v, list) else [v] for k, v in properties.items()}
    return {"id": id, "schema": schema, "properties": listed}


def lines(*entities: dict[str, Any] | str) -> str:
    return "".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in entities)


def read(text: str) -> list[ParsedRow]:
    return list(read_ftm(io.StringIO(text)))


PETROV = entity(
    "Person", "ofac-12345",
    name=["Иван Петров", "Ivan Petrov"], firstName="Ivan", lastName="Petrov",
    alias="Vanya", weakAlias="The Bear", birthDate="1975-03-07", gender="male",
    nationality=["bg", "ru"], citizenship="bg", birthPlace="Plovdiv", birthCountry="bg",
    passportNumber="381234567", idNumber="7503071234", appearance="Wolf tattoo, left forearm",
    topics=["wanted", "crime.traffick.drug"], notes="Drug trafficking",
    sourceUrl="https://example.org/wanted/12345", height="180",
)  # fmt: skip
PASSPORT = entity(
    "Passport", "ofac-12345-pp", holder="ofac-12345", number="X1234567", country="bg",
    startDate="2015-01-01", endDate="2025-01-01",
)  # fmt: skip


def test_a_person_with_a_passport_further_down_the_file() -> None:
    rows = read(lines(PETROV, entity("Company", "c1", name="ACME Ltd"), PASSPORT))
    assert [(r.line, r.ok) for r in rows] == [(1, True), (2, False)]  # the passport: no own row
    record = rows[0].record
    assert isinstance(record, PersonCreate)
    assert [(n.kind, n.full, n.given, n.family) for n in record.names] == [
        (NameKind.PRIMARY, "Иван Петров", "Ivan", "Petrov"),
        (NameKind.LATIN, "Ivan Petrov", None, None),
        (NameKind.ALIAS, "Vanya", None, None),
        (NameKind.ALIAS, "The Bear", None, None),
    ]
    assert (record.date_of_birth, record.dob_uncertain, record.gender) == (
        "1975-03-07", False, "male",
    )  # fmt: skip
    assert record.nationalities == ["BG", "RU"]
    assert (record.place_of_birth, record.country_of_birth) == ("Plovdiv", "BG")
    assert [(i.type, i.number, i.country) for i in record.identifiers] == [
        ("passport", "381234567", None),
        ("national_id", "7503071234", None),
        ("passport", "X1234567", "BG"),
    ]
    assert record.distinguishing_marks == "Wolf tattoo, left forearm"
    assert record.alert is not None
    assert (record.alert.category, record.alert.action, record.alert.reason) == (
        AlertCategory.WANTED_FOR_ARREST, ARREST_ACTION, "Drug trafficking",
    )  # fmt: skip
    assert record.external_id == "ofac-12345"
    assert rows[1].errors[0].field == "schema" and "'Company' is not supported" in (
        rows[1].errors[0].message
    )


def test_a_passport_before_its_holder_is_attached_too() -> None:
    [row] = read(lines(PASSPORT, PETROV))
    assert row.line == 2 and isinstance(row.record, PersonCreate)
    assert row.record.identifiers[-1].number == "X1234567"


def test_without_the_topic_wanted_there_is_no_alert() -> None:
    [row] = read(lines(entity("Person", "p1", name="Anna Ozola", notes="Witness")))
    assert row.record is not None and row.record.alert is None


def test_several_birth_dates_keep_the_first_as_uncertain() -> None:
    [row] = read(lines(entity("Person", "p1", name="A", birthDate=["1975", "1976-05"])))
    assert isinstance(row.record, PersonCreate)
    assert (row.record.date_of_birth, row.record.dob_uncertain) == ("1975", True)


DOCUMENTS = [
    pytest.param(
        entity("Passport", "d1", holder="elsewhere", number="X1234567", country="lv",
               summary="Reported stolen in Riga", startDate="2019-06-01",
               surname="Ozola", givenName="Anna"),
        {"document_type": "passport", "number": "X1234567", "issuing_country": "LV",
         "status": "stolen", "issued_on": date(2019, 6, 1), "holder_name": "Anna Ozola"},
        id="passport of someone not in the file, status from the summary",
    ),
    pytest.param(
        entity("Identification", "d2", number="AB 123", country="zz", type="Driving license",
               namesMentioned="Jan Novak"),
        {"document_type": "driving_licence", "number": "AB123", "issuing_country": "XX",
         "status": "lost", "holder_name": "Jan Novak"},
        id="no status word: lost; FtM's global country is Clew's international",
    ),
    pytest.param(
        entity("Identification", "d3", number="B9", country="de", type="ID card",
               description="Blank stolen from the printing works"),
        {"document_type": "id_card", "status": "blank_stolen"},
        id="blank stolen is not read as stolen",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), DOCUMENTS)
def test_documents_without_a_person_in_the_file(
    line: dict[str, Any], expected: dict[str, object]
) -> None:
    [row] = read(lines(line))
    assert row.errors == [] and isinstance(row.record, DocumentCreate)
    dump = row.record.model_dump()
    assert {k: dump[k] for k in expected} == expected
    assert row.record.external_id == line["id"]


def test_a_vehicle_with_a_plate_and_a_vin() -> None:
    [row] = read(
        lines(
            entity(
                "Vehicle",
                "v1",
                registrationNumber=["CA 1234 AB", "WVWZZZ1JZXW000001"],
                country="bg",
                model="VW Golf",
                type="Passenger car",
                buildDate="1999-05-01",
                name="Blue Golf",
            )
        )
    )
    assert isinstance(row.record, VehicleCreate)
    fields = {"vin", "plate", "plate_country", "model", "year", "vehicle_type"}
    assert row.record.model_dump(include=fields) == {
        "vin": "WVWZZZ1JZXW000001", "plate": "CA1234AB", "plate_country": "BG",
        "model": "VW Golf", "year": 1999, "vehicle_type": "car",
    }  # fmt: skip


BAD = [
    pytest.param("not json", "line", "is not JSON", id="not JSON"),
    pytest.param("[1, 2]", "line", "is not an entity", id="not an object"),
    pytest.param('{"id": "x", "properties": {}}', "schema", "is missing", id="no schema"),
    pytest.param(entity("Persona", "x"), "schema", "is not a FollowTheMoney schema",
                 id="unknown schema"),
    pytest.param(entity("Company", "x", name="ACME"), "schema", "Clew reads Person, Passport",
                 id="unsupported schema"),
    pytest.param({"id": "x", "schema": "Person", "properties": {"name": [1]}},
                 "properties.name", "must be a list of text", id="a value not text"),
    pytest.param({"id": "x", "schema": "Person", "properties": []}, "properties",
                 "must be an object", id="properties not an object"),
    pytest.param(entity("Person", "x", gender="male"), "name", "a person needs a name",
                 id="person without a name"),
    pytest.param(entity("Person", "x", name="A", birthDate="1975-13"), "birthDate",
                 "month 13", id="birth date"),
    pytest.param(entity("Person", "x", name="A", nationality=["bg", "ge-ab"]), "nationality",
                 "value 2: 'GE-AB' is not", id="a region is not a country"),
    pytest.param(entity("Person", "x", name="A", passportNumber="X-1", idNumber="Ж7"),
                 "idNumber", "value 1 (number): may only hold", id="identifier number"),
    pytest.param(entity("Person", "x" * 101, name="A"), "id", "at most 100", id="long id"),
    pytest.param(entity("Person", "x", name="A", firstName="B" * 101), "firstName",
                 "at most 100", id="long first name"),
    pytest.param(entity("Passport", "x", number="X1"), "country", "is required",
                 id="document without a country"),
    pytest.param(entity("Passport", "x", country="bg"), "number", "is required",
                 id="document without a number"),
    pytest.param(entity("Passport", "x", number="X1", country="bg", endDate="2030"), "endDate",
                 "not a full date", id="partial expiry date"),
    pytest.param(entity("Identification", "x", number="X1", country="bg",
                        startDate="2020-01-01", endDate="2019-01-01"),
                 "endDate", "expires_on is before issued_on", id="expiry before issue"),
    pytest.param(entity("Vehicle", "x", model="Golf"), "registrationNumber",
                 "needs a VIN or a plate", id="vehicle without registration"),
    pytest.param(entity("Vehicle", "x", registrationNumber="A1", buildDate="1700"),
                 "buildDate", "greater than or equal to 1850", id="build year"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "field", "message"), BAD)
def test_bad_lines_name_the_line_and_the_property(
    line: dict[str, Any] | str, field: str, message: str
) -> None:
    ok = entity("Vehicle", "ok", registrationNumber="B1")
    rows = read(lines(ok, line, "", ok))
    assert [(r.line, r.ok) for r in rows] == [(1, True), (2, False), (4, True)]
    assert any(e.field == field and message in e.message for e in rows[1].errors), rows[1].errors


def test_errors_of_an_attached_passport_name_its_line() -> None:
    bad = entity("Passport", "pp", holder="ofac-12345", country="bg")
    [row] = read(lines(PETROV, "", bad))
    assert row.record is None
    assert [(e.field, e.message) for e in row.errors] == [
        ("identification", "Passport on line 3 (number): is required")
    ]


def test_a_stream_that_cannot_seek_is_read_too() -> None:
    class Pipe(io.StringIO):
        def seekable(self) -> bool:
            return False

    rows = list(read_ftm(Pipe(lines(PASSPORT, PETROV))))
    assert [r.line for r in rows] == [2] and rows[0].ok


def test_an_overlong_line_is_one_error_and_the_next_line_is_read() -> None:
    huge = json.dumps(entity("Person", "x", name="A", notes="n" * 1_100_000))
    rows = read(lines(huge, entity("Vehicle", "ok", registrationNumber="B1")))
    assert [(r.line, r.ok) for r in rows] == [(1, False), (2, True)]
    assert rows[0].errors[0].field == "line"


# --- writing ----------------------------------------------------------------------------------


def write(*records: RecordCreate) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    skipped = write_ftm([public(r, id=i) for i, r in enumerate(records, start=1)], out)
    return skipped, [json.loads(line) for line in out.getvalue().splitlines()]


def test_persons_are_written_with_one_entity_per_identifier() -> None:
    skipped, entities = write(
        person(identifiers=[{"number": "X1", "country": "BG"}, {"type": "national_id",
               "number": "75"}], nationalities=["BG", "XX"], alert=wanted("Fraud")),
    )  # fmt: skip
    assert skipped == 0
    assert entities == [
        {"id": "clew-1", "schema": "Person", "properties": {
            "name": ["Ivan Petrov"], "firstName": ["Ivan"], "lastName": ["Petrov"],
            "nationality": ["bg", "zz"], "topics": ["wanted"], "notes": ["Fraud"]}},
        {"id": "clew-1-id-1", "schema": "Passport", "properties": {
            "holder": ["clew-1"], "number": ["X1"], "country": ["bg"]}},
        {"id": "clew-1-id-2", "schema": "Identification", "properties": {
            "holder": ["clew-1"], "type": ["ID card"], "number": ["75"]}},
    ]  # fmt: skip


def test_firearms_are_skipped_and_counted() -> None:
    skipped, entities = write(firearm(), vehicle(), firearm())
    assert skipped == 2 and [e["schema"] for e in entities] == ["Vehicle"]


def test_what_ftm_cannot_carry() -> None:
    _, [car] = write(vehicle(make="VW", model="Golf", colour="blue"))
    assert car["properties"]["model"] == ["VW Golf"]
    assert "blue" not in json.dumps(car)
    _, [doc] = write(document(document_type="visa", status="blank_stolen"))
    assert doc["schema"] == "Identification"
    assert doc["properties"]["type"] == ["Visa"] and doc["properties"]["summary"] == [
        "blank stolen"
    ]


# --- properties -------------------------------------------------------------------------------


def _person_view(record: PersonCreate) -> dict[str, Any]:
    alert = record.alert
    wanted = alert is not None and alert.category is AlertCategory.WANTED_FOR_ARREST
    return {
        "names": [(n.kind, n.full, n.given, n.family) for n in record.names],
        "nationalities": list(dict.fromkeys(record.nationalities)),
        "alert": (alert.category, alert.reason) if wanted and alert else None,
        **record.model_dump(
            include={
                "date_of_birth", "gender", "place_of_birth", "country_of_birth", "identifiers",
                "distinguishing_marks",
            }
        ),
    }  # fmt: skip


def _view(record: RecordCreate | None) -> dict[str, Any]:
    if isinstance(record, PersonCreate):
        return _person_view(record)
    if isinstance(record, VehicleCreate):
        model = " ".join(p for p in (record.make, record.model) if p) or None
        fields = {"vin", "plate", "plate_country", "year", "vehicle_type"}
        return {"model": model, **record.model_dump(include=fields)}
    assert isinstance(record, DocumentCreate)
    return record.model_dump(exclude={"external_id", "visibility", "alert"})


def _distinct(names: list[Any]) -> bool:
    """FtM keeps a property's values as a set: names must differ to survive."""
    primary_and_latin = [n.full for n in names if n.kind is not NameKind.ALIAS]
    aliases = [n.full for n in names if n.kind is NameKind.ALIAS]
    return len(set(primary_and_latin)) == len(primary_and_latin) and len(set(aliases)) == len(
        aliases
    )


ftm_persons = persons(names=name_lists(primary_required=True).filter(_distinct))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ftm_persons, documents(), vehicles), max_size=4))
def test_round_trip(originals: list[RecordCreate]) -> None:
    out = io.StringIO()
    assert write_ftm([public(r, id=i) for i, r in enumerate(originals, 1)], out) == 0
    rows = read(out.getvalue())
    assert [r.errors for r in rows] == [[] for _ in originals]
    assert [_view(r.record) for r in rows] == [_view(r) for r in originals]
    assert [r.record.external_id for r in rows if r.record] == [
        f"clew-{i}" for i in range(1, len(originals) + 1)
    ]


values = st.lists(st.text(max_size=12), max_size=3) | st.text(max_size=12) | st.integers()
PROPERTIES = [
    "name", "firstName", "birthDate", "nationality", "holder", "number", "country", "startDate",
    "registrationNumber", "buildDate", "topics", "notes", "gender",
]  # fmt: skip
entities = st.fixed_dictionaries(
    {
        "schema": st.sampled_from(["Person", "Passport", "Identification", "Vehicle", "Thing"]),
        "properties": st.dictionaries(st.sampled_from(PROPERTIES), values, max_size=6),
    },
    optional={"id": st.sampled_from(["p1", "p2", "", 7]) | st.none()},
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(entities, max_size=5).map(lambda es: lines(*es))))
def test_no_input_crashes_the_reader(text: str) -> None:
    for row in read(text):
        assert row.record is not None or row.errors
        assert len(row.source) <= SOURCE_LENGTH


@pytest.mark.parametrize("seekable", [True, False])
def test_a_file_that_is_not_utf8_is_named_not_a_crash(seekable: bool) -> None:
    good = lines(entity("Vehicle", "ok", registrationNumber="B1")).encode()
    data = good * 3000 + b'{"id": "x", "schema": "Person", "properties": {"name": ["M\xfcller"]}}\n'

    class Stream(io.TextIOWrapper):
        def seekable(self) -> bool:
            return seekable

    rows = list(read_ftm(Stream(io.BytesIO(data), encoding="utf-8")))
    assert rows[0].ok
    assert rows[-1].record is None and rows[-1].errors[0].field == "file"
    assert "UTF-8" in rows[-1].errors[0].message
