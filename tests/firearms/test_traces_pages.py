"""Trace pages over HTTP: open a trace from a firearm record's page, answer it in the form of
the addressed agency, read the point of diversion; an agency not addressed finds nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_agency, make_token, make_user
from tests.records.conftest import firearm
from tests.web.test_pages import csrf, sign_in


def test_a_trace_opened_from_a_record_is_answered_and_shows_its_point_of_diversion(
    client: TestClient, world: Database
) -> None:
    make_agency(world, "EE-POLICE", "EE")
    make_user(world, "dm.lv", Role.DATA_MANAGER, "LV-POLICE")
    make_user(world, "officer.ee", Role.OFFICER, "EE-POLICE")
    token = bearer(make_token(world, "dm.lv", Scope.READ, Scope.WRITE))
    record = client.post("/api/v1/records", json=firearm(firearm_type="pistol"), headers=token)
    assert record.status_code == 201, record.text
    record_id = record.json()["id"]

    sign_in(client, "officer.bg")
    detail = client.get(f"/records/{record_id}").text
    assert f'href="/traces/new?record={record_id}"' in detail
    assert 'href="/traces"' in detail  # the nav entry
    opened = client.post("/traces/new", follow_redirects=False, data={
        "csrf_token": csrf(client, f"/traces/new?record={record_id}"),
        "record_id": str(record_id), "illicit_reason": "illegally_possessed",
        "crime_type": "armed_robbery", "recovery_country": "BG", "recovery_place": "Sofia",
        "recovered_on": "2026-03-02", "possessor_name": "Petar Georgiev",
        "addressed": "LV-POLICE", "priority": "routine", "handling_code": "H2",
    })  # fmt: skip
    assert opened.status_code == 303, opened.text
    location = opened.headers["location"]
    tid = re.fullmatch(r"/traces/([A-Za-z0-9_-]+)\?done=trace_opened", location)
    assert tid, location
    page = client.get(location).text
    assert "ZAS7710B42" in page and "Trace sent to the addressed agencies." in page
    urgent = client.post("/traces/new", data={
        "csrf_token": csrf(client, "/traces/new"), "illicit_reason": "stolen",
        "crime_type": "homicide", "recovery_country": "BG", "recovered_on": "2026-03-02",
        "addressed": "LV-POLICE", "priority": "urgent",
    })  # fmt: skip
    assert urgent.status_code == 422 and "justification" in urgent.text

    client.cookies.clear()
    sign_in(client, "dm.lv")
    incoming = client.get("/traces?box=incoming").text
    assert f"/traces/{tid[1]}" in incoming and "H2" in incoming
    answer = {"csrf_token": csrf(client, f"/traces/{tid[1]}"),
              "e0_occurred_on": "2018-04-03", "e0_kind": "sold", "e0_country": "LV",
              "e0_actor": "Ieroču nams", "e0_counterpart": "Jānis Bērziņš",
              "e0_source_grade": "A", "e0_info_grade": "1",
              "e1_occurred_on": "2025-12", "e1_kind": "reported_stolen",
              "e1_actor": "Jānis Bērziņš", "e1_source_grade": "B",
              "e1_info_grade": "2"}  # fmt: skip
    answered = client.post(f"/traces/{tid[1]}/answer", data=answer, follow_redirects=False)
    assert answered.status_code == 303, answered.text

    client.cookies.clear()
    sign_in(client, "officer.bg")
    page = client.get(f"/traces/{tid[1]}").text
    diversion = page.split("Point of diversion", 1)[1].split("</dd>", 1)[0]
    assert "Sold" in diversion and "Jānis Bērziņš" in diversion

    client.cookies.clear()
    sign_in(client, "officer.ee")
    hidden = client.get(f"/traces/{tid[1]}")
    missing = client.get("/traces/AAAAAAAAAAAAAAAAAAAAAA")
    assert hidden.status_code == missing.status_code == 404
    assert tid[1] not in client.get("/traces?box=incoming").text
