"""Durable jobs: any process answers for any job, a dead worker's job fails cleanly, a queued
job outlives the process that took it. Each "process" is an app with its own engine on the
same database, as two server processes would be."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import User
from clew.jobs import JobRun, JobStatus, JobView, Worker, cancel, find, queue, submit
from clew.jobs.models import Job
from clew.jobs.registry import register
from clew.records.files import read_rows
from clew.records.imports import ImportMode, import_rows
from clew.records.models import Record
from clew.screening.sync import IndexKeeper
from clew.server import create_app
from clew.settings import Settings
from clew.storage import Database, utcnow
from tests.conftest import settings_for
from tests.records.conftest import make_countries, person
from tests.records.test_files import GOOD
from tests.web.test_pages import csrf, sign_in

PAXLST = Path(__file__).parent / "screening" / "fixtures" / "fb471.paxlst"


@pytest.fixture
def spool_settings(database: Database, tmp_path: Path) -> Settings:
    return settings_for(database).model_copy(update={"spool_dir": tmp_path / "spool"})


def _process(settings: Settings) -> TestClient:
    """Another server process: its own engine on the same database."""
    return TestClient(create_app(settings, Database(settings.database_url)),
                      base_url="http://127.0.0.1")  # fmt: skip


def _screen(client: TestClient, headers: dict[str, str]) -> str:
    started = client.post("/api/v1/screenings", params={"filename": "fb471.paxlst"},
                          content=PAXLST.read_bytes(), headers=headers)  # fmt: skip
    assert started.status_code == 202, started.text
    return str(started.json()["token"])


def _settled(client: TestClient, token: str, headers: dict[str, str]) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while (status := client.get(f"/api/v1/screenings/{token}", headers=headers).json())[
        "status"
    ] in ("queued", "running"):
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(0.05)
    return dict(status)


def test_a_screening_started_through_one_process_is_polled_and_downloaded_through_another(
    database: Database, spool_settings: Settings
) -> None:
    headers = make_countries(database)
    with _process(spool_settings) as one, _process(spool_settings) as other:
        one.post("/api/v1/records", json=person(identifiers=[]), headers=headers["dm.bg"])
        token = _screen(one, headers["officer.lv"])
        status = _settled(other, token, headers["officer.lv"])
        assert (status["status"], status["travellers"], status["hits"]) == ("done", 3, 1)
        results = other.get(f"/api/v1/screenings/{token}/results", headers=headers["officer.lv"])
        assert results.status_code == 200 and "IULIIA TIMOFEEVA" in results.text
        # Someone else's token answers exactly like one that does not exist.
        theirs = other.get(f"/api/v1/screenings/{token}", headers=headers["officer.at"])
        missing = other.get("/api/v1/screenings/no-such-token", headers=headers["officer.at"])
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
        refused = other.delete(f"/api/v1/screenings/{token}", headers=headers["officer.at"])
        assert refused.status_code == 404 and refused.json() == missing.json()
    assert not list(spool_settings.spool_dir.iterdir())  # the upload went with its job


def test_a_queued_screening_is_cancelled_through_another_process(
    database: Database, spool_settings: Settings
) -> None:
    headers = make_countries(database)
    one, other = _process(spool_settings), _process(spool_settings)  # no workers running
    token = _screen(one, headers["officer.lv"])
    assert (
        one.get(f"/api/v1/screenings/{token}", headers=headers["officer.lv"]).json()["status"]
        == "queued"
    )
    cancelled = other.delete(f"/api/v1/screenings/{token}", headers=headers["officer.lv"])
    assert cancelled.status_code == 202 and cancelled.json()["status"] == "cancelled"
    assert Worker(Database(database.url), IndexKeeper).run_once() is False  # nothing to run
    status = one.get(f"/api/v1/screenings/{token}", headers=headers["officer.lv"]).json()
    assert status["status"] == "cancelled"
    results = one.get(f"/api/v1/screenings/{token}/results", headers=headers["officer.lv"])
    assert results.status_code == 409
    assert not list(spool_settings.spool_dir.iterdir())


_started = threading.Event()


def _wait_for_cancel(job: JobRun) -> None:
    """A job that reports progress until it is told to stop."""
    step = 0
    while True:
        step += 1
        job.progress(step, 1_000_000)
        _started.set()
        time.sleep(0.01)


register("test.wait", _wait_for_cancel, dump=lambda r: r, load=lambda r: r)


@pytest.fixture
def owner(database: Database) -> Actor:
    make_countries(database)
    with database.reading() as session:
        user = session.execute(select(User).where(User.username == "officer.lv")).scalar_one()
        return actor_for(user)


def _view(database: Database, actor: Actor, token: str) -> JobView:
    with database.reading() as session:
        return find(session, actor, token, "test.wait")


def test_a_running_job_is_cancelled_through_another_process_and_its_progress_shows_there(
    database: Database, owner: Actor
) -> None:
    other = Database(database.url)
    with other.transaction() as session:
        token = submit(session, owner, "test.wait", parameters={}).token
    _started.clear()
    running = threading.Thread(target=Worker(Database(database.url), IndexKeeper).run_once)
    running.start()
    assert _started.wait(10)
    deadline = time.monotonic() + 10
    while _view(other, owner, token).done == 0:  # progress is written where all can read it
        assert time.monotonic() < deadline, "no progress was written"
        time.sleep(0.05)
    assert _view(other, owner, token).status is JobStatus.RUNNING
    with other.transaction() as session:
        cancel(session, owner, token, "test.wait")
    running.join(10)
    assert not running.is_alive()
    assert _view(other, owner, token).status is JobStatus.CANCELLED


def test_a_worker_that_shuts_down_gives_its_running_job_back_to_the_queue(
    database: Database, owner: Actor
) -> None:
    with database.transaction() as session:
        token = submit(session, owner, "test.wait", parameters={}).token
    _started.clear()
    worker = Worker(Database(database.url), IndexKeeper)
    worker.start()
    assert _started.wait(10)
    worker.stop()
    assert _view(database, owner, token).status is JobStatus.QUEUED


def _upload(client: TestClient, body: str) -> str:
    token = csrf(client, "/records/import")
    response = client.post(
        "/records/import", data={"csrf_token": token, "format": "", "mode": "rows"},
        files={"file": ("people.csv", body.encode(), "text/csv")}, follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _panel(client: TestClient, location: str) -> str:
    deadline = time.monotonic() + 30
    while "hx-trigger" in (panel := client.get(location, headers={"HX-Request": "true"}).text):
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(0.1)
    return panel


def _records(database: Database) -> int:
    with database.reading() as session:
        return len(session.execute(select(Record.id)).all())


def test_a_job_whose_worker_died_is_failed_by_the_next_worker_and_wrote_nothing(
    database: Database, spool_settings: Settings
) -> None:
    make_countries(database)
    web = _process(spool_settings)  # serves pages; its worker is not running
    sign_in(web, "dm.bg")
    location = _upload(web, GOOD)
    dying = Database(database.url)
    with dying.transaction() as session:
        claimed = queue.claim(session, "worker-that-dies")
    assert claimed is not None and claimed.input_path is not None
    with pytest.raises(RuntimeError), dying.transaction() as session:  # killed mid-work
        with claimed.input_path.open("rb") as source:
            rows = read_rows(source, filename="people.csv", format_name=None)
        import_rows(session, claimed.actor, rows, ImportMode.ROWS)
        session.flush()
        raise RuntimeError("the process was killed")
    with database.transaction() as session:  # and stopped heartbeating a while ago
        session.execute(update(Job).values(heartbeat_at=utcnow() - timedelta(minutes=2)))
    assert "Importing" in web.get(location, headers={"HX-Request": "true"}).text
    Worker(Database(database.url), IndexKeeper).run_once()
    panel = _panel(web, location)
    assert "The import failed; nothing was imported." in panel
    assert "The worker stopped." in panel
    assert _records(database) == 0
    assert not claimed.input_path.exists()


def test_a_queued_job_survives_a_restart_and_the_new_process_runs_it(
    database: Database, spool_settings: Settings
) -> None:
    make_countries(database)
    before = _process(spool_settings)  # stops before any worker took the job
    sign_in(before, "dm.bg")
    location = _upload(before, GOOD)
    assert "hx-trigger" in before.get(location, headers={"HX-Request": "true"}).text
    before.app.state.database.dispose()
    with _process(spool_settings) as after:
        sign_in(after, "dm.bg")
        assert "2 records imported, 0 rows rejected (of 2)." in _panel(after, location)
        # Only its owner sees it: another person's browser gets "not found".
        sign_in(after, "dm.lv")
        assert after.get(location).status_code == 404
    assert _records(database) == 2


def test_a_clew_worker_process_runs_a_job_queued_through_the_web(
    database: Database, spool_settings: Settings
) -> None:
    """A worker in a process of its own (``clew worker``) takes the job a web process queued,
    and goes when asked, without a traceback."""
    import os
    import signal
    import subprocess
    import sys

    make_countries(database)
    web = _process(spool_settings.model_copy(update={"in_process_worker": False}))
    sign_in(web, "dm.bg")
    location = _upload(web, GOOD)
    env = {**os.environ, "CLEW_DATABASE_URL": database.url,
           "CLEW_SPOOL_DIR": str(spool_settings.spool_dir)}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "clew", "worker"], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        panel = _panel(web, location)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=60)
    assert "records imported, 0 rows rejected" in panel, panel
    assert _records(database) > 0
    assert worker.returncode == 0, stderr
    assert "waiting for jobs" in stderr
    assert "Traceback" not in stderr
