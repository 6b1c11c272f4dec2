"""Take the README's screenshots from a running demo (``make demo`` in another terminal).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Uses Debian's chromium through Playwright; writes docs/*.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DOCS = Path(__file__).resolve().parents[1] / "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(base_url=BASE, viewport={"width": 1280, "height": 760})
        page.goto("/login")
        page.screenshot(path=DOCS / "login.png")
        page.get_by_label("Username").fill("auditor")
        page.get_by_label("Password").fill("clew-demo-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Code").fill(page.locator("#demo-code").inner_text())
        page.get_by_role("button", name="Continue").click()
        page.goto("/audit")
        page.screenshot(path=DOCS / "audit.png")
        page.get_by_label("Language").select_option("vi")
        page.get_by_role("button", name="Change").click()
        page.goto("/")
        page.screenshot(path=DOCS / "dashboard-vi.png")
        page.get_by_label("Ngôn ngữ").select_option("en")
        page.locator("form.lang button").click()
        page.get_by_role("button", name="Sign out").click()
        page.get_by_label("Username").fill("analyst.lv")
        page.get_by_label("Password").fill("clew-demo-password")
        page.get_by_role("button", name="Sign in").click()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto("/files/1/chart")
        page.wait_for_timeout(4000)  # the layout settles
        page.screenshot(path=DOCS / "intel-chart.png")
        page.goto("/files/1/players")
        page.screenshot(path=DOCS / "intel-players.png")
        browser.close()


if __name__ == "__main__":
    main()
