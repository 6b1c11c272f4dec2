"""Which alert a file row carries."""

from __future__ import annotations

from clew.interop.alerts import ARREST_ACTION, MAX_REASON, arrest_alert, current_alert, reason_text
from clew.records.kinds import AlertStatus
from clew.records.schemas import AlertIn, AlertPublic
from tests.interop.factories import NOW, alert_public, person, public


def test_the_current_alert_is_the_latest_active_one() -> None:
    def make(id: int, year: int, status: AlertStatus = AlertStatus.ACTIVE) -> AlertPublic:
        alert = AlertIn(category="discreet_check", action=str(id))
        return alert_public(alert, id=id, at=NOW.replace(year=year), status=status)

    alerts = [make(1, 2026), make(2, 2027), make(3, 2028, AlertStatus.LAPSED)]
    record = public(person(), alerts=alerts)
    found = current_alert(record)
    assert found is not None and found.id == 2
    assert current_alert(public(person())) is None


def test_arrest_alert() -> None:
    assert arrest_alert(None) == {"category": "wanted_for_arrest", "action": ARREST_ACTION}
    assert arrest_alert("Fraud")["reason"] == "Fraud"


def test_reason_text_joins_and_cuts() -> None:
    assert reason_text([" Fraud ", "", "Theft"]) == "Fraud; Theft"
    assert reason_text(["", " "]) is None
    long = reason_text(["x" * 2000])
    assert long is not None and len(long) == MAX_REASON and long.endswith("…")
