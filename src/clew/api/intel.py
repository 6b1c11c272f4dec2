"""Routes of ``/api/v1/files``: analysis files, members, entities, links and their analysis."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Id, Limit, Offset, SessionDep
from clew.intel import entities, files
from clew.intel.schemas import (
    EntityCreate,
    EntityPublic,
    FileCreate,
    FilePublic,
    FileUpdate,
    LinkCreate,
    LinkPublic,
    MemberIn,
    MemberPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/files", tags=["intelligence"])

Language = Annotated[Literal["en", "vi", "lv", "bg"], Query()]


class RecordPull(BaseModel):
    model_config = {"extra": "forbid"}
    record_id: int


class EntityDetail(BaseModel):
    entity: EntityPublic
    links: list[LinkPublic]
    neighbours: list[EntityPublic]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_file(data: FileCreate, session: SessionDep, actor: ActorDep) -> FilePublic:
    """Open an analysis file owned by your agency; you become its first member (write)."""
    file = files.create_file(session, actor, data)
    return files.public(session, files.open_file(session, actor, file.id))


@router.get("")
def list_files(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0
) -> Page[FilePublic]:
    """The analysis files you are a member of."""
    opened = files.list_files(session, actor, limit=limit, offset=offset)
    items = [files.public(session, o) for o in opened]
    return Page(items=items, total=offset + len(items), limit=limit, offset=offset)


@router.get("/{file_id}")
def get_file(file_id: Id, session: SessionDep, actor: ActorDep) -> FilePublic:
    return files.public(
        session, files.open_file(session, actor, file_id, audit_as="intel.file.view")
    )


@router.patch("/{file_id}")
def update_file(file_id: Id, data: FileUpdate, session: SessionDep, actor: ActorDep) -> FilePublic:
    files.update_file(session, actor, file_id, data)
    return files.public(session, files.open_file(session, actor, file_id))


@router.get("/{file_id}/members")
def list_members(file_id: Id, session: SessionDep, actor: ActorDep) -> list[MemberPublic]:
    return files.members(session, actor, file_id)


@router.put("/{file_id}/members")
def add_member(file_id: Id, data: MemberIn, session: SessionDep, actor: ActorDep) -> MemberPublic:
    """Give a user read or write access (analysts of any agency: files may be joint)."""
    return files.add_member(session, actor, file_id, data)


@router.delete("/{file_id}/members/{username}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(file_id: Id, username: str, session: SessionDep, actor: ActorDep) -> Response:
    files.remove_member(session, actor, file_id, username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{file_id}/entities")
def list_entities(
    file_id: Id,
    session: SessionDep,
    actor: ActorDep,
    kind: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EntityPublic]:
    rows = entities.list_entities(
        session, actor, file_id, kind=kind, text=q, limit=limit, offset=offset
    )
    items = [entities.entity_public(e) for e in rows]
    return Page(items=items, total=offset + len(items), limit=limit, offset=offset)


@router.post("/{file_id}/entities", status_code=status.HTTP_201_CREATED)
def add_entity(
    file_id: Id, data: EntityCreate, session: SessionDep, actor: ActorDep
) -> EntityPublic:
    return entities.entity_public(entities.add_entity(session, actor, file_id, data))


@router.post("/{file_id}/records", status_code=status.HTTP_201_CREATED)
def pull_record(
    file_id: Id, data: RecordPull, session: SessionDep, actor: ActorDep
) -> EntityPublic:
    """Bring a watchlist record you may see into the file as an entity."""
    return entities.entity_public(entities.pull_record(session, actor, file_id, data.record_id))


@router.get("/{file_id}/entities/{entity_id}")
def get_entity(file_id: Id, entity_id: Id, session: SessionDep, actor: ActorDep) -> EntityDetail:
    entity, links, neighbours = entities.get_entity(session, actor, file_id, entity_id)
    return EntityDetail(
        entity=entities.entity_public(entity),
        links=[entities.link_public(link) for link in links],
        neighbours=[entities.entity_public(e) for e in neighbours.values()],
    )


@router.delete("/{file_id}/entities/{entity_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_entity(file_id: Id, entity_id: Id, session: SessionDep, actor: ActorDep) -> Response:
    entities.delete_entity(session, actor, file_id, entity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{file_id}/links", status_code=status.HTTP_201_CREATED)
def add_link(file_id: Id, data: LinkCreate, session: SessionDep, actor: ActorDep) -> LinkPublic:
    return entities.link_public(entities.add_link(session, actor, file_id, data))


@router.delete("/{file_id}/links/{link_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_link(file_id: Id, link_id: Id, session: SessionDep, actor: ActorDep) -> Response:
    entities.delete_link(session, actor, file_id, link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
