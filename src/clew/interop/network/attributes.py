"""Typed attribute columns for the graph file writers (GraphML, GEXF), and their text.

A node's or an edge's ``attrs`` hold Python values; GraphML and GEXF declare each attribute
once with a type. :func:`attribute_types` picks it from all the values seen: ``boolean`` when
every value is a bool, ``long`` when every value is an int, ``double`` when they are ints and
floats, ``string`` otherwise (dates are written as ISO text). :func:`value_text` writes one
value the way the declared type reads it. :func:`xml_text` removes the characters XML 1.0
cannot carry (control characters other than tab and line breaks), which ElementTree would
otherwise write as they are, making the file unreadable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

__all__ = ["attribute_types", "value_text", "xml_text"]

_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def attribute_types(
    attrs: Iterable[Mapping[str, object]], reserved: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Attribute name -> declared type, names in the order first seen, ``reserved`` left out."""
    found: dict[str, str] = {}
    for mapping in attrs:
        for name, value in mapping.items():
            if name in reserved or value is None:
                continue
            kind = _type(value)
            before = found.get(name, kind)
            if before != kind:
                kind = "double" if {before, kind} == {"long", "double"} else "string"
            found[name] = kind
    return found


def value_text(value: object, kind: str = "string") -> str:
    """``value`` as text for an attribute declared ``kind``."""
    if isinstance(value, bool):
        return ("true" if value else "false") if kind == "boolean" else str(value).lower()
    if kind == "double" and isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return xml_text(json.dumps(value, ensure_ascii=False, default=str))
    return xml_text(str(value))


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (escaping is ElementTree's job)."""
    return _NOT_XML.sub("", text)
