"""docs/import-formats.md: its column list is the code's, and its examples import cleanly."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from clew.interop.csv_format import COLUMNS
from clew.interop.formats import FORMATS

DOC = Path(__file__).parents[2] / "docs" / "import-formats.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_every_csv_column_is_documented_and_nothing_else() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## CSV") : text.index("## INTERPOL")]
    rows = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", section, re.M)
    documented = {name for row in rows for name in re.findall(r"`([a-z_]+)`", row)}
    assert documented == set(COLUMNS)


@pytest.mark.parametrize(
    ("language", "name"), [("csv", "csv"), ("json", "interpol"), ("jsonl", "ftm")]
)
def test_the_examples_import_without_errors(language: str, name: str) -> None:
    [example] = _blocks(language)
    rows = list(FORMATS[name].read(io.StringIO(example)))
    assert rows and all(row.ok for row in rows), [row.errors for row in rows]
