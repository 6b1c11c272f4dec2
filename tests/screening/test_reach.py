"""A candidate skipped before scoring (``scoring.could_reach``) could never have reached the
band it was skipped for: checked on planted variants and namesakes of a generated world."""

from __future__ import annotations

import random

from clew.names.compare import name_score_bound
from clew.screening import matcher, scoring
from clew.screening.entries import screening_data
from clew.synth.world import generate


def _worlds() -> list[dict[str, object]]:
    return [screening_data(person.data) for person in generate(17, persons=400)]


def test_a_skipped_candidate_never_scores_possible_or_hit() -> None:
    people = _worlds()
    rng = random.Random(3)
    skipped = 0
    for _ in range(1500):
        a, b = rng.choice(people), rng.choice(people)
        if rng.random() < 0.3:
            b = a  # the right person, from another angle
        candidate = matcher.candidate(b)
        names = [n.full for n in matcher.candidate(a).names if n.full]
        if not names:
            continue
        body: dict[str, object] = {"names": names[:1]}
        if a.get("date_of_birth") and rng.random() < 0.6:
            body["date_of_birth"] = a["date_of_birth"]
        # what else a check may say, right or wrong (the bound reads it exactly)
        if rng.random() < 0.4:
            body["gender"] = rng.choice([a.get("gender") or "female", "male", "female"])
        if rng.random() < 0.4:
            body["nationality"] = rng.choice([*(a.get("nationalities") or ["BG"]), "DE"])
        from clew.screening.schemas import PersonQuery

        query = matcher.person_query(PersonQuery.model_validate(body)).person
        score = scoring.score_person(query, candidate).score
        for threshold in (0.5, 0.8):
            if not scoring.could_reach(query, candidate, threshold):
                skipped += 1
                assert score < threshold, (body, b.get("names"), score)
    assert skipped > 500  # it does settle most strangers and namesakes without scoring


def test_the_bound_stops_early_only_where_it_would_not_change_the_answer() -> None:
    """``could_reach`` lets the name bound stop once it reaches the least name score that
    could lift the pair to the threshold: its answer is the one the whole bound gives, and that
    least score is the least (within a billionth), for every value the other fields take."""
    people = _worlds()
    rng = random.Random(5)
    for _ in range(800):
        a, b = rng.choice(people), rng.choice(people)
        candidate = matcher.candidate(b)
        names = [n.full for n in matcher.candidate(a).names if n.full]
        if not names:
            continue
        body: dict[str, object] = {"names": names[:1]}
        if a.get("date_of_birth") and rng.random() < 0.5:
            body["date_of_birth"] = a["date_of_birth"]
        from clew.screening.schemas import PersonQuery

        query = matcher.person_query(PersonQuery.model_validate(body)).person
        whole = name_score_bound([n.full for n in query.names], [n.full for n in candidate.names])
        for threshold in (0.5, 0.8):
            expected = scoring.best_possible(query, candidate, name_bound=whole) >= threshold
            assert scoring.could_reach(query, candidate, threshold) == expected, body
    fields = {scoring._best_fields(q, c) for q, c in _pairs(people)}
    for value in fields:
        for threshold in (0.5, 0.8):
            if scoring._best_z(value, 1.0) < threshold:
                continue
            need = scoring._name_enough(value, threshold)
            assert scoring._best_z(value, need) >= threshold
            assert need < 1e-9 or scoring._best_z(value, need - 1e-8) < threshold


def _pairs(
    people: list[dict[str, object]],
) -> list[tuple[scoring.PersonQuery, scoring.PersonCandidate]]:
    from clew.screening.schemas import PersonQuery

    rng = random.Random(11)
    out = []
    for _ in range(400):
        a, b = rng.choice(people), rng.choice(people)
        names = [n.full for n in matcher.candidate(a).names if n.full]
        body: dict[str, object] = {
            "names": names[:1] or ["X"],
            "gender": rng.choice(["male", "female"]),
        }
        if a.get("date_of_birth"):
            body["date_of_birth"] = a["date_of_birth"]
        query = matcher.person_query(PersonQuery.model_validate(body)).person
        out.append((query, matcher.candidate(b)))
    return out
