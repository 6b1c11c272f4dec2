"""Analysis files over the API: membership decides who sees a file, and a watchlist record
pulled into a file stays hidden from members who may not see the record."""

from __future__ import annotations

from fastapi.testclient import TestClient

from clew.access.models import AuditEntry
from clew.storage import Database
from tests.intel.conftest import entity, link, new_file
from tests.records.conftest import person


def test_an_analyst_opens_a_file_and_becomes_its_writer(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    file = new_file(client, analysts["analyst.bg"], handling_code="H2")
    assert file["owner_agency"] == "BG-NCB" and file["access"] == "write"
    assert file["handling_code"] == "H2" and file["entities"] == 0
    members = client.get(f"/api/v1/files/{file['id']}/members", headers=analysts["analyst.bg"])
    assert members.json() == [{"username": "analyst.bg", "agency": "BG-NCB", "access": "write"}]


def test_officers_cannot_open_analysis_files(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    response = client.post("/api/v1/files", json={"name": "x"}, headers=analysts["officer.bg"])
    assert response.status_code == 403


def test_a_stranger_sees_nothing_of_a_file(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    file = new_file(client, analysts["analyst.bg"])
    a = entity(client, analysts["analyst.bg"], file["id"], "Ivan Petrov")
    missing = client.get("/api/v1/files/99999", headers=analysts["analyst.lv"])
    for url in (
        f"/api/v1/files/{file['id']}",
        f"/api/v1/files/{file['id']}/members",
        f"/api/v1/files/{file['id']}/entities",
        f"/api/v1/files/{file['id']}/entities/{a}",
    ):
        hidden = client.get(url, headers=analysts["analyst.lv"])
        assert hidden.status_code == 404, url
        assert hidden.json()["error"]["message"] == missing.json()["error"]["message"]
    listing = client.get("/api/v1/files", headers=analysts["analyst.lv"]).json()
    assert listing["items"] == []
    attempt = client.post(
        f"/api/v1/files/{file['id']}/entities",
        json={"kind": "person", "label": "Spy"},
        headers=analysts["analyst.lv"],
    )
    assert attempt.status_code == 404


def test_members_read_or_write_as_granted(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    owner = analysts["analyst.bg"]
    file = new_file(client, owner)
    added = client.put(
        f"/api/v1/files/{file['id']}/members",
        json={"username": "analyst.lv", "access": "read"},
        headers=owner,
    )
    assert added.json() == {"username": "analyst.lv", "agency": "LV-POLICE", "access": "read"}
    a = entity(client, owner, file["id"], "Ivan Petrov")
    seen = client.get(f"/api/v1/files/{file['id']}/entities", headers=analysts["analyst.lv"])
    assert [e["label"] for e in seen.json()["items"]] == ["Ivan Petrov"]
    refused = client.post(
        f"/api/v1/files/{file['id']}/entities",
        json={"kind": "phone", "label": "+359 88 123 4567"},
        headers=analysts["analyst.lv"],
    )
    assert refused.status_code == 403
    assert "may read" in refused.json()["error"]["message"]
    # A token with the read scope only cannot write even for a write member.
    client.put(
        f"/api/v1/files/{file['id']}/members",
        json={"username": "analyst.lv", "access": "write"},
        headers=owner,
    )
    assert (
        client.delete(
            f"/api/v1/files/{file['id']}/entities/{a}", headers=analysts["reader.lv"]
        ).status_code
        == 403
    )


def test_only_analysts_can_be_members_and_the_refusal_does_not_tell_who_exists(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    file = new_file(client, analysts["analyst.bg"])
    url = f"/api/v1/files/{file['id']}/members"
    officer = client.put(url, json={"username": "officer.lv"}, headers=analysts["analyst.bg"])
    nobody = client.put(url, json={"username": "nobody"}, headers=analysts["analyst.bg"])
    assert officer.status_code == nobody.status_code == 422
    assert officer.json()["error"]["message"].replace("officer.lv", "X") == nobody.json()["error"][
        "message"
    ].replace("nobody", "X")


def test_the_last_writer_cannot_leave(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    file = new_file(client, analysts["analyst.bg"])
    response = client.delete(
        f"/api/v1/files/{file['id']}/members/analyst.bg", headers=analysts["analyst.bg"]
    )
    assert response.status_code == 409


def test_links_need_two_entities_of_the_file_and_sane_dates(
    client: TestClient, analysts: dict[str, dict[str, str]]
) -> None:
    owner = analysts["analyst.bg"]
    file = new_file(client, owner)
    other = new_file(client, owner, name="Other")
    a = entity(client, owner, file["id"], "A")
    b = entity(client, owner, file["id"], "B")
    c = entity(client, owner, other["id"], "C")
    url = f"/api/v1/files/{file['id']}/links"
    assert client.post(url, json={"source": a, "target": c}, headers=owner).status_code == 404
    same = client.post(url, json={"source": a, "target": a}, headers=owner)
    assert same.status_code == 422 and "two different" in same.text
    backwards = client.post(
        url,
        json={"source": a, "target": b, "start": "1995-02-01", "end": "1995-01-01"},
        headers=owner,
    )
    assert backwards.status_code == 422 and "before start" in backwards.text
    bad_grading = client.post(
        url, json={"source": a, "target": b, "reliability": "E"}, headers=owner
    )
    assert bad_grading.status_code == 422
    lid = link(client, owner, file["id"], a, b, weight=4, reliability="B", information="2",
               source_kind="message", source_ref="MSG-2026-118")  # fmt: skip
    detail = client.get(f"/api/v1/files/{file['id']}/entities/{a}", headers=owner).json()
    (shown,) = detail["links"]
    assert shown["id"] == lid and shown["weight"] == 4
    assert (shown["reliability"], shown["information"], shown["source_ref"]) == (
        "B", "2", "MSG-2026-118",
    )  # fmt: skip
    assert [n["label"] for n in detail["neighbours"]] == ["B"]


def test_a_hidden_record_pulled_into_a_file_stays_hidden(
    client: TestClient, analysts: dict[str, dict[str, str]], database: Database
) -> None:
    # Bulgaria's record is shown to Latvia only; Austria may not see it.
    record = client.post(
        "/api/v1/records",
        json=person(visibility={"mode": "only", "countries": ["LV"]}),
        headers=analysts["dm.bg"],
    ).json()
    owner = analysts["analyst.lv"]
    file = new_file(client, owner)
    pulled = client.post(
        f"/api/v1/files/{file['id']}/records", json={"record_id": record["id"]}, headers=owner
    )
    assert pulled.status_code == 201, pulled.text
    person_id = pulled.json()["id"]
    assert pulled.json()["record_id"] == record["id"] and pulled.json()["data"]["alerts"] == 1
    phone = entity(client, owner, file["id"], "+43 660 1234567", kind="phone")
    link(client, owner, file["id"], person_id, phone, kind="uses")
    client.put(
        f"/api/v1/files/{file['id']}/members",
        json={"username": "analyst.at", "access": "write"},
        headers=owner,
    )
    austria = analysts["analyst.at"]
    labels = [e["label"] for e in client.get(
        f"/api/v1/files/{file['id']}/entities", headers=austria).json()["items"]]  # fmt: skip
    assert labels == ["+43 660 1234567"]
    assert (
        client.get(f"/api/v1/files/{file['id']}/entities/{person_id}", headers=austria).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/files/{file['id']}/entities/{phone}", headers=austria).json()["links"]
        == []
    )
    # Austria cannot pull it either: the record does not exist for Austria.
    assert (
        client.post(
            f"/api/v1/files/{file['id']}/records", json={"record_id": record["id"]}, headers=austria
        ).status_code
        == 404
    )
    # Latvia still sees it all.
    seen = client.get(f"/api/v1/files/{file['id']}/entities/{phone}", headers=owner).json()
    assert len(seen["links"]) == 1


def test_every_view_and_change_is_audited(
    client: TestClient, analysts: dict[str, dict[str, str]], database: Database
) -> None:
    owner = analysts["analyst.bg"]
    file = new_file(client, owner)
    a = entity(client, owner, file["id"], "A")
    client.get(f"/api/v1/files/{file['id']}/entities/{a}", headers=owner)
    with database.reading() as session:
        actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert actions[-3:] == ["intel.file.create", "intel.entity.add", "intel.entity.view"]
