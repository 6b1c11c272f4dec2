"""Every command and example in the README works against the demo world, the way Datasette tests
its documentation: the README's fenced ``clew ...`` commands run one by one (in the README's
order, in-process through Typer's ``CliRunner``) against one demo world seeded as ``clew demo``
seeds it (smaller watchlists, the same stories), the checks find what the README says they find,
the ``curl`` example and the error shape answer as shown, and every API path the README names
exists. A command that starts a server or runs for minutes is in ``SKIPPED`` with its reason.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from clew import i18n
from clew.access.models import Agency, ApiToken, User
from clew.demo import load_world, seed, seed_stories
from clew.firearms.trace_models import Trace
from clew.records.models import Record
from clew.server import create_app
from clew.settings import get_settings
from clew.storage import Database
from clew.synth import examples
from tests.conftest import bearer, fresh_database, make_token, settings_for

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PASSWORD = "a newcomer's own password"

#: Commands not run, each with its reason (matched on the command's start).
SKIPPED = {
    "clew serve": "starts a server that runs until stopped",
    "clew worker": "a job worker that runs until stopped",
    "clew operations simulate": "plays an operation through its flights in real time",
    "clew synth --persons 1000000": "adds two million records: minutes of work, not an example",
}

#: What a command's output (or the file it writes) must show, as the README promises.
FINDS = {
    "clew check --agency BG-BORDER --name": ["#{TIMOFEEVA} Юлия Тимофеева", "TIMOFEEVA"],
    "clew check --agency BG-BORDER --vin": ["HIT", examples.VIN],
    "clew alerts due --agency BG-NCB": [examples.VIN, "385117042"],
    "clew records list -q petrov": ["Петров"],
    "clew screen docs/examples/manifest.paxlst": ["TIMOFEEVA", "hit"],
    "clew traces list --agency BG-BORDER": ["BHZ1"],
}


def _commands() -> list[str]:
    """The ``clew`` commands of the README's ``sh`` blocks, in order, comments dropped."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            for part in line.split(";"):
                words = shlex.split(part, comments=True)
                if words and words[0] in ("clew", ".venv/bin/clew"):
                    found.append(shlex.join(["clew", *words[1:]]))
    return found


COMMANDS = _commands()


@pytest.fixture(scope="module")
def demo_world(
    _template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Path]]:
    """The demo world (``clew demo``'s users, stories and example records, 1,000 synthetic
    records) and a working directory holding the README's example files, the CLI pointed at
    both."""
    home = tmp_path_factory.mktemp("readme")
    database = fresh_database(_template, home)
    with database.transaction() as session:
        seed(session)
        load_world(session, persons=600, documents=200, vehicles=120, firearms=80)
        seed_stories(session)
    shutil.copytree(ROOT / "docs" / "examples", home / "docs" / "examples")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(home)
        for name, value in {
            "CLEW_DATABASE_URL": database.url, "CLEW_AUDIT_KEY_FILE": str(home / "audit.key"),
            "CLEW_AUDIT_ANCHOR_FILE": str(home / "anchors.jsonl"),
            "CLEW_SPOOL_DIR": str(home / "spool"), "CLEW_ATTACHMENTS_DIR": str(home / "files"),
            "COLUMNS": "200",
        }.items():  # fmt: skip
            patch.setenv(name, value)
        get_settings.cache_clear()
        yield database, home
    get_settings.cache_clear()
    database.dispose()


def _placeholders(database: Database) -> dict[str, str]:
    """The ids a reader copies from an earlier command's output."""
    with database.reading() as session:
        bg_ncb = session.execute(select(Agency.id).where(Agency.code == "BG-NCB")).scalar_one()
        record = session.execute(
            select(Record.id).where(
                Record.owner_agency_id == bg_ncb, Record.status == "active",
                ~Record.external_id.contains("EXAMPLE"),
            ).order_by(Record.id).limit(1)
        ).scalar_one()  # fmt: skip
        trace = session.execute(select(Trace.public_id).order_by(Trace.id).limit(1)).scalar_one()
        token = session.execute(
            select(ApiToken.id).join(User).where(User.username == "officer.me")
        ).scalar_one_or_none()
    return {"RECORD_ID": str(record), "TRACE_ID": trace, "TOKEN_ID": str(token)}


def _timofeeva(database: Database) -> str:
    with database.reading() as session:
        return str(
            session.execute(
                select(Record.id).where(Record.external_id == f"{examples.OWNER}/EXAMPLE-TIMOFEEVA")
            ).scalar_one()
        )


