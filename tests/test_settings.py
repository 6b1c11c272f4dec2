"""Settings: production refuses a default secret and demo mode."""

from __future__ import annotations

import pytest

from clew.errors import ConfigurationError
from clew.server import create_app
from clew.settings import DEFAULT_SECRET, Settings


@pytest.mark.parametrize("overrides", [
    {"secret_key": DEFAULT_SECRET}, {"secret_key": ""}, {"secret_key": "too-short"},
    {"secret_key": "x" * 40, "demo": True},
])  # fmt: skip
def test_production_refuses_to_start_unsafe(overrides: dict[str, object]) -> None:
    settings = Settings(production=True, database_url="sqlite://", **overrides)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        create_app(settings)


def test_production_starts_with_a_real_secret() -> None:
    app = create_app(Settings(production=True, database_url="sqlite://", secret_key="k" * 40))
    assert app.state.settings.production


def test_settings_come_from_clew_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEW_PORT", "9123")
    monkeypatch.setenv("CLEW_DATABASE_URL", "postgresql+psycopg://db/clew")
    settings = Settings()
    assert (settings.port, settings.database_url) == (9123, "postgresql+psycopg://db/clew")
