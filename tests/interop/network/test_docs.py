"""docs/network-formats.md: its field tables are the code's, and its examples read cleanly."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clew.interop.network.cdr import read_cdr_csv
from clew.interop.network.ftm import read_ftm_network
from clew.interop.network.lists import read_edges_csv, read_nodes_csv
from clew.interop.network.mapping import (
    CDR_FIELDS,
    EDGE_FIELDS,
    NODE_FIELDS,
    TRANSACTION_FIELDS,
    Field,
    fold,
)
from clew.interop.network.matrix import read_matrix_csv
from clew.interop.network.parsed import ParsedItem
from clew.interop.network.transactions import read_transactions_csv

DOC = Path(__file__).parents[3] / "docs" / "network-formats.md"
SECTIONS: list[tuple[str, tuple[Field, ...], Callable[..., Iterator[ParsedItem]]]] = [
    ("## Node lists", NODE_FIELDS, read_nodes_csv),
    ("## Edge lists", EDGE_FIELDS, read_edges_csv),
    ("## Adjacency matrices", (), read_matrix_csv),
    ("## Call-detail records", CDR_FIELDS, read_cdr_csv),
    ("## Bank transactions", TRANSACTION_FIELDS, read_transactions_csv),
    ("## FollowTheMoney", (), read_ftm_network),
]


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


@pytest.mark.parametrize(("title", "fields", "reader"), SECTIONS, ids=[s[0] for s in SECTIONS])
def test_every_field_is_documented_with_its_guesses(
    title: str, fields: tuple[Field, ...], reader: Callable[..., Iterator[ParsedItem]]
) -> None:
    rows = re.findall(r"^\| `([a-z_]+)` \| (yes)? ?\| [^|]+ \| ([^|]+) \|$", _section(title), re.M)
    assert [name for name, _, _ in rows] == [spec.name for spec in fields]
    for (name, required, guesses), spec in zip(rows, fields, strict=False):
        assert bool(required) is spec.required, name
        documented = {fold(g) for g in guesses.split(",")}
        assert documented == {fold(g) for g in spec.guesses}, name


@pytest.mark.parametrize(("title", "fields", "reader"), SECTIONS, ids=[s[0] for s in SECTIONS])
def test_the_examples_read_without_errors(
    title: str, fields: tuple[Field, ...], reader: Callable[..., Iterator[ParsedItem]]
) -> None:
    [example] = re.findall(r"```(?:csv|jsonl)\n(.*?)```", _section(title), re.S)
    items = list(reader(example.encode("utf-8")))
    assert items and all(i.ok and not i.warnings for i in items), [i.errors for i in items]
