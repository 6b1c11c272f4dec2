"""From a check request and index entries to scored matches: the glue between the index
(:mod:`clew.screening.index`) and the scoring model (:mod:`clew.screening.scoring`,
:mod:`clew.screening.documents`). One path for single checks and bulk screening.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from clew.errors import ValidationError
from clew.firearms import reference
from clew.names.fold import fold
from clew.records.serials import SerialPattern, has_wildcards, parse_pattern
from clew.screening import scoring
from clew.screening.documents import (
    DocumentComparison,
    MrzError,
    Verdict,
    compare_document_numbers,
    compare_firearms,
    compare_vins,
    ocr_fold,
    parse_mrz,
)
from clew.screening.entries import Entry
from clew.screening.explain import explain_items
from clew.screening.index import folded_names
from clew.screening.schemas import (
    DocumentQuery,
    Explanation,
    FirearmQuery,
    PersonQuery,
    VehicleQuery,
)
from clew.screening.scoring import Field as ScoreField

__all__ = [
    "Match",
    "Query",
    "candidate",
    "firearm_keys",
    "person_query",
    "score_documents",
    "score_firearms",
    "score_persons",
    "score_vehicles",
    "serial_pattern",
    "vehicle_keys",
]

THRESHOLDS = scoring.Thresholds()


@dataclass(slots=True)
class Match:
    entry: Entry
    score: float
    band: str
    items: tuple[scoring.Explanation, ...] = ()

    @property
    def explanation(self) -> list[Explanation]:
        return [Explanation(**row) for row in self.explanation_rows()]

    def explanation_rows(self) -> list[dict[str, str]]:
        """The explanation as plain rows (``field``, ``verdict``, ``detail``), as a hit stores
        them: the items are the matcher's own, so there is nothing to validate."""
        return [
            {"field": str(i.field), "verdict": str(i.verdict), "detail": i.detail}
            for i in self.items
        ]

    def text(self, language: str) -> str:
        """The explanation in plain words, in ``language`` (see :mod:`.explain`)."""
        return "; ".join(explain_items(self.items, language))


@dataclass(slots=True)
class Query:
    """A person query made ready for scoring, with the MRZ's contents merged in."""

    names: list[str]
    person: scoring.PersonQuery
    document_numbers: list[str]


def person_query(query: PersonQuery) -> Query:
    names: list[scoring.NameInput] = list(query.names)
    texts = list(query.names)
    if query.family_name or query.given_names:
        names.append(scoring.PersonName(given=query.given_names, family=query.family_name))
        texts.append(" ".join(p for p in (query.given_names, query.family_name) if p))
    dob, gender, nationality = query.date_of_birth, query.gender, query.nationality
    document: scoring.Identifier | None = None
    numbers: list[str] = []
    if query.mrz:
        try:
            mrz = parse_mrz(query.mrz)
        except MrzError as exc:
            raise ValidationError.field("person.mrz", str(exc)) from None
        names.append(scoring.PersonName(given=mrz.given or None, family=mrz.family or None))
        texts.append(f"{mrz.given} {mrz.family}")
        dob = dob or mrz.date_of_birth
        gender = gender or ({"M": "male", "F": "female"}.get(mrz.sex or ""))  # type: ignore[assignment]
        nationality = nationality or mrz.nationality
        if mrz.number:
            document = scoring.Identifier(mrz.number, mrz.issuing_country)
            numbers.append(mrz.number)
    person = scoring.PersonQuery(
        names, date_of_birth=dob, gender=str(gender) if gender else None,
        nationality=nationality, document=document,
    )  # fmt: skip
    return Query(texts, person, numbers)


def candidate(data: dict[str, Any]) -> scoring.PersonCandidate:
    names = [
        scoring.PersonName(n.get("full"), given=n.get("given"), family=n.get("family"),
                           kind=n.get("kind", "primary"))
        for n in data.get("names") or []
    ]  # fmt: skip
    identifiers = [
        scoring.Identifier(i["number"], i.get("country"), i.get("type", "passport"))
        for i in data.get("identifiers") or []
    ]
    return scoring.PersonCandidate(
        names, date_of_birth=data.get("date_of_birth"),
        dob_uncertain=bool(data.get("dob_uncertain")), gender=data.get("gender"),
        nationalities=data.get("nationalities") or (), identifiers=identifiers,
    )  # fmt: skip


