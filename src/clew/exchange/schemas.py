"""What a liaison officer sends (cases, messages, graded items, the entities a message names)
and what Clew answers. Input models are strict (``Input``: unknown fields refused)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from clew.access.schemas import Input
from clew.exchange.kinds import EntityKind, Information, Reliability
from clew.screening.schemas import DocumentQuery, FirearmQuery, PersonQuery, VehicleQuery

__all__ = ["EntityIn", "ItemIn", "Language", "MessageText", "Subject"]

Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
MessageText = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
"""The language a message is written in (BCP 47 primary tag): messages are never machine
translated, the reader's interface around them is in the reader's language."""

ItemText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class ItemIn(Input):
    """One piece of information with its 4x4 evaluation."""

    text: ItemText
    source: Reliability = Field(description="How reliable the source is: A, B, C or X")
    information: Information = Field(description="How sure the information is: 1 to 4")


class EntityIn(Input):
    """A person, document, vehicle or firearm the message names, in a structured field: it is
    cross-checked against the watchlists and against the other messages the reader may see."""

    kind: EntityKind
    person: PersonQuery | None = None
    document: DocumentQuery | None = None
    vehicle: VehicleQuery | None = None
    firearm: FirearmQuery | None = None
    source: Reliability = Reliability.X
    information: Information = Information.FOUR

    @model_validator(mode="after")
    def _one_of_its_kind(self) -> Self:
        given = {k for k in EntityKind if getattr(self, k.value) is not None}
        if given != {self.kind}:
            raise ValueError(f"give the {self.kind.value} (and only it) for an entity of that kind")
        return self
