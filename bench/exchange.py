"""The liaison exchange at SIENA's scale: inbox pages, full-text search and a report's
cross-check over a million messages, on SQLite and on PostgreSQL, beside naive baselines.

The exchange (``bench/exchange_world.py``): ``--messages`` messages (1,000,000; or
``CLEW_BENCH_EXCHANGE_MESSAGES``) in N/20 cases among 40 agencies, written in bulk into the
tables of a database built by the migrations, so the full-text index is the real one (migration
0015: FTS5 kept by triggers on SQLite, kept while the rows are inserted; a GIN index on
``to_tsvector('simple', ...)`` on PostgreSQL). A small watchlist (``load_world``) is indexed by an
:class:`~clew.screening.sync.IndexKeeper`. Then, each call in its own transaction with its audit
row, for a liaison officer of a random agency:

- **Inbox**: :func:`clew.exchange.messages.inbox` (page 1 of the in box mostly; unread only, a
  later page, the sent box, a country filter now and then) and :func:`~clew.exchange.messages.counts`.
  Baseline: the page and its total read the obvious way, every message filtered by
  :func:`clew.exchange.access.message_visible` newest first (no walk of the recipient index).
- **Search**: :func:`clew.exchange.search.search` for common and rare words, names, places,
  plate and passport numbers in all four languages. Baseline: ``LIKE '%term%'`` over the
  subject and body of the same visible messages (page and total).
- **Cross-check** of a 200-entity report (:func:`clew.exchange.crosscheck.crosscheck_report`:
  the watchlists, hits stored, and the mentions in the messages the reader may see), 40 of them
  on a watchlist, 60 named in the exchange. Baseline: the same entities one by one, a check
  (:func:`clew.screening.checks.check`) and a mentions query each.

PostgreSQL: the URL in ``CLEW_TEST_DATABASE_URL`` when set, else a throwaway cluster started by
``scripts/pg_cluster.py`` for this bench alone. Writes ``bench/results/exchange.json`` and
``exchange.png`` (``exchange_20k.*`` and the like for smaller runs)::

    .venv/bin/python bench/exchange.py --messages 20000          # a smoke run, both backends
    .venv/bin/python bench/run.py exchange                       # the million (make bench)
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from common import RESULTS, write
from exchange_world import World, build
from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from clew.access.actor import Actor, Channel
from clew.access.roles import Role
from clew.demo import load_world
from clew.exchange.access import message_visible
from clew.exchange.models import Case, Message, MessageEntity
from clew.exchange.schemas import EntityIn
from clew.records.models import Record
from clew.screening import checks
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.storage import Database

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = int(os.environ.get("CLEW_BENCH_EXCHANGE_MESSAGES", "1000000"))
CALLS = 300  # inbox pages and searches each
BASELINE_CALLS = 30  # the baselines scan: fewer
REPORTS = 6  # 200-entity reports cross-checked
BASELINE_REPORTS = 1
REPORT = 200
WATCHLIST = {"persons": 20_000, "documents": 20_000, "vehicles": 10_000, "firearms": 0}


def _label(messages: int) -> str:
    if messages % 1_000_000 == 0:
        return f"{messages // 1_000_000}m"
    return f"{messages // 1000}k"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))], 2)


def _spread(name: str, values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {f"{name}_p50_ms": _pct(values, 0.5), f"{name}_p99_ms": _pct(values, 0.99)}


def _officer(agency: tuple[int, str, str]) -> Actor:
    agency_id, code, country = agency
    return Actor.for_user(
        user_id=100_000 + agency_id, username=f"liaison.{code.lower()}",
        role=Role.LIAISON_OFFICER, agency_id=agency_id, agency_code=code, country=country,
        international=False, channel=Channel.WEB,
    )  # fmt: skip


def _run(
    database: Database, calls: Sequence[Callable[[Session], Any]], failed: list[str] | None = None
) -> tuple[list[float], list[Any]]:
    """Each call in its own unit of work (committed with its audit row): ms and results. With
    ``failed``, a call that raises is kept there (its time is NaN, its result None)."""
    times, results = [], []
    for call in calls:
        started = time.perf_counter()
        try:
            with database.transaction() as session:
                results.append(call(session))
        except Exception as error:
            if failed is None:
                raise
            failed.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
            results.append(None)
            times.append(math.nan)
            continue
        times.append((time.perf_counter() - started) * 1000)
    return times, results


def _swap(function: Callable[..., Any], *args: Any) -> Callable[[Session], Any]:
    """``function(session, *args)`` as a call of the session alone."""
    return lambda session: function(session, *args)


def _page(
    inbox: Callable[..., Any], actor: Actor, flt: Any, offset: int
) -> Callable[[Session], Any]:
    return lambda session: inbox(session, actor, flt, limit=50, offset=offset)


# --- inbox -------------------------------------------------------------------------------------


def _inbox(database: Database, world: World) -> dict[str, Any]:
    from clew.exchange.messages import InboxFilter, counts, inbox

    rng = random.Random(21)
    countries = sorted({c for _, _, c in world.agencies})
    calls: list[Callable[[Session], Any]] = []
    for i in range(CALLS):
        actor = _officer(rng.choice(world.agencies))
        offset = 0
        if i % 20 in (0, 1, 2):
            flt = InboxFilter(unread=True)
        elif i % 20 in (3, 4):
            flt, offset = InboxFilter(), 50 * rng.randrange(1, 10)
        elif i % 20 in (5, 6):
            flt = InboxFilter(box="sent")
        elif i % 20 == 7:
            flt = InboxFilter(country=rng.choice(countries))
        else:
            flt = InboxFilter()
        calls.append(_page(inbox, actor, flt, offset))
    _run(database, calls[:10])  # warm the connection and the page cache a little
    times, pages = _run(database, calls)
    plain = [t for i, t in enumerate(times) if i % 20 >= 8]
    officers = [_officer(rng.choice(world.agencies)) for _ in range(CALLS // 3)]
    count_times, _ = _run(database, [_swap(counts, a) for a in officers])

    def naive(session: Session, actor: Actor) -> tuple[list[int], int]:
        visible = select(Message.id).where(message_visible(actor))
        total = session.execute(select(func.count()).select_from(visible.subquery())).scalar_one()
        page = visible.order_by(Message.created_at.desc(), Message.id.desc()).limit(50)
        return list(session.execute(page).scalars()), total

    baseline, _ = _run(database, [_swap(naive, a) for a in officers[:BASELINE_CALLS]])
    return {
        **_spread("inbox", times), **_spread("inbox_first_page", plain),
        **_spread("counts", count_times), **_spread("baseline_inbox_visible_scan", baseline),
        "inbox_median_total": statistics.median(total for _, total in pages),
    }  # fmt: skip


# --- search -----------------------------------------------------------------------------------


def _search_module() -> Any:
    try:
        return importlib.import_module("clew.exchange.search")
    except ImportError:
        return None


def _search(database: Database, world: World) -> dict[str, Any]:
    search = _search_module()
    rng = random.Random(22)
    kinds = sorted(world.terms)
    queries = [(kinds[i % len(kinds)], rng.choice(world.terms[kinds[i % len(kinds)]]),
                _officer(rng.choice(world.agencies))) for i in range(CALLS)]  # fmt: skip

    def like(session: Session, actor: Actor, term: str) -> tuple[list[int], int]:
        pattern = f"%{term}%"
        found = select(Message.id).where(
            message_visible(actor), or_(Message.subject.ilike(pattern), Message.body.ilike(pattern))
        )
        total = session.execute(select(func.count()).select_from(found.subquery())).scalar_one()
        page = found.order_by(Message.created_at.desc(), Message.id.desc()).limit(20)
        return list(session.execute(page).scalars()), total

    baseline, like_found = _run(database, [
        _swap(like, actor, term) for _, term, actor in queries[:BASELINE_CALLS]
    ])  # fmt: skip
    out: dict[str, Any] = {
        **_spread("baseline_like_search", baseline),
        "baseline_like_median_total": statistics.median(total for _, total in like_found),
    }
    if search is None:
        out["search_missing"] = "clew.exchange.search is not in the tree yet"
        return out
    flt = search.SearchFilter() if hasattr(search, "SearchFilter") else None
    calls = [_swap(partial(search.search, limit=20, offset=0), actor, term, flt)
             for _, term, actor in queries]  # fmt: skip
    failed: list[str] = []
    _run(database, calls[:10], [])
    times, found = _run(database, calls, failed)
    out |= _spread("search", [t for t in times if not math.isnan(t)])
    for kind in kinds:
        mine = [t for (k, _, _), t in zip(queries, times, strict=True) if k == kind]
        out |= _spread(f"search_{kind.replace(' ', '_')}", [t for t in mine if not math.isnan(t)])
        if errors := sum(math.isnan(t) for t in mine):
            out[f"search_{kind.replace(' ', '_')}_failed"] = errors
    if failed:  # a defect of the search, reported beside the figures of the calls that worked
        out["search_failed_calls"] = len(failed)
        out["search_failures"] = sorted(set(failed))[:5]
    totals = [r[1] for r in found if isinstance(r, tuple) and len(r) == 2 and isinstance(r[1], int)]
    if totals:
        out["search_median_total"] = statistics.median(totals)
    return out


# --- cross-check ------------------------------------------------------------------------------


def _watchlisted(database: Database, count: int) -> list[EntityIn]:
    """Entities as a report names them, taken from the watchlist's records."""
    rng = random.Random(23)
    with database.reading() as session:
        rows = session.execute(
            select(Record.kind, Record.data).where(Record.kind.in_(("person", "document", "vehicle")))
            .order_by(Record.id).limit(count * 20)
        ).all()  # fmt: skip
    out = []
    for kind, raw in rng.sample(rows, min(count, len(rows))):
        data = json.loads(raw) if isinstance(raw, str) else raw
        if kind == "person":
            body: dict[str, Any] = {"names": [data["names"][0]["full"]]}
            if data.get("date_of_birth"):
                body["date_of_birth"] = data["date_of_birth"]
        elif kind == "document":
            body = {"number": data["number"], "country": data.get("issuing_country")}
        else:
            body = {k: data[k] for k in ("vin", "plate") if data.get(k)}
        out.append(EntityIn.model_validate({"kind": kind, kind: body}))
    return out


