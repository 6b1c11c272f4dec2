"""Analysis files and their membership: who may read or write which file.

A file is seen by its members only (and by the operator at the server's console). For anyone
else it does not exist: every read answers "not found", never "forbidden". The analyst who
creates a file is its first member with write access; write members add and remove members.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency, User
from clew.access.roles import ROLE_PERMISSIONS, Permission, Role
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.intel import visibility
from clew.intel.models import AnalysisFile, FileMember
from clew.intel.schemas import Access, FileCreate, FilePublic, FileUpdate, MemberIn, MemberPublic
from clew.storage import utcnow

__all__ = [
    "Opened",
    "add_member",
    "create_file",
    "list_files",
    "members",
    "open_file",
    "public",
    "remove_member",
    "update_file",
    "writable_files",
]

NOT_FOUND = "Analysis file not found."


@dataclass(frozen=True, slots=True)
class Opened:
    """A file as the actor may use it (and see it: :func:`public` counts what the actor sees)."""

    file: AnalysisFile
    access: Access
    actor: Actor

    @property
    def writable(self) -> bool:
        return self.access == "write"


def _access(session: Session, actor: Actor, file_id: int) -> Opened:
    actor.require(Permission.READ_INTEL)
    file = session.get(AnalysisFile, file_id)
    if file is None:
        raise NotFoundError(NOT_FOUND)
    if actor.agency_id is None:
        return Opened(file, "write", actor)
    access = session.execute(
        select(FileMember.access).where(
            FileMember.file_id == file_id, FileMember.user_id == actor.user_id
        )
    ).scalar_one_or_none()
    if access is None:
        raise NotFoundError(NOT_FOUND)
    return Opened(file, "write" if access == "write" else "read", actor)


def open_file(
    session: Session, actor: Actor, file_id: int, *, write: bool = False, audit_as: str = ""
) -> Opened:
    """The file if the actor is a member (with write access when ``write``), else not found.

    A read member asking to write is told plainly that it may not: it knows the file exists.
    """
    opened = _access(session, actor, file_id)
    if write:
        actor.require(Permission.WRITE_INTEL)
        if not opened.writable:
            raise ForbiddenError("You may read this analysis file but not change it.")
    if audit_as:
        audit.record(session, actor, audit_as, target=f"file:{file_id}")
    return opened


def create_file(session: Session, actor: Actor, data: FileCreate) -> AnalysisFile:
    actor.require(Permission.WRITE_INTEL)
    if actor.agency_id is None:
        raise ValidationError(
            "The console operator cannot own an analysis file; act for an agency."
        )
    file = AnalysisFile(
        name=data.name,
        purpose=data.purpose,
        owner_agency_id=actor.agency_id,
        handling_code=str(data.handling_code),
        handling_note=data.handling_note,
        created_by=actor.username,
    )
    session.add(file)
    session.flush()
    if actor.user_id is not None:
        session.add(FileMember(file_id=file.id, user_id=actor.user_id, access="write"))
    audit.record(session, actor, "intel.file.create", target=f"file:{file.id}")
    session.flush()
    return file


def update_file(session: Session, actor: Actor, file_id: int, data: FileUpdate) -> AnalysisFile:
    file = open_file(session, actor, file_id, write=True).file
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    for name, value in changes.items():
        setattr(file, name, str(value))
    file.updated_at = utcnow()
    audit.record(
        session,
        actor,
        "intel.file.update",
        target=f"file:{file_id}",
        query={"fields": sorted(changes)},
    )
    session.flush()
    return file


def list_files(session: Session, actor: Actor, *, limit: int = 50, offset: int = 0) -> list[Opened]:
    actor.require(Permission.READ_INTEL)
    stmt = select(AnalysisFile, FileMember.access).order_by(AnalysisFile.updated_at.desc())
    if actor.agency_id is None:
        rows = session.execute(
            select(AnalysisFile)
            .order_by(AnalysisFile.updated_at.desc())
            .limit(limit)
            .offset(offset)
        ).scalars()
        opened = [Opened(file, "write", actor) for file in rows]
    else:
        stmt = stmt.join(FileMember, FileMember.file_id == AnalysisFile.id).where(
            FileMember.user_id == actor.user_id
        )
        opened = [
            Opened(file, "write" if access == "write" else "read", actor)
            for file, access in session.execute(stmt.limit(limit).offset(offset))
        ]
    audit.record(session, actor, "intel.file.list", result_ids=[o.file.id for o in opened])
    return opened


def writable_files(session: Session, actor: Actor, *, limit: int = 100) -> list[tuple[int, str]]:
    """(id, name) of the files the actor may write, newest first: the choices of a "pull into
    file" form. The actor's own memberships, not file content, so not audited as a read."""
    if not actor.can(Permission.WRITE_INTEL) or actor.user_id is None:
        return []
    rows = session.execute(
        select(AnalysisFile.id, AnalysisFile.name)
        .join(FileMember, FileMember.file_id == AnalysisFile.id)
        .where(FileMember.user_id == actor.user_id, FileMember.access == "write")
        .order_by(AnalysisFile.updated_at.desc())
        .limit(limit)
    )
    return [(file_id, name) for file_id, name in rows]


