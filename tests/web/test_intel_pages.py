"""Analysis-file pages over HTTP: who sees a file, who may change it, forms that fail keep what
was typed, the chart's JSON, imports with a mapping step, exports and the report."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient

from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import OrganisationType, Role
from clew.intel import caviar, entities, files, report
from clew.intel.schemas import EntityCreate, FileCreate, LinkCreate, MemberIn
from clew.records import store
from clew.records.schemas import PersonCreate
from clew.storage import Database
from tests.conftest import make_agency, make_user
from tests.records.conftest import person
from tests.web.test_pages import csrf, sign_in


@dataclass
class Case:
    file_id: int
    people: dict[str, int]


def make_case(database: Database) -> Case:
    """analyst.bg writes "Operation Amber" (a chain Ana - Boris - Vera - Dan, plus a payment and
    a dated meeting); reader.bg may read it; analyst.lv and officer.bg are not members."""
    make_agency(database, "BG-NCB", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_agency(database, "LV-POLICE", "LV")
    for username, role, agency in (
        ("analyst.bg", Role.ANALYST, "BG-NCB"), ("reader.bg", Role.ANALYST, "BG-NCB"),
        ("analyst.lv", Role.ANALYST, "LV-POLICE"), ("officer.bg", Role.OFFICER, "BG-NCB"),
    ):  # fmt: skip
        make_user(database, username, role, agency)
    with database.transaction() as session:
        actor = actor_for(session.query(User).filter_by(username="analyst.bg").one())
        file_id = files.create_file(
            session, actor, FileCreate(name="Operation Amber", purpose="Heroin route",
                                       handling_code="H2", handling_note="Bulgaria only")
        ).id  # fmt: skip
        files.add_member(session, actor, file_id, MemberIn(username="reader.bg", access="read"))
        people = {}
        labels = (("Ana Petrova", "person"), ("Boris Ivanov", "person"),
                  ("Vera Koleva", "person"), ("Dan Georgiev", "person"),
                  ("BG80 BNBG 9661", "account"), ("LV12 HABA 0551", "account"))  # fmt: skip
        for label, kind in labels:
            role = {"role": "leader"} if label == "Ana Petrova" else {}
            data = EntityCreate(kind=kind, label=label, data=role)
            people[label.split()[0]] = entities.add_entity(session, actor, file_id, data).id
        chain = ("Ana", "Boris"), ("Boris", "Vera"), ("Vera", "Dan")
        for day, (a, b) in enumerate(chain, start=1):
            entities.add_link(session, actor, file_id, LinkCreate(
                source=people[a], target=people[b], kind="called", directed=True,
                start=f"2024-03-0{day}", end=f"2024-03-0{day}", reliability="B",
                information="2", source_ref=f"intercept {day}",
            ))  # fmt: skip
        entities.add_link(session, actor, file_id, LinkCreate(
            source=people["BG80"], target=people["LV12"], kind="paid", directed=True,
            amount=9500, currency="EUR", start="2024-03-05", end="2024-03-05",
        ))  # fmt: skip
        entities.add_link(session, actor, file_id, LinkCreate(
            source=people["Ana"], target=people["BG80"], kind="owns"))  # fmt: skip
    return Case(file_id, people)


@pytest.fixture
def case(database: Database) -> Case:
    return make_case(database)


def _post(
    client: TestClient, path: str, data: dict[str, str], *, token_from: str
) -> httpx.Response:
    token = csrf(client, token_from)
    return client.post(path, data={"csrf_token": token} | data, follow_redirects=False)


# --- who sees what ------------------------------------------------------------------------------


def file_urls(case: Case) -> list[str]:
    base = f"/files/{case.file_id}"
    ana = case.people["Ana"]
    return [
        base, f"{base}/entities", f"{base}/entities/{ana}", f"{base}/chart",
        f"{base}/chart.json", f"{base}/paths.json?source={ana}&target={case.people['Dan']}",
        f"{base}/players", f"{base}/timeline", f"{base}/periods", f"{base}/money",
        f"{base}/duplicates",
        f"{base}/import", f"{base}/export/graphml", f"{base}/report", f"{base}/report.pdf",
    ]  # fmt: skip


def test_a_non_member_finds_no_trace_of_the_file(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.lv")
    listing = client.get("/files")
    assert listing.status_code == 200
    assert "Operation Amber" not in listing.text
    for url in file_urls(case):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Operation Amber" not in response.text
        assert "Ana Petrova" not in response.text
    missing = client.get("/files/999999")
    assert missing.status_code == 404
    base, ana = f"/files/{case.file_id}", str(case.people["Ana"])
    posts = [
        (f"{base}/entities", {"kind": "person", "label": "X"}),
        (f"{base}/links", {"source": ana, "target": str(case.people["Dan"])}),
        (f"{base}/members", {"username": "analyst.lv", "access": "write"}),
        (f"{base}/members/remove", {"username": "analyst.bg"}),
        (f"{base}/edit", {"name": "Mine now"}),
        (f"{base}/records", {"record_id": "1"}),
        (f"{base}/entities/{ana}/delete", {}),
        (f"{base}/entities/{ana}/unmerge", {}),
        (f"{base}/duplicates", {"left": ana, "right": ana, "verdict": "same"}),
        (f"{base}/import/map", {"token": "x"}),
    ]
    for path, data in posts:
        assert _post(client, path, data, token_from="/files").status_code == 404, path
    token = csrf(client, "/files")
    layout = client.post(f"{base}/layout", json={"positions": {}},
                         headers={"X-CSRF-Token": token})  # fmt: skip
    assert layout.status_code == 404
    upload = client.post(f"{base}/import", data={"csrf_token": token, "format": "ftm"},
                         files={"file": ("x.ftm", b"{}", "application/json")})  # fmt: skip
    assert upload.status_code == 404


def test_an_officer_has_no_analysis_files(client: TestClient, case: Case) -> None:
    sign_in(client, "officer.bg")
    assert 'href="/files"' not in client.get("/").text
    assert client.get("/files").status_code == 403
    # Refused for want of the permission, the same for every file number: nothing leaks.
    assert client.get(f"/files/{case.file_id}").status_code == 403
    assert client.get("/files/999999").status_code == 403


def test_a_member_sees_the_file_with_its_handling_code(client: TestClient, case: Case) -> None:
    sign_in(client, "reader.bg")
    listing = client.get("/files")
    assert 'href="/files"' in listing.text  # the navigation link
    assert f'href="/files/{case.file_id}"' in listing.text
    page = client.get(f"/files/{case.file_id}")
    assert page.status_code == 200
    assert "Heroin route" in page.text
    assert '<span class="handling">H2</span>' in page.text
    assert "Not to be passed on without the owner&#39;s permission." in page.text
    assert "Bulgaria only" in page.text
    assert "read only" in page.text
    for url in file_urls(case):
        if not url.endswith("/import"):  # importing is writing
            assert client.get(url).status_code == 200, url


def test_a_read_member_cannot_change_anything(client: TestClient, case: Case) -> None:
    sign_in(client, "reader.bg")
    base = f"/files/{case.file_id}"
    page = client.get(f"{base}/entities")
    assert "Add an entity" not in page.text
    ana, dan = case.people["Ana"], case.people["Dan"]
    attempts = [
        (f"{base}/entities", {"kind": "person", "label": "Mallory"}),
        (f"{base}/links", {"source": str(ana), "target": str(dan)}),
        (f"{base}/members", {"username": "analyst.lv", "access": "write"}),
        (f"{base}/members/remove", {"username": "analyst.bg"}),
        (f"{base}/edit", {"name": "Renamed"}),
        (f"{base}/records", {"record_id": "1"}),
        (f"{base}/entities/{ana}/delete", {}),
        (f"{base}/duplicates", {"left": str(ana), "right": str(dan), "verdict": "same"}),
    ]
    for path, data in attempts:
        response = _post(client, path, data, token_from=base)
        assert response.status_code == 403, path
    token = csrf(client, f"{base}/chart")
    layout = client.post(f"{base}/layout", json={"positions": {}, "pinned": []},
                         headers={"X-CSRF-Token": token})  # fmt: skip
    assert layout.status_code == 403
    assert client.get(f"{base}/import").status_code == 403
    assert "Mallory" not in client.get(f"{base}/entities").text


def test_forms_need_the_csrf_token(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    client.get(base)
    for token in (None, "forged"):
        data = {"kind": "person", "label": "Forged"} | ({"csrf_token": token} if token else {})
        assert client.post(f"{base}/entities", data=data).status_code == 403
    layout = client.post(f"{base}/layout", json={"positions": {}}, headers={"X-CSRF-Token": "x"})
    assert layout.status_code == 403
    assert "Forged" not in client.get(f"{base}/entities").text


# --- files, members, entities, links ------------------------------------------------------------


def test_an_analyst_creates_a_file_and_becomes_its_writer(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.lv")
    bad = _post(client, "/files", {"name": "", "purpose": "Kept text"}, token_from="/files")
    assert bad.status_code == 422
    assert "Kept text" in bad.text
    assert 'aria-invalid="true"' in bad.text
    made = _post(client, "/files", {"name": "Baltic ring", "purpose": "Cigarettes",
                                    "handling_code": "H1"}, token_from="/files")  # fmt: skip
    assert made.status_code == 303
    location = made.headers["location"]
    page = client.get(location)
    assert "Analysis file created." in page.text
    assert '<span class="handling">H1</span>' in page.text
    assert "analyst.lv" in page.text and "read and write" in page.text


def test_a_writer_changes_the_handling_code_and_a_bad_name_keeps_the_rest(
    client: TestClient, case: Case
) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    typed = {"name": "x" * 201, "purpose": "New purpose", "handling_code": "H3",
             "handling_note": "Ask NCB Sofia"}  # fmt: skip
    bad = _post(client, f"{base}/edit", typed, token_from=base)
    assert bad.status_code == 422
    assert "New purpose" in bad.text and "Ask NCB Sofia" in bad.text
    assert '<details class="tool" open>' in bad.text
    good = _post(client, f"{base}/edit", typed | {"name": "Operation Amber II"}, token_from=base)
    assert good.status_code == 303
    page = client.get(good.headers["location"])
    assert "File updated." in page.text and "Operation Amber II" in page.text
    assert '<span class="handling">H3</span>' in page.text


def test_members_are_added_and_removed_by_a_writer(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    nobody = _post(client, f"{base}/members", {"username": "no.such.user"}, token_from=base)
    assert nobody.status_code == 422
    assert "no.such.user" in nobody.text
    officer = _post(client, f"{base}/members", {"username": "officer.bg"}, token_from=base)
    assert officer.status_code == 422
    added = _post(client, f"{base}/members", {"username": "analyst.lv", "access": "read"},
                  token_from=base)  # fmt: skip
    assert added.status_code == 303
    assert "analyst.lv" in client.get(base).text
    last = _post(client, f"{base}/members/remove", {"username": "analyst.bg"}, token_from=base)
    assert last.status_code == 409
    assert "at least one member with write access" in last.text
    removed = _post(client, f"{base}/members/remove", {"username": "analyst.lv"},
                    token_from=base)  # fmt: skip
    assert removed.status_code == 303


def test_entities_are_listed_filtered_and_added(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    page = client.get(f"{base}/entities")
    assert "Ana Petrova" in page.text and "BG80 BNBG 9661" in page.text
    rows = client.get(f"{base}/entities", params={"kind": "account"},
                      headers={"HX-Request": "true"})  # fmt: skip
    assert rows.text.lstrip().startswith('<div id="entity-rows">')
    assert "BG80 BNBG 9661" in rows.text and "Ana Petrova" not in rows.text
    found = client.get(f"{base}/entities", params={"q": "kolev"}, headers={"HX-Request": "true"})
    assert "Vera Koleva" in found.text and "Boris" not in found.text
    added = _post(client, f"{base}/entities", {"kind": "phone", "label": "+359 88 123 4567",
                                                "reliability": "A", "information": "1",
                                                "source_ref": "subscriber check"},
                  token_from=f"{base}/entities")  # fmt: skip
    assert added.status_code == 303
    listing = client.get(f"{base}/entities", params={"q": "359"})
    assert "+359 88 123 4567" in listing.text and "subscriber check" in listing.text


def test_a_bad_link_says_why_and_keeps_what_was_typed(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    ana, dan = case.people["Ana"], case.people["Dan"]
    typed = {"source": f"Ana Petrova (#{ana})", "target": str(dan), "kind": "met",
             "start": "2024-05-02", "end": "2024-05-01",
             "source_ref": "report 77/2024"}  # fmt: skip
    bad = _post(client, f"{base}/links", typed, token_from=f"{base}/entities")
    assert bad.status_code == 422
    text = bad.text
    assert "end is before start" in text
    assert "report 77/2024" in text and "2024-05-02" in text
    assert '<details class="tool" open>' in text
    stranger = _post(client, f"{base}/links", typed | {"target": "999999", "end": ""},
                     token_from=f"{base}/entities")  # fmt: skip
    assert stranger.status_code == 422
    assert "Both ends must be entities of this file." in stranger.text
    good = _post(client, f"{base}/links", typed | {"end": "2024-05-03", "back": str(ana)},
                 token_from=f"{base}/entities")  # fmt: skip
    assert good.status_code == 303
    entity = client.get(good.headers["location"])
    assert "Link added." in entity.text
    assert "report 77/2024" in entity.text and "2024-05-02" in entity.text


def test_the_entity_page_shows_links_with_dates_grading_and_neighbours(
    client: TestClient, case: Case
) -> None:
    sign_in(client, "reader.bg")
    page = client.get(f"/files/{case.file_id}/entities/{case.people['Boris']}")
    assert page.status_code == 200
    assert "Ana Petrova" in page.text and "Vera Koleva" in page.text
    assert "2024-03-01" in page.text and "intercept 1" in page.text
    assert "B · mostly reliable" in page.text
    assert f"/files/{case.file_id}/chart?around={case.people['Boris']}" in page.text
    other = client.get(f"/files/{case.file_id}/entities/999999")
    assert other.status_code == 404


def test_a_pulled_record_stays_hidden_from_a_member_it_is_kept_from(
    client: TestClient, database: Database, case: Case
) -> None:
    make_user(database, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    with database.transaction() as session:
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        hidden = person(names=[{"full": "Kiril Hristov"}],
                        visibility={"mode": "except", "countries": ["LV"]})  # fmt: skip
        record_id = store.create_record(session, owner, PersonCreate(**hidden)).id
        writer = actor_for(session.query(User).filter_by(username="analyst.bg").one())
        files.add_member(session, writer, case.file_id, MemberIn(username="analyst.lv"))
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    pulled = _post(client, f"{base}/records", {"record_id": f"#{record_id}"}, token_from=base)
    assert pulled.status_code == 303
    entity = client.get(pulled.headers["location"])
    assert "Kiril Hristov" in entity.text and f'href="/records/{record_id}"' in entity.text
    entity_url = pulled.headers["location"].split("?")[0]
    client.post("/logout", data={"csrf_token": csrf(client, base)})

    sign_in(client, "analyst.lv")
    assert "Kiril Hristov" not in client.get(f"{base}/entities").text
    assert client.get(entity_url).status_code == 404
    assert "Kiril Hristov" not in client.get(f"{base}/chart.json").text
    assert "Kiril Hristov" not in client.get(f"{base}/report").text


def test_pulling_a_record_that_does_not_exist_says_so(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    for value in ("abc", "424242"):
        response = _post(client, f"{base}/records", {"record_id": value}, token_from=base)
        assert response.status_code in (404, 422)
        assert f'value="{value}"' in response.text
        assert "field-error" in response.text


# --- the chart --------------------------------------------------------------------------------


def test_the_chart_json_filters_expands_and_finds_paths(client: TestClient, case: Case) -> None:
    sign_in(client, "reader.bg")
    base = f"/files/{case.file_id}"
    whole = client.get(f"{base}/chart.json").json()
    labels = {n["data"]["label"] for n in whole["nodes"]}
    assert {"Ana Petrova", "Dan Georgiev", "BG80 BNBG 9661"} <= labels
    called = client.get(f"{base}/chart.json", params={"kinds": "called"}).json()
    assert {e["data"]["kind"] for e in called["edges"]} == {"called"}
    boris = case.people["Boris"]
    around = client.get(f"{base}/chart.json", params={"around": boris, "depth": 1}).json()
    assert {n["data"]["label"] for n in around["nodes"]} == {
        "Ana Petrova", "Boris Ivanov", "Vera Koleva"}  # fmt: skip
    ana, dan = case.people["Ana"], case.people["Dan"]
    paths = client.get(f"{base}/paths.json", params={"source": ana, "target": dan}).json()
    assert paths["paths"][0] == [str(ana), str(boris), str(case.people["Vera"]), str(dan)]
    assert client.get(f"{base}/chart.json", params={"since": "not a date"}).status_code == 422


def test_the_chart_stays_put_between_loads(client: TestClient, case: Case) -> None:
    """With no saved layout every entity comes with a position, the same on every load, spread
    out (no two on one spot)."""
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"

    def positions() -> dict[str, tuple[float, float]]:
        nodes = client.get(f"{base}/chart.json").json()["nodes"]
        return {n["data"]["id"]: (n["position"]["x"], n["position"]["y"]) for n in nodes}

    first = positions()
    assert len(first) == len(case.people)
    assert positions() == first
    assert len(set(first.values())) == len(first)


def test_a_writer_saves_the_layout(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    token = csrf(client, f"{base}/chart")
    ana = str(case.people["Ana"])
    layout = {"positions": {ana: {"x": 10.5, "y": -3}}, "pinned": [ana]}
    saved = client.post(f"{base}/layout", json=layout, headers={"X-CSRF-Token": token})
    assert saved.status_code == 200, saved.text
    nodes = {n["data"]["id"]: n for n in client.get(f"{base}/chart.json").json()["nodes"]}
    assert nodes[ana]["position"] == {"x": 10.5, "y": -3.0}
    assert nodes[ana]["pinned"] is True
    broken = client.post(f"{base}/layout", content=b"[1, 2", headers={"X-CSRF-Token": token})
    assert broken.status_code == 422


# --- analysis pages ---------------------------------------------------------------------------


def test_the_analysis_pages_answer_in_the_analysts_language(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    players = client.get(f"{base}/players", params={"measure": "betweenness", "k": 2})
    assert players.status_code == 200
    assert "Boris Ivanov" in players.text and "Disruption simulation" in players.text
    assert "<svg" in players.text
    timeline = client.get(f"{base}/timeline").text
    assert timeline.index("2024-03-01") < timeline.index("2024-03-05")
    periods = client.get(f"{base}/periods", params={"measure": "degree"})
    assert periods.status_code == 200 and "2024-03-01" in periods.text
    money = client.get(f"{base}/money", params={"account": str(case.people["BG80"])})
    assert money.status_code == 200 and "LV12 HABA 0551" in money.text
    unknown = client.get(f"{base}/money", params={"account": "999999"})
    assert "No entity of that number in this file." in unknown.text
    assert client.get(f"{base}/duplicates").status_code == 200
    token = csrf(client, base)
    client.post("/language", data={"csrf_token": token, "language": "bg", "next": base})
    assert 'lang="bg"' in client.get(f"{base}/players").text


def test_judging_a_pair_merges_and_the_merge_can_be_undone(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    ana, boris = case.people["Ana"], case.people["Boris"]
    bad = _post(client, f"{base}/duplicates", {"left": str(ana), "right": str(boris),
                                                "verdict": "maybe"}, token_from=base)  # fmt: skip
    assert bad.status_code == 422
    same = _post(client, f"{base}/duplicates", {"left": str(ana), "right": str(boris),
                                                 "verdict": "same"}, token_from=base)  # fmt: skip
    assert same.status_code == 303
    merged = client.get(f"{base}/entities/{boris}")
    assert "Undo the merge" in merged.text
    undone = _post(client, f"{base}/entities/{boris}/unmerge", {}, token_from=base)
    assert undone.status_code == 303
    assert "Undo the merge" not in client.get(f"{base}/entities/{boris}").text


def test_players_page_shows_the_weights_and_both_disruption_strategies(
    client: TestClient, case: Case
) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    page = client.get(f"{base}/players").text
    weights = page[page.index("How the score is weighed") :]
    weights = weights[: weights.index("</table>")]
    shares = dict(re.findall(r"<td>([^<]+)</td><td>[^<]+</td><td class=\"num\">([^<]+)</td>",
                             weights))  # fmt: skip
    assert shares["Betweenness"] == "25%" and shares["Role in the group"] == "10%"
    assert shares["Watchlist alerts"] == "10%" and shares["Money handled"] == "10%"
    sequential = client.get(f"{base}/players", params={"measure": "score", "k": 2,
                                                       "strategy": "sequential"}).text  # fmt: skip
    assert '<option value="sequential" selected>' in sequential
    assert "Disruption simulation" in sequential and "<svg" in sequential
    periods = client.get(f"{base}/periods", params={"measure": "score"})
    assert periods.status_code == 200
    assert '<option value="score" selected>' in periods.text and "2024-03-01" in periods.text


def test_the_review_form_preselects_no_judgement(
    client: TestClient, case: Case, database: Database
) -> None:
    """A proposed pair offers same, different and unsure alike: none is chosen beforehand and
    no verdict is the form's default button; a form sent without a choice records nothing."""
    with database.transaction() as session:
        actor = actor_for(session.query(User).filter_by(username="analyst.bg").one())
        twin = entities.add_entity(
            session, actor, case.file_id, EntityCreate(kind="person", label="ANA PETROVA")
        ).id
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    page = client.get(f"{base}/duplicates").text
    form = page[page.index('action="/files/') :]
    form = form[: form.index("</form>")]
    assert "ANA PETROVA" in page
    radios = re.findall(r'<input type="radio" name="verdict"[^>]*>', form)
    assert sorted(re.search(r'value="(\w+)"', r)[1] for r in radios) == [  # type: ignore[index]
        "different", "same", "unsure"]  # fmt: skip
    assert not any("checked" in radio for radio in radios)
    assert not re.search(r'<button[^>]*name="verdict"', form)
    pair = {"left": str(case.people["Ana"]), "right": str(twin)}
    unchosen = _post(client, f"{base}/duplicates", pair, token_from=base)
    assert unchosen.status_code == 422
    assert "Undo the merge" not in client.get(f"{base}/entities/{twin}").text


