"""An analyst's work on a file through the services: CAVIAR imported, exported and read back,
duplicates proposed, merged and unmerged, money followed and typologies found."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import igraph
import pytest
from sqlalchemy.orm import Session

from clew.access.actor import Actor, Channel
from clew.access.models import User
from clew.access.roles import Role
from clew.errors import NotFoundError, ValidationError
from clew.intel import analysis, caviar, dedup, entities, exports, files, imports, network
from clew.intel.schemas import EntityCreate, FileCreate, JudgementIn, LinkCreate
from clew.storage import Database
from tests.conftest import make_agency, make_user


@pytest.fixture
def analyst(database: Database) -> Iterator[tuple[Session, Actor]]:
    make_agency(database, "LV-POLICE", "LV")
    make_user(database, "analyst.lv", Role.ANALYST, "LV-POLICE")
    with database.transaction() as session:
        user = session.query(User).filter_by(username="analyst.lv").one()
        yield session, user.actor(Channel.API, None)


def _file(session: Session, actor: Actor, name: str = "Case") -> int:
    return files.create_file(session, actor, FileCreate(name=name)).id


def test_caviar_loads_every_phase_with_dates_and_the_seizures(
    analyst: tuple[Session, Actor],
) -> None:
    session, actor = analyst
    file_id = _file(session, actor, "CAVIAR")
    report = caviar.load(session, actor, file_id)
    assert report.errors == []
    net = network.load(session, actor, file_id)
    people = [n for n in net.nodes if n.kind == "person"]
    events = [n for n in net.nodes if n.kind == "event"]
    assert len(people) == 107  # distinct player ids across the eleven published matrices
    assert len(events) == 7  # phases with seizures
    first, last = caviar.phase_window(1), caviar.phase_window(11)
    assert {e.start for e in net.edges} >= {first[0], last[0]}
    assert all(e.kind == "called" and e.directed and e.weight >= 1 for e in net.edges)
    # Phase 1 has 15 players, as published.
    in_phase1 = {k for e in net.edges if e.start == first[0] for k in (e.source, e.target)}
    assert len(in_phase1) <= 15
    timeline = analysis.timeline(session, actor, file_id)
    assert timeline[0].day == first[0]
    assert any(item.kind == "event" and "marijuana" in item.label for item in timeline)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "ftm"])
def test_exports_carry_the_whole_visible_network(
    analyst: tuple[Session, Actor], fmt: str, tmp_path: Path
) -> None:
    session, actor = analyst
    file_id = _file(session, actor, "CAVIAR / phases")
    caviar.load(session, actor, file_id)
    net = network.load(session, actor, file_id)
    content, media, filename = exports.export(session, actor, file_id, fmt)
    assert filename.startswith("caviar-phases.")
    if fmt == "graphml":
        (tmp_path / "file.graphml").write_bytes(content)
        graph = igraph.Graph.Read_GraphML(str(tmp_path / "file.graphml"))
        assert graph.vcount() == len(net.nodes) and graph.ecount() == len(net.edges)
    elif fmt == "gexf":
        assert content.count(b"<node ") == len(net.nodes)
        assert content.count(b"<edge ") == len(net.edges)
    elif fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = sorted(archive.namelist())
            edges = archive.read("edges.csv").decode().strip().splitlines()
        assert names == ["edges.csv", "nodes.csv"] and len(edges) == len(net.edges) + 1
    else:
        assert media.startswith("application/x-ndjson")
        assert len(content.decode().splitlines()) >= len(net.nodes)


def test_unknown_export_format_is_a_clear_error(analyst: tuple[Session, Actor]) -> None:
    session, actor = analyst
    with pytest.raises(ValidationError, match="graphml"):
        exports.export(session, actor, _file(session, actor), "xlsx")


def test_duplicates_are_proposed_merged_and_unmerged(analyst: tuple[Session, Actor]) -> None:
    session, actor = analyst
    file_id = _file(session, actor)

    def person(label: str, **data: object) -> int:
        return entities.add_entity(
            session, actor, file_id, EntityCreate(kind="person", label=label, data=data)
        ).id

    bg = person("Юлия Тимофеева", date_of_birth="1985-03-07", nationality="BG")
    lv = person("Julija Timofejeva", date_of_birth="1985-03-07", nationality="BG")
    other = person("Ivan Petrov", date_of_birth="1971-11-02")
    phone = entities.add_entity(
        session, actor, file_id, EntityCreate(kind="phone", label="+371 2000 1234")
    ).id
    entities.add_link(session, actor, file_id, LinkCreate(source=lv, target=phone, kind="uses"))
    proposals = dedup.proposals(session, actor, file_id)
    assert [{p.left.id, p.right.id} for p in proposals] == [{bg, lv}]
    assert proposals[0].explanation  # reasons in words
    assert other not in {p.left.id for p in proposals} | {p.right.id for p in proposals}

    left, right = proposals[0].left.id, proposals[0].right.id
    dedup.judge(session, actor, file_id, JudgementIn(left=left, right=right, verdict="same"))
    net = network.load(session, actor, file_id)
    assert {n.key for n in net.nodes} == {str(left), str(other), str(phone)}
    (edge,) = net.edges
    assert {edge.source, edge.target} == {str(left), str(phone)}  # the link moved with the merge
    assert dedup.proposals(session, actor, file_id) == []  # judged pairs are not proposed again

    dedup.unmerge(session, actor, file_id, right)
    net = network.load(session, actor, file_id)
    assert len(net.nodes) == 4
    with pytest.raises(ValidationError):
        dedup.unmerge(session, actor, file_id, right)

    dedup.judge(session, actor, file_id, JudgementIn(left=bg, right=lv, verdict="different"))
    assert dedup.proposals(session, actor, file_id) == []
    with pytest.raises(ValidationError, match="cannot be merged"):
        dedup.judge(session, actor, file_id, JudgementIn(left=bg, right=phone, verdict="same"))


def test_money_is_followed_in_time_order_and_fan_in_is_found(
    analyst: tuple[Session, Actor],
) -> None:
    session, actor = analyst
    file_id = _file(session, actor)

    def account(label: str) -> int:
        return entities.add_entity(
            session, actor, file_id, EntityCreate(kind="account", label=label)
        ).id

    def pay(source: int, target: int, amount: float, day: date) -> None:
        entities.add_link(
            session, actor, file_id,
            LinkCreate(source=source, target=target, kind="paid", directed=True, amount=amount,
                       currency="EUR", start=day, end=day),
        )  # fmt: skip

    collector = account("LV80BANK0000435195001")
    onward = account("EE382200221020145685")
    day = date(2026, 3, 2)
    mules = [account(f"mule {i}") for i in range(12)]
    for i, mule in enumerate(mules):
        pay(mule, collector, 20_500.0 + i, day + timedelta(days=i % 3))
    pay(collector, onward, 200_000.0, day + timedelta(days=3))
    pay(onward, mules[0], 5_000.0, day - timedelta(days=30))  # before: cannot carry this money

    steps = analysis.follow(session, actor, file_id, collector, direction="forward", hops=3)
    assert [(s.source, s.target, s.depth) for s in steps] == [(collector, onward, 1)]
    back = analysis.follow(session, actor, file_id, collector, direction="backward", hops=1)
    assert {s.source for s in back} == set(mules)

    findings = analysis.money(session, actor, file_id)
    fan_in = [f for f in findings if f.typology == "fan_in"]
    assert fan_in and fan_in[0].entity_ids[0] == collector
    with pytest.raises(NotFoundError):
        analysis.follow(session, actor, file_id, 99999)


def test_an_edge_list_is_imported_with_a_mapping_and_bad_rows_are_reported(
    analyst: tuple[Session, Actor],
) -> None:
    session, actor = analyst
    file_id = _file(session, actor)
    data = (
        b"caller,callee,when,calls\n"
        b"+37120001234,+37120005678,2026-01-05,3\n"
        b"+37120001234,+37120009999,not a date,1\n"
        b"+37120005678,+37120009999,2026-01-07,2\n"
    )
    columns, guessed = imports.preview(data, "edges-csv")
    assert columns == ["caller", "callee", "when", "calls"]
    assert guessed["source"] == "caller" and guessed["target"] == "callee"
    mapping = guessed | {"start": "when", "weight": "calls"}
    seen: list[tuple[int, int]] = []
    report = imports.import_network(
        session, actor, file_id, data, "edges-csv", filename="calls.csv", mapping=mapping,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert (report.links_added, report.entities_added) == (2, 3)
    ((line, field, message),) = report.errors
    assert line == 3 and field == "when" and message
    assert seen[-1] == (4, 4)  # lines of the file, header included
    net = network.load(session, actor, file_id)
    assert sorted(e.weight for e in net.edges) == [2.0, 3.0]
    sources = {link.source_ref for link in net.links.values()}
    assert sources == {"calls.csv:2", "calls.csv:4"}  # provenance: file and line
    # The same file again finds the same entities: only links are added.
    again = imports.import_network(
        session, actor, file_id, data, "edges-csv", filename="calls.csv", mapping=mapping
    )
    assert (again.entities_added, again.links_added) == (0, 2)


def test_an_overlong_key_is_a_row_error_and_the_rest_goes_in(
    analyst: tuple[Session, Actor],
) -> None:
    session, actor = analyst
    file_id = _file(session, actor)
    data = f"source,target\na,b\n{'x' * 201},b\n".encode()
    report = imports.import_network(session, actor, file_id, data, "edges-csv",
                                    filename="e.csv", mapping={"source": "source",
                                                               "target": "target"})  # fmt: skip
    assert report.links_added == 1
    ((line, field, message),) = report.errors
    assert (line, field, message) == (3, "source", "is longer than 200 characters")


def test_an_unknown_import_format_names_the_known_ones(analyst: tuple[Session, Actor]) -> None:
    session, actor = analyst
    with pytest.raises(ValidationError, match="edges-csv"):
        imports.import_network(session, actor, _file(session, actor), b"a,b\n", "xls",
                               filename="x")  # fmt: skip
