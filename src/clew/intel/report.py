"""The analytical report of a file: chart, rankings with explanations, communities, money and
sources, in the analyst's language, as HTML and as PDF (WeasyPrint).

The report is built from the same services the analyst's pages use (:mod:`clew.intel.analysis`),
so it shows what the actor may see and nothing else; building it is audited. The chart is an SVG
drawn here from the network's view: the analyst's saved layout when it places every node shown,
else a Fruchterman-Reingold layout computed by igraph, started from a circle.

Every word of the report goes through :func:`clew.i18n.gettext`, and the words of the
vocabulary (:func:`term`) are shared with the web pages, so both speak alike. The handling code
heads every page: in the PDF as a running page header, in HTML as a banner above and below.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from clew import graph, i18n
from clew.access.actor import Actor
from clew.i18n import gettext as _
from clew.intel import analysis, files, network
from clew.intel.schemas import FilePublic
from clew.records.kinds import handling_meaning as handling_text

__all__ = [
    "STYLE_HASH",
    "Report",
    "SourceRow",
    "build",
    "chart_svg",
    "handling_text",
    "measure_label",
    "number",
    "percent",
    "render_html",
    "render_pdf",
    "term",
]

#: Most nodes drawn in the report's chart (the best ranked): a page holds no more, legibly.
CHART_NODES = 150
#: Nodes named on the chart (the best ranked); the rest are dots.
CHART_LABELS = 30
PLAYERS = 25
SOURCES = 200
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939")  # fmt: skip
TEMPLATES = Path(__file__).with_name("templates")
_LINE = re.compile(r":\d+$")

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
#: The report's own style sheet, inlined so the HTML file stands alone; its hash lets the web
#: shell allow exactly this style under its content security policy.
STYLE = (TEMPLATES / "report.css").read_text(encoding="utf-8")
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()


# --- words --------------------------------------------------------------------------------------


def term(value: str) -> str:
    """The interface word for a value of the intelligence vocabulary (kinds of entity and link,
    kinds of source, grading, laundering typologies, directions); unknown values as they are."""
    words = {
        "person": _("Person"),
        "organisation": _("Organisation"),
        "phone": _("Phone"),
        "vehicle": _("Vehicle"),
        "account": _("Bank account"),
        "address": _("Address"),
        "document": _("Document"),
        "event": _("Event"),
        "firearm": _("Firearm"),
        "called": _("called"),
        "met": _("met"),
        "member_of": _("member of"),
        "owns": _("owns"),
        "uses": _("uses"),
        "paid": _("paid"),
        "travelled_with": _("travelled with"),
        "lives_at": _("lives at"),
        "took_part": _("took part in"),
        "related_to": _("related to"),
        "record": _("Watchlist record"),
        "message": _("Message"),
        "import": _("Import"),
        "trace": _("Firearm trace"),
        "fan_in": _("Fan-in"),
        "fan_out": _("Fan-out"),
        "gather_scatter": _("Gather-scatter"),
        "scatter_gather": _("Scatter-gather"),
        "cycle": _("Cycle"),
        "structuring": _("Structuring"),
        "forward": _("Forward (where the money went)"),
        "backward": _("Back (where the money came from)"),
        "A": _("A · completely reliable"),
        "B": _("B · mostly reliable"),
        "C": _("C · not reliable"),
        "X": _("X · cannot be judged"),
        "1": _("1 · known to be true"),
        "2": _("2 · known personally to the source"),
        "3": _("3 · corroborated"),
        "4": _("4 · cannot be judged"),
    }
    return words.get(value, value)


def measure_label(name: str) -> str:
    words = {
        "degree": _("Degree"),
        "weighted_degree": _("Weighted degree"),
        "betweenness": _("Betweenness"),
        "closeness": _("Closeness"),
        "eigenvector": _("Eigenvector"),
        "pagerank": _("PageRank"),
        "kcore": _("k-core"),
        "coreness": _("k-core"),
        "brokerage": _("Brokerage"),
        "score": _("Key-player score"),
        "role": _("Role in the group"),
        "alerts": _("Watchlist alerts"),
        "money": _("Money handled"),
    }
    return words.get(name, name.replace("_", " "))


def percent(value: float) -> str:
    """A share (0..1) as a whole percentage in the current language's notation."""
    return str(format_percent(value, locale=i18n.current()))


NAME_ON_ONE_LINE = 32
"""Names up to this many characters are kept on one line in the report's tables."""


