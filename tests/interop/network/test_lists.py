"""CSV node lists and edge lists through a mapping: golden rows and every error."""

from __future__ import annotations

import pytest

from clew.interop.network.lists import read_edges_csv, read_nodes_csv
from clew.interop.network.values import ENTITY_KINDS_TEXT, LINK_KINDS_TEXT
from clew.interop.rows import SOURCE_LENGTH
from tests.interop.network.factories import day, edge, edges_of, errors, node, nodes_of, read

NODES = """\
id,name,type,role,alerts,money,date,nationality
p1,Anna Petrova,person,financier,2,"1,500.50",,BG
o1,Orion Logistics,Company,,,,,
e1,Meeting in Varna,event,,,,03.04.2024,
"""


def test_a_node_list_with_a_guessed_mapping() -> None:
    items = read(read_nodes_csv, NODES)
    assert [i.line for i in items] == [2, 3, 4]
    assert nodes_of(items) == [
        node("p1", "person", "Anna Petrova", role="financier", alerts=2, money=1500.5,
             nationality="BG"),
        node("o1", "organisation", "Orion Logistics"),
        node("e1", "event", "Meeting in Varna", date=day("2024-04-03")),
    ]  # fmt: skip
    assert items[0].source == "p1,Anna Petrova,person,financier,2,1,500.50,,BG"


def test_a_node_list_with_an_explicit_mapping_and_a_default_kind() -> None:
    text = "Nummer;Bezeichnung\nDE-1;Kanzlei Müller\n"
    items = read(read_nodes_csv, text, {"key": "Nummer", "label": "Bezeichnung"},
                 kind="organisation")  # fmt: skip
    assert nodes_of(items) == [node("DE-1", "organisation", "Kanzlei Müller")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,type\np1,spaceship\n", (2, "type", f"'spaceship' is not one of {ENTITY_KINDS_TEXT}")),
        ("id,alerts\np1,many\n", (2, "alerts", "'many' is not a number")),
        ("id,alerts\np1,-1\n", (2, "alerts", "must not be negative")),
        ("id,alerts\np1,1.5\n", (2, "alerts", "'1.5' is not a whole number")),
        ("id,date\np1,2024-13-01\n",
         (2, "date", "'2024-13-01' is not a full date (YYYY-MM-DD or DD.MM.YYYY)")),
        ("id,name\n,Nobody\n", (2, "id", "is empty")),
        ("id\np1\np1\n", (3, "id", "'p1' is already the key of line 2")),
        ("id,name\np1\n", (2, "row", "has 1 cells, the header has 2")),
        ("name2,x\na,b\n", (1, "key", "is required: map a column to it (the node's id, unique"
                               " in the file)")),
    ],
)  # fmt: skip
def test_node_row_errors(text: str, expected: tuple[int, str, str]) -> None:
    assert errors(read(read_nodes_csv, text))[0] == expected


def test_a_bad_row_does_not_stop_the_next() -> None:
    items = read(read_nodes_csv, "id,type\np1,spaceship\np2,person\n")
    assert [i.line for i in items] == [2, 3]
    assert nodes_of(items) == [node("p2")]


EDGES = """\
Source,Target,Type,Weight,Start,End,Reliability,Information,Amount,Currency,Id,Note
p1,o1,owns,,2021-06-01,,B,2,,,own1,via a nominee
+39061234567,+442079460018,call,3,01.03.2024,31.03.2024,,,,,,
p1,p2,met,,,,a,1,,,,
p1,o1,payment,,2024-02-01,2024-02-01,,,"1.234,50",eur,,
"""


def test_an_edge_list_with_a_guessed_mapping() -> None:
    items = read(read_edges_csv, EDGES)
    assert not errors(items)
    assert edges_of(items) == [
        edge("p1", "o1", "owns", start=day("2021-06-01"), directed=True, key="own1",
             attrs={"reliability": "B", "information": "2", "Note": "via a nominee"}),
        edge("+39061234567", "+442079460018", "called", weight=3.0, start=day("2024-03-01"),
             end=day("2024-03-31"), directed=True),
        edge("p1", "p2", "met", attrs={"reliability": "A", "information": "1"}),
        edge("p1", "o1", "paid", start=day("2024-02-01"), end=day("2024-02-01"), directed=True,
             attrs={"amount": 1234.5, "currency": "EUR"}),
    ]  # fmt: skip


