"""Name-pair quality: P/R/F1 of Clew's name scorer on the labelled pairs of nomenklatura.

Reads ``bench/data/name_pairs_nomenklatura.csv`` (see ``bench/data/README.md``), scores every pair
with ``clew.screening.scoring.score_person`` (names only: the calibrated person score when
nothing but names is known; organisations, vessels and the like through the same names-only
mapping, ``scoring.name_only``, with ``compare_names(person=False)``), and reports precision,
recall and F1 for persons and for all rows,
at the best threshold and at the configured "possible match" threshold (a name alone is never a
hit: a hit needs a date of birth or a document that agrees), per schema and per case group,
beside two baselines measured in the same run: rapidfuzz ``ratio`` and ``token_sort_ratio`` on
ASCII-folded names (``clew.names.fold``). Also times pairs per second of each scorer.

The thresholds are never tuned on this file: the configured one comes from
``clew.screening.scoring.Thresholds``, calibrated on synthetic data. "Best threshold" is an
oracle figure, reported because the published scorers are quoted that way.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common import timed, write
from rapidfuzz import fuzz

from clew.names.compare import compare_names
from clew.names.fold import fold
from clew.screening.scoring import (
    PersonCandidate,
    PersonQuery,
    Thresholds,
    name_only,
    score_person,
)

DATA = Path(__file__).with_name("data") / "name_pairs_nomenklatura.csv"
PERSON = "Person"


def load(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def clew_score(row: dict[str, str]) -> float:
    if row["schema"] == PERSON:
        query = PersonQuery(names=[row["name1"]])
        candidate = PersonCandidate(names=[row["name2"]])
        return score_person(query, candidate).score
    return name_only(compare_names([row["name1"]], [row["name2"]], person=False).score)


def ratio(row: dict[str, str]) -> float:
    return fuzz.ratio(fold(row["name1"]), fold(row["name2"])) / 100


def token_sort(row: dict[str, str]) -> float:
    return fuzz.token_sort_ratio(fold(row["name1"]), fold(row["name2"])) / 100


SCORERS: dict[str, Callable[[dict[str, str]], float]] = {
    "clew": clew_score,
    "rapidfuzz_ratio": ratio,
    "rapidfuzz_token_sort_ratio": token_sort,
}


def prf(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> dict[str, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": round(threshold, 3), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "n": len(scores)}  # fmt: skip


def best(scores: Sequence[float], labels: Sequence[bool]) -> dict[str, float]:
    grid = sorted(set(round(s, 3) for s in scores) | {round(i / 100, 2) for i in range(101)})
    return max((prf(scores, labels, t) for t in grid), key=lambda r: (r["f1"], -r["threshold"]))


def pairs_per_second(
    scorer: Callable[[dict[str, str]], float], rows: list[dict[str, str]]
) -> float:
    scorer(rows[0])  # warm the caches of imports, not of the rows
    _, elapsed = timed(lambda: [scorer(row) for row in rows])
    return len(rows) / elapsed


def _cold_clew_rate(rows: list[dict[str, str]]) -> float:
    """Clew's pairs/s with its per-part caches cleared first (the honest first-sight cost)."""
    from clew.names.parts import analyse_part
    from clew.names.romanise import romanisations

    analyse_part.cache_clear()
    romanisations.cache_clear()
    started = time.perf_counter()
    for row in rows:
        clew_score(row)
    return len(rows) / (time.perf_counter() - started)


