"""An analyst's day with the CAVIAR network in a real headless Chromium: open the file, the link
chart around the ring's leader, expand an entity, find a path, save the layout, and take the
analytical report away as a PDF."""

from __future__ import annotations

import re
from collections import deque

import pytest
from playwright.sync_api import Page, expect

from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import OrganisationType, Role
from clew.intel import caviar, files, network
from clew.intel.schemas import FileCreate
from clew.storage import Database
from tests.conftest import make_agency, make_user
from tests.web.test_browser import nav, sign_in

pytestmark = pytest.mark.browser


def _caviar_file(database: Database) -> tuple[int, dict[str, set[str]]]:
    """The CAVIAR file of analyst.ca, and its network as each label's neighbours."""
    make_agency(database, "CA-RCMP", "CA", OrganisationType.POLICE)
    make_user(database, "analyst.ca", Role.ANALYST, "CA-RCMP")
    with database.transaction() as session:
        actor = actor_for(session.query(User).filter_by(username="analyst.ca").one())
        file_id = files.create_file(
            session, actor, FileCreate(name="CAVIAR", purpose="Montreal importation ring",
                                       handling_code="H1")
        ).id  # fmt: skip
        assert caviar.load(session, actor, file_id).errors == []
        net = network.load(session, actor, file_id)
        label = {str(e.id): e.label for e in net.entities.values()}
        around: dict[str, set[str]] = {name: set() for name in label.values()}
        for edge in net.edges:
            around[label[edge.source]].add(label[edge.target])
            around[label[edge.target]].add(label[edge.source])
    return file_id, around


def _far(around: dict[str, set[str]], start: str, hops: int) -> str:
    """An entity exactly ``hops`` links away from ``start`` (breadth first)."""
    seen, queue = {start: 0}, deque([start])
    while queue:
        here = queue.popleft()
        for there in sorted(around[here]):
            if there not in seen:
                seen[there] = seen[here] + 1
                if seen[there] == hops:
                    return there
                queue.append(there)
    raise AssertionError(f"nothing {hops} links from {start}")


def _shown(page: Page) -> int:
    text = page.locator("#chart-status").inner_text()
    match = re.match(r"(\d+) entities, \d+ links shown", text)
    assert match, text
    return int(match.group(1))


def test_an_analyst_charts_caviar_finds_a_path_and_takes_the_report(
    page: Page, database: Database
) -> None:
    file_id, around = _caviar_file(database)
    leader = "Player 1"
    # A neighbour of the leader with entities of its own that the leader does not reach.
    courier = next(n for n in sorted(around[leader]) if around[n] - around[leader] - {leader})
    target = _far(around, courier, 3)

    sign_in(page, "analyst.ca")
    nav(page, "Analysis files").click()
    page.get_by_role("link", name="CAVIAR").click()
    expect(page.locator(".handling-code")).to_contain_text("H1")
    page.get_by_role("navigation", name="Analysis file").get_by_role(
        "link", name="Entities"
    ).click()
    page.get_by_role("link", name=leader, exact=True).click()
    expect(page.get_by_role("heading", name=leader)).to_be_visible()
    page.get_by_role("link", name="Show on the link chart").click()

    status = page.locator("#chart-status")
    expect(status).to_have_text(re.compile(r"\d+ entities, \d+ links shown"))
    expect(page.locator("#chart-selected-title")).to_have_text(leader)
    before = _shown(page)
    assert before == len(around[leader]) + 1

    page.get_by_label("Find an entity").fill(courier)
    page.get_by_label("Find an entity").press("Enter")
    expect(page.locator("#chart-selected-title")).to_have_text(courier)
    page.get_by_role("button", name="Expand").click()
    expect(status).to_have_text(re.compile(r"\d+ entities added\."))
    expect(page.get_by_role("button", name="Pin")).to_be_visible()
    assert page.evaluate("document.getElementById('chart-app').cy.nodes().length") > before

    page.get_by_role("button", name="Path from here").click()
    page.get_by_role("button", name="Whole file").click()
    expect(status).to_have_text(re.compile(r"\d+ entities, \d+ links shown"))
    page.get_by_label("Find an entity").fill(target)
    page.get_by_label("Find an entity").press("Enter")
    expect(page.locator("#chart-selected-title")).to_have_text(target)
    page.get_by_role("button", name="Path to here").click()
    page.get_by_role("button", name="Find paths").click()
    expect(status).to_have_text("Path 1: 3 steps")
    first = page.locator("#chart-path-list li").first
    expect(first).to_contain_text(courier)
    expect(first).to_contain_text(target)
    assert page.evaluate("document.getElementById('chart-app').cy.$('node.path').length") == 4

    page.get_by_role("button", name="Save layout").click()
    expect(status).to_have_text("Layout saved.")
    with page.expect_download() as png:
        page.get_by_role("button", name="Export PNG").click()
    assert png.value.suggested_filename == f"file-{file_id}-chart.png"

    page.get_by_role("navigation", name="Analysis file").get_by_role(
        "link", name="Overview"
    ).click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Analytical report (PDF)").click()
    path = pdf.value.path()
    assert path.read_bytes().startswith(b"%PDF")


def test_the_whole_chart_is_readable_explained_and_stays_put(
    page: Page, database: Database
) -> None:
    """At the zoom that fits the whole of CAVIAR, the best-ranked are named in letters a person
    can read; the legend says what colours, shapes and sizes mean; a reload draws the same
    picture."""
    file_id, _ = _caviar_file(database)
    sign_in(page, "analyst.ca")
    page.goto(f"/files/{file_id}/chart")
    expect(page.locator("#chart-status")).to_have_text(re.compile(r"114 entities, \d+ links"))
    top = """() => { const cy = document.getElementById('chart-app').cy;
        const n = cy.nodes().filter((n) => n.data('rank') === 1)[0];
        return { label: n.style('label'), px: n.numericStyle('font-size') * cy.zoom(),
                 named: cy.nodes('.named').length, x: n.position('x'), y: n.position('y'),
                 zoom: cy.zoom() }; }"""
    first = page.evaluate(top)
    assert first["zoom"] < 1  # the whole network fits: zoomed out
    assert first["label"] == "Player 1" and first["px"] >= 11
    assert 15 <= first["named"] < 114  # the best ranked are named, not a pile of all names
    legend = page.locator("#chart-legend")
    expect(legend.locator("#chart-legend-size")).to_have_text("Size: Key-player score")
    expect(legend.locator("#chart-legend-colours li").first).to_be_visible()
    expect(legend.locator("#chart-legend-colours")).to_contain_text("around Player 1")
    expect(legend.locator("#chart-legend-shapes")).to_contain_text("Person")
    expect(legend.locator("#chart-legend-shapes")).to_contain_text("Event")
    page.get_by_label("Colour by").select_option("kind")
    expect(legend.locator("#chart-legend-colour-title")).to_have_text("Kind")

    page.reload()
    expect(page.locator("#chart-status")).to_have_text(re.compile(r"114 entities, \d+ links"))
    again = page.evaluate(top)
    assert (again["x"], again["y"]) == (first["x"], first["y"])
