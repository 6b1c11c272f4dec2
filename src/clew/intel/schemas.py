"""Input and output models of analysis files, entities and links (API and forms)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from clew.access.schemas import Input, Name
from clew.intel.vocabulary import EntityKind, Information, LinkKind, Reliability, SourceKind
from clew.records.kinds import HandlingCode

__all__ = [
    "Access",
    "EntityCreate",
    "EntityPublic",
    "FileCreate",
    "FilePublic",
    "FileUpdate",
    "Grading",
    "JudgementIn",
    "LinkCreate",
    "LinkPublic",
    "MemberIn",
    "MemberPublic",
    "ReadOptions",
    "Verdict",
]

Access = Literal["read", "write"]
Verdict = Literal["same", "different", "unsure"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class Grading(Input):
    """Who says so and how far to trust it (4x4 grading)."""

    source_kind: SourceKind = SourceKind.PERSON
    source_ref: Ref = ""
    reliability: Reliability = Reliability.X
    information: Information = Information.FOUR


class ReadOptions(Input):
    """How a network file is read, where its rows do not say: whether links are directed, the
    kind of node and of link, and the time window a whole adjacency matrix covers. Each format
    takes only some of them (``clew.intel.imports.OPTIONS``); unset means the reader's own
    default."""

    directed: bool | None = None
    node_kind: EntityKind | None = None
    link_kind: LinkKind | None = None
    start: date | None = None
    end: date | None = None

    def given(self) -> dict[str, Any]:
        """The options that are set, by name."""
        return {name: value for name, value in self.model_dump().items() if value is not None}


class FileCreate(Input):
    name: Name
    purpose: Text = ""
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Annotated[str, StringConstraints(max_length=500)] = ""


class FileUpdate(Input):
    name: Name | None = None
    purpose: Text | None = None
    handling_code: HandlingCode | None = None
    handling_note: Annotated[str, StringConstraints(max_length=500)] | None = None


class MemberIn(Input):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    access: Access = "read"


class EntityCreate(Grading):
    kind: EntityKind
    label: Label
    key: Ref = ""
    data: dict[str, Any] = Field(default_factory=dict, max_length=50)


class LinkCreate(Grading):
    source: int
    target: int
    kind: LinkKind = LinkKind.RELATED_TO
    weight: float = Field(default=1.0, ge=0, le=1e12)
    start: date | None = None
    end: date | None = None
    directed: bool = False
    amount: float | None = Field(default=None, ge=0, le=1e15)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> LinkCreate:
        if self.source == self.target:
            raise ValueError("a link joins two different entities")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end is before start")
        return self


class JudgementIn(Input):
    left: int
    right: int
    verdict: Verdict


class FilePublic(BaseModel):
    id: int
    name: str
    purpose: str
    owner_agency: str
    handling_code: str
    handling_note: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    access: Access
    entities: int
    links: int


class MemberPublic(BaseModel):
    username: str
    agency: str
    access: Access


class EntityPublic(BaseModel):
    id: int
    key: str
    kind: str
    label: str
    data: dict[str, Any]
    record_id: int | None
    merged_into: int | None
    source_kind: str
    source_ref: str
    reliability: str
    information: str


class LinkPublic(BaseModel):
    id: int
    source: int
    target: int
    kind: str
    weight: float
    start: date | None
    end: date | None
    directed: bool
    amount: float | None
    currency: str | None
    source_kind: str
    source_ref: str
    reliability: str
    information: str
