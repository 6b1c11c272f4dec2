"""The watchlists page: facets and sorting, invalid filters named instead of ignored, and a
search with nothing to look for answered with nothing (and why), never with everything."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import document, make_countries, person
from tests.web.test_pages import sign_in


@pytest.fixture
def headers(database: Database) -> dict[str, dict[str, str]]:
    return make_countries(database)


@pytest.fixture
def listed(client: TestClient, headers: dict[str, dict[str, str]]) -> TestClient:
    for body in (
        person(),
        person(names=[{"given": "Ivan", "family": "Petrov"}], identifiers=[],
               alert={"category": "missing_person", "action": "Inform the family"}),
        document(),
    ):  # fmt: skip
        assert client.post("/api/v1/records", json=body, headers=headers["dm.bg"]).is_success
    sign_in(client, "officer.lv")
    return client


def labels(html: str) -> list[str]:
    return re.findall(r'<a href="/records/\d+"><bdi>([^<]+)</bdi></a>', html)


def facet(html: str, name: str) -> dict[str, int]:
    """A facet's choices and their counts, as linked on the page."""
    block = re.search(rf'<nav class="facet" aria-label="[^"]*" data-facet="{name}">(.*?)</nav>',
                      html, re.S)  # fmt: skip
    assert block, name
    found = re.findall(r'data-value="([^"]*)"[^>]*>[^<]*<span class="facet-count">(\d+)</span>',
                       block.group(1))  # fmt: skip
    return {value: int(count) for value, count in found}


@pytest.mark.parametrize("text", ["😀", "😀 😀", "!!! ---", "…"])
def test_a_search_with_no_letters_or_digits_finds_nothing_and_says_why(
    listed: TestClient, headers: dict[str, dict[str, str]], text: str
) -> None:
    html = listed.get("/records", params={"q": text}).text
    assert "0 records" in html and labels(html) == []
    assert "no letters or digits" in html
    api = listed.get("/api/v1/records", params={"q": text}, headers=headers["officer.lv"])
    assert api.status_code == 422 and "no letters or digits" in api.text


@pytest.mark.parametrize(
    ("param", "value", "named"),
    [("kind", "spaceship", "kind"), ("category", "nope", "alert category"),
     ("sort", "random", "order"), ("status", "lost", "status")],
)  # fmt: skip
def test_an_invalid_filter_is_named_not_ignored(
    listed: TestClient, param: str, value: str, named: str
) -> None:
    html = listed.get("/records", params={param: value}).text
    assert labels(html) == [] and "0 records" in html
    assert re.search(rf'class="error" role="alert">[^<]*{named}[^<]*{value}', html), html[-3000:]


def test_facets_count_by_kind_category_and_owner_and_narrow_the_list(listed: TestClient) -> None:
    html = listed.get("/records").text
    assert facet(html, "kind") == {"person": 2, "document": 1}
    assert facet(html, "category") == {"wanted_for_arrest": 1, "missing_person": 1,
                                       "object_to_seize": 1}  # fmt: skip
    assert facet(html, "owner") == {"BG-NCB": 3}
    narrowed = listed.get("/records", params={"category": "missing_person"}).text
    assert labels(narrowed) == ["Ivan Petrov (1985-03-07)"]
    assert facet(narrowed, "kind") == {"person": 1}  # the other facets follow the filter
    assert facet(narrowed, "category")["wanted_for_arrest"] == 1  # its own stays to switch


def test_the_list_sorts_by_name_or_date(listed: TestClient) -> None:
    newest = labels(listed.get("/records").text)
    assert labels(listed.get("/records", params={"sort": "oldest"}).text) == newest[::-1]
    by_name = labels(listed.get("/records", params={"sort": "name"}).text)
    assert by_name == sorted(newest, key=str.casefold)
