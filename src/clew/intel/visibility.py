"""What a member can see of an analysis file: the one place that decides it.

An entity pulled from a watchlist record (``record_id`` set) is there only for those who may see
the record (:func:`clew.records.visibility.visible_to`); every other entity is seen by all the
file's members. A link is there only when both its ends are. For whoever may not see a record,
its entity is absent in every way a member could notice:

- reads and counts (:func:`visible_entities`, :func:`visible_links`, :func:`counts`);
- merges: an entity merged into a hidden one stands on its own (:func:`merged_away`,
  :func:`shown_merged_into`), so it is proposed, shown and judged as unmerged;
- keys: ``record:<id>`` is the key of a pulled record and of nothing else
  (:func:`is_record_key`). No one may add an entity with such a key, and an import that names
  one finds only an entity the importer may see; otherwise the row is refused in the same words
  whether the record is hidden, not in the file or does not exist.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, with_expression

from clew.access.actor import Actor
from clew.intel.models import Entity, Link
from clew.records.models import Record
from clew.records.visibility import visible_to

__all__ = [
    "RECORD_KEY",
    "counts",
    "entity_seen",
    "hidden_ids",
    "is_record_key",
    "merged_away",
    "record_key",
    "shown_merged_into",
    "visible_entities",
    "visible_links",
]

RECORD_KEY = "record:"


def record_key(record_id: int) -> str:
    """The key of a watchlist record pulled into a file."""
    return f"{RECORD_KEY}{record_id}"


def is_record_key(key: str) -> bool:
    """Whether ``key`` is reserved for a pulled record (any case: ``Record:7`` too)."""
    return key.strip().lower().startswith(RECORD_KEY)


def entity_seen(actor: Actor, entity: type[Entity] = Entity) -> ColumnElement[bool]:
    """The entity (or an alias of it) is not a record hidden from the actor."""
    return or_(
        entity.record_id.is_(None),
        exists(select(Record.id).where(Record.id == entity.record_id, visible_to(actor))),
    )


def merged_away(actor: Actor, entity: type[Entity] = Entity) -> ColumnElement[bool]:
    """The entity is merged into one the actor may see (a merge into a hidden one is not)."""
    survivor = aliased(Entity)
    return and_(
        entity.merged_into_id.is_not(None),
        exists(
            select(survivor.id).where(
                survivor.id == entity.merged_into_id, entity_seen(actor, survivor)
            )
        ),
    )


def shown_merged_into(actor: Actor) -> ColumnElement[int | None]:
    """``merged_into_id`` as the actor may see it: empty when it points at a hidden entity."""
    return case((merged_away(actor), Entity.merged_into_id), else_=None)


def visible_entities(actor: Actor, file_id: int) -> Select[Entity]:
    """The file's entities the actor may see, each with :attr:`Entity.shown_merged_into` set.

    Entities already loaded in the session are refreshed (``populate_existing``) so that the
    merge pointer shown is always the one computed for this actor.
    """
    return (
        select(Entity)
        .where(Entity.file_id == file_id, entity_seen(actor))
        .options(with_expression(Entity.shown_merged_into, shown_merged_into(actor)))
        .execution_options(populate_existing=True)
    )


def visible_links(actor: Actor, file_id: int) -> Select[Link]:
    """The file's links whose two ends the actor may see."""
    source, target = aliased(Entity), aliased(Entity)
    return (
        select(Link)
        .join(source, source.id == Link.source_id)
        .join(target, target.id == Link.target_id)
        .where(Link.file_id == file_id, entity_seen(actor, source), entity_seen(actor, target))
    )


def counts(session: Session, actor: Actor, file_id: int) -> tuple[int, int]:
    """How many entities and links of the file the actor may see."""
    entities = session.scalar(
        select(func.count())
        .select_from(Entity)
        .where(Entity.file_id == file_id, entity_seen(actor))
    )
    links = session.scalar(
        select(func.count()).select_from(visible_links(actor, file_id).subquery())
    )
    return entities or 0, links or 0


def hidden_ids(session: Session, actor: Actor, file_id: int) -> set[int]:
    """Ids of the file's entities the actor may not see: what belongs to them (a saved chart
    position, say) is neither shown to the actor nor changed by it."""
    return set(
        session.scalars(select(Entity.id).where(Entity.file_id == file_id, ~entity_seen(actor)))
    )
