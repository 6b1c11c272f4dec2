"""Why a record did or did not match a check: the owner asks, the step that let it go is named,
the score and explanation are given, nothing is stored, the question is audited, and a record
the asker may not see is not found."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.records.conftest import person


def _explain(
    client: TestClient,
    headers: dict[str, str],
    record_id: int,
    body: dict[str, object],
    language: str = "en",
) -> tuple[int, dict[str, object]]:
    response = client.post(
        f"/api/v1/records/{record_id}/explain",
        params={"language": language},
        json=body,
        headers=headers,
    )
    return response.status_code, response.json()


def test_the_owner_learns_why_its_record_was_not_matched(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    owner = countries["dm.bg"]
    record = client.post("/api/v1/records", json=person(), headers=owner).json()
    status, found = _explain(
        client,
        owner,
        record["id"],
        {"person": {"names": ["Yulia Timofeeva"], "date_of_birth": "1985-03-07"}},
    )
    assert status == 200 and found["reason"] == "matched" and found["band"] == "hit", found
    assert "Тимофеева" in str(found["text"])

    status, namesake = _explain(
        client,
        owner,
        record["id"],
        {"person": {"names": ["Maria Timofeeva"], "date_of_birth": "1985-03-07"}},
    )
    assert status == 200 and namesake["reason"] == "below_threshold", namesake
    assert namesake["band"] == "no match" and namesake["score"] is not None
    assert "below the possible-match threshold" in str(namesake["reason_text"])
    assert any(item["verdict"] == "different" for item in namesake["explanation"])  # type: ignore[union-attr]

    status, stranger = _explain(client, owner, record["id"], {"person": {"names": ["John Smith"]}})
    assert status == 200 and stranger["reason"] == "not_found", stranger

    status, in_bulgarian = _explain(
        client, owner, record["id"], {"person": {"names": ["John Smith"]}}, "bg"
    )
    assert "Проверката не достига" in str(in_bulgarian["reason_text"])

    hits = client.get(f"/api/v1/records/{record['id']}/hits", headers=owner).json()
    assert hits["total"] == 0  # explaining is not checking: no hit was stored
    with client.app.state.database.engine.connect() as conn:  # type: ignore[attr-defined]
        asked = conn.exec_driver_sql(
            "SELECT target, query FROM audit_entries WHERE action = 'screening.explain_record'"
        ).all()
    assert len(asked) == 4 and asked[0][0] == f"record:{record['id']}"
    assert "Yulia Timofeeva" in asked[0][1]  # what was asked, in the audit log only


def test_a_record_hidden_from_the_asker_is_not_found(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    hidden = client.post(
        "/api/v1/records",
        json=person(visibility={"mode": "except", "countries": ["AT"]}),
        headers=countries["dm.bg"],
    ).json()
    body = {"person": {"names": ["Yulia Timofeeva"]}}
    status, answer = _explain(client, countries["officer.at"], hidden["id"], body)
    missing_status, missing = _explain(client, countries["officer.at"], hidden["id"] + 1000, body)
    assert status == missing_status == 404
    assert answer == missing
