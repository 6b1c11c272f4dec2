"""The results report: its figures are the sums of what was counted and reported, in the
reader's language, as HTML, PDF, a press-release draft, CSV and JSON, and a comparison that
never holds an operation the reader may not see."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew import i18n
from clew.access.models import AuditEntry
from clew.errors import NotFoundError
from clew.operations import operations, report, results
from clew.operations.kinds import CheckKind
from clew.operations.schemas import FieldResultIn
from clew.storage import Database, utcnow
from tests.operations.conftest import Cast, accept, add_post, check, create, keeper, period, plan
from tests.web.test_pages import sign_in

PERSONS = [{"person": {"names": [name], "date_of_birth": "1980-01-02"}, "place": place}
           for name, place in (("Ivan Petrov", "Kalotina"), ("Maria Ionescu", "Kalotina"),
                               ("Petar Stoyanov", None))]  # fmt: skip
VEHICLE = {"vehicle": {"plate": "CA 1234 AB"}, "place": "Kalotina"}


def report_(database: Database, cast: Cast, operation_id: str, username: str,
            **body: Any) -> str:  # fmt: skip
    body.setdefault("occurred_at", (utcnow() - timedelta(minutes=10)).isoformat())
    with database.transaction() as session:
        return results.report_result(
            session, cast[username], operation_id, FieldResultIn.model_validate(body)
        ).id


@pytest.fixture
def recorded(database: Database, cast: Cast) -> str:
    """A running operation: Romania checked three persons and a vehicle (two at Kalotina),
    Bulgaria one person, and both reported arrests, seizures, victims, migrants and an
    investigation (one arrest withdrawn)."""
    operation_id = create(database, cast)
    accept(database, cast, operation_id, "officer.ro")
    add_post(database, cast, operation_id, "RO-POLICE", "Kalotina", "KAL")
    kept = keeper(database)
    for body in [*PERSONS, VEHICLE]:
        check(database, kept, cast["officer.ro"], body)
    check(database, kept, cast["officer.bg"], PERSONS[0])
    arrest = {"kind": "arrest", "crime_area": "drug_trafficking", "basis": "flagrante"}
    report_(database, cast, operation_id, "officer.ro", **arrest, persons=2)
    report_(database, cast, operation_id, "officer.bg", kind="arrest",
            crime_area="migrant_smuggling", basis="red_notice")  # fmt: skip
    gone = report_(database, cast, operation_id, "officer.bg", **arrest, persons=7)
    with database.transaction() as session:
        results.withdraw_result(session, cast["officer.bg"], operation_id, gone)
    drugs = {"kind": "seizure", "category": "drugs", "item": "Cocaine", "unit": "kg"}
    report_(database, cast, operation_id, "officer.ro", **drugs, amount=1.5)
    report_(database, cast, operation_id, "officer.bg", **drugs, amount=2.25)
    report_(database, cast, operation_id, "officer.ro", kind="seizure", category="cash",
            item="EUR", unit="currency", amount=15000)  # fmt: skip
    report_(database, cast, operation_id, "officer.ro", kind="victim", count=3, minors=1)
    report_(database, cast, operation_id, "officer.bg", kind="migrant", count=12500, minors=40)
    report_(database, cast, operation_id, "officer.ro", kind="investigation", count=2)
    return operation_id


def figures(database: Database, cast: Cast, operation_id: str,
            username: str = "officer.bg") -> report.OperationFigures:  # fmt: skip
    with database.transaction() as session:
        return report.figures(session, cast[username], operation_id)


def test_the_reports_figures_are_the_sums_of_what_was_recorded(
    database: Database, cast: Cast, recorded: str
) -> None:
    f = figures(database, cast, recorded)
    assert f.checks[CheckKind.PERSON] == 4 and f.checks[CheckKind.VEHICLE] == 1
    assert f.searches == 5 and f.checks[CheckKind.FLIGHT] == 0
    assert f.by_agency["RO-POLICE"][CheckKind.PERSON] == 3
    assert f.by_agency["BG-NCB"][CheckKind.PERSON] == 1
    kalotina = next(p for p in f.by_post if p.name == "Kalotina")
    assert kalotina.counts == {CheckKind.PERSON: 2, CheckKind.VEHICLE: 1}
    for kind in CheckKind:  # the days add up to the operation
        assert sum(d.counts.get(kind, 0) for d in f.by_day) == f.checks[kind]
    r = f.results
    assert r.arrests.total == 3  # the withdrawn seven are not counted
    assert r.arrests.by_crime_area == {"drug_trafficking": 2, "migrant_smuggling": 1}
    assert r.arrests.by_basis == {"flagrante": 2, "red_notice": 1}
    cocaine = next(s for s in r.seizures if s.category == "drugs")
    assert (cocaine.item, cocaine.unit, cocaine.amount, cocaine.reports) == (
        "cocaine",
        "kg",
        3.75,
        2,
    )
    assert (r.victims.total, r.victims.minors) == (3, 1)
    assert (r.migrants.total, r.migrants.minors) == (12500, 40)
    assert r.investigations == 2
    assert f.countries == ["BG", "RO"] and f.agencies == ["BG-NCB", "RO-POLICE"] and f.posts == 1


def test_the_report_is_html_and_pdf_and_audited(
    database: Database, cast: Cast, recorded: str
) -> None:
    with database.transaction() as session:
        built = report.build(session, cast["officer.ro"], recorded, fmt="pdf")
    pdf = report.render_pdf(built)
    html = report.render_html(built)
    assert pdf.startswith(b"%PDF")
    assert "<svg" in html and "Kalotina" in html and "12,500" in html
    with database.reading() as session:
        actions = list(session.execute(select(AuditEntry.action)).scalars())
    assert "operation.report.pdf" in actions


def test_the_press_release_gives_the_headline_figures_in_bulgarian(
    database: Database, cast: Cast, recorded: str
) -> None:
    with database.transaction() as session:
        built = report.build(session, cast["officer.bg"], recorded, language="bg",
                             fmt="press_release")  # fmt: skip
    page = report.render_press_release(built)
    bg = i18n.translations("bg")
    migrants = bg.ungettext("%(num)s irregular migrant was detected.",
                            "%(num)s irregular migrants were detected.", 12500)  # fmt: skip
    assert 'lang="bg"' in page
    assert migrants % {"num": "12\xa0500"} in page  # Bulgarian notation: a space, not a comma
    arrested = bg.ungettext("%(num)s person was arrested.", "%(num)s persons were arrested.", 3)
    assert arrested % {"num": "3"} in page
    assert "12,500" not in page


def test_the_csv_export_has_every_count(database: Database, cast: Cast, recorded: str) -> None:
    f = figures(database, cast, recorded)
    rows = list(csv.DictReader(io.StringIO(report.export_csv(f))))

    def value(**where: str) -> float:
        found = [r for r in rows if all(r[k] == v for k, v in where.items())]
        assert len(found) == 1, where
        return float(found[0]["value"])

    for kind in CheckKind:
        assert value(scope="operation", kind=kind) == f.checks[kind]
    assert value(scope="agency", agency="RO-POLICE", kind="person") == 3
    assert value(scope="post", agency="RO-POLICE", post="Kalotina", kind="vehicle") == 1
    days = [r for r in rows if r["scope"] == "day" and r["kind"] == "person"]
    assert sum(float(r["value"]) for r in days) == 4
    assert value(scope="results", kind="seizure", category="drugs", item="cocaine") == 3.75
    assert value(scope="results", kind="arrest", category="") == 3
    assert value(scope="results", kind="migrant", category="minors") == 40
    assert json.loads(report.export_json(f))["results"]["investigations"] == 2


def test_the_comparison_never_holds_an_operation_the_reader_may_not_see(
    database: Database, cast: Cast
) -> None:
    ours = create(database, cast, name="Danube", **period(-72, 24))
    earlier = create(database, cast, name="Balkan", **period(-200, 24))
    with database.transaction() as session:  # Estonia's own: nothing of Bulgaria's
        estonian = operations.create_operation(
            session, cast["coord.ee"], plan(name="Baltic", participants=[], **period(-100, 24))
        )
    with database.transaction() as session:
        found = report.compare(session, cast["officer.ro"])
    assert [f.name for f in found] == ["Balkan", "Danube"]
    with database.transaction() as session:
        named = report.compare(session, cast["officer.bg"], [ours, earlier])
    assert [f.id for f in named] == [earlier, ours]
    for unseen in (estonian.id, "made-up-operation"):
        with database.transaction() as session, pytest.raises(NotFoundError) as caught:
            report.compare(session, cast["officer.ro"], [ours, unseen])
        assert caught.value.detail == "Operation not found."


def test_an_outsider_gets_no_report_as_for_a_made_up_id(
    database: Database, cast: Cast, recorded: str
) -> None:
    for operation_id in (recorded, "made-up-operation"):
        with database.transaction() as session, pytest.raises(NotFoundError) as caught:
            report.build(session, cast["officer.ee"], operation_id)
        assert caught.value.detail == "Operation not found."


def test_the_report_routes_answer_participants_and_hide_the_operation_from_others(
    client: TestClient, database: Database, cast: Cast, recorded: str,
    tokens: dict[str, dict[str, str]],
) -> None:  # fmt: skip
    url = f"/api/v1/operations/{recorded}/report"
    assert client.get(url, headers=tokens["officer.ro"]).json()["results"]["investigations"] == 2
    pdf = client.get(url, params={"format": "pdf"}, headers=tokens["officer.ro"])
    assert pdf.content.startswith(b"%PDF")
    assert "scope,agency" in client.get(url, params={"format": "csv"},
                                        headers=tokens["officer.ro"]).text  # fmt: skip
    hidden = client.get(url, headers=tokens["officer.ee"])
    made_up = client.get("/api/v1/operations/made-up-operation/report",
                         headers=tokens["officer.ee"])  # fmt: skip
    assert hidden.status_code == made_up.status_code == 404 and hidden.json() == made_up.json()
    sign_in(client, "officer.bg")
    for path in ("report", "press-release", "export.csv", "export.json"):
        assert client.get(f"/operations/{recorded}/{path}").status_code == 200, path
    compared = client.get(f"/operations/compare?ids={recorded}").text
    assert f'data-operation="{recorded}"' in compared
