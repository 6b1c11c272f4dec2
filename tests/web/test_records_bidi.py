"""Right-to-left names isolate their direction wherever a name is printed: "محمد الحسن
(1986-06-03)" inside an English line must not pull the date and the words around it into its
own direction ("(03-06-1986) محمد الحسن")."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import make_countries, person
from tests.web.test_check_pages import check, hit_ids
from tests.web.test_pages import sign_in

NAME = "محمد الحسن"
LABEL = f"{NAME} (1986-06-03)"


def isolated(html: str, text: str) -> bool:
    """Every time ``text`` is printed it sits alone in a <bdi> or an element with dir="auto"
    (attributes, which print nothing, left aside)."""
    html = re.sub(r'(\s(?!dir=)[\w-]+)="[^"]*"', r'\1=""', html)
    shown = [m.start() for m in re.finditer(re.escape(text), html)]
    wrapped = re.findall(rf'(?:<bdi>|dir="auto"[^>]*>){re.escape(text)}', html)
    return bool(shown) and len(wrapped) == len(shown)


def test_an_arabic_name_is_isolated_on_every_page_that_prints_it(
    client: TestClient, database: Database
) -> None:
    headers = make_countries(database)
    body = person(names=[{"full": NAME, "kind": "primary"}], date_of_birth="1986-06-03",
                  gender="male", identifiers=[])  # fmt: skip
    record = client.post("/api/v1/records", json=body, headers=headers["dm.bg"]).json()
    sign_in(client, "officer.lv")
    answer = check(client, {"person.names": NAME, "person.date_of_birth": "1986-06-03",
                            "place": "Terehova"}).text  # fmt: skip
    assert isolated(answer, LABEL)
    assert isolated(client.get("/records").text, LABEL)
    detail = client.get(f"/records/{record['id']}").text
    assert isolated(detail.split("<main", 1)[1], LABEL)  # the title of the tab is plain text
    assert re.search(rf'<td class="name" dir="auto">{NAME}</td>', detail)
    sign_in(client, "dm.bg")
    inbox = client.get("/hits").text
    assert hit_ids(inbox) and isolated(inbox.split("<main", 1)[1], LABEL)
