"""Trace statistics: what the statistics page shows, from plain trace rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clew.firearms.stats import CountryStats, RecipientRow, TraceRow, compute

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def answered(country: str, days: float) -> RecipientRow:
    return RecipientRow(country, "answered", T0, T0 + timedelta(days=days))


def trace(requester: str, *recipients: RecipientRow, **fields: object) -> TraceRow:
    return TraceRow(requester, fields.pop("opened_at", T0), recipients, **fields)  # type: ignore[arg-type]


ROWS = [
    trace("SE", answered("RS", 2), RecipientRow("AT", "refused", T0), make="Zastava",
          firearm_type="pistol", calibre="7.62x25", source_country="RS", recovery_country="SE",
          indicators=("same_batch", "repeated_route")),
    trace("SE", answered("RS", 4), make="Zastava", firearm_type="pistol", calibre="9x19",
          source_country="RS", recovery_country="SE", indicators=("same_batch", "same_batch"),
          opened_at=T0 + timedelta(days=31)),
    trace("LV", RecipientRow("RS", "sent", T0), answered("DE", 0.5), make="Glock",
          firearm_type="pistol", calibre="9x19", source_country="DE", recovery_country="LV"),
    trace("LV", RecipientRow("DE", "answered", T0 + timedelta(days=1), T0), make="",
          firearm_type="rifle", source_country="", recovery_country="LV"),
]  # fmt: skip


def test_sent_received_response_rate_and_time_to_answer_by_country() -> None:
    stats = compute(ROWS)
    assert stats.traces == 4
    assert stats.countries == (
        CountryStats("AT", sent=0, received=1, answered=0, response_rate=0.0,
                     median_days_to_answer=None),
        # the second answer's clock ran backwards: it counts as answered, not in the median
        CountryStats("DE", sent=0, received=2, answered=2, response_rate=1.0,
                     median_days_to_answer=0.5),
        CountryStats("LV", sent=2, received=0, answered=0, response_rate=None,
                     median_days_to_answer=None),
        CountryStats("RS", sent=0, received=3, answered=2, response_rate=0.6667,
                     median_days_to_answer=3.0),
        CountryStats("SE", sent=2, received=0, answered=0, response_rate=None,
                     median_days_to_answer=None),
    )  # fmt: skip
    assert stats.response_rate == round(4 / 6, 4)
    assert stats.median_days_to_answer == 2.0


def test_top_makes_types_and_calibres_leave_out_blanks() -> None:
    stats = compute(ROWS, top=2)
    assert stats.top_makes == (("Zastava", 2), ("Glock", 1))
    assert stats.top_types == (("pistol", 3), ("rifle", 1))
    assert stats.top_calibres == (("9x19", 2), ("7.62x25", 1))


def test_source_by_recovery_matrix_and_indicators_by_month() -> None:
    stats = compute(ROWS)
    assert stats.matrix == {"DE": {"LV": 1}, "RS": {"SE": 2}}
    assert stats.indicators_by_month == {
        "2024-03": {"repeated_route": 1, "same_batch": 1},
        "2024-04": {"same_batch": 1},  # named twice on one trace, counted once
    }


def test_no_traces_no_figures() -> None:
    stats = compute([])
    assert (stats.traces, stats.countries, stats.response_rate, stats.median_days_to_answer) == (
        0,
        (),
        None,
        None,
    )
    assert (stats.top_makes, stats.matrix, stats.indicators_by_month) == ((), {}, {})
