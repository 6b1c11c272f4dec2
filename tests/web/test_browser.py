"""Through the pages a person uses, in a real headless Chromium."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from clew.access.roles import Role
from clew.storage import Database
from tests.conftest import PASSWORD, make_user, totp_now

pytestmark = pytest.mark.browser


def nav(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def give_code(page: Page, database: Database, username: str) -> None:
    expect(page.get_by_role("heading", name="Second factor")).to_be_visible()
    page.get_by_label("Code").fill(totp_now(database, username))
    page.get_by_role("button", name="Continue").click()


def test_an_officer_signs_in_and_sees_the_dashboard(page: Page, world: Database) -> None:
    sign_in(page, "officer.bg")
    expect(page.get_by_role("heading", name="Welcome, Officer.Bg")).to_be_visible()
    expect(nav(page, "Agencies")).to_be_visible()
    # An officer has no user administration or audit log.
    expect(nav(page, "Users")).to_have_count(0)
    expect(nav(page, "Audit log")).to_have_count(0)


def test_a_wrong_password_is_refused_without_saying_why(page: Page, world: Database) -> None:
    sign_in(page, "officer.bg", "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Invalid username or password.")
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, "no.such.user", "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Invalid username or password.")


def test_switching_to_vietnamese(page: Page, world: Database) -> None:
    sign_in(page, "officer.bg")
    page.get_by_label("Language").select_option("vi")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("navigation").get_by_role("link", name="Cơ quan")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_an_administrator_creates_a_user_and_the_auditor_sees_it(
    page: Page, world: Database
) -> None:
    sign_in(page, "root")
    give_code(page, world, "root")
    nav(page, "Users").click()
    page.get_by_role("link", name="New user").click()
    page.get_by_label("User name").fill("analyst.bg")
    page.get_by_label("Agency").select_option("BG-NCB")
    page.get_by_label("Full name").fill("Мария Петрова")
    page.get_by_label("Role").select_option("analyst")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create user").click()
    # The browser's own minlength check, or ours, stops a weak password; nothing is created.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("status")).to_have_text("User created.")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dpo")
    give_code(page, world, "dpo")
    nav(page, "Audit log").click()
    page.get_by_label("Action").fill("user.create")
    page.get_by_role("button", name="Filter").click()
    row = page.locator("#audit-rows tbody tr", has_text="username: analyst.bg")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("root (web)")
    expect(row).to_contain_text("INT")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator("#verify-result")).to_contain_text("The audit log is intact")


def test_a_first_time_administrator_enrols_a_second_factor(page: Page, world: Database) -> None:
    make_user(world, "newadmin", Role.OFFICER, "BG-NCB")
    with world.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE users SET role = 'administrator' WHERE username = 'newadmin'")
    sign_in(page, "newadmin")
    expect(page.locator(".qr svg")).to_be_visible()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    page.get_by_label("Code").fill(pyotp.TOTP(page.locator("code.secret").inner_text()).now())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
