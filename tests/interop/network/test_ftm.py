"""FollowTheMoney as a network: things as nodes, interval entities as links, both ways."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from clew.interop.network.ftm import read_ftm_network
from clew.interop.network.ftm_writer import write_ftm_network
from tests.interop.network.factories import day, edge, edges_of, errors, node, nodes_of, read


def entity(schema: str, id: str, **properties: Any) -> dict[str, Any]:
    listed = {k: v if isinstance(v, list) else [v] for k, v in properties.items()}
    return {"id": id, "schema": schema, "properties": listed}


def lines(*entities: dict[str, Any] | str) -> str:
    return "".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in entities)


@pytest.mark.parametrize(
    ("schema", "properties", "expected"),
    [
        ("Person", {"name": "Anna Petrova"}, node("p", "person", "Anna Petrova")),
        ("Company", {"name": "Orion Ltd"}, node("p", "organisation", "Orion Ltd")),
        ("Organization", {"name": "Clan"}, node("p", "organisation", "Clan")),
        ("LegalEntity", {"name": "Someone"}, node("p", "organisation", "Someone")),
        ("BankAccount", {"iban": "DE89370400440532013000"},
         node("p", "account", "DE89370400440532013000")),
        ("Vehicle", {"registrationNumber": "CA1234AB"}, node("p", "vehicle", "CA1234AB")),
        ("Address", {"full": "1 Main St, Varna"}, node("p", "address", "1 Main St, Varna")),
        ("Passport", {"number": "X123"}, node("p", "document", "X123")),
        ("Event", {"name": "Meeting", "date": "2024-03-01"},
         node("p", "event", "Meeting", date=day("2024-03-01"))),
    ],
)  # fmt: skip
def test_things_become_nodes(schema: str, properties: dict[str, Any], expected: Any) -> None:
    items = read(read_ftm_network, lines(entity(schema, "p", **properties)))
    assert nodes_of(items) == [expected]
    assert items[0].line == 1


@pytest.mark.parametrize(
    ("schema", "properties", "expected"),
    [
        ("Ownership", {"owner": "a", "asset": "b", "startDate": "2021-06-01"},
         edge("a", "b", "owns", start=day("2021-06-01"), directed=True, key="l")),
        ("Directorship", {"director": "a", "organization": "b", "role": "CEO"},
         edge("a", "b", "member_of", directed=True, key="l",
              attrs={"ftm": "Directorship", "role": "CEO"})),
        ("Membership", {"member": "a", "organization": "b"},
         edge("a", "b", "member_of", directed=True, key="l")),
        ("Employment", {"employee": "a", "employer": "b"},
         edge("a", "b", "member_of", directed=True, key="l", attrs={"ftm": "Employment"})),
        ("Family", {"person": "a", "relative": "b", "relationship": "brother"},
         edge("a", "b", "related_to", key="l", attrs={"ftm": "Family", "role": "brother"})),
        ("Associate", {"person": "a", "associate": "b"},
         edge("a", "b", "related_to", key="l", attrs={"ftm": "Associate"})),
        ("UnknownLink", {"subject": "a", "object": "b", "role": "met"},
         edge("a", "b", "met", key="l")),
        ("UnknownLink", {"subject": "a", "object": "b", "role": "cousin's friend"},
         edge("a", "b", "related_to", key="l", attrs={"role": "cousin's friend"})),
        ("Payment", {"payer": "a", "beneficiary": "b", "amount": "1500.5", "currency": "eur",
                     "date": "2024-02-01"},
         edge("a", "b", "paid", start=day("2024-02-01"), end=day("2024-02-01"), directed=True,
              key="l", attrs={"amount": 1500.5, "currency": "EUR"})),
        ("Payment", {"payerAccount": "acc1", "beneficiaryAccount": "acc2", "amount": "5"},
         edge("acc1", "acc2", "paid", directed=True, key="l", attrs={"amount": 5.0})),
        ("Call", {"caller": "a", "receiver": "b", "duration": "95"},
         edge("a", "b", "called", directed=True, key="l", attrs={"duration": 95})),
    ],
)  # fmt: skip
def test_intervals_become_edges(schema: str, properties: dict[str, Any], expected: Any) -> None:
    items = read(read_ftm_network, lines(entity(schema, "l", **properties)))
    assert not errors(items)
    assert edges_of(items) == [expected]


def test_phones_addresses_holders_and_participants_are_derived() -> None:
    text = lines(
        entity("Person", "p", name="Ann", phone=["+39 06 1234 5678", "0612345"],
               addressEntity="addr"),
        entity("Passport", "doc", number="X1", holder="p"),
        entity("Event", "ev", name="Handover", involved=["p"]),
        entity("Call", "c1", callerNumber="+390612345678", receiverNumber="0044 20 7946 0018"),
    )  # fmt: skip
    items = read(read_ftm_network, text)
    assert not errors(items)
    phones = [n.key for n in nodes_of(items) if n.kind == "phone"]
    assert phones == ["+390612345678", "0612345", "+442079460018"]  # each once
    assert [(e.source, e.target, e.kind, e.key) for e in edges_of(items)] == [
        ("p", "addr", "lives_at", "p-addressEntity-1"),
        ("p", "+390612345678", "uses", "p-phone-1"),
        ("p", "0612345", "uses", "p-phone-2"),
        ("p", "doc", "owns", "doc-holder-1"),
        ("p", "ev", "took_part", "ev-involved-1"),
        ("+390612345678", "+442079460018", "called", "c1"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("not json", (1, "line", "is not JSON: Expecting value (column 1)")),
        ("[1, 2]", (1, "line", "is not an entity (a JSON object)")),
        ('{"id": "x"}', (1, "schema", "is missing")),
        ('{"id": "x", "schema": "Spaceship"}',
         (1, "schema", "'Spaceship' is not a FollowTheMoney schema")),
        ('{"schema": "Person", "properties": {"name": ["A"]}}',
         (1, "id", "is missing: Clew needs it as the key")),
        ('{"id": "x", "schema": "Person", "properties": []}',
         (1, "properties", "must be an object")),
        ('{"id": "x", "schema": "Person", "properties": {"name": [1]}}',
         (1, "properties.name", "must be a list of text values")),
        (json.dumps(entity("Note", "n", description="hello")),
         (1, "schema", "'Note' is not read: Clew reads Person, Organization, Company,"
                       " LegalEntity, BankAccount, Vehicle, Address, Passport, Identification,"
                       " Event, Ownership, Directorship, Membership, Employment, Family,"
                       " Associate, UnknownLink, Payment, Call")),
        (json.dumps(entity("Ownership", "o", owner="a")),
         (1, "asset", "is missing: a link needs both ends")),
        (json.dumps(entity("Payment", "o", payer="a", beneficiary="b", amount="lots")),
         (1, "amount", "'lots' is not a number")),
        (json.dumps(entity("Ownership", "o", owner="a", asset="b", startDate="2024-02-01",
                           endDate="2024-01-01")),
         (1, "endDate", "2024-01-01 is before the start, 2024-02-01")),
        (json.dumps(entity("Person", "p", phone="not a phone")),
         (1, "phone", "'not a phone' is not a phone number (digits, + and spaces)")),
        (json.dumps(entity("Ownership", "o", owner="a", asset="b", summary="clew:[1]")),
         (1, "summary", "has 'clew:' but no JSON object after it")),
    ],
)  # fmt: skip
def test_ftm_errors(line: str, expected: tuple[int, str, str]) -> None:
    items = read(read_ftm_network, "\n" + line + "\n")
    line_no, field, message = expected
    assert errors(items)[0] == (line_no + 1, field, message)


def test_a_partial_date_is_a_warning_and_left_out() -> None:
    text = lines(entity("Ownership", "o", owner="a", asset="b", startDate="2024-02"))
    [item] = read(read_ftm_network, text)
    assert item.ok and item.edge is not None and item.edge.start is None
    assert [(w.field, w.message) for w in item.warnings] == [
        ("startDate", "'2024-02' is not a full date: left out")
    ]


def test_a_bad_line_does_not_stop_the_next() -> None:
    items = read(read_ftm_network, "oops\n" + lines(entity("Person", "p", name="A")))
    assert [i.line for i in items] == [1, 2]
    assert nodes_of(items) == [node("p", "person", "A")]


NODES = [
    node("p1", "person", 'Anna "Annie" <Petrova> & co', role="financier", alerts=2, money=1e6),
    node("p2", "person", "Boris"),
    node("o1", "organisation", "Orion Logistics Ltd"),
    node("+390612345678", "phone", "+390612345678"),
    node("+442079460018", "phone", "+442079460018"),
    node(GB := "GB82WEST12345698765432", "account", GB),
    node("acc-7", "account", "acc-7"),
    node("v1", "vehicle", "CA1234AB"),
    node("a1", "address", "1 Main St, Varna"),
    node("d1", "document", "X1234567"),
    node("e1", "event", "Handover", date=day("2024-03-02")),
]
EDGES = [
    edge("p1", "o1", "owns", start=day("2021-06-01"), directed=True, key="own1"),
    edge("p1", "o1", "member_of", start=day("2022-01-01"), end=day("2023-12-31"),
         directed=True, key="dir1", attrs={"ftm": "Directorship", "role": "director"}),
    edge("p1", "p2", "related_to", key="fam1", attrs={"ftm": "Family", "role": "brother"}),
    edge("p1", "p2", "met", weight=3.0, start=day("2024-03-02"), end=day("2024-03-02"),
         key="met1", attrs={"reliability": "B", "information": "2"}),
    edge("+390612345678", "+442079460018", "called", weight=12.0, start=day("2024-03-01"),
         end=day("2024-03-31"), directed=True, key="call1"),
    edge(GB, "acc-7", "paid", start=day("2024-02-01"), end=day("2024-02-01"), directed=True,
         key="pay1", attrs={"amount": 1234.5, "currency": "EUR"}),
    edge("p2", "v1", "uses", directed=True, key="use1"),
    edge("p2", "a1", "lives_at", directed=True, key="lives1"),
    edge("p1", "e1", "took_part", directed=True, key="took1"),
    edge("p2", "d1", "owns", directed=True, key="own2"),
    edge("p1", "p2", "travelled_with", directed=True, key="trav1"),  # directed, unusually
]  # fmt: skip


def test_write_then_read_keeps_nodes_and_edges() -> None:
    stream = io.StringIO()
    assert write_ftm_network(NODES, EDGES, stream) == 0
    items = read(read_ftm_network, stream.getvalue())
    assert not errors(items) and not [w for i in items for w in i.warnings]
    assert sorted(nodes_of(items), key=lambda n: n.key) == sorted(NODES, key=lambda n: n.key)
    assert edges_of(items) == EDGES


def test_phones_ride_on_their_users() -> None:
    nodes = [node("p1"), node("ph", "phone", "+39 06 1234 5678"), node("lonely", "phone")]
    edges = [edge("p1", "ph", "uses", directed=True)]
    stream = io.StringIO()
    assert write_ftm_network(nodes, edges, stream) == 1  # the phone no one uses
    [person] = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert person["properties"]["phone"] == ["+390612345678"]
    items = read(read_ftm_network, stream.getvalue())
    assert [(e.source, e.target, e.kind) for e in edges_of(items)] == [
        ("p1", "+390612345678", "uses")
    ]


def test_link_ids_never_collide_with_node_ids() -> None:
    stream = io.StringIO()
    write_ftm_network([node("1"), node("2")], [edge("1", "2", "met", key="1")], stream)
    ids = [json.loads(line)["id"] for line in stream.getvalue().splitlines()]
    assert len(set(ids)) == len(ids) == 3


def test_written_entities_are_valid_followthemoney() -> None:
    from followthemoney import model

    stream = io.StringIO()
    write_ftm_network(NODES, EDGES, stream)
    for line in stream.getvalue().splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # FtM cleans and checks every value
        assert proxy.schema.name == data["schema"]
        for prop, values in data["properties"].items():
            assert prop in proxy.schema.properties
            assert values
