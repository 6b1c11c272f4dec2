"""The link chart of an analysis file: the page, and the JSON the chart (``static/chart.js``)
asks for: the network's elements (filtered, or around some entities), paths between two
entities, and saving the analyst's layout.

The elements are :func:`clew.intel.analysis.view` as Cytoscape.js wants them, nothing more:
every measure, community and rank comes from the service.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from clew.api.deps import Id
from clew.errors import ForbiddenError, ValidationError
from clew.intel import analysis, network
from clew.intel.vocabulary import Information, LinkKind, Reliability
from clew.web.deps import PageDep
from clew.web.intel_pages import file_context, render_intel
from clew.web.render import check_csrf

__all__ = ["elements", "router"]

router = APIRouter(include_in_schema=False)

Small = Annotated[str | None, Query(max_length=400)]
Depth = Annotated[int, Query(ge=1, le=3)]
EntityId = Annotated[int, Query(ge=1, le=2_147_483_647)]
#: Measures the chart can size nodes by (those the service computes that a user can choose).
MEASURES = ("score", "pagerank", "betweenness", "degree", "weighted_degree", "closeness",
            "eigenvector", "coreness")  # fmt: skip
MAX_LAYOUT_BYTES = 2_000_000


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError.field(name, "not a date (YYYY-MM-DD)") from None


def _ids(text: str | None) -> list[int]:
    return [int(part) for part in re.findall(r"\d{1,10}", text or "")][:50]


def chart_filter(
    kinds: str | None, since: str | None, until: str | None, reliability: str | None,
    information: str | None,
) -> network.Filter:  # fmt: skip
    """The chart's filter inputs as the service's filter; unknown values are ignored."""
    known = {k.value for k in LinkKind}
    return network.Filter(
        kinds=frozenset(k for k in re.split(r"[\s,]+", kinds or "") if k in known),
        since=_day(since, "since"),
        until=_day(until, "until"),
        reliability=reliability if reliability in {r.value for r in Reliability} else None,
        information=information if information in {i.value for i in Information} else None,
    )


def _edge(e: analysis.EdgeView) -> dict[str, Any]:
    return {
        "id": f"e{e.id}", "link": e.id, "source": str(e.source), "target": str(e.target),
        "kind": e.kind, "weight": e.weight, "directed": e.directed,
        "start": e.start.isoformat() if e.start else None,
        "end": e.end.isoformat() if e.end else None, "amount": e.amount,
        "currency": e.currency, "grading": f"{e.reliability}{e.information}",
        "weak": e.reliability in ("C", "X"),
    }  # fmt: skip


def elements(view: analysis.View) -> dict[str, Any]:
    """A view as Cytoscape.js elements, with saved positions and pins, or the seeded layout's
    positions when nothing is saved."""
    positions = view.layout.get("positions", {}) if isinstance(view.layout, dict) else {}
    pinned = {str(p) for p in view.layout.get("pinned", [])} if view.layout else set()
    nodes = []
    for n in view.nodes:
        node: dict[str, Any] = {
            "data": {"id": str(n.id), "label": n.label, "kind": n.kind, "community": n.community,
                     "score": n.score, "rank": n.rank, "record": n.record_id, **{
                         f"m_{name}": value for name, value in n.measures.items()}},
        }  # fmt: skip
        if str(n.id) in positions:
            node["position"] = positions[str(n.id)]
            node["pinned"] = str(n.id) in pinned
        elif str(n.id) in view.positions:  # no saved layout: the seeded one, same every load
            x, y = view.positions[str(n.id)]
            node["position"] = {"x": x, "y": y}
        nodes.append(node)
    edges = [{"data": _edge(e)} for e in view.edges]
    return {"nodes": nodes, "edges": edges, "measures": sorted(
        {name for n in view.nodes for name in n.measures})}  # fmt: skip


@router.get("/files/{file_id}/chart", response_class=HTMLResponse)
def chart_page(request: Request, file_id: Id, page: PageDep, around: Small = None) -> HTMLResponse:
    context = file_context(page, file_id)
    context |= {"around": ",".join(str(i) for i in _ids(around)), "measures": MEASURES}
    return render_intel(request, "intel_chart.html", context)


@router.get("/files/{file_id}/chart.json")
def chart_data(
    file_id: Id, page: PageDep, kinds: Small = None, since: Small = None, until: Small = None,
    reliability: Small = None, information: Small = None, around: Small = None,
    depth: Depth = 1,
) -> JSONResponse:  # fmt: skip
    flt = chart_filter(kinds, since, until, reliability, information)
    view = analysis.view(page.session, page.actor, file_id, flt, around=_ids(around), depth=depth)
    return JSONResponse(elements(view))


@router.get("/files/{file_id}/paths.json")
def chart_paths(
    file_id: Id, page: PageDep, source: EntityId, target: EntityId, time_ordered: bool = False
) -> JSONResponse:
    found = analysis.paths(
        page.session, page.actor, file_id, source, target, time_ordered=time_ordered, limit=5
    )
    return JSONResponse({"paths": [[str(i) for i in path] for path in found]})


@router.post("/files/{file_id}/layout")
async def chart_layout(request: Request, file_id: Id, page: PageDep) -> JSONResponse:
    """Save the layout: JSON ``{"positions": {id: {x, y}}, "pinned": [id]}``, with the page's
    CSRF token in the ``X-CSRF-Token`` header (the body is JSON, not a form)."""
    if not check_csrf(request, request.headers.get("x-csrf-token")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    body = await request.body()
    try:
        layout = json.loads(body) if len(body) <= MAX_LAYOUT_BYTES else None
    except ValueError:
        layout = None
    if not isinstance(layout, dict):
        raise ValidationError("A layout is {positions: {id: {x, y}}, pinned: [id]}.")
    analysis.save_layout(page.session, page.actor, file_id, layout)
    return JSONResponse({"saved": True})
