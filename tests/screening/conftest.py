from tests.records.conftest import countries  # noqa: F401 - the same small world