def name_class(label: str) -> str:
    """The report's class for a name in a table: ``name`` (kept on one line) when short."""
    return "name" if len(label) <= NAME_ON_ONE_LINE else "long-name"


def number(value: float, digits: int = 2) -> str:
    """A number in the current language's notation, with up to ``digits`` decimals."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=i18n.current()))


# --- building -----------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceRow:
    """Who says what in the file: one source with one grading, and how much rests on it."""

    kind: str
    ref: str
    reliability: str
    information: str
    entities: int
    links: int


@dataclass(slots=True)
class Report:
    file: FilePublic
    language: str
    author: str
    created_at: datetime
    nodes: int
    edges: int
    chart: Markup
    players: list[analysis.KeyPlayer]
    communities: list[analysis.Community]
    findings: list[analysis.Finding]
    labels: dict[int, str]
    sources: list[SourceRow]
    extra: dict[str, Any] = field(default_factory=dict)


def _document(ref: str) -> str:
    """An imported row's source without its line: ``calls.csv:17`` -> ``calls.csv``."""
    return _LINE.sub("", ref)


def _sources(net: network.FileNetwork) -> list[SourceRow]:
    """One row per source document and grading (an import counts once, not once per line)."""
    entities = Counter(
        (e.source_kind, _document(e.source_ref), e.reliability, e.information)
        for e in net.entities.values()
    )
    links = Counter(
        (k.source_kind, _document(k.source_ref), k.reliability, k.information)
        for k in net.links.values()
    )
    keys = sorted(set(entities) | set(links), key=lambda k: (k[2], k[3], k[0], k[1]))
    return [SourceRow(*key, entities=entities[key], links=links[key]) for key in keys][:SOURCES]


def build(
    session: Session, actor: Actor, file_id: int, *, language: str = "en", fmt: str = "html"
) -> Report:
    """Everything the report shows, as the actor may see it; audited as ``intel.report``."""
    opened = files.open_file(
        session, actor, file_id, audit_as=f"intel.report.{'pdf' if fmt == 'pdf' else 'html'}"
    )
    view = analysis.view(session, actor, file_id)
    net = network.load(session, actor, file_id)
    labels = {e.id: e.label for e in net.entities.values()}
    with i18n.speaking(language):
        chart = chart_svg(view)
    return Report(
        file=files.public(session, opened),
        language=language,
        author=actor.username,
        created_at=datetime.now(UTC),
        nodes=len(view.nodes),
        edges=len(view.edges),
        chart=chart,
        players=analysis.key_players(session, actor, file_id, language=language, limit=PLAYERS),
        communities=analysis.communities(session, actor, file_id),
        findings=analysis.money(session, actor, file_id, language=language),
        labels=labels,
        sources=_sources(net),
    )


# --- the chart ----------------------------------------------------------------------------------


def _positions(view: analysis.View, ids: list[int]) -> dict[int, tuple[float, float]]:
    """Saved positions when the layout places every node drawn, else the chart's seeded
    layout (``graph.seeded_layout``, nodes in rank order): the picture the analyst sees."""
    saved = view.layout.get("positions", {}) if isinstance(view.layout, dict) else {}
    if ids and all(str(i) in saved for i in ids):
        return {i: (float(saved[str(i)]["x"]), float(saved[str(i)]["y"])) for i in ids}
    index = set(ids)
    pairs = [(str(e.source), str(e.target)) for e in view.edges
             if e.source in index and e.target in index]  # fmt: skip
    placed = graph.seeded_layout([str(i) for i in ids], pairs)
    return {int(key): point for key, point in placed.items()}


def _bounds(values: list[float]) -> tuple[float, float]:
    """The range that holds all but the farthest 2% on each side (a few stray pairs of a
    network drawn far away would otherwise shrink the rest to a blot)."""
    ordered = sorted(values)
    cut = len(ordered) // 50
    low, high = ordered[cut], ordered[-1 - cut]
    return low, (high - low) or 1.0