def _reports(database: Database, world: World) -> list[list[EntityIn]]:
    from exchange_world import entity_pool

    rng = random.Random(24)
    listed = _watchlisted(database, 40 * (REPORTS + BASELINE_REPORTS))
    fresh = [e for _, e in entity_pool(REPORT * (REPORTS + BASELINE_REPORTS), seed=99)]
    reports = []
    for i in range(REPORTS + BASELINE_REPORTS):
        entities = (listed[40 * i : 40 * (i + 1)] + rng.sample(world.things, 60)
                    + fresh[REPORT * i : REPORT * i + REPORT - 100])  # fmt: skip
        rng.shuffle(entities)
        reports.append(entities[:REPORT])
    return reports


def _crosscheck(database: Database, world: World, keeper: IndexKeeper) -> dict[str, Any]:
    from clew.exchange.crosscheck import CrosscheckIn, check_entities, crosscheck_report
    from clew.exchange.keys import entity_key

    rng = random.Random(25)
    reports = _reports(database, world)
    actors = [_officer(rng.choice(world.agencies)) for _ in reports]
    work = list(zip(reports[:REPORTS], actors, strict=False))
    _run(database, [_swap(crosscheck_report, actors[0], keeper,
                            CrosscheckIn(entities=reports[0]))])  # fmt: skip
    times, answers = _run(database, [
        _swap(crosscheck_report, actor, keeper, CrosscheckIn(entities=report))
        for report, actor in work
    ])  # fmt: skip
    watch_times, _ = _run(database, [
        _swap(partial(check_entities, place="bench"), actor, keeper, report)
        for report, actor in work
    ])  # fmt: skip

    def one_by_one(session: Session, actor: Actor, report: list[EntityIn]) -> int:
        found = 0
        for entity in report:
            request = CheckRequest(person=entity.person, document=entity.document,
                                   vehicle=entity.vehicle, place="bench")  # fmt: skip
            found += len(checks.check(session, actor, keeper, request).results)
            named = (select(MessageEntity.message_id, Message.created_at, Case.subject)
                     .join(Message, Message.id == MessageEntity.message_id)
                     .join(Case, Case.id == Message.case_id)
                     .where(MessageEntity.match_key == entity_key(entity), message_visible(actor)))  # fmt: skip
            session.execute(select(func.count()).select_from(named.subquery())).scalar_one()
            session.execute(named.order_by(Message.created_at.desc()).limit(10)).all()
        return found

    baseline, _ = _run(database, [
        _swap(one_by_one, actor, report)
        for report, actor in zip(reports[REPORTS:], actors[REPORTS:], strict=True)
    ])  # fmt: skip
    return {
        "crosscheck_ms_200": _pct(times, 0.5),
        "crosscheck_ms_200_max": _pct(times, 1.0),
        "crosscheck_watchlists_only_ms_200": _pct(watch_times, 0.5),
        "crosscheck_reports": len(times),
        "crosscheck_median_entities_on_a_watchlist": statistics.median(
            sum(1 for a in answer if a.watchlists) for answer in answers),
        "crosscheck_median_entities_mentioned": statistics.median(
            sum(1 for a in answer if a.mentions_total) for answer in answers),
        "baseline_one_by_one_ms_200": round(statistics.median(baseline), 1),
    }  # fmt: skip


