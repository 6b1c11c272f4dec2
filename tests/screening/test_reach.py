"""A candidate skipped before scoring (``scoring.could_reach``) could never have reached the
band it was skipped for: checked on planted variants and namesakes of a generated world."""

from __future__ import annotations

import random

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