def public(session: Session, opened: Opened) -> FilePublic:
    file = opened.file
    agency = session.get(Agency, file.owner_agency_id)
    entities, links = visibility.counts(session, opened.actor, file.id)
    return FilePublic(
        id=file.id,
        name=file.name,
        purpose=file.purpose,
        owner_agency=agency.code if agency else "",
        handling_code=file.handling_code,
        handling_note=file.handling_note,
        created_by=file.created_by,
        created_at=file.created_at,
        updated_at=file.updated_at,
        access=opened.access,
        entities=entities,
        links=links,
    )


def members(session: Session, actor: Actor, file_id: int) -> list[MemberPublic]:
    open_file(session, actor, file_id)
    rows = session.execute(
        select(User.username, Agency.code, FileMember.access)
        .join(User, User.id == FileMember.user_id)
        .join(Agency, Agency.id == User.agency_id)
        .where(FileMember.file_id == file_id)
        .order_by(User.username)
    )
    return [
        MemberPublic(username=u, agency=a, access="write" if x == "write" else "read")
        for u, a, x in rows
    ]


def add_member(session: Session, actor: Actor, file_id: int, data: MemberIn) -> MemberPublic:
    """Give a user (of any agency: files may be joint) read or write access.

    Only users whose role may read analysis files can be members; anyone else, and an unknown
    name, get the same refusal so the form does not reveal who has an account.
    """
    open_file(session, actor, file_id, write=True)
    user = session.execute(select(User).where(User.username == data.username)).scalar_one_or_none()
    if (
        user is None
        or not user.active
        or Permission.READ_INTEL not in ROLE_PERMISSIONS[Role(user.role)]
    ):
        raise ValidationError(f"{data.username} cannot be a member: no analyst of that name.")
    existing = session.get(FileMember, (file_id, user.id))
    if existing is not None:
        existing.access = data.access
    else:
        session.add(FileMember(file_id=file_id, user_id=user.id, access=data.access))
    audit.record(
        session,
        actor,
        "intel.member.add",
        target=f"file:{file_id}",
        query={"user": data.username, "access": data.access},
    )
    session.flush()
    return MemberPublic(username=user.username, agency=user.agency.code, access=data.access)


def remove_member(session: Session, actor: Actor, file_id: int, username: str) -> None:
    open_file(session, actor, file_id, write=True)
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    member = session.get(FileMember, (file_id, user.id)) if user else None
    if member is None:
        raise NotFoundError(f"{username} is not a member of this file.")
    writers = session.scalar(
        select(func.count())
        .select_from(FileMember)
        .where(FileMember.file_id == file_id, FileMember.access == "write")
    )
    if member.access == "write" and (writers or 0) <= 1:
        raise ConflictError("A file keeps at least one member with write access.")
    session.delete(member)
    audit.record(
        session, actor, "intel.member.remove", target=f"file:{file_id}", query={"user": username}
    )
    session.flush()