# --- a backend --------------------------------------------------------------------------------


@contextmanager
def _database(url: str | None) -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="clew-exchange-") as directory:
        database = Database(url or f"sqlite:///{Path(directory) / 'exchange.db'}")
        if database.dialect == "postgresql":
            with database.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        database.upgrade()
        try:
            yield database
        finally:
            database.dispose()


def _full_text_index(database: Database) -> list[str]:
    """The full-text index the migrations built, as the database describes it."""
    with database.engine.connect() as conn:
        if database.dialect == "sqlite":
            rows = conn.execute(text(
                "SELECT sql FROM sqlite_master WHERE sql LIKE '%fts5%' OR "
                "(type = 'trigger' AND tbl_name = 'exchange_messages')")).scalars()  # fmt: skip
        else:
            rows = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'exchange_messages' "
                "AND indexdef ILIKE '%gin%'")).scalars()  # fmt: skip
        return [" ".join(r.split()) for r in rows]


def _size_mb(database: Database) -> float:
    with database.engine.connect() as conn:
        if database.dialect == "postgresql":
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        else:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = pages * conn.exec_driver_sql("PRAGMA page_size").scalar_one()
    return round(float(size) / 2**20, 1)


def backend(url: str | None, messages: int) -> dict[str, Any]:
    label = _label(messages)
    with _database(url) as database:
        print(f"  {database.dialect}: building {messages:,} messages", flush=True)
        started = time.perf_counter()
        world = build(database, messages)
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        with database.transaction() as session:
            load_world(session, **WATCHLIST)  # type: ignore[arg-type]
        keeper = IndexKeeper()
        with database.reading() as session:
            keeper.build(session)
        watchlist_s = time.perf_counter() - started
        print(f"  {database.dialect}: built in {fill_s:.0f} s; measuring", flush=True)
        inbox, search, crosscheck = (_inbox(database, world), _search(database, world),
                                     _crosscheck(database, world, keeper))  # fmt: skip
        results: dict[str, Any] = {
            "backend": database.dialect, "messages": messages, "cases": world.cases,
            "agencies": len(world.agencies), "fill_s": round(fill_s, 1),
            "watchlist": WATCHLIST, "watchlist_s": round(watchlist_s, 1),
            "database_mb": _size_mb(database),
            "full_text_index": _full_text_index(database),
            "full_text_fill": "the migration's upkeep (SQLite: the FTS5 triggers; PostgreSQL: "
                              "the GIN index) taken off for the bulk load and put back by its "
                              "own DDL after it, then SQLite's FTS5 'rebuild' / the GIN index "
                              "built once; fill_s includes that",
            f"inbox_p99_ms_{label}": inbox["inbox_p99_ms"],
            f"search_p99_ms_{label}": search.get("search_p99_ms"),
            "crosscheck_ms_200": crosscheck["crosscheck_ms_200"],
            **inbox, **search, **crosscheck,
        }  # fmt: skip
    base, ours = results["baseline_inbox_visible_scan_p99_ms"], results["inbox_p99_ms"]
    results["inbox_p99_ratio_baseline"] = round(base / ours, 1) if ours else None
    if results.get("search_p99_ms"):
        results["search_p99_ratio_baseline"] = round(
            results["baseline_like_search_p99_ms"] / results["search_p99_ms"], 1
        )
    results["crosscheck_ratio_baseline"] = round(
        results["baseline_one_by_one_ms_200"] / results["crosscheck_ms_200"], 1
    )
    print(json.dumps(results, indent=1, ensure_ascii=False), flush=True)
    return results