def test_the_readme_has_the_commands_this_test_runs() -> None:
    assert len(COMMANDS) > 30
    for start in [*SKIPPED, *FINDS]:
        assert any(c.startswith(start) for c in COMMANDS), f"the README no longer has {start!r}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_readme_command_works_in_the_demo_world(
    demo_world: tuple[Database, Path], command: str
) -> None:
    from clew.cli import app

    database, home = demo_world
    reason = next((why for start, why in SKIPPED.items() if command.startswith(start)), None)
    if reason:
        return  # not run: see SKIPPED (the test above keeps the list honest)
    words = shlex.split(command)[1:]
    into = None
    if ">" in words:  # a redirection: the output goes to that file
        at = words.index(">")
        words, into = words[:at], home / words[at + 1]
    holders = _placeholders(database)
    words = [holders.get(word, word) for word in words]
    i18n.set_language("en")  # each command starts as a new process would
    result = CliRunner().invoke(app, words, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, f"{command}: {result.output}{result.exception!r}"
    if into is not None:
        into.write_text(result.stdout)
    for start, wanted in FINDS.items():
        if command.startswith(start):
            shown = result.stdout
            if "-o" in words:
                written = home / words[words.index("-o") + 1]
                shown = written.read_text()
            for text in wanted:
                text = text.replace("#{TIMOFEEVA}", f"#{_timofeeva(database)}")
                assert text in shown, f"{command} should find {text!r}; it printed:\n{shown}"


def test_the_curl_example_and_the_error_shape_answer_as_shown(
    demo_world: tuple[Database, Path],
) -> None:
    database, _ = demo_world
    (curl,) = re.findall(r"^curl .*$", README, re.M)
    path = re.search(r"http://127\.0\.0\.1:8000(/\S+)", curl)
    assert path and "Bearer clew_..." in curl
    settings = settings_for(database).model_copy(update={"demo": True})
    with TestClient(create_app(settings, database), base_url="http://127.0.0.1") as client:
        me = client.get(path.group(1), headers=bearer(make_token(database, "officer.bg")))
        assert me.status_code == 200 and me.json()["username"] == "officer.bg"
        shown = re.search(r'```json\n(\{"error".*?)```', README, re.S)
        assert shown, "the README no longer shows the error shape"
        bad = client.post(
            "/api/v1/agencies", headers=bearer(make_token(database, "admin")),
            json={"code": "QQ-NCB", "name": "Nowhere", "country": "QQ",
                  "kind": "national_central_bureau"},
        )  # fmt: skip
    error = bad.json()["error"]
    assert bad.status_code == 422 and error["code"] == "validation_error"
    assert error["fields"][0]["field"] == "country"
    assert error["fields"][0]["message"] == "'QQ' is not an ISO 3166 alpha-2 country code"
    assert error["fields"][0]["message"] in shown.group(1)


def test_every_api_path_the_readme_names_exists(demo_world: tuple[Database, Path]) -> None:
    database, _ = demo_world
    app = create_app(settings_for(database), database)
    served = {re.sub(r"\{[^}]+\}", "{}", path) for path in app.openapi()["paths"]}
    named = set()
    for path in re.findall(r"`(?:GET|POST|PUT|DELETE)(?:/[A-Z]+)* (/api/v1/[^`]+)`", README):
        path = path.split("?")[0]
        head, _, last = path.rpartition("/")
        for tail in last.split("|"):
            named.add(re.sub(r"\{[^}]+\}", "{}", f"{head}/{tail}"))
    assert len(named) > 15
    missing = sorted(named - served)
    assert not missing, f"the README names API paths that do not exist: {missing}"


def _samples(doc: str) -> list[tuple[str, str, str]]:
    """(section heading, language, text) of each fenced sample file in a ``docs/`` page."""
    found, heading = [], ""
    text = (ROOT / "docs" / doc).read_text()
    for part in re.split(r"(^#+ [^\n]*$|^```\w*\n.*?^```$)", text, flags=re.M | re.S):
        if part.startswith("#"):
            heading = part
        elif part.startswith("```") and part[3:4] != "\n":
            language, _, body = part[3:].partition("\n")
            found.append((heading, language, body.removesuffix("```")))
    return found


SUFFIX = {"csv": ".csv", "json": ".json", "jsonl": ".ftm"}


@pytest.mark.parametrize("heading, language, sample", _samples("import-formats.md"))
def test_every_import_format_sample_imports_whole(
    demo_world: tuple[Database, Path], heading: str, language: str, sample: str
) -> None:
    from clew.cli import app

    _, home = demo_world
    path = home / f"sample{SUFFIX[language]}"
    path.write_text(sample, encoding="utf-8")
    i18n.set_language("en")
    result = CliRunner().invoke(app, ["records", "import", str(path), "--agency", "BG-NCB"])
    assert result.exit_code == 0, f"{heading}: {result.output}{result.exception!r}"


@pytest.mark.parametrize("heading, language, sample", _samples("network-formats.md"))
def test_every_network_format_sample_imports_into_a_file(
    demo_world: tuple[Database, Path], heading: str, language: str, sample: str
) -> None:
    from clew.cli import app

    _, home = demo_world
    fmt = re.search(r"\(`([a-z-]+)`\)", heading)
    assert fmt, f"no format named in {heading!r}"
    path = home / f"network{SUFFIX[language]}"
    path.write_text(sample, encoding="utf-8")
    i18n.set_language("en")
    result = CliRunner().invoke(app, ["files", "import", "2", str(path), "--format", fmt.group(1)])
    assert result.exit_code == 0, f"{heading}: {result.output}{result.exception!r}"
    assert not re.search(r"\b[1-9]\d* rows? rejected", result.output), result.output
