"""The routes map and the statistics charts in a real headless Chromium: the map draws the
route as an arc between the two countries from the vendored shapes, and the content security
policy (no inline script, same origin only) lets every chart draw."""

from __future__ import annotations

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from tests.firearms.test_trace_stats import Headers, agencies, small_world
from tests.web.test_browser import sign_in

__all__ = ["agencies"]


def test_the_map_draws_the_route_and_the_statistics_draw_their_charts(
    client: TestClient, agencies: dict[str, Headers], page: Page
) -> None:
    small_world(client, agencies)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    sign_in(page, "officer.bg")
    page.goto("/traces/routes")
    arc = page.locator("#routes-map svg path[marker-end]")
    expect(arc).to_have_count(1)
    expect(arc.locator("title")).to_have_text("Latvia → Bulgaria: 2 firearms")
    expect(page.locator("#routes-map svg text", has_text="LV")).to_be_visible()

    page.goto("/traces/statistics")
    for chart in ("countries", "makes", "types", "calibres", "matrix", "indicators"):
        expect(page.locator(f"#chart-{chart} svg")).to_have_count(1)
    expect(page.locator("#chart-matrix svg title")).to_have_text("LV → BG: 2")
    assert missing == []
