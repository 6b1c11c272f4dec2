"""The hits an agency's checks found: once the owner hides the record from the checking
country, the checking side sees neither the record's label nor the owner's decision note, in
the API and on the "hits on our records" page alike (visibility is applied when read)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.records.conftest import person
from tests.web.test_pages import sign_in

LABEL = "Юлия Тимофеева (1985-03-07)"
NOTE = "Same person; extradition file SOF-2026-771"
CHECK = {"person": {"names": ["TIMOFEEVA IULIIA"], "date_of_birth": "1985-03-07"}}


def _ours(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get("/api/v1/hits/ours", headers=headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def test_hiding_a_record_takes_its_label_and_note_from_the_checking_side(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    owner, officer = countries["dm.bg"], countries["officer.lv"]
    record = client.post("/api/v1/records", json=person(), headers=owner).json()
    assert client.post("/api/v1/checks", json=CHECK, headers=officer).json()["results"]
    (hit,) = client.get("/api/v1/hits/inbox", headers=owner).json()["items"]
    client.post(f"/api/v1/hits/{hit['id']}/decision", json={"decision": "confirmed", "note": NOTE},
                headers=owner)  # fmt: skip
    (seen,) = _ours(client, officer)
    assert (seen["label"], seen["decision_note"]) == (LABEL, NOTE)

    data = {k: v for k, v in person().items() if k != "alert"}
    hide = {"data": data, "visibility": {"mode": "except", "countries": ["LV"]}}
    hidden = client.put(f"/api/v1/records/{record['id']}", json=hide, headers=owner)
    assert hidden.status_code == 200, hidden.text
    # A later decision note is not shown either.
    client.post(f"/api/v1/hits/{hit['id']}/decision", headers=owner,
                json={"decision": "rejected", "note": NOTE + " (withdrawn)"})  # fmt: skip

    assert _ours(client, officer) == []  # as if the check had found nothing
    sign_in(client, "officer.lv")
    page = client.get("/hits/ours")
    assert page.status_code == 200
    assert LABEL not in page.text and "SOF-2026-771" not in page.text
    assert "No hits here." in page.text
    # The owner still has its hit; a country that may see the record still sees its own.
    (kept,) = client.get("/api/v1/hits/inbox", params={"decision": "all"},
                         headers=owner).json()["items"]  # fmt: skip
    assert kept["decision_note"] == NOTE + " (withdrawn)"
    client.post("/api/v1/checks", json=CHECK, headers=countries["officer.at"])
    (austrian,) = _ours(client, countries["officer.at"])
    assert austrian["label"] == LABEL
