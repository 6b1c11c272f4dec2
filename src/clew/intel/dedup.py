"""De-duplication inside an analysis file: proposals, the analyst's judgements, merges and undo.

Proposals come from :mod:`clew.linkage` (the screening comparators behind a Fellegi–Sunter
model) over the entities the actor may see that are not merged away and not judged yet. A
"same" judgement merges the right entity into the left one by pointing it there: nothing is
copied or deleted, so every source's entity and links stay as they were entered, and undoing
the merge is clearing the pointer (the pair may then be proposed again).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import NotFoundError, ValidationError
from clew.intel.files import open_file
from clew.intel.models import Entity, Judgement
from clew.intel.schemas import JudgementIn
from clew.intel.visibility import merged_away, visible_entities
from clew.linkage import Candidate, Match, dedupe, explain
from clew.storage import utcnow

__all__ = ["Proposal", "candidate", "judge", "proposals", "unmerge"]

MAX_ENTITIES = 50_000
UNMERGEABLE = "These two entities cannot be merged; judge them unsure or different instead."


@dataclass(slots=True)
class Proposal:
    left: Entity
    right: Entity
    score: float
    strength: str
    explanation: str


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def candidate(entity: Entity) -> Candidate:
    """What linkage compares of an entity: its label and aliases, and what its data says."""
    data: dict[str, Any] = json.loads(entity.data or "{}")
    names = [entity.label, *[str(n) for n in data.get("names", []) if n]]
    identifiers = data.get("identifiers") or {}
    if not isinstance(identifiers, dict):
        identifiers = {}
    if entity.kind in ("phone", "account", "vehicle", "document", "firearm") and not identifiers:
        identifiers = {entity.kind: data.get("number") or entity.label}
    return Candidate(
        str(entity.id),
        entity.kind,
        names=names if entity.kind in ("person", "organisation") else [],
        birth_date=_text(data.get("date_of_birth")),
        gender=_text(data.get("gender")),
        country=_text(data.get("nationality") or data.get("country")),
        identifiers={str(k): str(v) for k, v in identifiers.items() if v},
        address=_text(data.get("address")),
        phones=[str(p) for p in data.get("phones", []) if p],
    )


def _judged(session: Session, file_id: int) -> set[tuple[int, int]]:
    rows = session.execute(
        select(Judgement.left_id, Judgement.right_id).where(Judgement.file_id == file_id)
    )
    return {pair for left, right in rows for pair in ((left, right), (right, left))}


def proposals(
    session: Session, actor: Actor, file_id: int, *, language: str = "en", limit: int = 50
) -> list[Proposal]:
    """Pairs that may be one entity, strongest first, with the reasons in words."""
    open_file(session, actor, file_id)
    entities = {
        e.id: e
        for e in session.execute(
            visible_entities(actor, file_id).where(~merged_away(actor)).limit(MAX_ENTITIES)
        ).scalars()
    }
    judged = _judged(session, file_id)
    matches: Iterable[Match] = dedupe([candidate(e) for e in entities.values()], train=False)
    out: list[Proposal] = []
    for match in sorted(matches, key=lambda m: -m.score):
        left, right = int(match.left), int(match.right)
        if (left, right) in judged:
            continue
        if entities[right].record_id and not entities[left].record_id:
            left, right = right, left  # the watchlist record survives a merge
        out.append(
            Proposal(
                entities[left],
                entities[right],
                match.score,
                str(match.strength),
                explain(match, language),
            )
        )
        if len(out) >= min(limit, 500):
            break
    audit.record(
        session,
        actor,
        "intel.dedup.propose",
        target=f"file:{file_id}",
        result_ids=[f"{p.left.id}-{p.right.id}" for p in out],
    )
    return out


def _pair(session: Session, actor: Actor, file_id: int, *ids: int) -> list[Entity]:
    found = {
        e.id: e
        for e in session.execute(
            visible_entities(actor, file_id).where(Entity.id.in_(ids))
        ).scalars()
    }
    if len(found) != len(set(ids)):
        raise NotFoundError("Entity not found.")
    return [found[i] for i in ids]


def judge(session: Session, actor: Actor, file_id: int, data: JudgementIn) -> None:
    """Record the analyst's verdict on a pair; "same" merges ``right`` into ``left``."""
    open_file(session, actor, file_id, write=True)
    if data.left == data.right:
        raise ValidationError("An entity is always the same as itself: judge two entities.")
    left, right = _pair(session, actor, file_id, data.left, data.right)
    if data.verdict == "same":
        if left.kind != right.kind:
            raise ValidationError(f"A {left.kind} cannot be merged with a {right.kind}.")
        if left.shown_merged_into is not None or right.shown_merged_into is not None:
            raise ValidationError("One of these entities is already merged into another.")
        if right.merged_into_id is not None:
            # Merged into an entity the actor may not see: that merge is not the actor's to
            # undo, so the other entity joins this one instead (the pair is one either way).
            if left.merged_into_id is not None:
                raise ValidationError(UNMERGEABLE)
            left, right = right, left
        right.merged_into_id = left.id
    existing = session.execute(
        select(Judgement).where(
            Judgement.file_id == file_id,
            ((Judgement.left_id == left.id) & (Judgement.right_id == right.id))
            | ((Judgement.left_id == right.id) & (Judgement.right_id == left.id)),
        )
    ).scalar_one_or_none()
    if existing is None:
        existing = Judgement(file_id=file_id, left_id=left.id, right_id=right.id)
        session.add(existing)
    existing.verdict = data.verdict
    existing.decided_by = actor.username
    existing.decided_at = utcnow()
    audit.record(
        session,
        actor,
        "intel.dedup.judge",
        target=f"file:{file_id}",
        query={"verdict": data.verdict},
        result_ids=[left.id, right.id],
    )
    session.flush()


def unmerge(session: Session, actor: Actor, file_id: int, entity_id: int) -> None:
    """Undo a merge: the entity stands on its own again, with all its links."""
    open_file(session, actor, file_id, write=True)
    (entity,) = _pair(session, actor, file_id, entity_id)
    survivor = entity.shown_merged_into  # none when merged into an entity the actor may not see
    if survivor is None:
        raise ValidationError("This entity is not merged into another.")
    entity.merged_into_id = None
    for judgement in session.execute(
        select(Judgement).where(
            Judgement.file_id == file_id,
            ((Judgement.left_id == survivor) & (Judgement.right_id == entity_id))
            | ((Judgement.left_id == entity_id) & (Judgement.right_id == survivor)),
        )
    ).scalars():
        session.delete(judgement)
    audit.record(
        session,
        actor,
        "intel.dedup.unmerge",
        target=f"file:{file_id}",
        result_ids=[entity_id, survivor],
    )
    session.flush()
