"""Routes of ``/api/v1/files``: analysis files, members, entities, links and their analysis."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Id, Limit, Offset, SessionDep
from clew.errors import ValidationError
from clew.intel import analysis, dedup, entities, exports, files, imports
from clew.intel.network import Filter
from clew.intel.schemas import (
    EntityCreate,
    EntityPublic,
    FileCreate,
    FilePublic,
    FileUpdate,
    JudgementIn,
    LinkCreate,
    LinkPublic,
    MemberIn,
    MemberPublic,
    ReadOptions,
)
from clew.intel.vocabulary import EntityKind, LinkKind, Removal

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


# --- analysis -----------------------------------------------------------------------------


class ProposalOut(BaseModel):
    left: EntityPublic
    right: EntityPublic
    score: float
    strength: str
    explanation: str


class ImportOut(BaseModel):
    entities_added: int
    links_added: int
    rejected: list[dict[str, str | int]]
    mapping: dict[str, str] = {}
    """The columns the rows were read with (field -> column), guessed from the header when
    ``guessed``."""
    guessed: bool = False


Kinds = Annotated[list[str] | None, Query(max_length=20)]
Grade = Annotated[str | None, Query(pattern="^[ABCX1-4]$")]


@router.get("/{file_id}/network")
def get_network(
    file_id: Id,
    session: SessionDep,
    actor: ActorDep,
    kind: Kinds = None,
    since: date | None = None,
    until: date | None = None,
    reliability: Grade = None,
    information: Grade = None,
    around: Annotated[list[int] | None, Query(max_length=50)] = None,
    depth: Annotated[int, Query(ge=1, le=5)] = 1,
) -> analysis.View:
    """The file's network with measures and communities, filtered by link kind, date window
    and grading; ``around`` expands the neighbourhood of some entities to ``depth`` instead."""
    flt = Filter(kinds=frozenset(kind or ()), since=since, until=until,
                 reliability=reliability, information=information)  # fmt: skip
    return analysis.view(session, actor, file_id, flt, around=around or (), depth=depth)


@router.get("/{file_id}/paths")
def get_paths(
    file_id: Id,
    session: SessionDep,
    actor: ActorDep,
    source: int,
    target: int,
    time_ordered: bool = False,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[list[int]]:
    """Shortest paths between two entities (entity ids along each path); ``time_ordered``
    keeps only paths whose links follow one another in time."""
    return analysis.paths(
        session, actor, file_id, source, target, time_ordered=time_ordered, limit=limit
    )


@router.get("/{file_id}/players")
def get_players(
    file_id: Id, session: SessionDep, actor: ActorDep, language: Language = "en",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[analysis.KeyPlayer]:  # fmt: skip
    """Key players (high-value targets), ranked, each with the reasons in words."""
    return analysis.key_players(session, actor, file_id, language=language, limit=limit)


@router.get("/{file_id}/periods")
def get_periods(
    file_id: Id, session: SessionDep, actor: ActorDep,
    measure: Annotated[str, Query(max_length=20)] = "pagerank",
) -> list[analysis.Period]:  # fmt: skip
    """The network window by window (the file's phases, or six equal windows): who leads, who
    appears and disappears, who rises and falls (rank by ``measure``, or by the key-player
    ``score``: before, after)."""
    return analysis.periods(session, actor, file_id, measure=measure)


@router.get("/{file_id}/disruption")
def get_disruption(
    file_id: Id, session: SessionDep, actor: ActorDep,
    measure: Annotated[str, Query(max_length=20)] = "betweenness",
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    strategy: Removal = Removal.ALL_AT_ONCE,
) -> analysis.Disruption:  # fmt: skip
    """Remove the top ``k`` by a measure (or the key-player ``score``): how the largest
    component shrinks, beside random. ``sequential`` ranks what remains again after each
    removal; ``all_at_once`` takes the intact network's top ``k``."""
    return analysis.disruption(session, actor, file_id, measure=measure, k=k, strategy=strategy)


@router.get("/{file_id}/money")
def get_money(
    file_id: Id, session: SessionDep, actor: ActorDep, language: Language = "en"
) -> list[analysis.Finding]:
    """Laundering typologies in the file's payments."""
    return analysis.money(session, actor, file_id, language=language)


@router.get("/{file_id}/money/{entity_id}")
def follow_money(
    file_id: Id, entity_id: Id, session: SessionDep, actor: ActorDep,
    direction: Literal["forward", "backward"] = "forward",
    hops: Annotated[int, Query(ge=1, le=10)] = 3,
) -> list[analysis.FlowStep]:  # fmt: skip
    """Follow the money of an account forward or back, hop by hop in time order."""
    return analysis.follow(session, actor, file_id, entity_id, direction=direction, hops=hops)


@router.get("/{file_id}/duplicates")
def get_duplicates(
    file_id: Id, session: SessionDep, actor: ActorDep, language: Language = "en",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ProposalOut]:  # fmt: skip
    """Pairs of entities that may be one, with the reasons in words."""
    return [
        ProposalOut(left=entities.entity_public(p.left), right=entities.entity_public(p.right),
                    score=p.score, strength=p.strength, explanation=p.explanation)
        for p in dedup.proposals(session, actor, file_id, language=language, limit=limit)
    ]  # fmt: skip


@router.post("/{file_id}/judgements", status_code=status.HTTP_204_NO_CONTENT)
def judge(file_id: Id, data: JudgementIn, session: SessionDep, actor: ActorDep) -> Response:
    """Judge a pair: ``same`` merges ``right`` into ``left`` (undo with the unmerge route)."""
    dedup.judge(session, actor, file_id, data)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{file_id}/entities/{entity_id}/unmerge", status_code=status.HTTP_204_NO_CONTENT)
def unmerge(file_id: Id, entity_id: Id, session: SessionDep, actor: ActorDep) -> Response:
    dedup.unmerge(session, actor, file_id, entity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{file_id}/export")
def export_file(
    file_id: Id, session: SessionDep, actor: ActorDep,
    format: Annotated[str, Query(max_length=20, description="graphml, gexf, csv, ftm")] = "graphml",
) -> Response:  # fmt: skip
    """The file's network as a download (audited)."""
    content, media, filename = exports.export(session, actor, file_id, format)
    disposition = f'attachment; filename="{filename}"'
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


@router.post(
    "/{file_id}/import",
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    }}},
)  # fmt: skip
async def import_into(
    file_id: Id, request: Request, session: SessionDep, actor: ActorDep,
    format: Annotated[str, Query(max_length=20, description=", ".join(imports.FORMATS))],
    filename: Annotated[str, Query(max_length=200)] = "upload",
    map: Annotated[list[str] | None, Query(max_length=30, description=(
        "field=column; field=number (1 the first column) for a body without a header row"))] = None,
    directed: Annotated[bool | None, Query(description="edges-csv")] = None,
    node_kind: Annotated[EntityKind | None, Query(description="nodes-csv, matrix-csv")] = None,
    link_kind: Annotated[LinkKind | None, Query(description="edges, matrix, cdr")] = None,
    start: Annotated[date | None, Query(description="matrix-csv: first day covered")] = None,
    end: Annotated[date | None, Query(description="matrix-csv: last day covered")] = None,
) -> ImportOut:  # fmt: skip
    """Import the request body into the file: bad rows are listed, good rows go in. The
    reading options (``directed``, ``node_kind``, ``link_kind``, the matrix's ``start`` and
    ``end``) say what the rows do not; each format takes only some of them."""
    options = ReadOptions(directed=directed, node_kind=node_kind, link_kind=link_kind,
                          start=start, end=end)  # fmt: skip
    body = await request.body()
    mapping = None
    if map:
        pairs = [m.split("=", 1) for m in map]
        if any(len(p) != 2 for p in pairs):
            raise ValidationError.field("map", "write each as field=column")
        mapping = {k: v for k, v in pairs}

    def run() -> ImportOut:
        report = imports.import_network(
            session, actor, file_id, body, format, filename=filename, mapping=mapping,
            options=options,
        )  # fmt: skip
        return ImportOut(
            entities_added=report.entities_added, links_added=report.links_added,
            rejected=[{"line": n, "field": f, "message": m} for n, f, m in report.errors[:1000]],
            mapping=report.mapping, guessed=report.guessed,
        )  # fmt: skip

    return await run_in_threadpool(run)