SHORTLIST = 20
QUICK_FLOOR = 45.0


def _folded(entry: Entry) -> tuple[str, ...]:
    if entry.folded is None:  # the index fills it when it takes the entry in
        entry.folded = folded_names(entry.data)
    return entry.folded


def _shortlist(query: Query, entries: Iterable[Entry]) -> list[Entry]:
    """The few persons worth the full model. A quick C-speed token comparison of folded names
    (rapidfuzz ``token_set_ratio``, all pairs in one ``process.cdist`` call) drops those below
    a low floor; of the rest, the best ``SHORTLIST`` by that comparison and the first
    ``SHORTLIST`` in the index's order (which weighs rare parts and the year of birth: among
    namesakes, the one born in the right year) are kept. Persons found through a document
    number the query carries always stay."""
    queries = [fold(n) for n in query.names if n.strip()]
    numbers = {n.upper() for n in query.document_numbers}
    kept: list[Entry] = []
    persons: list[Entry] = []
    for entry in entries:
        if entry.kind != "person":
            continue
        if numbers and numbers & {
            str(i.get("number", "")).upper() for i in entry.data.get("identifiers") or []
        }:
            kept.append(entry)
        else:
            persons.append(entry)
    if not persons or not queries:
        return kept
    folded = [_folded(entry) for entry in persons]
    choices = [name for names in folded for name in names]
    if not choices:
        return kept
    table = process.cdist(queries, choices, scorer=fuzz.token_set_ratio, dtype=np.uint8)
    best_per_choice = table.max(axis=0)
    counts = np.fromiter((len(names) for names in folded), dtype=np.intp, count=len(folded))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    quick = np.zeros(len(persons), dtype=np.uint8)
    named = counts > 0
    quick[named] = np.maximum.reduceat(best_per_choice, starts[named])
    passing = np.flatnonzero(quick >= QUICK_FLOOR)
    by_quick = passing[np.argsort(-quick[passing].astype(np.int16), kind="stable")][:SHORTLIST]
    chosen = dict.fromkeys([*by_quick.tolist(), *passing[:SHORTLIST].tolist()])
    return kept + [persons[i] for i in chosen]


def score_persons(query: Query, entries: Iterable[Entry]) -> list[Match]:
    """Score the shortlist; a candidate the model cannot lift to "possible" (``scoring.
    could_reach``: a namesake born a decade apart, "Sergei Petrov" for "Ivan Petrov") is
    skipped without aligning its names or explaining them."""
    matches = []
    for entry in _shortlist(query, entries):
        if entry.prepared is None:
            entry.prepared = candidate(entry.data)
        if not scoring.could_reach(query.person, entry.prepared, THRESHOLDS.possible):
            continue
        result = scoring.score_person(query.person, entry.prepared, thresholds=THRESHOLDS)
        if result.band is not scoring.Band.NO_MATCH:
            matches.append(Match(entry, result.score, str(result.band), result.items))
    return matches


def _band(score: float) -> str:
    return str(THRESHOLDS.band(score))


def score_documents(query: DocumentQuery, entries: Iterable[Entry]) -> list[Match]:
    """Document records with the number, and persons who hold it."""
    matches = []
    for entry in entries:
        if entry.kind == "document":
            numbers = [(entry.data.get("number", ""), entry.data.get("issuing_country"))]
        elif entry.kind == "person":
            numbers = [(i.get("number", ""), i.get("country"))
                       for i in entry.data.get("identifiers") or []]  # fmt: skip
        else:
            continue
        for number, country in numbers:
            found = compare_document_numbers(
                query.number, number, query_country=query.country, record_country=country
            )
            score = {Verdict.EXACT: 1.0, Verdict.CLOSE: 0.85}.get(found.verdict, 0.0)
            if score:
                item = scoring.Explanation(ScoreField.DOCUMENT, found.verdict, found.detail)
                matches.append(Match(entry, score, _band(score), (item,)))
                break
    return matches


