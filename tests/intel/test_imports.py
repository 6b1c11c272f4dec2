"""Importing network files as an analyst meets them: without a header row, with columns named by
number, with reading options the rows do not carry, and a report of the columns Clew guessed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clew.access.actor import Actor, Channel
from clew.access.models import User
from clew.access.roles import Role
from clew.errors import ValidationError
from clew.intel import files, imports, network
from clew.intel.schemas import FileCreate, ReadOptions
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.storage import Database
from tests.conftest import make_agency, make_user
from tests.intel.conftest import new_file

HEADERLESS = b"1,2,5\n2,3,1\n3,4,2\n"


@pytest.fixture
def analyst(database: Database) -> Iterator[tuple[Session, Actor, int]]:
    make_agency(database, "LV-POLICE", "LV")
    make_user(database, "analyst.lv", Role.ANALYST, "LV-POLICE")
    with database.transaction() as session:
        actor = session.query(User).filter_by(username="analyst.lv").one().actor(Channel.API)
        yield session, actor, files.create_file(session, actor, FileCreate(name="Case")).id


def test_columns_named_by_number_read_the_first_line_as_data(
    analyst: tuple[Session, Actor, int],
) -> None:
    session, actor, file_id = analyst
    mapping = {"source": "1", "target": "2", "weight": "3"}
    report = imports.import_network(session, actor, file_id, HEADERLESS, "edges-csv",
                                    filename="calls.csv", mapping=mapping)  # fmt: skip
    assert report.errors == []
    assert report.links_added == 3 and report.entities_added == 4
    net = network.load(session, actor, file_id)
    assert sorted(e.weight for e in net.edges) == [1.0, 2.0, 5.0]  # "1,2,5" is a link
    assert report.mapping == mapping and not report.guessed


def test_a_headerless_file_without_a_mapping_is_refused_on_its_first_line(
    analyst: tuple[Session, Actor, int],
) -> None:
    session, actor, file_id = analyst
    report = imports.import_network(session, actor, file_id, HEADERLESS, "edges-csv",
                                    filename="calls.csv")  # fmt: skip
    assert report.links_added == 0 and report.errors and report.errors[0][0] == 1
    assert report.guessed and report.mapping == {}


def test_the_report_says_which_columns_the_guess_used(
    analyst: tuple[Session, Actor, int],
) -> None:
    session, actor, file_id = analyst
    data = b"From,To,Calls\nAna,Boris,3\n"
    report = imports.import_network(session, actor, file_id, data, "edges-csv",
                                    filename="calls.csv")  # fmt: skip
    assert report.links_added == 1
    assert report.guessed and report.mapping["source"] == "From"
    assert report.mapping["target"] == "To"


def test_reading_options_say_what_the_rows_do_not(analyst: tuple[Session, Actor, int]) -> None:
    session, actor, file_id = analyst
    options = ReadOptions(directed=True, link_kind=LinkKind.MET)
    imports.import_network(session, actor, file_id, b"source,target\nAna,Boris\n", "edges-csv",
                           filename="met.csv", options=options)  # fmt: skip
    matrix = b"players,a,b\na,0,2\nb,1,0\n"
    window = ReadOptions(node_kind=EntityKind.ORGANISATION, start=date(2024, 1, 1),
                         end=date(2024, 3, 31))  # fmt: skip
    imports.import_network(session, actor, file_id, matrix, "matrix-csv", filename="m.csv",
                           options=window)  # fmt: skip
    net = network.load(session, actor, file_id)
    met = [e for e in net.edges if e.kind == "met"]
    assert len(met) == 1 and met[0].directed
    called = [e for e in net.edges if e.kind == "called"]
    assert {(e.start, e.end) for e in called} == {(date(2024, 1, 1), date(2024, 3, 31))}
    kinds = {n.label: n.kind for n in net.nodes}
    assert kinds["a"] == kinds["b"] == "organisation"


def test_an_option_the_format_does_not_take_is_refused(
    analyst: tuple[Session, Actor, int],
) -> None:
    session, actor, file_id = analyst
    with pytest.raises(ValidationError, match="not an option of edges-csv"):
        imports.import_network(
            session, actor, file_id, b"source,target\na,b\n", "edges-csv", filename="e.csv",
            options=ReadOptions(start=date(2024, 1, 1)),
        )  # fmt: skip
    backwards = ReadOptions(start=date(2024, 3, 1), end=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="before the start"):
        imports.import_network(session, actor, file_id, b"players,a\na,0\n", "matrix-csv",
                               filename="m.csv", options=backwards)  # fmt: skip


def test_the_api_takes_reading_options_and_reports_the_mapping(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    headers = analysts["analyst.lv"]
    file_id = new_file(client, headers)["id"]
    url = f"/api/v1/files/{file_id}/import"
    numbered = client.post(
        url, params={"format": "edges-csv", "map": ["source=1", "target=2"], "directed": "true",
                     "link_kind": "met"},
        content=HEADERLESS, headers=headers | {"Content-Type": "text/csv"},
    )  # fmt: skip
    assert numbered.status_code == 200, numbered.text
    assert numbered.json()["links_added"] == 3
    assert numbered.json()["mapping"] == {"source": "1", "target": "2"}
    guessed = client.post(url, params={"format": "edges-csv"}, content=b"From,To\nx,y\n",
                          headers=headers | {"Content-Type": "text/csv"}).json()  # fmt: skip
    assert guessed["guessed"] and guessed["mapping"] == {"source": "From", "target": "To"}
    links = client.get(f"/api/v1/files/{file_id}/network", headers=headers).json()
    assert links
    wrong = client.post(url, params={"format": "edges-csv", "start": "2024-01-01"},
                        content=b"From,To\nx,y\n", headers=headers)  # fmt: skip
    assert wrong.status_code == 422 and "start" in wrong.text