def chart_svg(view: analysis.View, *, width: int = 760, height: int = 540) -> Markup:
    """The network as an SVG: the best-ranked nodes, sized by score, coloured by community.

    Drawn so that it can be read on paper: nodes from the lowest rank up, so the best ranked
    are on top (never hidden under others); the top three ringed; names after every node, on
    a white halo, best ranked first, and a name that would cover one already written is left
    out (the key-player table names everyone)."""
    shown = sorted(view.nodes, key=lambda n: (n.rank or 10**9, n.id))[:CHART_NODES]
    if not shown:
        return Markup("")
    ids = [n.id for n in shown]
    points = _positions(view, ids)
    (low_x, span_x), (low_y, span_y) = (
        _bounds([p[0] for p in points.values()]),
        _bounds([p[1] for p in points.values()]),
    )
    pad = 44
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)

    def at(node_id: int) -> tuple[float, float]:
        x, y = points[node_id]
        x = min(max(pad + (x - low_x) * scale, pad / 2), width - pad / 2)
        y = min(max(pad + (y - low_y) * scale, pad / 2), height - pad / 2)
        return round(x, 1), round(y, 1)

    top = max((n.score for n in shown), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(_("Link chart"))}">'
    ]
    parts.append('<g stroke="#b4bcc7" stroke-width="0.7" fill="none">')
    for edge in view.edges:
        if edge.source in points and edge.target in points:
            (x1, y1), (x2, y2) = at(edge.source), at(edge.target)
            dash = ' stroke-dasharray="4 3"' if edge.reliability in ("C", "X") else ""
            parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"{dash}/>')
    parts.append("</g>")
    radius = {n.id: round(4 + 9 * math.sqrt(max(n.score, 0.0) / top), 1) for n in shown}
    for node in reversed(shown):  # the best ranked last: on top
        x, y = at(node.id)
        colour = PALETTE[node.community % len(PALETTE)] if node.community >= 0 else "#5b6675"
        ring = ' stroke="#1b2430" stroke-width="2.5"' if node.rank and node.rank <= 3 else (
            ' stroke="#fff" stroke-width="1"')  # fmt: skip
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius[node.id]}" fill="{colour}"{ring}>'
            f"<title>{escape(node.label)}</title></circle>"
        )
    taken: list[tuple[float, float, float, float]] = []
    for node in shown[:CHART_LABELS]:
        x, y = at(node.id)
        strong = node.rank is not None and node.rank <= 3
        size = 12 if strong else 10.5
        text = node.label if len(node.label) <= 28 else node.label[:27] + "…"
        box = (
            x + radius[node.id] + 2,
            y - size,
            x + radius[node.id] + 2 + 0.6 * size * len(text),
            y + 3,
        )
        if box[2] > width:  # no room on the right: write it on the left
            box = (
                x - radius[node.id] - 2 - (box[2] - box[0]),
                box[1],
                x - radius[node.id] - 2,
                box[3],
            )
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue
        taken.append(box)
        weight = ' font-weight="700"' if strong else ""
        parts.append(
            f'<text x="{round(box[0], 1)}" y="{y + 4}" font-size="{size}"{weight} fill="#1b2430" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


# --- rendering ----------------------------------------------------------------------------------


def _words() -> dict[str, str]:
    """The report's headings and phrases in the current language."""
    return {
        "title": _("Analytical report"),
        "handling": _("Handling code"),
        "purpose": _("Purpose"),
        "owner": _("Owning agency"),
        "prepared": _("Prepared by"),
        "created": _("Created (UTC)"),
        "size": _("Size of the network"),
        "chart": _("Link chart"),
        "chart_note": _(
            "The best-ranked entities; size shows the key-player score, colour the community. "
            "Dashed lines rest on sources that are not reliable or cannot be judged."
        ),
        "players": _("Key players"),
        "rank": _("Rank"),
        "entity": _("Entity"),
        "kind": _("Kind"),
        "score": _("Score"),
        "why": _("Why"),
        "communities": _("Communities"),
        "community": _("Community"),
        "members": _("Members"),
        "money": _("Money flows"),
        "typology": _("Typology"),
        "amount": _("Amount"),
        "period": _("Period"),
        "accounts": _("Accounts"),
        "no_money": _("No laundering typology was found in the file's payments."),
        "sources": _("Sources and grading"),
        "source": _("Source"),
        "reliability": _("Source reliability"),
        "information": _("Information"),
        "entities": _("Entities"),
        "links": _("Links"),
        "none": _("None."),
    }  # fmt: skip


def render_html(report: Report) -> str:
    with i18n.speaking(report.language):
        context = {
            "r": report,
            "w": _words(),
            "style": Markup(STYLE),  # noqa: S704 - our own style sheet
            "term": term,
            "measure_label": measure_label,
            "number": number,
            "name_class": name_class,
            "handling_text": handling_text,
        }
        return _env.get_template("report.html").render(context)


def render_pdf(report: Report) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    pdf: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    return pdf
