"""One parsed row of a watchlist file, and the rule that turns pydantic errors into field errors.

Every reader in this package yields :class:`ParsedRow`: a record when the row is good, field
errors when it is not, never an exception for bad input. A problem with the whole file (an
unknown column, a file that is not JSON) is one row with ``record=None`` at the line it was
found, so an import report lists it like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from clew.errors import FieldError
from clew.records.kinds import RecordKind
from clew.records.schemas import RecordCreate

__all__ = [
    "NOT_UTF8",
    "SOURCE_LENGTH",
    "FieldPath",
    "Located",
    "Locator",
    "ParsedRow",
    "dotted",
    "excerpt",
    "field_errors",
    "validate_record",
]

SOURCE_LENGTH: Final = 80
NOT_UTF8: Final = "is not UTF-8 text: save it as UTF-8"

FieldPath = tuple[str | int, ...]
Located = tuple[str, str]
"""A field name and a prefix for the message (``""`` or e.g. ``"item 2: "``)."""
Locator = Callable[[FieldPath], Located]

_RECORD: Final = TypeAdapter[RecordCreate](RecordCreate)
_KIND_TAGS: Final = frozenset(kind.value for kind in RecordKind)
_MESSAGE_PREFIXES: Final = ("Value error, ", "Assertion failed, ")


@dataclass(slots=True)
class ParsedRow:
    """What a reader made of one row (CSV line, JSON item or JSON line).

    ``line`` is the 1-based line of the file where the row starts (CSV, FtM) or the 1-based
    position of the item (INTERPOL JSON). ``source`` is a short excerpt for the report, never
    more than :data:`SOURCE_LENGTH` characters.
    """

    line: int
    record: RecordCreate | None
    errors: list[FieldError] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.errors


def excerpt(text: str, length: int = SOURCE_LENGTH) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def dotted(path: FieldPath) -> str:
    """``('person', 'names', 0, 'family')`` -> ``names.0.family``.

    Drops the tag pydantic puts first for a record kind (``person``, ``vehicle``...) and its
    internal steps in brackets (``function-after[...]``). An empty path is the record as a
    whole: ``record``.
    """
    parts = [str(p) for p in path if not (isinstance(p, str) and "[" in p)]
    if parts and parts[0] in _KIND_TAGS:
        parts = parts[1:]
    return ".".join(parts) or "record"


def _plain(path: FieldPath) -> Located:
    return dotted(path), ""


def _message(text: str) -> str:
    if text == "Field required":
        return "is required"
    for prefix in _MESSAGE_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def field_errors(error: PydanticValidationError, locate: Locator | None = None) -> list[FieldError]:
    """One :class:`FieldError` per pydantic error, named by ``locate`` (default: dotted path).

    ``locate`` receives the path with the kind tag already removed, so a format can name its
    own column or property (``family_name`` for ``names.0.family``). A wrong or missing ``kind``
    is reported on the field ``kind``.
    """
    found: list[FieldError] = []
    for item in error.errors(include_url=False, include_context=False, include_input=False):
        kind = item["type"]
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            found.append(FieldError("kind", "is not one of " + ", ".join(sorted(_KIND_TAGS))))
            continue
        path: FieldPath = tuple(item["loc"])
        if path and path[0] in _KIND_TAGS:
            path = path[1:]
        path = tuple(p for p in path if not (isinstance(p, str) and "[" in p))
        name, prefix = (locate or _plain)(path)
        found.append(FieldError(name, prefix + _message(item["msg"])))
    return found


def validate_record(
    data: Mapping[str, Any],
    locate: Locator | None = None,
    found: list[FieldError] | None = None,
) -> tuple[RecordCreate | None, list[FieldError]]:
    """Validate one record's raw fields; either a record and no errors, or ``None`` and errors.

    ``found`` are errors a reader already found while gathering the fields (a date that is not
    one, a row without a name); the row then has no record, and validation errors on a field
    already named there are left out, so a field is never reported twice.
    """
    found = list(found or [])
    try:
        record: RecordCreate | None = _RECORD.validate_python(data)
    except PydanticValidationError as error:
        named = {e.field for e in found}
        found += [e for e in field_errors(error, locate) if e.field not in named]
        record = None
    return (None, found) if found else (record, [])
