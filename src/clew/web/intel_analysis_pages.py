"""What the analysis of a file tells the analyst: key players with their reasons, communities and
disruption; the timeline; money typologies and following the money; proposed duplicates to judge.

Each page calls the service of :mod:`clew.intel.analysis` or :mod:`clew.intel.dedup` in the
analyst's language and renders what it returns; no measure is computed here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError as PydanticValidationError

from clew import graph
from clew.api.deps import Id
from clew.errors import ClewError
from clew.intel import analysis, dedup, entities
from clew.intel.schemas import JudgementIn
from clew.intel.vocabulary import Removal
from clew.web.deps import FormDep, PageDep
from clew.web.intel_chart_pages import MEASURES
from clew.web.intel_pages import file_context, form_error, render_intel
from clew.web.render import redirect, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Small = Annotated[str | None, Query(max_length=40)]
TopK = Annotated[int, Query(ge=1, le=50)]
Hops = Annotated[int, Query(ge=1, le=6)]
PERIOD_MEASURES = ("pagerank", "score", "betweenness", "degree", "weighted_degree", "eigenvector")
DISRUPTION_MEASURES = ("betweenness", "score", "pagerank", "degree", "eigenvector", "coreness")


def bars(values: list[float], random: list[float]) -> dict[str, Any]:
    """Coordinates of the disruption chart (largest component after each removal): one bar per
    step, and the random baseline as a line. Pure layout arithmetic for the template's SVG."""
    top = max([*values, *random, 1.0])
    width, height, step = 420, 160, 420 / max(len(values), 1)
    shown = [
        (round(i * step + 4, 1), round(height - height * v / top, 1), round(step - 8, 1),
         round(height * v / top, 1), v)
        for i, v in enumerate(values)
    ]  # fmt: skip
    line = " ".join(
        f"{round(i * step + step / 2, 1)},{round(height - height * v / top, 1)}"
        for i, v in enumerate(random)
    )
    return {"width": width, "height": height, "bars": shown, "line": line}


@router.get("/files/{file_id}/players", response_class=HTMLResponse)
def players_page(
    request: Request, file_id: Id, page: PageDep, measure: Small = None, k: TopK = 5,
    strategy: Small = None,
) -> HTMLResponse:  # fmt: skip
    language = use_language(request)
    context = file_context(page, file_id)
    players = analysis.key_players(page.session, page.actor, file_id, language=language, limit=50)
    removal = Removal(strategy) if strategy in tuple(Removal) else Removal.ALL_AT_ONCE
    context |= {"players": players, "communities": analysis.communities(
        page.session, page.actor, file_id), "measure": measure or "", "k": k,
        "disruption_measures": DISRUPTION_MEASURES, "measures": MEASURES,
        "strategy": removal, "strategies": tuple(Removal),
        "weights": graph.DEFAULT_WEIGHTS.shares(), "known": graph.FILE_COMPONENTS}  # fmt: skip
    if measure in DISRUPTION_MEASURES:
        result = analysis.disruption(page.session, page.actor, file_id, measure=measure, k=k,
                                     strategy=removal)  # fmt: skip
        chart = bars([float(v) for v in result.largest], result.random_largest)
        context |= {"disruption": result, "chart": chart}
    return render_intel(request, "intel_players.html", context)


@router.get("/files/{file_id}/periods", response_class=HTMLResponse)
def periods_page(
    request: Request, file_id: Id, page: PageDep, measure: Small = None
) -> HTMLResponse:
    context = file_context(page, file_id)
    measure = measure if measure in PERIOD_MEASURES else "pagerank"
    context |= {"periods": analysis.periods(page.session, page.actor, file_id, measure=measure),
                "measure": measure, "period_measures": PERIOD_MEASURES}  # fmt: skip
    return render_intel(request, "intel_periods.html", context)


@router.get("/files/{file_id}/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, file_id: Id, page: PageDep) -> HTMLResponse:
    context = file_context(page, file_id)
    context["items"] = analysis.timeline(page.session, page.actor, file_id)
    return render_intel(request, "intel_timeline.html", context)


@router.get("/files/{file_id}/money", response_class=HTMLResponse)
def money_page(
    request: Request, file_id: Id, page: PageDep, account: Small = None,
    direction: Small = None, hops: Hops = 3,
) -> HTMLResponse:  # fmt: skip
    language = use_language(request)
    context = file_context(page, file_id)
    direction = direction if direction in ("forward", "backward") else "forward"
    context |= {"findings": analysis.money(page.session, page.actor, file_id, language=language),
                "account": account or "", "direction": direction, "hops": hops}  # fmt: skip
    chosen = (account or "").rsplit("#", 1)[-1].rstrip(")").strip()
    if chosen.isdigit() and 0 < int(chosen) < 2**31:
        try:
            context["flow"] = analysis.follow(
                page.session, page.actor, file_id, int(chosen), direction=direction, hops=hops
            )
        except ClewError as exc:
            if exc.status != 404:
                raise
            context["follow_error"] = True
    elif account:
        context["follow_error"] = True
    shown = {i for f in context["findings"] for i in f.entity_ids[:12]}
    shown |= {i for s in context.get("flow", []) for i in (s.source, s.target)}
    named = entities.entities_by_id(page.session, page.actor, file_id, sorted(shown))
    context["names"] = {i: e.label for i, e in named.items()}
    return render_intel(request, "intel_money.html", context)


@router.get("/files/{file_id}/duplicates", response_class=HTMLResponse)
def duplicates_page(request: Request, file_id: Id, page: PageDep) -> HTMLResponse:
    language = use_language(request)
    context = file_context(page, file_id)
    context["proposals"] = dedup.proposals(
        page.session, page.actor, file_id, language=language, limit=50
    )
    return render_intel(request, "intel_duplicates.html", context)


@router.post("/files/{file_id}/duplicates", response_model=None)
def duplicates_judge(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    raw = {n: form.get(n, "").strip() for n in ("left", "right", "verdict")}
    try:
        judgement = JudgementIn.model_validate(raw)
        dedup.judge(page.session, page.actor, file_id, judgement)
    except (ClewError, PydanticValidationError) as exc:
        if isinstance(exc, ClewError) and exc.status not in (404, 409, 422):
            raise
        page.session.rollback()
        context = file_context(page, file_id) | {"proposals": [], "error": form_error(exc)[0]}
        return render_intel(request, "intel_duplicates.html", context, status=422)
    done = "merged" if judgement.verdict == "same" else "judged"
    return redirect(f"/files/{file_id}/duplicates?done={done}")


@router.post("/files/{file_id}/entities/{entity_id}/unmerge")
def entity_unmerge(file_id: Id, entity_id: Id, page: PageDep, form: FormDep) -> RedirectResponse:
    dedup.unmerge(page.session, page.actor, file_id, entity_id)
    return redirect(f"/files/{file_id}/entities/{entity_id}?done=unmerged")
