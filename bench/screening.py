"""Screening at scale: planted true matches and hard negatives against a synthetic watchlist,
speed of single and bulk checks, index build time and memory — beside a rapidfuzz brute-force
baseline over the same folded names, in the same run.

``CLEW_BENCH_PERSONS`` sets the watchlist size (default 100,000; the issue's 1M needs about
5 GB of memory, most of it the records themselves). The 1M figures go to
``bench/results/screening.json``, smaller runs to ``screening_100k.json`` and the like.
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
from clew.screening.entries import AlertInfo, Entry, screening_data
from clew.screening.objects import MemoryKeys
from clew.screening.parallel import match_many, worth_forking
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.synth.world import generate

PERSONS = int(os.environ.get("CLEW_BENCH_PERSONS", "100000"))
DOCUMENTS = int(os.environ.get("CLEW_BENCH_DOCUMENTS", "1000000"))
QUERIES = 1000
ALERT = AlertInfo(1, "wanted_for_arrest", "Arrest", "H0", date(2031, 1, 1))
NO_OBJECTS = MemoryKeys()  # the planted checks are of persons, found by name


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
    # The in-memory key map the index held before objects moved to the database's key index
    # (bench/object_lookups.py measures that one beside this).
    held: dict[str, list[Entry]] = {}
    for i, number in enumerate(numbers):
        held.setdefault(f"doc:{ocr_fold(number)}", []).append(
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
    objects = MemoryKeys(held)
    probes = [rng.choice(numbers) for _ in range(50_000)]
    started = time.perf_counter()
    for number in probes:
        found = objects.find([f"doc:{ocr_fold(number)}"])
        score_documents(DocumentQuery(number=number), found)
    return len(probes) / (time.perf_counter() - started), build_s


def _headline_extras(lookups_per_s: float) -> dict[str, object]:
    """The issue's other headline keys, so that ``screening.json`` holds them all: name-pair
    F1 measured here (the same scorer as ``bench/run.py name_pairs``, best threshold and the
    possible-match threshold), the HTTP figures copied from the last ``http_checks`` run
    (PostgreSQL, with its date), and document lookups at the size actually measured."""
    import json
    from pathlib import Path

    import name_pairs

    rows = name_pairs.load()
    scores = [name_pairs.clew_score(row) for row in rows]
    labels = [row["is_match"] == "true" for row in rows]
    person = [row["schema"] == name_pairs.PERSON for row in rows]
    p_scores = [s for s, p in zip(scores, person, strict=True) if p]
    p_labels = [y for y, p in zip(labels, person, strict=True) if p]
    extras: dict[str, object] = {
        "name_pairs_person_f1": name_pairs.best(p_scores, p_labels)["f1"],
        "name_pairs_all_f1": name_pairs.best(scores, labels)["f1"],
        "name_pairs_person_f1_at_possible": name_pairs.prf(p_scores, p_labels, 0.5)["f1"],
        "name_pairs_all_f1_at_possible": name_pairs.prf(scores, labels, 0.5)["f1"],
        "name_pairs_note": "best threshold, and at the possible-match threshold 0.5: a name "
        "alone is never a hit, so F1 at the hit threshold is 0 by design",
        # Measured at DOCUMENTS documents, not 10M (10M Python entries do not fit beside 1M
        # persons): the key keeps the name, the size says what was measured.
        "exact_lookups_per_s_10m": round(lookups_per_s),
        "exact_lookups_documents": DOCUMENTS,
    }
    http = Path(__file__).resolve().parent / "results" / "http_checks_postgresql.json"
    if http.exists():
        figures = json.loads(http.read_text(encoding="utf-8"))
        extras["http_checks_per_s_32c"] = figures.get("http_checks_per_s_32c")
        extras["http_p99_ms_32c"] = figures.get("http_p99_ms_32c")
        extras["http_note"] = f"copied from http_checks_postgresql.json of {figures.get('date')}"
    return extras


def main() -> None:
    rng = random.Random(11)
    before = _rss_mb()
    started = time.perf_counter()
    keeper = IndexKeeper()
    keeper.built = True
    world: list[Entry] = []
    for i, synth in enumerate(generate(3, persons=PERSONS), start=1):
        data = screening_data(synth.data)  # what the server's index keeps of a record
        entry = Entry(i, "person", "", 1, "BG-NCB", "BG", "all", frozenset(), data, ALERT)
        keeper.index.put(entry)
        world.append(entry)
    keeper.index.compact()
    build_s = time.perf_counter() - started
    rss_mb = _rss_mb() - before

    planted = _planted(world, rng)
    requests = [(kind, truth, CheckRequest.model_validate(body)) for kind, truth, body in planted]

    # Bulk first, while every cache is cold: forked workers on every core (as `clew screen`).
    workers = worth_forking(len(requests))
    parallel_started = time.perf_counter()
    parallel_found = list(match_many(keeper, [request for _, _, request in requests], NO_OBJECTS))
    parallel_s = time.perf_counter() - parallel_started
    assert len(parallel_found) == len(requests)
    latencies: list[float] = []
    found: dict[str, list[bool]] = {}
    ranks: list[int] = []
    false_hits = 0
    hits_total = 0
    shown: list[bool] = []
    bulk_started = time.perf_counter()
    for kind, truth, request in requests:
        t = time.perf_counter()
        matches = match_request(keeper, request, NO_OBJECTS)
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
        f"bulk_checks_per_s_{suffix}": round(len(requests) / parallel_s),
        "bulk_workers": workers,
        f"bulk_checks_per_s_one_core_{suffix}": round(len(requests) / bulk_s),
        f"baseline_bulk_checks_per_s_{suffix}": round(1 / baseline_s, 2),
        "baseline": "rapidfuzz process.extractOne(token_sort_ratio) over all folded names, one core",
        "baseline_recall_at_1": round(sum(baseline_found) / max(1, sum(1 for _, t, _ in baseline_queries if t)), 3),
        f"index_build_s_{suffix}": round(build_s, 1),
        "documents": DOCUMENTS,
        "documents_index_build_s": round(documents_build_s, 1),
        "exact_lookups_per_s": round(lookups_per_s),
        f"index_rss_mb_{suffix}": round(rss_mb),
        "note": "in-process; single checks (p50, p99) one after another on one core, bulk on "
        "bulk_workers forked processes, the baseline on one core; index build includes "
        "generating the synthetic persons; the machine is shared, so compare ratios",
    }  # fmt: skip
    results |= _headline_extras(lookups_per_s)
    print(results)
    # The headline file holds the 1M figures; smaller runs go beside it.
    out = "screening" if PERSONS >= 1_000_000 else f"screening_{suffix}"
    write(out, results)
    bar_plot(
        out, f"Person checks per second at {PERSONS:,} persons",
        {f"Clew bulk ({workers} processes)": results[f"bulk_checks_per_s_{suffix}"],  # type: ignore[dict-item]
         "Clew, one core": results[f"bulk_checks_per_s_one_core_{suffix}"],  # type: ignore[dict-item]
         "rapidfuzz brute force, one core": results[f"baseline_bulk_checks_per_s_{suffix}"]},  # type: ignore[dict-item]
        "checks/s",
    )  # fmt: skip


if __name__ == "__main__":
    main()
