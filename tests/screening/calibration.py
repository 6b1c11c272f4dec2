"""Synthetic checks for calibrating and testing the scoring model, and the fit itself.

``synthetic_checks(n, seed)`` draws watchlist persons from ``clew.synth`` and, for each, one
check of the same person with planted variants or one check of a different person that is
hard to tell apart. Labels are by construction, never by looking at a score.

Planted variants of the same person (each check mixes several):

* the name as another source writes it: the passport (ICAO) form, another romanisation
  (rigour's, close to BGN/PCGN, or a German one), ASCII without diacritics, upper case, the
  parts in another order, a middle name or patronymic dropped, one typo (insertion,
  deletion, substitution or transposition), OCR confusions (``O/0``, ``I/1``, ``S/5``, ``B/8``);
  the record's own Latin forms are sometimes missing, as when two sources meet;
* the date of birth: exact, missing, the year alone, day and month swapped, one digit
  mistyped, a year off; gender and nationality present or not; sometimes the passport number,
  exact or with an OCR confusion.

Different persons: namesakes (a tenth of them, ``NAMESAKES``: the same name with no date of
birth, the same year of birth alone, one within a year, or two or three years off, as a
million-person watchlist holds them);
the same name with a date of birth more than three years away; the other
sex's form of the family name with another given name (siblings); the same family name with
another given name; twins (the same family name and date of birth, another given name); the
same given name with another family name; a Vietnamese name whose
given name differs only in its diacritics (``Hùng``/``Hưng``) with another date of birth; a
random person of the same country.

``fit(checks)`` fits the weights of ``clew.screening.scoring`` by L2-regularised logistic
regression (Newton's method, numpy). Run ``.venv/bin/python tests/screening/calibration.py``
to print freshly fitted weights and the precision and recall at the default thresholds.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from rigour.text import ascii_text

from clew.identifiers import PartialDate, parse_partial_date
from clew.records.kinds import Gender
from clew.screening.scoring import (
    DateVerdict,
    Evidence,
    Identifier,
    PersonCandidate,
    PersonName,
    PersonQuery,
    Verdict,
    compare_dates,
    evidence,
)
from clew.synth.dice import Dice
from clew.synth.documents import passport_number
from clew.synth.namebooks import female_surname
from clew.synth.people import ORIGINS, person_data

TODAY = date(2025, 6, 1)
# The share of hard negatives that are namesakes (see ``_namesake``).
NAMESAKES = 0.1


@dataclass(slots=True)
class Check:
    query: PersonQuery
    candidate: PersonCandidate
    same: bool
    kind: str


def _candidate(data: dict[str, object], *, drop_latin: bool) -> PersonCandidate:
    names = []
    for name in data["names"]:  # type: ignore[attr-defined]
        if drop_latin and name["kind"] == "latin":
            continue
        names.append(PersonName(name["full"], given=name.get("given"),
                                family=name.get("family"), kind=name["kind"]))  # fmt: skip
    identifiers = [
        Identifier(i["number"], i.get("country"), i["type"])
        for i in data.get("identifiers", [])  # type: ignore[attr-defined]
    ]
    return PersonCandidate(
        names,
        date_of_birth=str(data["date_of_birth"]),
        dob_uncertain=bool(data.get("dob_uncertain")),
        gender=str(data["gender"]),
        nationalities=list(data["nationalities"]),  # type: ignore[call-overload]
        identifiers=identifiers,
    )


_GERMAN = str.maketrans({"v": "w", "V": "W", "y": "j", "Y": "J"})
_OCR = {"O": "0", "I": "1", "S": "5", "B": "8", "o": "0", "l": "1", "s": "5"}


def _typo(dice: Dice, word: str) -> str:
    if len(word) < 4:
        return word
    i = dice.between(1, len(word) - 2)
    roll = dice.random()
    if roll < 0.25:
        return word[:i] + word[i + 1 :]
    if roll < 0.5:
        return word[:i] + word[i] + word[i:]
    if roll < 0.75:
        return word[:i] + dice.pick("aeioulnrst") + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _ocr(dice: Dice, word: str) -> str:
    spots = [i for i, c in enumerate(word) if c in _OCR]
    if not spots:
        return word
    i = dice.pick(spots)
    return word[:i] + _OCR[word[i]] + word[i + 1 :]


def _folded(text: str) -> str:
    return " ".join(ascii_text(text).lower().split())


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _variant_name(dice: Dice, data: dict[str, object], latin: tuple[str, str]) -> str:
    names = data["names"]  # type: ignore[assignment]
    primary = names[0]  # type: ignore[index]
    given_latin, family_latin = latin
    roll = dice.random()
    if roll < 0.35:
        parts = [*given_latin.split(), *family_latin.split()]
    elif roll < 0.55:
        parts = ascii_text(primary["full"]).split()
    elif roll < 0.65:
        parts = ascii_text(primary["full"]).translate(_GERMAN).split()
    elif roll < 0.8:
        parts = _plain(primary["full"]).split()
    else:
        parts = primary["full"].split()
    if len(parts) > 2 and dice.chance(0.4):
        parts.pop(dice.between(1, len(parts) - 2))
    if dice.chance(0.3):
        parts = parts[::-1]
    if dice.chance(0.25):
        i = dice.between(0, len(parts) - 1)
        parts[i] = _typo(dice, parts[i])
    if dice.chance(0.1):
        parts = [p.upper() for p in parts]
        i = dice.between(0, len(parts) - 1)
        parts[i] = _ocr(dice, parts[i])
    return " ".join(parts)


def _shift_date(dice: Dice, text: str, *, far: bool) -> str:
    """A date of birth near ``text`` (a typing error), or far from it (another person's:
    more than three years away, any day of the year)."""
    year = int(text[:4])
    if far:
        year += dice.pick((-1, 1)) * dice.between(4, 25)
        return f"{year:04d}-{dice.between(1, 12):02d}-{dice.between(1, 28):02d}"
    roll = dice.random()
    if len(text) == 10 and roll < 0.25:
        y, m, d = text.split("-")
        if int(d) <= 12:
            return f"{y}-{d}-{m}"
    if len(text) == 10 and roll < 0.5:
        digits = list(text.replace("-", ""))
        i = dice.pick((3, 5, 7))
        digits[i] = str((int(digits[i]) + dice.between(1, 8)) % 10)
        value = "".join(digits)
        candidate = f"{value[:4]}-{value[4:6]}-{value[6:]}"
        if 1 <= int(value[4:6]) <= 12 and 1 <= int(value[6:]) <= 28:
            return candidate
        return text
    if roll < 0.7:
        return text[:4]
    return f"{year + dice.pick((-1, 1)):04d}{text[4:]}".replace("-02-29", "-02-28")


def _query(
    dice: Dice, data: dict[str, object], name: str, *, same_dob: bool, own: bool = True
) -> PersonQuery:
    """A check of the person ``data`` describes, under ``name``; ``own=False`` when the name
    belongs to someone else (the check then carries no document of ``data``'s)."""
    dob = str(data["date_of_birth"])
    roll = dice.random()
    query_dob: str | None
    if not same_dob:
        query_dob = _shift_date(dice, dob, far=True)
    elif roll < 0.55:
        query_dob = dob
    elif roll < 0.65:
        query_dob = None
    else:
        query_dob = _shift_date(dice, dob, far=False)
    gender = str(data["gender"]) if dice.chance(0.6) else None
    nationalities = list(data["nationalities"])  # type: ignore[call-overload]
    nationality = nationalities[0] if dice.chance(0.5) else None
    if nationality and dice.chance(0.05):  # a second nationality the record does not know
        nationality = dice.pick(("DE", "FR", "GB", "IT", "TR", "RU"))
    document = None
    identifiers = data.get("identifiers") or []  # type: ignore[attr-defined]
    if own and identifiers and dice.chance(0.2):
        number, issuer = identifiers[0]["number"], identifiers[0].get("country")
        roll = dice.random()
        if roll < 0.25:
            number = _ocr(dice, number)
        elif roll < 0.5:  # a renewed passport: another number
            number = passport_number(dice, issuer or nationalities[0])
        document = Identifier(number, issuer)
    return PersonQuery([name], date_of_birth=query_dob, gender=gender, nationality=nationality,
                       document=document)  # fmt: skip


def _date_of(data: dict[str, object]) -> PartialDate | None:
    return parse_partial_date(str(data["date_of_birth"]))


def _person(dice: Dice, country: str | None = None) -> tuple[dict[str, object], tuple[str, str]]:
    origin = country or dice.draw(ORIGINS)
    gender = Gender.FEMALE if dice.chance(0.45) else Gender.MALE
    person = person_data(dice, origin, gender, TODAY)
    return person.data, (person.given_latin, person.family_latin)


def _near_date(dice: Dice, data: dict[str, object], *, years: tuple[int, int]) -> str | None:
    """A full date of birth ``years`` (low, high) whole years from the record's whose verdict
    against it is ``near`` (within a year) or ``apart`` (two or three years): what a namesake
    born about the same time presents. ``None`` when a few draws find none (the record's own
    date may be a year alone, which only another year meets as ``partial``)."""
    record = _date_of(data)
    want = DateVerdict.NEAR if years[1] <= 1 else DateVerdict.APART
    for _ in range(8):
        assert record is not None
        year = record.year + dice.pick((-1, 1)) * dice.between(*years)
        text = f"{year:04d}-{dice.between(1, 12):02d}-{dice.between(1, 28):02d}"
        if compare_dates(parse_partial_date(text), record) is want:
            return text
    return None


def _namesake(dice: Dice, data: dict[str, object], latin: tuple[str, str]) -> tuple[Check, str]:
    """Another person of the same name: in a watchlist of a million drawn from finite name
    books a full name is shared by many, and the date of birth (or a document) is what tells
    them apart. The check gives no date, the year of birth alone, one within a year, or two or
    three years off."""
    name = _variant_name(dice, data, latin)
    query = _query(dice, data, name, same_dob=False, own=False)
    roll = dice.random()
    if roll < 0.25:
        kind = "namesake, no date of birth"
        query.date_of_birth = None
    elif roll < 0.5:
        kind = "namesake, born the same year (the year alone given)"
        query.date_of_birth = PartialDate(_date_of(data).year)  # type: ignore[union-attr]
    elif roll < 0.8:
        kind = "namesake, born within a year"
        text = _near_date(dice, data, years=(0, 1))
        query.date_of_birth = parse_partial_date(text) if text else None
    else:
        kind = "namesake, born two or three years apart"
        text = _near_date(dice, data, years=(2, 3))
        query.date_of_birth = parse_partial_date(text) if text else None
    if query.nationality and dice.chance(0.3):
        query.nationality = dice.pick(("DE", "FR", "GB", "IT", "TR", "RU", "UA", "RS"))
    if dice.chance(0.2):  # carrying their own passport
        country = str(data["nationalities"][0])  # type: ignore[index]
        query.document = Identifier(passport_number(dice, country), country)
    return Check(query, _candidate(data, drop_latin=dice.chance(0.5)), False, kind), kind


def _negative(dice: Dice, data: dict[str, object], latin: tuple[str, str]) -> tuple[Check, str]:
    country = str(data["nationalities"][0])  # type: ignore[index]
    if dice.chance(NAMESAKES):
        return _namesake(dice, data, latin)
    other, other_latin = _person(dice, country)
    given, family = latin
    roll = dice.random()
    if roll < 0.25:
        name, kind = _variant_name(dice, data, latin), "same name, other date of birth"
        query = _query(dice, data, name, same_dob=False, own=False)
        if query.nationality and dice.chance(0.5):  # a namesake from elsewhere
            query.nationality = dice.pick(("DE", "FR", "GB", "IT", "TR", "RU", "UA", "RS"))
        if dice.chance(0.2):  # carrying their own passport
            query.document = Identifier(passport_number(dice, country), country)
    elif roll < 0.33:
        kind = "same name, other sex"
        male = data["gender"] == "male"
        surname = female_surname(country, family.title()) if male else family
        query = _query(dice, other, f"{given} {surname}", same_dob=True)
        query.gender = "female" if male else "male"
        if dice.chance(0.5):
            query.date_of_birth = None
    elif roll < 0.45:
        sister = female_surname(country, family.title()) if data["gender"] == "male" else family
        name, kind = f"{other_latin[0]} {sister}", "sibling (other given name, gendered surname)"
        query = _query(dice, other, name, same_dob=True)
        query.gender = None if dice.chance(0.5) else query.gender
    elif roll < 0.57:
        name, kind = f"{other_latin[0]} {family}", "same family name, other given name"
        query = _query(dice, other, name, same_dob=dice.chance(0.5))
    elif roll < 0.6:
        name, kind = f"{other_latin[0]} {family}", "twin (same family name and birth date)"
        own = {_folded(n["full"]) for n in data["names"]}  # type: ignore[attr-defined]
        for _ in range(5):  # the twin drew one of the record's own names (an alias): again
            if _folded(name) not in own:
                break
            name = f"{_person(dice, country)[1][0]} {family}"
        query = _query(dice, data, name, same_dob=True, own=False)
        query.date_of_birth = _date_of(data)
        if other["gender"] != data["gender"] and query.gender:
            query.gender = str(other["gender"])
    elif roll < 0.7:
        name, kind = f"{given} {other_latin[1]}", "same given name, other family name"
        query = _query(dice, other, name, same_dob=True)
    elif roll < 0.9:
        name, kind = _variant_name(dice, other, other_latin), "another person, same country"
        query = _query(dice, other, name, same_dob=True)
    else:
        stranger, stranger_latin = _person(dice)
        name, kind = _variant_name(dice, stranger, stranger_latin), "another person, any country"
        query = _query(dice, stranger, name, same_dob=True)
    return Check(query, _candidate(data, drop_latin=dice.chance(0.5)), False, kind), kind


_VN_TWINS = {
    "Hùng": "Hưng", "Hưng": "Hùng", "Thắng": "Thăng", "Long": "Lòng", "Minh": "Mình",
    "Tuấn": "Tuân", "Lan": "Lân", "Hương": "Hướng", "Dũng": "Dung", "Nam": "Năm",
}  # fmt: skip


def synthetic_checks(n: int, seed: int = 7) -> list[Check]:
    """``n`` checks, about half of the same person (see the module docstring)."""
    dice = Dice(seed, "calibration")
    checks: list[Check] = []
    while len(checks) < n:
        data, latin = _person(dice)
        if dice.chance(0.5):
            name = _variant_name(dice, data, latin)
            query = _query(dice, data, name, same_dob=True)
            candidate = _candidate(data, drop_latin=dice.chance(0.5))
            checks.append(Check(query, candidate, True, "same person, variants"))
        elif str(data["nationalities"][0]) == "VN" and dice.chance(0.5):  # type: ignore[index]
            full = data["names"][0]["full"]  # type: ignore[index]
            twin = " ".join(_VN_TWINS.get(part, part) for part in full.split())
            if twin != full:
                query = _query(dice, data, twin, same_dob=False, own=False)
                candidate = _candidate(data, drop_latin=True)
                checks.append(Check(query, candidate, False, "Vietnamese diacritic twin"))
        else:
            checks.append(_negative(dice, data, latin)[0])
    return checks


# --- the fit ----------------------------------------------------------------------------------

DATE_LEVELS = [v for v in DateVerdict if v is not DateVerdict.NOT_COMPARED]
FIELD_LEVELS = [Verdict.EXACT, Verdict.CLOSE, Verdict.DIFFERENT]
COLUMNS = (
    ["name"]
    + [f"date:{v.value}" for v in DATE_LEVELS]
    + ["date:partial, year only"]
    + [f"gender:{v.value}" for v in (Verdict.EXACT, Verdict.DIFFERENT)]
    + [f"nationality:{v.value}" for v in (Verdict.EXACT, Verdict.DIFFERENT)]
    + [f"document:{v.value}" for v in FIELD_LEVELS]
)


def features(found: Evidence) -> list[float]:
    """The model's inputs: the name score, then each field verdict times the gate."""
    gate = found.gate
    row = [found.name.score]
    row += [gate * (found.date is v) for v in DATE_LEVELS]
    row += [gate * found.year_only]
    row += [gate * (found.gender is v) for v in (Verdict.EXACT, Verdict.DIFFERENT)]
    row += [gate * (found.nationality is v) for v in (Verdict.EXACT, Verdict.DIFFERENT)]
    row += [gate * (found.document is v) for v in FIELD_LEVELS]
    return row


def fit(checks: Sequence[Check], l2: float = 0.5) -> tuple[float, dict[str, float]]:
    """The intercept and one weight per column, by Newton's method on the penalised
    log-likelihood (the intercept is not penalised)."""
    x = np.array([features(evidence(c.query, c.candidate)) for c in checks])
    y = np.array([1.0 if c.same else 0.0 for c in checks])
    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(w[0]), dict(zip(COLUMNS, (float(v) for v in w[1:]), strict=True))


def main(n: int = 6000) -> None:
    from clew.screening.scoring import Thresholds, score_person

    checks = synthetic_checks(n)
    intercept, weights = fit(checks)
    print(f"INTERCEPT = {intercept:.2f}")
    for column, weight in weights.items():
        print(f"  {column:28} {weight:7.2f}")
    thresholds = Thresholds()
    scores = [score_person(c.query, c.candidate).score for c in checks]
    for name, cut in (("hit", thresholds.hit), ("possible", thresholds.possible)):
        tp = sum(1 for s, c in zip(scores, checks, strict=True) if s >= cut and c.same)
        fp = sum(1 for s, c in zip(scores, checks, strict=True) if s >= cut and not c.same)
        fn = sum(1 for s, c in zip(scores, checks, strict=True) if s < cut and c.same)
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"{name} >= {cut}: precision {precision:.3f} recall {recall:.3f}")
    kinds: dict[str, list[float]] = {}
    for score, check in zip(scores, checks, strict=True):
        kinds.setdefault(check.kind, []).append(score)
    for kind, values in sorted(kinds.items()):
        above = sum(1 for v in values if v >= thresholds.hit) / len(values)
        print(f"  {kind:48} n={len(values):5} share >= hit {above:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000)
