"""The analytical report of CAVIAR as a reader holds it: the chart shows the leader on top and
names him, and the PDF's tables never split a name, a kind or a measure over two lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from clew.access.actor import Actor, Channel
from clew.access.models import User
from clew.access.roles import Role
from clew.intel import caviar, files, report
from clew.intel.schemas import FileCreate
from clew.storage import Database
from tests.conftest import make_agency, make_user


@pytest.fixture
def caviar_report(database: Database) -> Iterator[report.Report]:
    make_agency(database, "CA-RCMP", "CA")
    make_user(database, "analyst.ca", Role.ANALYST, "CA-RCMP")
    with database.transaction() as session:
        actor: Actor = session.query(User).filter_by(username="analyst.ca").one().actor(Channel.API)
        file_id = files.create_file(session, actor, FileCreate(name="CAVIAR")).id
        caviar.load(session, actor, file_id)
        yield report.build(session, actor, file_id, language="lv", fmt="pdf")


def test_the_chart_draws_the_top_player_last_and_names_him(
    caviar_report: report.Report,
) -> None:
    svg = str(caviar_report.chart)
    leader = caviar_report.players[0].label
    circles = re.findall(r"<circle [^>]*><title>([^<]+)</title>", svg)
    assert circles[-1] == leader  # drawn last: nothing covers the best-ranked entity
    names = re.findall(r"<text [^>]*>([^<]+)</text>", svg)
    assert names[0] == leader
    assert all(p.label in names for p in caviar_report.players[:3])


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def _lines(box: Any) -> list[str]:
    return [
        "".join(t.text for t in _walk(line) if type(t).__name__ == "TextBox").strip()
        for line in _walk(box)
        if type(line).__name__ == "LineBox"
    ]


def test_the_pdf_tables_never_split_a_name_or_a_measure(caviar_report: report.Report) -> None:
    """Every name, kind and "measure value" pair in the tables is laid out on one line (the
    layout WeasyPrint makes for the PDF): "Player 1" is never "Player" above "1"."""
    import weasyprint  # type: ignore[import-untyped]

    document = weasyprint.HTML(string=report.render_html(caviar_report)).render()
    pieces: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    for page in document.pages:
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            name = type(box).__name__
            if element is None or name not in ("TableCellBox", "InlineBox"):
                continue
            if not {"name", "word", "pair"} & set((element.get("class") or "").split()):
                continue
            texts[id(element)] = " ".join("".join(element.itertext()).split())
            if name == "TableCellBox":
                pieces.setdefault(id(element), []).extend(line for line in _lines(box) if line)
            else:
                words = "".join(t.text for t in _walk(box) if type(t).__name__ == "TextBox")
                pieces.setdefault(id(element), []).append(" ".join(words.split()))
    assert len(texts) > 100
    for key, text in texts.items():
        assert pieces[key] == [text], (text, pieces[key])
    assert "Player 1" in texts.values()
    assert any(t.startswith("Starpniecība ") for t in texts.values())
