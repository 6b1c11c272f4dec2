"""The cheap upper bound of a name comparison never falls below the comparison itself: a
check that skips a candidate by the bound would never have matched it. Held on real labelled
name pairs (matches and non-matches), on pairs across rows, and on generated names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.names.compare import compare_names, name_score_bound

PAIRS = Path(__file__).parents[2] / "bench" / "data" / "name_pairs_nomenklatura.csv"
_WORDS = (  # noqa: SIM905 - a sentence of name parts reads better than a list
    "Ivan Ivanov Ivanova Petrov Petrova Sergei Юлия Тимофеева IULIIA TIMOFEEVA Nguyễn Văn Hùng "
    "Hưng Thị Hải An Müller MUELLER Oleksandr Alexander Georgios Giorgos Γεώργιος Dimitris "
    "محمد الحسن Mohammed bin Salman al Khatib J N. Ig0r Igor Jean Claude Jeanclaude Щербаков "
    "SHTERBAKOV Kim Jong Un 习近平 Xi Jinping Abdullah Abdel Rahman Abdelrahman"
).split()
_NAME = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join)


def _rows() -> list[tuple[str, str, str]]:
    with PAIRS.open(encoding="utf-8") as handle:
        return [(r["schema"], r["name1"], r["name2"]) for r in csv.DictReader(handle)]


def _holds(a: str, b: str, person: bool) -> None:
    score = compare_names([a], [b], person=person).score
    assert name_score_bound([a], [b], person=person) >= score - 1e-9, (a, b, score)


@pytest.mark.parametrize("shift", [0, 1, 7])
def test_the_bound_is_never_below_the_score_of_a_labelled_pair(shift: int) -> None:
    rows = _rows()
    for (schema, first, _), (_, _, second) in zip(rows, rows[shift:] + rows[:shift], strict=True):
        _holds(first, second, schema == "Person")


@settings(max_examples=400, deadline=None)
@given(st.lists(_NAME, min_size=1, max_size=2), st.lists(_NAME, min_size=1, max_size=2))
def test_the_bound_is_never_below_the_score_of_generated_names(
    query: list[str], record: list[str]
) -> None:
    assert name_score_bound(query, record) >= compare_names(query, record).score - 1e-9


def test_a_namesake_with_another_given_name_is_settled_by_the_bound() -> None:
    # "Sergei" has no partner in "Ivan Petrov": the conflict alone keeps it far from a match
    assert name_score_bound(["Sergei Petrov"], ["Ivan Petrov"]) < 0.5
    assert name_score_bound(["Ivan Petrov"], ["Иван Петров"]) >= 0.95