def vehicle_keys(query: VehicleQuery) -> list[str]:
    keys = []
    if query.vin:
        keys.append("vin:" + ocr_fold(query.vin.upper().replace(" ", "").replace("-", "")))
    if query.plate:
        keys.append("plate:" + ocr_fold(fold(query.plate).replace(" ", "").upper()))
    return keys


def score_vehicles(query: VehicleQuery, entries: Iterable[Entry]) -> list[Match]:
    matches = []
    for entry in entries:
        if entry.kind != "vehicle":
            continue
        items: list[scoring.Explanation] = []
        score = 0.0
        if query.vin and entry.data.get("vin"):
            found = compare_vins(query.vin, entry.data["vin"])
            score = {Verdict.EXACT: 1.0, Verdict.CLOSE: 0.85}.get(found.verdict, 0.0)
            items.append(scoring.Explanation(ScoreField.VIN, found.verdict, found.detail))
        if query.plate and entry.data.get("plate"):
            same = fold(query.plate).replace(" ", "") == fold(entry.data["plate"]).replace(" ", "")
            score = max(score, 0.9 if same else 0.75)
            verdict = Verdict.EXACT if same else Verdict.CLOSE
            detail = f"{query.plate} ~ {entry.data['plate']}"
            items.append(scoring.Explanation(ScoreField.PLATE, verdict, detail))
        if score:
            matches.append(Match(entry, score, _band(score), tuple(items)))
    return matches


PARTIAL_SERIAL = 0.7
"""The score of a firearm whose serial fits a partial serial (wildcards), before make, model
and calibre: a possible match, never a hit on its own."""


def serial_pattern(query: FirearmQuery) -> SerialPattern | None:
    """The wildcard pattern of a check's partial serial (``AB12*45``); ``None`` for a serial
    without wildcards (compared by the NCIC rule) or a pattern too vague to search."""
    if not has_wildcards(query.serial_number):
        return None
    try:
        return parse_pattern(query.serial_number)
    except ValueError:
        return None


def firearm_keys(query: FirearmQuery) -> list[str]:
    from clew.identifiers import serial_core

    if has_wildcards(query.serial_number):  # a partial serial: found by pattern, not by key
        return []
    try:
        return ["serial:" + ocr_fold(serial_core(query.serial_number))]
    except ValueError:
        return []


def score_firearms(query: FirearmQuery, entries: Iterable[Entry]) -> list[Match]:
    """Firearm records by serial, make, model and calibre; a make or calibre (asked or recorded)
    that is not in the firearms reference table is flagged in the explanation."""
    table = reference.current()
    pattern = serial_pattern(query)
    matches = []
    for entry in entries:
        if entry.kind != "firearm":
            continue
        data = entry.data
        serial = str(data.get("serial_number", ""))
        if pattern is not None and not pattern.fits(serial):
            continue
        found = compare_firearms(
            serial if pattern else query.serial_number, serial,
            query_make=query.make, record_make=data.get("make"),
            query_model=query.model, record_model=data.get("model"),
            query_calibre=query.calibre, record_calibre=data.get("calibre"),
        )  # fmt: skip
        if pattern is not None:  # fits a partial serial: at most possible, an officer decides
            found.score = round(found.score * PARTIAL_SERIAL, 3)
            found.serial = DocumentComparison(Verdict.CLOSE, f"{pattern.text} ~ {serial}")
        if found.score >= THRESHOLDS.possible:
            unlisted = set(reference.unlisted(table, query.make, query.calibre))
            unlisted |= set(reference.unlisted(table, data.get("make"), data.get("calibre")))
            items = (
                scoring.Explanation(ScoreField.SERIAL, found.serial.verdict, found.serial.detail),
                scoring.Explanation(
                    ScoreField.MAKE, found.make, data.get("make") or "",
                    role="unlisted" if "make" in unlisted else None,
                ),
                scoring.Explanation(ScoreField.MODEL, found.model, data.get("model") or ""),
                scoring.Explanation(
                    ScoreField.CALIBRE, found.calibre, data.get("calibre") or "",
                    role="unlisted" if "calibre" in unlisted else None,
                ),
            )  # fmt: skip
            matches.append(Match(entry, found.score, _band(found.score), items))
    return matches
