"""A watchlist record pulled into a joint file by one country, hidden from another member's
country: for that member it is absent from counts, merges, key conflicts, imports and
de-duplication, over the API and the pages alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.storage import Database
from tests.intel.conftest import entity, link, new_file
from tests.records.conftest import person
from tests.web.test_pages import csrf, sign_in


@dataclass
class Joint:
    """Latvia's file with Bulgaria's record (shown to Latvia only) pulled in as ``hidden``;
    ``alias`` was merged into it by Latvia; Austria is a write member."""

    file_id: int
    record_id: int
    hidden: int
    alias: int
    phone: int
    latvia: dict[str, str]
    austria: dict[str, str]

    @property
    def base(self) -> str:
        return f"/api/v1/files/{self.file_id}"


@pytest.fixture
def joint(client: TestClient, analysts: dict[str, dict[str, str]]) -> Joint:
    record = client.post(
        "/api/v1/records",
        json=person(visibility={"mode": "only", "countries": ["LV"]}),
        headers=analysts["dm.bg"],
    ).json()
    latvia, austria = analysts["analyst.lv"], analysts["analyst.at"]
    file_id = new_file(client, latvia)["id"]
    base = f"/api/v1/files/{file_id}"
    pulled = client.post(f"{base}/records", json={"record_id": record["id"]}, headers=latvia)
    assert pulled.status_code == 201, pulled.text
    hidden = pulled.json()["id"]
    phone = entity(client, latvia, file_id, "+43 660 1234567", kind="phone")
    link(client, latvia, file_id, hidden, phone, kind="uses")
    alias = entity(client, latvia, file_id, "IULIIA TIMOFEEVA",
                   data={"date_of_birth": "1985-03-07", "nationality": "BG"})  # fmt: skip
    merged = client.post(f"{base}/judgements", headers=latvia,
                         json={"left": hidden, "right": alias, "verdict": "same"})  # fmt: skip
    assert merged.status_code == 204, merged.text
    member = client.put(f"{base}/members", json={"username": "analyst.at", "access": "write"},
                        headers=latvia)  # fmt: skip
    assert member.status_code == 200, member.text
    return Joint(file_id, record["id"], hidden, alias, phone, latvia, austria)


def _links_of(client: TestClient, joint: Joint, entity_id: int) -> list[dict[str, Any]]:
    detail = client.get(f"{joint.base}/entities/{entity_id}", headers=joint.latvia)
    assert detail.status_code == 200, detail.text
    return list(detail.json()["links"])


# --- (a) counts -------------------------------------------------------------------------------


def test_file_counts_leave_out_hidden_entities_and_their_links(
    client: TestClient, joint: Joint
) -> None:
    shown = client.get(f"{joint.base}/entities", headers=joint.austria).json()["items"]
    assert sorted(e["label"] for e in shown) == ["+43 660 1234567", "IULIIA TIMOFEEVA"]
    one = client.get(joint.base, headers=joint.austria).json()
    assert (one["entities"], one["links"]) == (2, 0)
    (listed,) = client.get("/api/v1/files", headers=joint.austria).json()["items"]
    assert (listed["entities"], listed["links"]) == (2, 0)
    # Latvia, who may see the record, counts it.
    mine = client.get(joint.base, headers=joint.latvia).json()
    assert (mine["entities"], mine["links"]) == (3, 1)


def test_file_pages_count_only_what_the_member_may_see(client: TestClient, joint: Joint) -> None:
    sign_in(client, "analyst.at")
    overview = client.get(f"/files/{joint.file_id}")
    assert "2 entities" in overview.text and "0 links" in overview.text
    listing = client.get("/files")
    assert '<td class="num">2</td><td class="num">0</td>' in listing.text


# --- (b) merged_into --------------------------------------------------------------------------


def test_an_entity_merged_into_a_hidden_one_stands_alone(client: TestClient, joint: Joint) -> None:
    austria = joint.austria
    detail = client.get(f"{joint.base}/entities/{joint.alias}", headers=austria).json()
    assert detail["entity"]["merged_into"] is None
    listed = client.get(f"{joint.base}/entities", headers=austria).json()["items"]
    assert [e["merged_into"] for e in listed] == [None, None]
    # Latvia sees the merge.
    seen = client.get(f"{joint.base}/entities/{joint.alias}", headers=joint.latvia).json()
    assert seen["entity"]["merged_into"] == joint.hidden


def test_the_entity_page_shows_no_merge_into_a_hidden_entity(
    client: TestClient, joint: Joint
) -> None:
    sign_in(client, "analyst.at")
    page = client.get(f"/files/{joint.file_id}/entities/{joint.alias}")
    assert page.status_code == 200
    assert f"/entities/{joint.hidden}" not in page.text
    assert "Go to the entity it was merged into" not in page.text
    rows = client.get(f"/files/{joint.file_id}/entities")
    assert 'class="badge">merged<' not in rows.text


def test_an_entity_merged_into_a_hidden_one_cannot_be_unmerged_by_who_cannot_see_it(
    client: TestClient, joint: Joint
) -> None:
    unmerged = client.post(f"{joint.base}/entities/{joint.alias}/unmerge", headers=joint.austria)
    standalone = client.post(f"{joint.base}/entities/{joint.phone}/unmerge",
                             headers=joint.austria)  # fmt: skip
    assert unmerged.status_code == standalone.status_code == 422
    assert unmerged.json() == standalone.json()
    seen = client.get(f"{joint.base}/entities/{joint.alias}", headers=joint.latvia).json()
    assert seen["entity"]["merged_into"] == joint.hidden


def test_duplicates_propose_an_entity_merged_into_a_hidden_one(
    client: TestClient, joint: Joint
) -> None:
    twin = entity(client, joint.austria, joint.file_id, "Iuliia Timofeeva",
                  data={"date_of_birth": "1985-03-07", "nationality": "BG"})  # fmt: skip
    proposed = client.get(f"{joint.base}/duplicates", headers=joint.austria).json()
    pairs = [{p["left"]["id"], p["right"]["id"]} for p in proposed]
    assert {joint.alias, twin} in pairs
    assert all(p["left"]["merged_into"] is None and p["right"]["merged_into"] is None
               for p in proposed)  # fmt: skip


def test_merging_into_an_entity_absorbed_by_a_hidden_one_leaves_the_hidden_merge_alone(
    client: TestClient, joint: Joint
) -> None:
    twin = entity(client, joint.austria, joint.file_id, "Iuliia Timofeeva")
    judged = client.post(f"{joint.base}/judgements", headers=joint.austria,
                         json={"left": twin, "right": joint.alias, "verdict": "same"})  # fmt: skip
    assert judged.status_code == 204, judged.text
    # Latvia's merge into the record stands; the two visible entities are one for Austria.
    seen = client.get(f"{joint.base}/entities/{joint.alias}", headers=joint.latvia).json()
    assert seen["entity"]["merged_into"] == joint.hidden
    merged = [e for e in client.get(f"{joint.base}/entities", headers=joint.austria).json()[
        "items"] if e["merged_into"] is not None]  # fmt: skip
    assert len(merged) == 1


# --- (c) key conflicts ------------------------------------------------------------------------


def test_a_record_key_answers_alike_whether_the_record_is_hidden_or_absent(
    client: TestClient, joint: Joint
) -> None:
    answers = [
        client.post(f"{joint.base}/entities", headers=joint.austria,
                    json={"kind": "person", "label": "Probe", "key": key})
        for key in (f"record:{joint.record_id}", "record:999999")
    ]  # fmt: skip
    assert answers[0].status_code == answers[1].status_code != 409
    assert answers[0].json() == answers[1].json()
    assert "already" not in answers[0].text
    assert len(_links_of(client, joint, joint.hidden)) == 1


def test_the_entity_form_answers_alike_for_a_hidden_record_key(
    client: TestClient, joint: Joint
) -> None:
    sign_in(client, "analyst.at")
    base = f"/files/{joint.file_id}/entities"
    answers = []
    for key in (f"record:{joint.record_id}", "record:999999"):
        data = {"csrf_token": csrf(client, base), "kind": "person", "label": "Probe", "key": key}
        answers.append(client.post(base, data=data, follow_redirects=False))
    assert answers[0].status_code == answers[1].status_code == 422
    assert "already" not in answers[0].text
    assert "That already exists." not in answers[0].text


# --- (d) imports ------------------------------------------------------------------------------


def _import(client: TestClient, joint: Joint, key: str) -> Any:
    body = f"source,target,kind\n{key},+359 88 765 4321,called\n".encode()
    response = client.post(
        f"{joint.base}/import",
        params={"format": "edges-csv", "filename": "calls.csv"},
        content=body,
        headers=joint.austria | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_an_import_naming_a_hidden_record_key_attaches_nothing_to_it(
    client: TestClient, joint: Joint, database: Database
) -> None:
    hidden = _import(client, joint, f"record:{joint.record_id}")
    absent = _import(client, joint, "record:999999")
    assert hidden == absent
    assert hidden["links_added"] == 0 and len(hidden["rejected"]) == 1
    assert "already" not in hidden["rejected"][0]["message"]
    assert len(_links_of(client, joint, joint.hidden)) == 1  # only Latvia's own link
    labels = [e["label"] for e in client.get(f"{joint.base}/entities", headers=joint.latvia)
              .json()["items"]]  # fmt: skip
    assert not any(label.startswith("record:") for label in labels)


def test_an_import_still_finds_a_record_the_importer_may_see(
    client: TestClient, joint: Joint
) -> None:
    body = f"source,target,kind\nrecord:{joint.record_id},+359 88 765 4321,called\n".encode()
    response = client.post(
        f"{joint.base}/import",
        params={"format": "edges-csv", "filename": "calls.csv"},
        content=body,
        headers=joint.latvia | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["links_added"] == 1 and response.json()["rejected"] == []
    assert len(_links_of(client, joint, joint.hidden)) == 2


# --- further routes: the chart's saved layout --------------------------------------------------


def _save_layout(client: TestClient, joint: Joint, who: str, ids: list[int]) -> None:
    sign_in(client, who)
    token = csrf(client, f"/files/{joint.file_id}/chart")
    positions = {str(i): {"x": 10.0 * n, "y": 5.0} for n, i in enumerate(ids)}
    saved = client.post(f"/files/{joint.file_id}/layout", headers={"X-CSRF-Token": token},
                        json={"positions": positions, "pinned": [str(i) for i in ids]})  # fmt: skip
    assert saved.status_code == 200, saved.text


def _layout(client: TestClient, joint: Joint, headers: dict[str, str]) -> dict[str, Any]:
    view = client.get(f"{joint.base}/network", headers=headers)
    assert view.status_code == 200, view.text
    return dict(view.json()["layout"])


def test_the_saved_layout_neither_shows_nor_loses_a_hidden_entity(
    client: TestClient, joint: Joint
) -> None:
    _save_layout(client, joint, "analyst.lv", [joint.hidden, joint.phone])
    seen = _layout(client, joint, joint.austria)
    assert set(seen["positions"]) == {str(joint.phone)} and seen["pinned"] == [str(joint.phone)]
    # Austria moves what it sees (and tries the hidden id): Latvia's place for it stays.
    _save_layout(client, joint, "analyst.at", [joint.alias, joint.phone, joint.hidden])
    kept = _layout(client, joint, joint.latvia)
    assert kept["positions"][str(joint.hidden)] == {"x": 0.0, "y": 5.0}
    assert str(joint.hidden) in kept["pinned"]
    assert str(joint.hidden) not in _layout(client, joint, joint.austria)["positions"]
