"""Network analysis over the API on the real CAVIAR file: the chart's view, expansion, paths,
key players explained, disruption, and the same refusals for strangers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clew.access.actor import Actor
from clew.intel import caviar
from clew.storage import Database
from tests.intel.conftest import new_file


@pytest.fixture
def caviar_file(client: TestClient, analysts: dict[str, dict[str, str]], database: Database) -> int:
    file_id = int(new_file(client, analysts["analyst.lv"], name="CAVIAR")["id"])
    with database.transaction() as session:
        caviar.load(session, Actor.system(), file_id)
    return file_id


def test_the_network_comes_with_measures_ranks_and_communities(
    client: TestClient, analysts: dict[str, dict[str, str]], caviar_file: int
) -> None:
    body = client.get(f"/api/v1/files/{caviar_file}/network", headers=analysts["analyst.lv"]).json()
    assert len(body["nodes"]) == 114 and len(body["edges"]) == 650
    ranks = sorted(n["rank"] for n in body["nodes"])
    assert ranks == list(range(1, 115))
    top = min(body["nodes"], key=lambda n: n["rank"])
    assert top["measures"]["betweenness"] == max(
        n["measures"]["betweenness"] for n in body["nodes"]
    ) or top["score"] >= max(n["score"] for n in body["nodes"])
    assert len({n["community"] for n in body["nodes"]}) > 1


def test_filters_and_expansion_narrow_the_view(
    client: TestClient, analysts: dict[str, dict[str, str]], caviar_file: int
) -> None:
    headers = analysts["analyst.lv"]
    url = f"/api/v1/files/{caviar_file}/network"
    start, end = caviar.phase_window(1)
    phase1 = client.get(url, params={"since": start.isoformat(), "until": end.isoformat()},
                        headers=headers).json()  # fmt: skip
    assert {e["start"] for e in phase1["edges"]} == {start.isoformat()}
    everything = client.get(url, headers=headers).json()
    seed = next(n for n in everything["nodes"] if n["rank"] == 1)
    around = client.get(url, params={"around": seed["id"], "depth": 1}, headers=headers).json()
    touching = [e for e in everything["edges"] if seed["id"] in (e["source"], e["target"])]
    neighbours = {e["target"] if e["source"] == seed["id"] else e["source"] for e in touching}
    assert {n["id"] for n in around["nodes"]} == neighbours | {seed["id"]}
    assert client.get(url, params={"reliability": "E"}, headers=headers).status_code == 422


def test_paths_players_and_disruption(
    client: TestClient, analysts: dict[str, dict[str, str]], caviar_file: int
) -> None:
    headers = analysts["analyst.lv"]
    base = f"/api/v1/files/{caviar_file}"
    network = client.get(f"{base}/network", headers=headers).json()
    linked = {i for e in network["edges"] for i in (e["source"], e["target"])}
    ranked = sorted((n for n in network["nodes"] if n["id"] in linked), key=lambda n: n["rank"])
    first, last = ranked[0]["id"], ranked[-1]["id"]  # the top player and one on the fringe
    paths = client.get(f"{base}/paths", params={"source": first, "target": last},
                       headers=headers).json()  # fmt: skip
    assert paths and all(p[0] == first and p[-1] == last for p in paths)
    assert len({len(p) for p in paths}) == 1  # all shortest: the same length
    query = {"source": first, "target": last, "time_ordered": True}
    timed = client.get(f"{base}/paths", params=query, headers=headers).json()
    assert all(len(p) >= len(paths[0]) for p in timed)

    players = client.get(f"{base}/players", params={"language": "lv", "limit": 5},
                         headers=headers).json()  # fmt: skip
    assert [p["rank"] for p in players] == [1, 2, 3, 4, 5]
    assert all(p["explanation"] for p in players)
    english = client.get(f"{base}/players", params={"limit": 1}, headers=headers).json()
    assert english[0]["explanation"] != players[0]["explanation"]  # in the analyst's language

    cut = client.get(f"{base}/disruption", params={"measure": "betweenness", "k": 3},
                     headers=headers).json()  # fmt: skip
    assert len(cut["removed"]) == 3 and len(cut["largest"]) == 4
    assert cut["largest"][-1] < cut["largest"][0]
    assert cut["largest"][-1] <= cut["random_largest"][-1]
    bad = client.get(f"{base}/disruption", params={"measure": "charisma"}, headers=headers)
    assert bad.status_code == 422 and "betweenness" in bad.text


def test_periods_follow_the_eleven_phases(
    client: TestClient, analysts: dict[str, dict[str, str]], caviar_file: int
) -> None:
    phases = client.get(
        f"/api/v1/files/{caviar_file}/periods", headers=analysts["analyst.lv"]
    ).json()
    assert len(phases) == caviar.PHASES
    assert phases[0]["first"] == caviar.phase_window(1)[0].isoformat()
    assert phases[0]["nodes"] == 15  # as published for phase 1
    assert phases[0]["appeared"] == [] and phases[0]["risers"] == []
    later = phases[1:]
    assert all(p["appeared"] or p["disappeared"] for p in later)  # the network reorganised
    for p in later:
        assert all(before > after for _, _, before, after in p["risers"])


def test_strangers_get_nothing_of_the_analysis(
    client: TestClient, analysts: dict[str, dict[str, str]], caviar_file: int
) -> None:
    base = f"/api/v1/files/{caviar_file}"
    for path in ("network", "players", "disruption", "periods", "money", "duplicates", "export"):
        assert client.get(f"{base}/{path}", headers=analysts["analyst.at"]).status_code == 404


def test_export_and_import_round_trip_between_files(
    client: TestClient, analysts: dict[str, dict[str, str]], caviar_file: int
) -> None:
    headers = analysts["analyst.lv"]
    exported = client.get(f"/api/v1/files/{caviar_file}/export", params={"format": "ftm"},
                          headers=headers)  # fmt: skip
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment;")
    copy = new_file(client, headers, name="Copy")
    imported = client.post(
        f"/api/v1/files/{copy['id']}/import", params={"format": "ftm", "filename": "caviar.ftm"},
        content=exported.content, headers=headers,
    ).json()  # fmt: skip
    assert imported["rejected"] == []
    assert imported["entities_added"] == 114
    assert imported["links_added"] >= 1


def test_money_findings_speak_the_analysts_language(
    client: TestClient, analysts: dict[str, dict[str, str]], database: Database
) -> None:
    from clew.intel.imports import ingest
    from clew.interop.network import ParsedItem
    from clew.synth import smuggling_network

    headers = analysts["analyst.lv"]
    file_id = int(new_file(client, headers, name="Ring")["id"])
    story = smuggling_network()
    with database.transaction() as session:
        items = [ParsedItem(0, n) for n in story.nodes] + [ParsedItem(0, e) for e in story.edges]
        ingest(session, Actor.system(), file_id, items, filename="bank")
    url = f"/api/v1/files/{file_id}/money"
    english = client.get(url, headers=headers).json()
    latvian = client.get(url, params={"language": "lv"}, headers=headers).json()
    assert {f["typology"] for f in english} >= {"fan_in", "cycle", "structuring"}
    assert [f["typology"] for f in english] == [f["typology"] for f in latvian]
    assert all(a["reason"] != b["reason"] for a, b in zip(english, latvian, strict=True))
