"""The watchlists page's search: its filters read from the query string (an unknown value is
named, never silently dropped), its orders, and the facets as links that narrow the list.

Helpers of :mod:`clew.web.records_pages`; what a filter finds and what is counted are
:mod:`clew.records.store`'s and :mod:`clew.records.facets`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from clew.errors import ValidationError
from clew.i18n import gettext as _
from clew.records import store
from clew.records.facets import Facets
from clew.records.kinds import AlertCategory, RecordKind, RecordSort, RecordStatus
from clew.web import labels

__all__ = ["SORTS", "FacetLink", "facet_links", "invalid_filter", "sort_label"]

#: The orders offered, in the menu's order.
SORTS = tuple(RecordSort)


def sort_label(sort: str) -> str:
    names = {
        RecordSort.NEWEST: _("Newest first"), RecordSort.OLDEST: _("Oldest first"),
        RecordSort.NAME: _("By name"), RecordSort.UPDATED: _("Last changed first"),
    }  # fmt: skip
    return names.get(RecordSort(sort), sort) if sort in set(RecordSort) else sort


def invalid_filter(filters: dict[str, str]) -> str | None:
    """The message for the first filter whose value names nothing, else ``None``.

    A search with nothing to look for (only signs or emoji) is refused the same way: it would
    otherwise list every record.
    """
    enums: dict[str, type[StrEnum]] = {
        "kind": RecordKind, "category": AlertCategory, "status": RecordStatus, "sort": RecordSort,
    }  # fmt: skip
    for name, enum in enums.items():
        value = filters.get(name, "")
        if value and value not in {member.value for member in enum}:
            messages = {
                "kind": _("No such kind: %(value)s."),
                "category": _("No such alert category: %(value)s."),
                "status": _("No such status: %(value)s."),
                "sort": _("No such order: %(value)s."),
            }
            return messages[name] % {"value": value}
    try:
        store.search_words(filters.get("q"))
    except ValidationError:  # nothing to look for
        return _("The search has no letters or digits to look for (only signs or emoji): "
                 "nothing is listed.")  # fmt: skip
    return None


@dataclass(frozen=True, slots=True)
class FacetLink:
    value: str
    label: str
    count: int
    url: str
    current: bool


def facet_links(found: Facets, filters: dict[str, str]) -> dict[str, list[FacetLink]]:
    """Per facet, a link per value: to narrow the list to it (or, if chosen, to widen again)."""
    names: dict[str, Callable[[str], str]] = {
        "kind": labels.record_term, "category": labels.record_term, "owner": str,
    }  # fmt: skip
    links: dict[str, list[FacetLink]] = {}
    for facet, label in names.items():
        links[facet] = []
        for value, count in getattr(found, facet):
            current = filters.get(facet) == value
            query = {k: v for k, v in filters.items() if v and k != facet}
            if not current:
                query[facet] = value
            links[facet].append(
                FacetLink(value, label(value), count, "/records?" + urlencode(query), current)
            )
    return links