def test_edge_defaults_come_from_the_reader() -> None:
    items = read(read_edges_csv, "a;b\n1;2\n", {"source": "a", "target": "b"}, kind="called",
                 directed=False)  # fmt: skip
    assert edges_of(items) == [edge("1", "2", "called", directed=False)]
    items = read(read_edges_csv, "from,to,directed\n1,2,yes\n")
    assert edges_of(items) == [edge("1", "2", "related_to", directed=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from,to,kind\na,b,hugged\n", (2, "kind", f"'hugged' is not one of {LINK_KINDS_TEXT}")),
        ("from,to,weight\na,b,heavy\n", (2, "weight", "'heavy' is not a number")),
        ("from,to,weight\na,b,-2\n", (2, "weight", "must not be negative")),
        ("from,to,start\na,b,soon\n", (2, "start", "'soon' is not a full date (YYYY-MM-DD or"
                                                 " DD.MM.YYYY)")),
        ("from,to,start,end\na,b,2024-02-01,2024-01-01\n",
         (2, "end", "2024-01-01 is before the start, 2024-02-01")),
        ("from,to,reliability\na,b,E\n", (2, "reliability", "'E' is not a source grading: A, B,"
                                                         " C or X")),
        ("from,to,information\na,b,5\n", (2, "information", "'5' is not an information"
                                                         " grading: 1, 2, 3 or 4")),
        ("from,to,information\na,b,0\n", (2, "information", "'0' is not an information"
                                                         " grading: 1, 2, 3 or 4")),
        ("from,to,directed\na,b,maybe\n", (2, "directed", "'maybe' is not yes or no")),
        ("from,to,amount\na,b,-5\n", (2, "amount", "must not be negative: swap source and"
                                                " target")),
        ("from,to,currency\na,b,euro\n", (2, "currency", "'euro' is not a currency code (three"
                                                      " letters, e.g. EUR)")),
        ("from,to\na,\n", (2, "to", "is empty")),
        ("from,to\n" + "x" * 201 + ",b\n", (2, "from", "is longer than 200 characters")),
        ("from,to\na,b,c\n", (2, "row", "has 3 cells, the header has 2")),
        ("from,to\n\n\na,\"b\nc\"\"\",d\n", (4, "row", "has 3 cells, the header has 2")),
    ],
)  # fmt: skip
def test_edge_row_errors(text: str, expected: tuple[int, str, str]) -> None:
    assert errors(read(read_edges_csv, text))[0] == expected


def test_every_error_of_a_row_is_reported_at_once() -> None:
    items = read(read_edges_csv, "from,to,weight,reliability\na,b,x,Q\n")
    assert [e[1] for e in errors(items)] == ["weight", "reliability"]


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ({"source": "From", "target": "Nope"}, [(1, "target", "is mapped to 'Nope', which is"
                                                              " not a column")]),
        ({"source": "from", "target": "to", "colour": "from"},
         [(1, "mapping", "'colour' is not a field here (the fields: amount, currency, directed,"
                         " end, information, key, kind, reliability, source, start, target,"
                         " weight)")]),
        ({"source": "from", "target": ""},
         [(1, "target", "is required: map a column to it (the key of the node the link goes"
                        " to)")]),
    ],
)  # fmt: skip
def test_mapping_errors_are_on_the_header_and_nothing_is_read(
    mapping: dict[str, str], expected: list[tuple[int, str, str]]
) -> None:
    items = read(read_edges_csv, "\nfrom,to\na,b\n", mapping)
    expected = [(line + 1, f, m) for line, f, m in expected]  # the header is on line 2
    assert errors(items) == expected
    assert len(items) == 1


def test_the_mapping_matches_columns_ignoring_case() -> None:
    items = read(read_edges_csv, "FROM,TO\na,b\n", {"source": "from", "target": "To"})
    assert edges_of(items) == [edge("a", "b")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", (1, "file", "is empty: it needs a header row")),
        (b"\n \n", (2, "file", "is empty: it needs a header row")),
        (b"from,to\na,b\nc,\xffd\n", (3, "file", "is not UTF-8 text: save it as UTF-8")),
        (b"fr\xe9m,to\n", (1, "file", "is not UTF-8 text: save it as UTF-8")),
    ],
)
def test_whole_file_errors(data: bytes, expected: tuple[int, str, str]) -> None:
    items = read(read_edges_csv, data)
    assert errors(items)[-1] == expected


def test_a_bom_and_semicolons_and_formula_marks() -> None:
    data = "\ufefffrom;to\n'+39061234567;'=cmd\n".encode()
    assert edges_of(read(read_edges_csv, data)) == [edge("+39061234567", "=cmd")]


def test_sources_are_short() -> None:
    items = read(read_edges_csv, "from,to,note\na,b," + "long " * 100 + "\n")
    assert len(items[0].source) <= SOURCE_LENGTH
