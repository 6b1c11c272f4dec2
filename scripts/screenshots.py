"""Take the README's screenshots from a running demo (``make demo`` in another terminal).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Every picture is of the demo: its users (the top bar names the signed-in demo user) and its
data (the README's example records, the CAVIAR file). Uses Debian's chromium through Playwright;
writes docs/*.png, each squeezed to a palette of 256 colours so that none passes 300 KB.
"""

from __future__ import annotations

import re
import sys
import time
from io import BytesIO
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DOCS = Path(__file__).resolve().parents[1] / "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PASSWORD = "clew-demo-password"  # noqa: S105 - the demo's, printed by `make demo`
LIMIT = 300_000


def shoot(page: Page, name: str) -> None:
    """A screenshot of the page as shown, as a palette PNG (a fraction of the RGB size)."""
    image = Image.open(BytesIO(page.screenshot()))
    small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    path = DOCS / name
    small.save(path, optimize=True)
    size = path.stat().st_size
    print(f"{path.name}: {size // 1000} KB")
    if size > LIMIT:
        raise SystemExit(f"{path.name} is {size} bytes, over {LIMIT}")


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    code = page.locator("#demo-code")
    if code.count():  # administrators and auditors: the demo shows the current code
        page.get_by_label("Code").fill(code.inner_text())
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"^(?!.*/login)"))


def sign_out(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()


def wait_for_index(page: Page) -> None:
    """Checks answer once the server has built its screening index."""
    for _ in range(600):
        if page.request.get("/api/v1/health/ready").ok:
            return
        time.sleep(1)
    raise SystemExit("the server's screening index is not ready after 10 minutes")


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(base_url=BASE, viewport={"width": 1280, "height": 760})
        page.goto("/login")
        shoot(page, "login.png")

        sign_in(page, "auditor")
        page.goto("/audit")
        shoot(page, "audit.png")
        page.get_by_label("Language").select_option("vi")
        page.get_by_role("button", name="Change").click()
        page.goto("/")
        shoot(page, "dashboard-vi.png")
        page.get_by_label("Ngôn ngữ").select_option("en")
        page.locator("form.lang button").click()
        sign_out(page)

        wait_for_index(page)
        sign_in(page, "officer.bg")
        page.goto("/check")
        page.locator('[name="person.names"]').fill("timofeeva iuliia")
        page.locator('[name="person.date_of_birth"]').fill("1985-03-07")
        page.locator('[name="person.names"]').press("Enter")
        page.locator("#check-results").get_by_text("Тимофеева").first.wait_for()
        page.set_viewport_size({"width": 1280, "height": 1200})  # the signed-in user and the hit
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, "check.png")
        page.set_viewport_size({"width": 1280, "height": 760})
        sign_out(page)

        sign_in(page, "datamanager.bg")
        page.goto("/records?q=timofeeva")
        page.locator("a[href^='/records/']", has_text="Тимофеева").first.click()
        page.wait_for_load_state()
        shoot(page, "record.png")
        sign_out(page)

        sign_in(page, "analyst.lv")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto("/files/1/chart")
        page.wait_for_timeout(4000)  # the layout settles
        shoot(page, "intel-chart.png")
        page.goto("/files/1/players")
        shoot(page, "intel-players.png")
        browser.close()


if __name__ == "__main__":
    main()
