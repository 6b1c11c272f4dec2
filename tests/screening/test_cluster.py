"""Bulk screening on a Dask cluster (a LocalCluster of two worker processes, each building its
index from the database): the same travellers found, in the manifest's order, as on the local
cores, and the hits stored by the caller."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from clew.access.actor import Actor
from clew.access.models import User
from clew.screening.cluster import Cluster, from_database
from clew.screening.files import screen_file
from clew.screening.sync import IndexKeeper
from clew.server import create_app
from clew.storage import Database
from tests.conftest import settings_for
from tests.records.conftest import make_countries, person

FIXTURES = Path(__file__).with_name("fixtures")


def _screen(database: Database, cluster: Cluster | None) -> list[tuple[str, str, list[str]]]:
    with database.transaction() as session, (FIXTURES / "fb471.paxlst").open("rb") as source:
        user = session.query(User).filter_by(username="officer.bg").one()
        actor = user.actor(Actor.system().channel)
        report = screen_file(session, actor, IndexKeeper(), source, filename="fb471.paxlst",
                             cluster=cluster)  # fmt: skip
    return [(t.traveller, t.status, [r.label for r in t.results]) for t in report.travellers]


def test_a_manifest_screened_on_a_dask_cluster_finds_what_the_local_cores_find(
    database: Database,
) -> None:
    headers = make_countries(database)
    with TestClient(create_app(settings_for(database), database)) as client:
        for body in (person(nationalities=["RU"], identifiers=[]),
                     person(names=[{"given": "Văn Hùng", "family": "Nguyễn"}], gender="male",
                            date_of_birth="1990-11-02", identifiers=[])):  # fmt: skip
            assert (
                client.post("/api/v1/records", json=body, headers=headers["dm.bg"]).status_code
                == 201
            )

    on_cluster = _screen(database, Cluster(from_database(database.url)))
    with database.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM hits").scalar()
    assert stored == sum(len(labels) for _, _, labels in on_cluster) == 2  # stored by the caller
    locally = _screen(database, None)

    assert on_cluster == locally
    assert [traveller for traveller, _, _ in on_cluster] == [
        "IULIIA TIMOFEEVA",
        "VAN HUNG NGUYEN",
        "LIGA BERZINA",
    ]  # the manifest's order
    assert on_cluster[0][1] == "hit" and on_cluster[2][1] == "error"
