"""The API against its own OpenAPI document: generated requests, as three roles, on a small world.

Schemathesis derives requests from ``/api/v1/openapi.json`` (valid ones, and for input checks
invalid ones) and checks each answer: never a 5xx, a documented status code and content type,
a body that matches the documented schema. Deterministic (a fixed seed, no example database)
and bounded, so it runs in the ordinary suite with no network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clew.access.roles import OrganisationType, Role, Scope
from clew.server import create_app
from tests.conftest import fresh_database, make_agency, make_token, make_user, settings_for

#: Examples per operation and mode: about 65 operations, so some 280 requests per role.
EXAMPLES = {"positive": 3, "negative": 2}
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance,
    response_headers_conformance, response_schema_conformance,
]  # fmt: skip
ROLES = {"officer": "officer.bg", "analyst": "analyst.lv", "administrator": "root"}


@pytest.fixture(scope="module")
def world_app(
    _template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """A small world (three agencies, a user per role) served by one app for the module."""
    database = fresh_database(_template, Path(tmp_path_factory.mktemp("schemathesis")))
    make_agency(database, "INT", "XX", OrganisationType.INTERNATIONAL_BODY)
    make_agency(database, "BG-NCB", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_agency(database, "LV-POLICE", "LV")
    make_user(database, "root", Role.ADMINISTRATOR, "INT")
    make_user(database, "officer.bg", Role.OFFICER, "BG-NCB")
    make_user(database, "analyst.lv", Role.ANALYST, "LV-POLICE")
    secrets = {role: make_token(database, user, *Scope) for role, user in ROLES.items()}
    yield create_app(settings_for(database), database), secrets
    shutdown_lifespans()  # schemathesis started the app's lifespan on its first request
    database.dispose()


def _operations(schema: Any) -> list[Any]:
    """Every operation, deletions last so a revoked token does not blind the rest."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.method.upper() == "DELETE", op.label))


@pytest.mark.parametrize("role", list(ROLES))
def test_the_api_keeps_its_documented_promises(
    world_app: tuple[FastAPI, dict[str, str]], role: str
) -> None:
    app, secrets = world_app
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {secrets[role]}"}
    failures: list[str] = []
    for operation in _operations(schema):
        takes_input = bool(operation.path_parameters or operation.query or operation.body)
        modes = [schemathesis.GenerationMode.POSITIVE]
        if takes_input:  # nothing to make invalid otherwise
            modes.append(schemathesis.GenerationMode.NEGATIVE)
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES[mode.value], derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
            )  # fmt: skip
            def call(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                call()
            except (
                Exception,
                BaseExceptionGroup,
            ) as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)