def main() -> None:
    rows = load()
    configured = Thresholds().possible  # names only: at most a possible match
    labels = [row["is_match"] == "true" for row in rows]
    is_person = [row["schema"] == PERSON for row in rows]
    results: dict[str, Any] = {"data": str(DATA.name), "configured_threshold": configured}
    scores: dict[str, list[float]] = {}
    cold_rate = _cold_clew_rate(rows)
    for name, scorer in SCORERS.items():
        scores[name] = [scorer(row) for row in rows]
    table: dict[str, Any] = {}
    for name, values in scores.items():
        person_scores = [s for s, p in zip(values, is_person, strict=True) if p]
        person_labels = [y for y, p in zip(labels, is_person, strict=True) if p]
        entry = {
            "person_best": best(person_scores, person_labels),
            "all_best": best(values, labels),
            "pairs_per_s": round(pairs_per_second(SCORERS[name], rows)),
        }
        if name == "clew":
            entry["person_configured"] = prf(person_scores, person_labels, configured)
            entry["all_configured"] = prf(values, labels, configured)
            entry["pairs_per_s_cold"] = round(cold_rate)
        table[name] = entry
    clew = table["clew"]
    best_person_threshold = clew["person_best"]["threshold"]
    groups: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[f"schema={row['schema']}"].append(index)
        groups[f"group={row['case_group']}"].append(index)
    per_group = {}
    for group, indices in sorted(groups.items()):
        group_labels = [labels[i] for i in indices]
        per_group[group] = {
            name: prf([scores[name][i] for i in indices], group_labels,
                      configured if name == "clew" else table[name]["all_best"]["threshold"])
            for name in scores
        }  # fmt: skip
    results.update(
        {
            "name_pairs_person_f1": clew["person_best"]["f1"],
            "name_pairs_all_f1": clew["all_best"]["f1"],
            "name_pairs_person_f1_configured": clew["person_configured"]["f1"],
            "name_pairs_all_f1_configured": clew["all_configured"]["f1"],
            "best_threshold_person": best_person_threshold,
            "best_threshold_all": clew["all_best"]["threshold"],
            "scorers": table,
            "per_group": per_group,
            "note": "per-group figures: clew at the configured threshold, baselines at their "
            "own best all-rows threshold",
        }
    )
    path = write("name_pairs", results)
    _plot(table, configured)
    for name, entry in table.items():
        print(
            f"{name:28} persons F1 {entry['person_best']['f1']:.3f} "
            f"(t={entry['person_best']['threshold']}), all F1 {entry['all_best']['f1']:.3f}, "
            f"{entry['pairs_per_s']:,} pairs/s"
        )
    print(
        f"clew at configured threshold {configured}: persons F1 "
        f"{clew['person_configured']['f1']:.3f}, all F1 {clew['all_configured']['f1']:.3f}"
    )
    print(f"wrote {path}")


def _plot(table: dict[str, Any], configured: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from common import RESULTS

    labels = list(table)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    quality = axes[0]
    width = 0.38
    xs = range(len(labels))
    person = [table[n]["person_best"]["f1"] for n in labels]
    every = [table[n]["all_best"]["f1"] for n in labels]
    quality.bar([x - width / 2 for x in xs], person, width, label="persons", color="#0b5cab")
    quality.bar([x + width / 2 for x in xs], every, width, label="all rows", color="#9aa5b3")
    quality.axhline(0.796, color="#c0392b", linestyle="--", linewidth=1)
    quality.text(1.5, 0.81, "logic-v2 persons 0.796", color="#c0392b", fontsize=7, ha="center")
    quality.scatter([0], [table["clew"]["person_configured"]["f1"]], color="black", zorder=3,
                    label=f"clew persons @ configured {configured}")  # fmt: skip
    quality.set_xticks(list(xs), [n.replace("rapidfuzz_", "rf ") for n in labels], fontsize=8)
    quality.set_ylim(0, 1)
    quality.set_ylabel("F1 (best threshold)")
    quality.set_title("name pairs (nomenklatura)")
    quality.legend(fontsize=7, loc="lower right")
    speed = axes[1]
    rates = [table[n]["pairs_per_s"] for n in labels]
    speed.barh(labels, rates, color=["#0b5cab", "#9aa5b3", "#9aa5b3"])
    speed.set_xscale("log")
    speed.set_xlim(1_000, max(rates) * 6)
    speed.set_xlabel("pairs per second, warm caches (log)")
    speed.invert_yaxis()
    for i, rate in enumerate(rates):
        speed.text(rate, i, f" {rate:,.0f}", va="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "name_pairs.png", dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    main()
