"""The OpenAPI document: served, valid, and identical to the committed docs/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

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