def _postgresql(messages: int) -> dict[str, Any]:
    """The PostgreSQL run: on CLEW_TEST_DATABASE_URL, else under a throwaway cluster."""
    if url := os.environ.get("CLEW_TEST_DATABASE_URL"):
        return backend(url, messages)
    with tempfile.TemporaryDirectory(prefix="clew-exchange-pg-") as directory:
        out = Path(directory) / "postgresql.json"
        command = [sys.executable, str(ROOT / "scripts" / "pg_cluster.py"), "--",
                   sys.executable, __file__, "--backend", "postgresql",
                   "--messages", str(messages), "--out", str(out)]  # fmt: skip
        subprocess.run(command, check=True)  # noqa: S603 - our own scripts
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def plot(name: str, runs: dict[str, dict[str, Any]], label: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = (
        ("inbox page p99", "inbox_p99_ms", "visible scan p99", "baseline_inbox_visible_scan_p99_ms"),
        ("search p99", "search_p99_ms", "LIKE '%term%' p99", "baseline_like_search_p99_ms"),
        ("200-entity cross-check", "crosscheck_ms_200", "one by one", "baseline_one_by_one_ms_200"),
    )  # fmt: skip
    fig, axes = plt.subplots(1, len(panels), figsize=(12, 3.4))
    for ax, (title, ours, base_label, base) in zip(axes, panels, strict=True):
        labels, values, colours = [], [], []
        for backend_name, run in runs.items():
            for text_, key, colour in ((f"{backend_name}: Clew", ours, "#0b5cab"),
                                       (f"{backend_name}: {base_label}", base, "#9aa5b3")):  # fmt: skip
                if run.get(key):
                    labels.append(text_)
                    values.append(float(run[key]))
                    colours.append(colour)
        ax.barh(labels, values, color=colours)
        for i, value in enumerate(values):
            ax.text(value, i, f" {value:,.0f}", va="center", fontsize=8)
        ax.set_xscale("log")
        ax.set_xlim(1, max(values, default=10) * 4)  # bars from 1 ms: lengths compare
        ax.set_xlabel("ms (log)")
        ax.set_title(title, fontsize=10)
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(f"Liaison exchange, {label} messages")
    fig.tight_layout()
    path = RESULTS / f"{name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--out", help=argparse.SUPPRESS)  # one backend's figures, as JSON
    args = parser.parse_args(argv or [])
    if args.out:  # the PostgreSQL half, run inside scripts/pg_cluster.py
        result = backend(os.environ["CLEW_TEST_DATABASE_URL"], args.messages)
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return
    runs: dict[str, dict[str, Any]] = {}
    if args.backend in ("sqlite", "both"):
        runs["sqlite"] = backend(None, args.messages)
    if args.backend in ("postgresql", "both"):
        runs["postgresql"] = _postgresql(args.messages)
    label = _label(args.messages)
    name = "exchange" if args.messages == 1_000_000 else f"exchange_{label}"
    keys = (f"inbox_p99_ms_{label}", f"search_p99_ms_{label}", "crosscheck_ms_200")
    worst = {k: max((r[k] for r in runs.values() if r.get(k) is not None), default=None)
             for k in keys}  # fmt: skip
    write(name, {
        "messages": args.messages, "backends": list(runs), **worst, **runs,
        "note": (
            "Top-level figures are the worse of the backends. Each call is a unit of work of its "
            "own, committed with its audit row, for a liaison officer of a random agency among "
            f"40. Inbox: {CALLS} pages of clew.exchange.messages.inbox (limit 50; 3/20 unread "
            "only, 2/20 a page 2-10, 2/20 the sent box, 1/20 a country filter, the rest page 1 "
            "of the in box); baseline_inbox_visible_scan: the page and its total as SELECT id "
            "FROM exchange_messages WHERE access.message_visible ORDER BY created_at DESC. "
            f"Search: {CALLS} calls of clew.exchange.search.search (limit 20) for common and "
            "rare words, names, places, plates and passport numbers in en/vi/bg/lv; "
            "baseline_like: subject or body ILIKE '%term%' over the visible messages, page and "
            f"total ({BASELINE_CALLS} calls). Cross-check: crosscheck.crosscheck_report of "
            f"{REPORT} entities (40 from the watchlist, 60 named in the exchange, 100 new), "
            "median of the reports (max beside it); watchlists_only: crosscheck.check_entities; "
            "baseline_one_by_one: screening.checks.check and a mentions query per entity."
        ),
    })  # fmt: skip
    plot(name, runs, label)


if __name__ == "__main__":
    main(sys.argv[1:])
