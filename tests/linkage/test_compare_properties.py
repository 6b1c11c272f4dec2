"""Properties of the comparison: it never crashes on any text, and it is symmetric (every
field's verdict, and so the score, is the same whichever side an entity is on)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clew.linkage import Candidate, Verdict
from clew.linkage.candidate import prepare
from clew.linkage.compare import FIELDS, compare
from clew.linkage.model import DEFAULT

_WORD_TEXT = (
    "Ivan Ivanov Ivanova Petrov Petrova Юлия Тимофеева IULIIA TIMOFEEVA Yulia Nguyễn Văn Hùng "
    "Hưng Müller MUELLER Oleksandr Alexander محمد Mohammed bin al Bērziņš Bērziņa J Ig0r Igor"
)
_WORDS = _WORD_TEXT.split()
_TEXT = st.text(max_size=30)
_NAME = st.one_of(_TEXT, st.lists(st.sampled_from(_WORDS), max_size=4).map(" ".join))
_DATE = st.one_of(
    st.none(), _TEXT,
    st.dates().map(str), st.integers(1840, 2210).map(str),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1900, 2020), st.integers(0, 13)),
)  # fmt: skip
_KINDS = st.sampled_from(("passport", "national_id", "vin", "iban"))


@st.composite
def candidates(draw: st.DrawFn, key: str = "x") -> Candidate:
    return Candidate(
        key,
        draw(st.sampled_from(("person", "person", "organisation"))),
        names=draw(st.lists(_NAME, max_size=3)),
        birth_date=draw(_DATE),
        gender=draw(st.one_of(st.none(), st.sampled_from(("m", "F", "male", "x")), _TEXT)),
        country=draw(st.one_of(st.none(), st.sampled_from(("BG", "bgr", "LV", "VNM")), _TEXT)),
        identifiers=draw(st.dictionaries(_KINDS, _TEXT, max_size=2)),
        address=draw(st.one_of(st.none(), _TEXT)),
        locality=draw(st.one_of(st.none(), _TEXT)),
        postcode=draw(st.one_of(st.none(), _TEXT)),
        phones=draw(st.lists(_TEXT, max_size=2)),
    )


@settings(max_examples=300, deadline=None)
@given(candidates(), candidates())
def test_never_crashes_and_is_symmetric(a: Candidate, b: Candidate) -> None:
    left, right = prepare(a), prepare(b)
    forward = compare(left, right)
    backward = compare(right, left)
    assert len(forward.reasons) == len(FIELDS)
    assert forward.verdicts() == backward.verdicts()
    assert all(isinstance(v, Verdict) for v in forward.verdicts())
    score = DEFAULT.probability(forward.verdicts())
    assert 0.0 <= score <= 1.0
    assert score == DEFAULT.probability(backward.verdicts())


@settings(max_examples=200, deadline=None)
@given(candidates())
def test_an_entity_never_disagrees_with_itself(a: Candidate) -> None:
    """Compared with itself, no field is ever ``different``."""
    prepared = prepare(a)
    verdicts = compare(prepared, prepare(a)).verdicts()
    assert Verdict.DIFFERENT not in verdicts
