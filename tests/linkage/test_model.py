"""The Fellegi–Sunter model: the fixed calibration is a proper model, and EM recovers m and u
from unlabelled patterns."""

from __future__ import annotations

import math
import random

import pytest

from clew.linkage import DEFAULT, Field, Model, Verdict, estimate
from clew.linkage.compare import FIELDS
from clew.linkage.model import LEVELS

NOTHING = tuple(Verdict.NOT_COMPARED for _ in FIELDS)


def _with(**verdicts: Verdict) -> tuple[Verdict, ...]:
    return tuple(verdicts.get(field.name.lower(), Verdict.NOT_COMPARED) for field in FIELDS)


def test_fixed_calibration_rows_are_distributions() -> None:
    for field in FIELDS:
        assert math.isclose(sum(DEFAULT.m[field].values()), 1.0), field
        assert math.isclose(sum(DEFAULT.u[field].values()), 1.0), field
        assert DEFAULT.weight(field, Verdict.EXACT) > 0 or field is Field.GENDER


def test_nothing_compared_is_the_prior() -> None:
    assert math.isclose(DEFAULT.probability(NOTHING), DEFAULT.prior)


@pytest.mark.parametrize(
    ("why", "verdicts", "low", "high"),
    [
        ("an exact name alone is proposed, not strong", _with(name=Verdict.EXACT), 0.5, 0.95),
        ("an exact name and date of birth is strong",
         _with(name=Verdict.EXACT, birth_date=Verdict.EXACT), 0.95, 1.0),
        ("a different date of birth outweighs an exact name",
         _with(name=Verdict.EXACT, birth_date=Verdict.DIFFERENT), 0.0, 0.5),
        ("a shared identifier alone is strong", _with(identifier=Verdict.EXACT), 0.95, 1.0),
    ],
)  # fmt: skip
def test_fixed_calibration_reads_as_documented(
    why: str, verdicts: tuple[Verdict, ...], low: float, high: float
) -> None:
    assert low <= DEFAULT.probability(verdicts) < high, why


def test_prior_must_be_a_probability() -> None:
    with pytest.raises(ValueError):
        Model(DEFAULT.m, DEFAULT.u, prior=1.0)


def test_em_recovers_the_generating_model() -> None:
    """Patterns drawn from a known model (30 % matches); EM, started from the fixed
    calibration, finds the prior and the name and date m/u within a few points."""
    rng = random.Random(11)
    m = {f: dict(DEFAULT.m[f]) for f in FIELDS}
    u = {f: dict(DEFAULT.u[f]) for f in FIELDS}
    m[Field.NAME] = dict(zip(LEVELS[Field.NAME], (0.7, 0.2, 0.05, 0.03, 0.02), strict=True))
    u[Field.NAME] = dict(zip(LEVELS[Field.NAME], (0.02, 0.05, 0.13, 0.3, 0.5), strict=True))
    truth = Model(m, u, prior=0.3)
    drawn = [Field.NAME, Field.BIRTH_DATE, Field.POSTCODE, Field.ADDRESS]
    patterns = []
    for _ in range(20_000):
        table = truth.m if rng.random() < 0.3 else truth.u
        row = []
        for field in FIELDS:
            if field in drawn:
                levels = LEVELS[field]
                row.append(rng.choices(levels, [table[field][v] for v in levels])[0])
            else:
                row.append(Verdict.NOT_COMPARED)
        patterns.append(tuple(row))
    fitted = estimate(patterns)
    assert fitted.prior == pytest.approx(0.3, abs=0.02)
    for field in (Field.NAME, Field.BIRTH_DATE):
        for level in LEVELS[field]:
            assert fitted.m[field][level] == pytest.approx(truth.m[field][level], abs=0.03)
            assert fitted.u[field][level] == pytest.approx(truth.u[field][level], abs=0.03)
    # a field never compared keeps the fixed calibration
    assert fitted.m[Field.PHONE] == pytest.approx(DEFAULT.m[Field.PHONE])


def test_estimate_of_nothing_is_the_start() -> None:
    assert estimate([]) is DEFAULT


def _pattern(name: Verdict, date: Verdict) -> tuple[Verdict, ...]:
    return (name, date, *(Verdict.NOT_COMPARED,) * (len(FIELDS) - 2))


def test_an_estimate_that_splits_on_something_else_is_refused() -> None:
    """Few matches among many pairs that share only a date of birth: EM would call the
    date-of-birth pairs the matches (different names counting *for* a match); the estimate
    is refused and the fixed calibration kept."""
    patterns = (
        [_pattern(Verdict.DIFFERENT, Verdict.EXACT)] * 900
        + [_pattern(Verdict.WEAK, Verdict.DIFFERENT)] * 300
        + [_pattern(Verdict.PARTIAL, Verdict.NEAR)] * 100
        + [_pattern(Verdict.EXACT, Verdict.EXACT)] * 20
        + [_pattern(Verdict.EXACT, Verdict.DIFFERENT)] * 30
    )
    assert estimate(patterns) is DEFAULT
