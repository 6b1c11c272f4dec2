"""One shared synthetic world for the synth tests (generated once per session)."""

from __future__ import annotations

import pytest

from clew.synth import SynthRecord, generate


@pytest.fixture(scope="session")
def synth_world() -> list[SynthRecord]:
    return list(generate(11, persons=1500, documents=400, vehicles=300, firearms=300))
