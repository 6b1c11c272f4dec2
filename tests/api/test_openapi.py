"""The OpenAPI document: served, valid, and identical to the committed docs/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import bearer, make_token

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_served_document_is_valid_openapi(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert "/api/v1/users" in spec["paths"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_the_committed_document_is_current(client: TestClient) -> None:
    served = client.get("/api/v1/openapi.json").json()
    committed = json.loads(DOC.read_text(encoding="utf-8"))
    assert committed == served, "docs/openapi.json is stale: run `clew openapi > docs/openapi.json`"


def test_error_statuses_are_documented_where_they_occur(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    agency = spec["paths"]["/api/v1/agencies/{agency_id}"]
    assert {"401", "403", "404", "409", "422", "503"} <= set(agency["patch"]["responses"])
    assert {"401", "403", "404", "503"} <= set(agency["get"]["responses"])
    assert "409" not in agency["get"]["responses"]
    for status in ("401", "404", "422", "503"):
        body = agency["patch"]["responses"][status]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/Error"}
    assert set(spec["components"]["schemas"]["Error"]["properties"]["error"]["required"]) == {
        "code", "message", "fields",
    }  # fmt: skip
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert set(spec["paths"]["/api/v1/health/live"]["get"]["responses"]) == {"200"}


def test_the_schema_states_the_patterns_the_validators_apply(client: TestClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    agency = schemas["AgencyCreate"]["properties"]
    assert agency["code"]["pattern"] and agency["country"]["pattern"]
    assert schemas["UserCreate"]["properties"]["username"]["pattern"]
    assert "null" not in str(schemas["AgencyUpdate"]["properties"]["kind"])
    check = schemas["CheckRequest"]
    assert {"required": ["person"]} in check["anyOf"]  # an empty check is not a valid request


def test_an_empty_check_and_an_empty_manifest_are_422(client: TestClient, world: Database) -> None:
    officer = bearer(make_token(world, "officer.bg", Scope.READ))
    assert client.post("/api/v1/checks", json={}, headers=officer).status_code == 422
    response = client.post(
        "/api/v1/screenings", headers=officer | {"Content-Type": "text/csv"}, content=b""
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "body"
