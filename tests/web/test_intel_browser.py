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
