"""Screening at scale: planted true matches and hard negatives against a synthetic watchlist,
speed of single and bulk checks, index build time and memory — beside a rapidfuzz brute-force
baseline over the same folded names, in the same run.

``CLEW_BENCH_PERSONS`` sets the watchlist size (default 100,000; the issue's 1M needs about
8 GB of memory with the current index). Figures go to ``bench/results/screening.json``.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import time
from datetime import date

from common import bar_plot, write
from rapidfuzz import fuzz, process

from clew.names.fold import fold
from clew.names.icao import icao_transliterate
from clew.screening.checks import match_request
from clew.screening.entries import AlertInfo, Entry
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.synth.world import generate

PERSONS = int(os.environ.get("CLEW_BENCH_PERSONS", "100000"))
DOCUMENTS = int(os.environ.get("CLEW_BENCH_DOCUMENTS", "1000000"))
QUERIES = 1000
ALERT = AlertInfo(1, "wanted_for_arrest", "Arrest", "H0", date(2031, 1, 1))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 5:
        return text
    i = rng.choice(letters[1:-1])
    return text[:i] + rng.choice("aeiouyrnst") + text[i + 1 :]


def _names(data: dict[str, object]) -> tuple[str, str, str]:
    names = data["names"]  # type: ignore[index]
    primary = next(n for n in names if n.get("kind") == "primary")  # type: ignore[union-attr]
    return primary.get("given") or "", primary.get("family") or "", primary.get("full") or ""  # type: ignore[union-attr]


VARIANTS = ("native script", "passport form", "name order swapped", "one typo",
            "year of birth only", "given name only + surname typo")  # fmt: skip
NEGATIVES = ("other given name", "date of birth 10+ years apart")


def _planted(
    world: list[Entry], rng: random.Random
) -> list[tuple[str, int | None, dict[str, object]]]:
    """(kind, the true record id or None for a hard negative, the check body)."""
    planted: list[tuple[str, int | None, dict[str, object]]] = []
    sample = rng.sample(world, QUERIES)
    givens = [(_names(e.data)[0]) for e in rng.sample(world, 500)]
    for i, entry in enumerate(sample):
        given, family, full = _names(entry.data)
        dob = str(entry.data.get("date_of_birth") or "")
        passport = icao_transliterate(full)
        kind = VARIANTS[i % len(VARIANTS)] if i % 5 else NEGATIVES[i % 2]
        person: dict[str, object] = {"names": [full]}
        if kind == "passport form":
            person["names"] = [passport]
        elif kind == "name order swapped":
            person["names"] = [" ".join(reversed(passport.split()))]
        elif kind == "one typo":
            person["names"] = [_typo(passport, rng)]
        elif kind == "given name only + surname typo":
            person["names"] = [
                f"{icao_transliterate(given).split()[0] if given else ''} {_typo(icao_transliterate(family), rng)}"
            ]
        elif kind == "other given name":
            other = rng.choice([g for g in givens if g and fold(g) != fold(given)] or ["Zebulon"])
            person["names"] = [f"{icao_transliterate(other)} {icao_transliterate(family)}"]
        if dob:
            if kind == "year of birth only":
                person["date_of_birth"] = dob[:4]
            elif kind == "date of birth 10+ years apart":
                person["date_of_birth"] = str(int(dob[:4]) - 12) + dob[4:]
            else:
                person["date_of_birth"] = dob
        negative = kind in NEGATIVES
        planted.append((kind, None if negative else entry.record_id, {"person": person}))
    return planted


def _exact_lookups(keeper: IndexKeeper) -> tuple[float, float]:
    """Document-number lookups (OCR-folded keys) against ``DOCUMENTS`` documents."""
    from clew.screening.documents import ocr_fold
    from clew.screening.matcher import score_documents
    from clew.screening.schemas import DocumentQuery

    rng = random.Random(5)
    numbers = [
        f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**8):08d}"
        for _ in range(DOCUMENTS)
    ]
    started = time.perf_counter()
    base = PERSONS + 1
    for i, number in enumerate(numbers):
        keeper.index.put(
            Entry(
                base + i,
                "document",
                number,
                1,
                "BG-NCB",
                "BG",
                "all",
                frozenset(),
                {"number": number, "issuing_country": "BG"},
                ALERT,
            )
        )
    build_s = time.perf_counter() - started
    probes = [rng.choice(numbers) for _ in range(50_000)]
    started = time.perf_counter()
    for number in probes:
        found = keeper.index.key_candidates([f"doc:{ocr_fold(number)}"])
        score_documents(DocumentQuery(number=number), found)
    return len(probes) / (time.perf_counter() - started), build_s


def main() -> None:
    rng = random.Random(11)
    before = _rss_mb()
    started = time.perf_counter()
    keeper = IndexKeeper()
    keeper.built = True
    world: list[Entry] = []
    for i, synth in enumerate(generate(3, persons=PERSONS), start=1):
        entry = Entry(i, "person", "", 1, "BG-NCB", "BG", "all", frozenset(), synth.data, ALERT)
        keeper.index.put(entry)
        world.append(entry)
    build_s = time.perf_counter() - started
    rss_mb = _rss_mb() - before

    planted = _planted(world, rng)
    requests = [(kind, truth, CheckRequest.model_validate(body)) for kind, truth, body in planted]
    latencies: list[float] = []
    found: dict[str, list[bool]] = {}
    ranks: list[int] = []
    false_hits = 0
    hits_total = 0
    shown: list[bool] = []
    bulk_started = time.perf_counter()
    for kind, truth, request in requests:
        t = time.perf_counter()
        matches = match_request(keeper, request)
        latencies.append((time.perf_counter() - t) * 1000)
        hit_ids = [m.entry.record_id for m in matches if m.band == "hit"]
        hits_total += len(hit_ids)
        false_hits += sum(1 for rid in hit_ids if rid != truth)
        if truth is not None:
            ids = [m.entry.record_id for m in matches]
            found.setdefault(kind, []).append(truth in hit_ids)
            shown.append(truth in ids)
            if truth in ids:
                ranks.append(ids.index(truth) + 1)
        else:
            found.setdefault(kind, []).append(not hit_ids)
    bulk_s = time.perf_counter() - bulk_started

    folded = [fold(_names(e.data)[2]) for e in world]
    baseline_queries = requests[:100]
    t = time.perf_counter()
    baseline_found = []
    for _, truth, request in baseline_queries:
        assert request.person is not None
        best = process.extractOne(
            fold(request.person.names[0]), folded, scorer=fuzz.token_sort_ratio
        )
        baseline_found.append(truth is not None and best is not None and best[2] + 1 == truth)
    baseline_s = (time.perf_counter() - t) / len(baseline_queries)

    lookups_per_s, documents_build_s = _exact_lookups(keeper)

    positives = [v for k, vs in found.items() if k not in NEGATIVES for v in vs]
    recall = sum(positives) / len(positives)
    precision = (hits_total - false_hits) / hits_total if hits_total else 0.0
    latencies.sort()
    suffix = "1m" if PERSONS >= 1_000_000 else f"{PERSONS // 1000}k"
    results = {
        "persons": PERSONS,
        "queries": len(requests),
        f"planted_recall_{suffix}": round(recall, 4),
        f"planted_precision_{suffix}": round(precision, 4),
        "recall_counts": "a planted record counts when it is a hit (the 'possible' band not counted)",
        f"planted_recall_hit_or_possible_{suffix}": round(sum(shown) / len(shown), 4),
        "recall_by_variant": {k: round(sum(v) / len(v), 3) for k, v in found.items() if k not in NEGATIVES},
        "hard_negatives_kept_out": {k: round(sum(v) / len(v), 3) for k, v in found.items() if k in NEGATIVES},
        "true_record_rank_mean": round(statistics.mean(ranks), 3) if ranks else None,
        "true_record_first_share": round(sum(r == 1 for r in ranks) / len(ranks), 3) if ranks else None,
        f"check_p50_ms_{suffix}": round(latencies[len(latencies) // 2], 2),
        f"check_p99_ms_{suffix}": round(latencies[int(len(latencies) * 0.99)], 2),
        f"bulk_checks_per_s_{suffix}": round(len(requests) / bulk_s),
        f"baseline_bulk_checks_per_s_{suffix}": round(1 / baseline_s, 2),
        "baseline": "rapidfuzz process.extractOne(token_sort_ratio) over all folded names, one core",
        "baseline_recall_at_1": round(sum(baseline_found) / max(1, sum(1 for _, t, _ in baseline_queries if t)), 3),
        f"index_build_s_{suffix}": round(build_s, 1),
        "documents": DOCUMENTS,
        "documents_index_build_s": round(documents_build_s, 1),
        "exact_lookups_per_s": round(lookups_per_s),
        f"index_rss_mb_{suffix}": round(rss_mb),
        "note": "in-process, one core; index build includes generating the synthetic persons",
    }  # fmt: skip
    print(results)
    write("screening", results)
    bar_plot(
        "screening", f"Person checks per second at {PERSONS:,} persons (one core)",
        {"Clew (index + scoring)": results[f"bulk_checks_per_s_{suffix}"],  # type: ignore[dict-item]
         "rapidfuzz brute force": results[f"baseline_bulk_checks_per_s_{suffix}"]},  # type: ignore[dict-item]
        "checks/s",
    )  # fmt: skip


if __name__ == "__main__":
    main()
