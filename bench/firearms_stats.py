"""Trace statistics at iARMS scale: ``clew.firearms.stats.compute`` over 100,000 traces beside a
naive baseline in the same run (one filtering pass over every trace per country, make, type,
calibre, matrix cell and month, as a first version would write it with list comprehensions).

Both must agree on every figure; the run checks it. ``CLEW_BENCH_TRACES`` sets the number of
traces (default 100,000). Figures go to ``bench/results/firearms_stats.json``.
"""

from __future__ import annotations

import os
import random
import statistics
from datetime import UTC, datetime, timedelta

from common import bar_plot, timed, write

from clew.firearms.stats import CountryStats, RecipientRow, Statistics, TraceRow, compute

TRACES = int(os.environ.get("CLEW_BENCH_TRACES", "100000"))
COUNTRIES = ("AT", "BA", "BG", "CZ", "DE", "EE", "ES", "FI", "FR", "HR", "HU", "IT", "LT", "LV",
             "ME", "MK", "NL", "PL", "RO", "RS", "SE", "SI", "SK", "UA", "US", "VN", "BE", "GB",
             "AL", "TR")  # fmt: skip
MAKES = ("Glock", "Zastava", "CZ", "Beretta", "Walther", "Smith & Wesson", "Colt", "Sig Sauer",
         "Heckler & Koch", "Makarov", "Tokarev", "Ruger", "Browning", "FN Herstal")  # fmt: skip
TYPES = ("pistol", "revolver", "rifle", "shotgun", "submachine_gun", "assault_rifle")
CALIBRES = ("9x19", ".45 ACP", "7.62x39", "5.56x45", "12 gauge", ".22 LR", "7.65x17", "9x18")
STATUSES = ("answered", "answered", "answered", "acknowledged", "sent", "refused",
            "more_info_requested")  # fmt: skip
INDICATORS = ("short_time_to_crime", "same_purchaser", "same_dealer", "same_batch",
              "repeated_route")  # fmt: skip


def rows(n: int, seed: int = 11) -> list[TraceRow]:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    made: list[TraceRow] = []
    for _ in range(n):
        opened = start + timedelta(minutes=rng.randrange(6 * 365 * 24 * 60))
        recipients = []
        for country in rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2, 3))):
            status = rng.choice(STATUSES)
            answered = opened + timedelta(hours=rng.expovariate(1 / 200))
            recipients.append(
                RecipientRow(country, status, opened, answered if status == "answered" else None)
            )
        made.append(
            TraceRow(
                requesting_country=rng.choice(COUNTRIES),
                opened_at=opened,
                recipients=tuple(recipients),
                make=rng.choice(MAKES),
                firearm_type=rng.choice(TYPES),
                calibre=rng.choice(CALIBRES),
                source_country=rng.choice(COUNTRIES) if rng.random() < 0.8 else "",
                recovery_country=rng.choice(COUNTRIES),
                indicators=tuple(rng.sample(INDICATORS, rng.choice((0, 0, 0, 1, 2)))),
            )
        )
    return made


def naive(data: list[TraceRow], top: int = 10) -> Statistics:
    """The obvious version: a filtering pass over every trace for each figure."""

    def month(row: TraceRow) -> str:
        return f"{row.opened_at.year:04d}-{row.opened_at.month:02d}"

    codes = sorted({r.requesting_country for r in data} |
                   {p.country for r in data for p in r.recipients})  # fmt: skip
    countries = []
    all_waits: list[float] = []
    for code in codes:
        sent = len([r for r in data if r.requesting_country == code])
        mine = [p for r in data for p in r.recipients if p.country == code]
        done = [p for p in mine if p.status == "answered"]
        waits = [(p.answered_at - p.sent_at).total_seconds() / 86_400 for p in done
                 if p.sent_at and p.answered_at and p.answered_at >= p.sent_at]  # fmt: skip
        all_waits += waits
        countries.append(CountryStats(
            code, sent, len(mine), len(done),
            round(len(done) / len(mine), 4) if mine else None,
            round(statistics.median(waits), 3) if waits else None,
        ))  # fmt: skip
    received = sum(c.received for c in countries)

    def ranked(attr: str) -> tuple[tuple[str, int], ...]:
        values = {getattr(r, attr) for r in data} - {""}
        counts = [(v, len([r for r in data if getattr(r, attr) == v])) for v in values]
        return tuple(sorted(counts, key=lambda item: (-item[1], item[0]))[:top])

    matrix: dict[str, dict[str, int]] = {}
    for source in sorted({r.source_country for r in data} - {""}):
        cells = {}
        for target in sorted({r.recovery_country for r in data} - {""}):
            n = len(
                [r for r in data if r.source_country == source and r.recovery_country == target]
            )
            if n:
                cells[target] = n
        if cells:
            matrix[source] = cells
    by_month: dict[str, dict[str, int]] = {}
    for m in sorted({month(r) for r in data if r.indicators}):
        in_month = [r for r in data if month(r) == m]
        counts = {i: len([r for r in in_month if i in r.indicators]) for i in INDICATORS}
        by_month[m] = {i: n for i, n in sorted(counts.items()) if n}
    return Statistics(
        traces=len(data),
        countries=tuple(countries),
        response_rate=round(sum(c.answered for c in countries) / received, 4) if received else None,
        median_days_to_answer=round(statistics.median(all_waits), 3) if all_waits else None,
        top_makes=ranked("make"),
        top_types=ranked("firearm_type"),
        top_calibres=ranked("calibre"),
        matrix=matrix,
        indicators_by_month=by_month,
    )


def main() -> None:
    data = rows(TRACES)
    runs = [timed(lambda: compute(data)) for _ in range(3)]
    clew_stats = runs[0][0]
    clew_s = min(seconds for _, seconds in runs)
    baseline_stats, baseline_s = timed(lambda: naive(data))
    if baseline_stats != clew_stats:
        raise SystemExit("the naive baseline and clew.firearms.stats disagree")
    results = {
        "traces": TRACES,
        "recipients": sum(len(r.recipients) for r in data),
        "stats_ms_100k_traces": round(clew_s * 1000, 1),
        "baseline_ms_100k_traces": round(baseline_s * 1000, 1),
        "speedup": round(baseline_s / clew_s, 1),
        "note": "best of 3 for Clew, one run of the naive baseline; both give the same figures",
    }
    print(results)
    write("firearms_stats", results)
    bar_plot("firearms_stats", f"Trace statistics, {TRACES:,} traces",
             {"clew.firearms.stats": clew_s * 1000, "naive filtering": baseline_s * 1000}, "ms")  # fmt: skip


if __name__ == "__main__":
    main()