# --- imports, exports, the report -------------------------------------------------------------

EDGES = (
    "From,To,Calls,Date\nAna Petrova,Nikola Marinov,3,2024-04-01\nNikola Marinov,,1,2024-04-02\n"
)


def _finished(client: TestClient, location: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        panel = client.get(location, headers={"HX-Request": "true"})
        assert panel.status_code == 200
        if "hx-trigger" not in panel.text:
            return panel.text
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def test_an_edge_list_is_mapped_imported_and_its_bad_rows_listed(
    client: TestClient, case: Case
) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    token = csrf(client, f"{base}/import")
    upload = client.post(
        f"{base}/import", data={"csrf_token": token, "format": "edges-csv"},
        files={"file": ("calls.csv", EDGES.encode(), "text/csv")},
    )  # fmt: skip
    assert upload.status_code == 200, upload.text
    assert "Which column holds what?" in upload.text
    assert re.search(r'name="map.source">.*?<option value="From" selected>', upload.text, re.S)
    waiting = re.search(r'name="token" value="([^"]+)"', upload.text)
    assert waiting
    mapping = {"csrf_token": token, "token": waiting.group(1), "map.source": "From",
               "map.target": "To", "map.weight": "Calls", "map.start": "Date"}  # fmt: skip
    started = client.post(f"{base}/import/map", data=mapping, follow_redirects=False)
    assert started.status_code == 303
    report = _finished(client, started.headers["location"])
    assert "1 rows rejected" in report and "<td>3</td>" in report
    assert "Nikola Marinov" in client.get(f"{base}/entities").text
    again = client.post(f"{base}/import/map", data=mapping, follow_redirects=False)
    assert again.status_code == 404  # the upload was used


def test_a_matrix_needs_no_mapping_and_goes_straight_to_the_job(
    client: TestClient, case: Case
) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    token = csrf(client, f"{base}/import")
    matrix = (caviar.DATA / "phase1.csv").read_bytes()
    started = client.post(
        f"{base}/import", data={"csrf_token": token, "format": "matrix-csv"},
        files={"file": ("phase1.csv", matrix, "text/csv")}, follow_redirects=False,
    )  # fmt: skip
    assert started.status_code == 303
    report = _finished(client, started.headers["location"])
    assert re.search(r"\d+ entities and \d+ links added; 0 rows rejected\.", report)
    assert client.get(f"{base}/import/not-a-real-token").status_code == 404


def test_an_import_needs_a_file_and_a_format(client: TestClient, case: Case) -> None:
    sign_in(client, "analyst.bg")
    base = f"/files/{case.file_id}"
    token = csrf(client, f"{base}/import")
    missing = client.post(f"{base}/import", data={"csrf_token": token, "format": "edges-csv"})
    assert missing.status_code == 422 and "Choose a file." in missing.text
    forged = client.post(f"{base}/import", data={"csrf_token": "forged", "format": "ftm"},
                         files={"file": ("x.ftm", b"{}", "application/json")})  # fmt: skip
    assert forged.status_code == 403


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "ftm"])
def test_exports_download_with_a_file_name(client: TestClient, case: Case, fmt: str) -> None:
    sign_in(client, "reader.bg")
    response = client.get(f"/files/{case.file_id}/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.content


def test_the_report_in_html_and_pdf_carries_the_handling_code(
    client: TestClient, case: Case
) -> None:
    sign_in(client, "reader.bg")
    html = client.get(f"/files/{case.file_id}/report")
    assert html.status_code == 200
    assert "Analytical report: Operation Amber" in html.text
    assert html.text.count("Handling code H2") == 2
    assert "<svg" in html.text and "Key players" in html.text and "intercept 1" in html.text
    assert "style-src 'sha256-" in html.headers["content-security-policy"]
    pdf = client.get(f"/files/{case.file_id}/report.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_every_page_of_the_pdf_report_is_headed_by_the_handling_code(
    database: Database, case: Case
) -> None:
    import weasyprint  # type: ignore[import-untyped]

    with database.transaction() as session:
        actor = actor_for(session.query(User).filter_by(username="reader.bg").one())
        built = report.build(session, actor, case.file_id, language="bg", fmt="pdf")
        html = report.render_html(built)
    assert 'lang="bg"' in html and "Аналитичен доклад" in html

    def texts(box: object) -> list[str]:
        found = [box.text] if isinstance(getattr(box, "text", None), str) else []
        return found + [t for child in getattr(box, "children", []) for t in texts(child)]

    pages = weasyprint.HTML(string=html).render().pages
    assert pages
    for page in pages:
        assert any(t.startswith("Код за обработка H2") for t in texts(page._page_box))


def test_a_record_is_pulled_into_a_file_from_its_own_page(
    client: TestClient, database: Database, case: Case
) -> None:
    make_user(database, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    with database.transaction() as session:
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        record_id = store.create_record(
            session, owner, PersonCreate(**person(names=[{"full": "Kiril Hristov"}]))
        ).id
    sign_in(client, "reader.bg")  # reads the file, may not write it: no form offered
    assert "/pull" not in client.get(f"/records/{record_id}").text
    client.post("/logout", data={"csrf_token": csrf(client, f"/records/{record_id}")})

    sign_in(client, "analyst.bg")
    page = client.get(f"/records/{record_id}")
    assert f'action="/records/{record_id}/pull"' in page.text
    assert f'<option value="{case.file_id}">Operation Amber</option>' in page.text
    pulled = _post(client, f"/records/{record_id}/pull", {"file_id": str(case.file_id)},
                   token_from=f"/records/{record_id}")  # fmt: skip
    assert pulled.status_code == 303
    assert pulled.headers["location"].startswith(f"/files/{case.file_id}/entities/")
    assert "Kiril Hristov" in client.get(pulled.headers["location"]).text
    # A file the user is not a member of does not exist for this form either.
    stranger = _post(client, f"/records/{record_id}/pull", {"file_id": "99999"},
                     token_from=f"/records/{record_id}")  # fmt: skip
    assert stranger.status_code == 404
    bad = _post(client, f"/records/{record_id}/pull", {"file_id": "x"},
                token_from=f"/records/{record_id}")  # fmt: skip
    assert bad.status_code == 422
