"""INTERPOL red notices: the public API's shapes read, wanted persons written back."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clew.interop.alerts import ARREST_ACTION
from clew.interop.interpol import read_interpol, write_interpol
from clew.interop.rows import SOURCE_LENGTH, ParsedRow
from clew.records.kinds import AlertCategory, NameKind
from clew.records.schemas import PersonCreate, RecordCreate
from tests.interop.factories import document, person, public, wanted
from tests.interop.strategies import alerts, persons

# As served by https://ws-public.interpol.int/notices/v1/red/{id} (made-up person).
NOTICE: dict[str, Any] = {
    "arrest_warrants": [
        {"issuing_country_id": "AR", "charge": "Homicidio agravado", "charge_translation": None},
        {"issuing_country_id": "AR", "charge": "Robo con armas"},
    ],
    "weight": 82,
    "forename": "JUAN CARLOS",
    "date_of_birth": "1975",
    "entity_id": "2019/48213",
    "languages_spoken_ids": ["SPA", "ENG"],
    "nationalities": ["AR", "UY"],
    "height": 1.78,
    "sex_id": "M",
    "country_of_birth_id": "AR",
    "name": "FERNANDEZ GOMEZ",
    "distinguishing_marks": "Scar on the right cheek",
    "eyes_colors_id": ["BRO"],
    "hairs_id": ["BLA", "GRY"],
    "place_of_birth": "Rosario, Santa Fe",
    "_embedded": {"links": []},
    "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/red/2019-48213"}},
}


def read(document: object) -> list[ParsedRow]:
    return list(read_interpol(io.StringIO(json.dumps(document))))


def test_a_red_notice_becomes_a_wanted_person() -> None:
    [row] = read(NOTICE)
    assert row.errors == [] and row.line == 1
    record = row.record
    assert isinstance(record, PersonCreate)
    [name] = record.names
    assert (name.kind, name.given, name.family, name.full) == (
        NameKind.PRIMARY, "JUAN CARLOS", "FERNANDEZ GOMEZ", "JUAN CARLOS FERNANDEZ GOMEZ",
    )  # fmt: skip
    assert record.date_of_birth == "1975"
    assert (record.gender, record.nationalities) == ("male", ["AR", "UY"])
    assert (record.place_of_birth, record.country_of_birth) == ("Rosario, Santa Fe", "AR")
    assert record.external_id == "2019/48213"
    assert record.distinguishing_marks == (
        "Scar on the right cheek\nheight 1.78 m, weight 82 kg, eyes BRO, hair BLA/GRY"
    )
    assert record.alert is not None
    assert (record.alert.category, record.alert.action, record.alert.reason) == (
        AlertCategory.WANTED_FOR_ARREST, ARREST_ACTION, "Homicidio agravado; Robo con armas",
    )  # fmt: skip
    assert "2019/48213" in row.source


SUMMARY = {"forename": "ANNA", "name": "OZOLA", "date_of_birth": "1990/04/12", "entity_id": "1"}


@pytest.mark.parametrize(
    "document",
    [
        pytest.param([SUMMARY, NOTICE], id="a list of notices"),
        pytest.param({"total": 2, "_embedded": {"notices": [SUMMARY, NOTICE]}}, id="search API"),
    ],
)
def test_lists_and_search_results(document: object) -> None:
    rows = read(document)
    assert [(r.line, r.ok) for r in rows] == [(1, True), (2, True)]
    assert isinstance(rows[0].record, PersonCreate)
    assert rows[0].record.date_of_birth == "1990-04-12"
    assert rows[0].record.alert is not None and rows[0].record.alert.reason is None


BAD = [
    pytest.param({"forename": None, "name": ""}, "name", "needs a name or a forename",
                 id="no name"),
    pytest.param({"name": "X", "date_of_birth": "1975/13/01"}, "date_of_birth",
                 "month 13 does not exist", id="date of birth"),
    pytest.param({"name": "X", "sex_id": "Q"}, "sex_id", "Input should be 'male'", id="sex"),
    pytest.param({"name": "X", "nationalities": ["AR", "ARX"]}, "nationalities",
                 "item 2: 'ARX' is not", id="unknown three-letter nationality"),
    pytest.param({"name": "X", "nationalities": "AR,UY"}, "nationalities", "item 1: 'AR,UY'",
                 id="nationalities as one string"),
    pytest.param({"name": "X", "nationalities": [1]}, "nationalities", "must be a list",
                 id="nationality not text"),
    pytest.param({"name": ["X"]}, "name", "must be text", id="name not text"),
    pytest.param({"name": "X", "arrest_warrants": {"charge": "x"}}, "arrest_warrants",
                 "must be a list of objects", id="warrants not a list"),
    pytest.param({"name": "X", "arrest_warrants": [{"charge": 5}]}, "arrest_warrants",
                 "a charge must be text", id="charge not text"),
    pytest.param({"name": "X", "country_of_birth_id": "ZZZ"}, "country_of_birth_id",
                 "'ZZZ' is not", id="country of birth"),
    pytest.param({"name": "X", "entity_id": "x" * 101}, "entity_id", "at most 100",
                 id="entity id"),
    pytest.param({"name": "X" * 101}, "name", "at most 100 characters", id="long name"),
    pytest.param({"forename": "X" * 101, "name": "Y"}, "forename", "at most 100",
                 id="long forename"),
]  # fmt: skip


@pytest.mark.parametrize(("notice", "field", "message"), BAD)
def test_bad_notices_name_the_field(notice: dict[str, Any], field: str, message: str) -> None:
    rows = read([SUMMARY, notice, SUMMARY])
    assert [r.ok for r in rows] == [True, False, True]
    assert rows[1].line == 2
    assert any(e.field == field and message in e.message for e in rows[1].errors), rows[1].errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "X",', "is not JSON: Expecting"),
        ("42", "is not a notice"),
        ('{"_embedded": {"notices": 3}}', "is not a notice"),
        ("[" * 100_000, "is not JSON"),
    ],
)
def test_a_file_that_is_not_notices_is_one_error(text: str, message: str) -> None:
    [row] = list(read_interpol(io.StringIO(text)))
    assert row.record is None and row.errors[0].field == "file"
    assert message in row.errors[0].message


def test_an_item_that_is_not_an_object() -> None:
    rows = read([SUMMARY, "OZOLA"])
    assert rows[1].errors[0].field == "notice"


def test_a_very_long_charge_is_cut_not_refused() -> None:
    [row] = read({"name": "X", "arrest_warrants": [{"charge": "fraud " * 400}]})
    assert row.record is not None and row.record.alert is not None
    reason = row.record.alert.reason
    assert reason is not None and len(reason) == 1000 and reason.endswith("…")


# --- writing ----------------------------------------------------------------------------------


def written(*records: RecordCreate) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    skipped = write_interpol([public(r, id=i) for i, r in enumerate(records, 1)], out)
    return skipped, json.loads(out.getvalue())


def test_only_wanted_persons_are_written_as_red_notices() -> None:
    skipped, notices = written(
        person(alert=wanted("Fraud"), date_of_birth="1980-02", gender="female"),
        person(alert={"category": "missing_person", "action": "Inform"}),
        person(),
        document(alert=wanted()),
    )
    assert skipped == 3
    assert notices == [
        {
            "entity_id": None,
            "name": "Petrov",
            "forename": "Ivan",
            "date_of_birth": "1980/02",
            "sex_id": "F",
            "nationalities": [],
            "place_of_birth": None,
            "country_of_birth_id": None,
            "distinguishing_marks": None,
            "arrest_warrants": [{"issuing_country_id": "BG", "charge": "Fraud"}],
        }
    ]


def test_nothing_to_write_is_an_empty_list() -> None:
    assert written() == (0, [])


def _view(record: PersonCreate) -> dict[str, Any]:
    """What a red notice carries of a person."""
    name = next((n for n in record.names if n.kind is NameKind.PRIMARY), record.names[0])
    family, given = (name.family, name.given) if name.family or name.given else (name.full, None)
    assert record.alert is not None
    return {
        "name": (given, family),
        "alert": (record.alert.category, record.alert.reason),
        **record.model_dump(
            include={
                "external_id", "date_of_birth", "gender", "nationalities", "place_of_birth",
                "country_of_birth", "distinguishing_marks",
            }
        ),
    }  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(persons(alert=alerts(category=AlertCategory.WANTED_FOR_ARREST)), max_size=3))
def test_round_trip(originals: list[PersonCreate]) -> None:
    out = io.StringIO()
    assert write_interpol([public(r, id=i) for i, r in enumerate(originals, 1)], out) == 0
    rows = list(read_interpol(io.StringIO(out.getvalue())))
    assert [r.errors for r in rows] == [[] for _ in originals]
    back = [r.record for r in rows]
    assert all(isinstance(r, PersonCreate) for r in back)
    assert [_view(r) for r in back if isinstance(r, PersonCreate)] == [_view(r) for r in originals]
    assert all(r.alert and r.alert.action == ARREST_ACTION for r in back if r)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
notices = st.dictionaries(st.sampled_from(sorted(NOTICE)), json_values, max_size=8)


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(), notices.map(json.dumps), st.lists(notices, max_size=3).map(json.dumps)))
def test_no_input_crashes_the_reader(text: str) -> None:
    for row in read_interpol(io.StringIO(text)):
        assert row.record is not None or row.errors
        assert len(row.source) <= SOURCE_LENGTH


def test_a_file_that_is_not_utf8_is_named_not_a_crash() -> None:
    stream = io.TextIOWrapper(io.BytesIO('{"name": "MÜLLER"}'.encode("cp1252")), encoding="utf-8")
    [row] = list(read_interpol(stream))
    assert row.errors[0].field == "file" and "UTF-8" in row.errors[0].message
