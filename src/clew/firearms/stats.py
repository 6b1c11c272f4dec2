"""Trace statistics: who asks and who answers, how fast, about which firearms, from where to
where, and which trafficking indicators, month by month.

Pure: the caller reads the traces it may show (visibility is the caller's business) into plain
:class:`TraceRow` values and gets one :class:`Statistics`. A few passes over the rows with C-level
counters and a median per country: 100,000 traces take a fraction of a second
(``bench/firearms_stats.py``), so the statistics page needs no precomputed tables.

Definitions and edge cases:

- *Sent* by a country: the traces it requested. *Received*: the addressed-agency rows naming
  it (a trace addressed to two agencies of one country counts twice).
- *Response rate*: answered rows over received rows (a refusal, a request for more
  information or silence is no answer); ``None`` for a country that received nothing.
- *Time to answer*: days (fractional) from sending to answering, for answered rows with both
  timestamps; a negative time (clocks out of step) is left out. The median, ``None`` when no
  row qualifies.
- *Top* makes, types and calibres: the ``top`` most frequent non-empty values as given
  (normalise them against the reference table first), ties by value.
- *Matrix*: source country to recovery country, for traces that know both.
- *Indicators by month*: per ``YYYY-MM`` of the trace's opening, the count of each indicator
  code (a trace with two indicators counts once under each).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from clew.firearms.trace_kinds import RecipientStatus

__all__ = [
    "CountryStats", "RecipientRow", "Statistics", "Tally", "TraceRow", "compute", "days_between",
    "days_of", "figures",
]  # fmt: skip

TOP = 10
_DAY = 86_400.0
_ANSWERED = RecipientStatus.ANSWERED.value


# Plain slotted classes, not pydantic: the page reads 100,000 of them per view.
@dataclass(frozen=True, slots=True)
class RecipientRow:
    country: str
    status: str
    sent_at: datetime | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TraceRow:
    requesting_country: str
    opened_at: datetime
    recipients: tuple[RecipientRow, ...] = ()
    make: str = ""
    firearm_type: str = ""
    calibre: str = ""
    source_country: str = ""
    recovery_country: str = ""
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CountryStats:
    country: str
    sent: int
    received: int
    answered: int
    response_rate: float | None
    median_days_to_answer: float | None


@dataclass(frozen=True, slots=True)
class Statistics:
    traces: int
    countries: tuple[CountryStats, ...]  # by country code
    response_rate: float | None
    median_days_to_answer: float | None
    top_makes: tuple[tuple[str, int], ...]
    top_types: tuple[tuple[str, int], ...]
    top_calibres: tuple[tuple[str, int], ...]
    matrix: dict[str, dict[str, int]]  # source country -> recovery country -> traces
    indicators_by_month: dict[str, dict[str, int]]  # "YYYY-MM" -> indicator -> traces


def _top(counter: Counter[str], top: int) -> tuple[tuple[str, int], ...]:
    counter.pop("", None)
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top])


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


@dataclass(slots=True)
class Tally:
    """What the figures are made of, counted: by :func:`compute` over rows, or by a caller that
    counts in its database (:mod:`clew.firearms.trace_stats`). :func:`figures` turns it into
    the :class:`Statistics`, so both share one definition of every figure."""

    traces: int = 0
    sent: Counter[str] = field(default_factory=Counter)  # traces by requesting country
    received: Counter[str] = field(default_factory=Counter)  # addressed rows by country
    answered: Counter[str] = field(default_factory=Counter)  # answered rows by country
    #: Days to answer (answered rows with both timestamps, none negative) by country.
    waits: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    makes: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    calibres: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (source, recovery)
    flagged: Counter[tuple[int, int, str]] = field(default_factory=Counter)  # (y, m, indicator)


def days_between(sent_at: datetime, answered_at: datetime) -> float:
    """The time to answer in days (negative when the clocks are out of step)."""
    return (answered_at - sent_at).total_seconds() / _DAY


def days_of(microseconds: int) -> float:
    """A time to answer counted in whole microseconds, in days: the same float as
    :func:`days_between` gives for the two timestamps."""
    return microseconds / 1_000_000 / _DAY


def compute(rows: Iterable[TraceRow], top: int = TOP) -> Statistics:
    """The statistics of ``rows`` (see the module docstring for each figure)."""
    # Each figure is one C-level Counter pass over the rows: nearly twice as fast as one
    # Python loop updating every counter in turn.
    data = list(rows)
    recipients = [recipient for row in data for recipient in row.recipients]
    done = [recipient for recipient in recipients if recipient.status == _ANSWERED]
    tally = Tally(
        traces=len(data),
        sent=Counter(row.requesting_country for row in data),
        received=Counter(recipient.country for recipient in recipients),
        answered=Counter(recipient.country for recipient in done),
        makes=Counter(row.make for row in data),
        types=Counter(row.firearm_type for row in data),
        calibres=Counter(row.calibre for row in data),
        pairs=Counter(
            (row.source_country, row.recovery_country)
            for row in data
            if row.source_country and row.recovery_country
        ),
        flagged=Counter(
            (row.opened_at.year, row.opened_at.month, indicator)
            for row in data
            if row.indicators
            for indicator in set(row.indicators)
        ),
    )
    for recipient in done:
        if recipient.sent_at is not None and recipient.answered_at is not None:
            wait = days_between(recipient.sent_at, recipient.answered_at)
            if wait >= 0:
                tally.waits[recipient.country].append(wait)
    return figures(tally, top)


def figures(tally: Tally, top: int = TOP) -> Statistics:
    """The statistics of what ``tally`` counted (see the module docstring for each figure)."""
    sent, received, answered, waits = tally.sent, tally.received, tally.answered, tally.waits
    matrix: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for (source, recovery), count in sorted(tally.pairs.items()):
        matrix[source][recovery] = count
    months: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for (year, month, indicator), count in sorted(tally.flagged.items()):
        if count:
            months[f"{year:04d}-{month:02d}"][indicator] = count
    countries = tuple(
        CountryStats(
            country=code,
            sent=sent[code],
            received=received[code],
            answered=answered[code],
            response_rate=round(answered[code] / received[code], 4) if received[code] else None,
            median_days_to_answer=_median(waits.get(code, [])),
        )
        for code in sorted({*sent, *received})
    )
    every, done = sum(received.values()), sum(answered.values())
    return Statistics(
        traces=tally.traces,
        countries=countries,
        response_rate=round(done / every, 4) if every else None,
        median_days_to_answer=_median([w for values in waits.values() for w in values]),
        top_makes=_top(Counter(tally.makes), top),
        top_types=_top(Counter(tally.types), top),
        top_calibres=_top(Counter(tally.calibres), top),
        matrix=dict(matrix),
        indicators_by_month=dict(months),
    )
