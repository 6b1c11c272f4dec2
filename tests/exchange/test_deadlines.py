"""The deadline of each urgency (Directive (EU) 2023/977, article 5), as an addressed agency
sees it: 8 hours urgent on directly accessible data, 3 days urgent otherwise, 7 days for the
rest whether the data is directly accessible or not."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.exchange.conftest import Headers
from tests.exchange.test_requests import send

CASES = [
    ("urgent", True, timedelta(hours=8), "urgent, the data directly accessible"),
    ("urgent", False, timedelta(days=3), "urgent, the data not directly accessible"),
    ("non_urgent", True, timedelta(days=7), "not urgent: directly accessible changes nothing"),
    ("non_urgent", False, timedelta(days=7), "not urgent"),
]


@pytest.mark.parametrize(("urgency", "direct", "expected", "why"), CASES)
def test_the_deadline_follows_the_urgency(
    client: TestClient, cast: dict[str, Headers], urgency: str, direct: bool,
    expected: timedelta, why: str,
) -> None:  # fmt: skip
    reason = "a courier crosses tonight" if urgency == "urgent" else None
    sent = send(client, cast["liaison.vn"], urgency=urgency, directly_accessible=direct,
                urgency_reason=reason)  # fmt: skip
    seen = client.get(f"/api/v1/requests/{sent['id']}", headers=cast["spoc.kh"]).json()
    (row,) = seen["recipients"]
    due = datetime.fromisoformat(row["due_at"]) - datetime.fromisoformat(row["sent_at"])
    assert due == expected, why
    assert row["overdue"] is False and row["status"] == "sent"
