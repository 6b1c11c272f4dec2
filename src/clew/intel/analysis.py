"""Analysis of a file's network for the analyst: the chart's view, paths, key players,
communities, disruption, timeline and money, each audited.

A thin service over the pure :mod:`clew.graph` and :mod:`clew.money` packages: it loads the
actor's view of the file (:func:`clew.intel.network.load`), runs the measure, and maps node keys
back to entity ids and labels.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy.orm import Session

from clew import graph
from clew import money as cash
from clew.access import audit
from clew.access.actor import Actor
from clew.errors import NotFoundError, ValidationError
from clew.intel import network, visibility
from clew.intel.files import open_file
from clew.intel.network import FileNetwork, Filter
from clew.intel.vocabulary import Removal
from clew.storage import utcnow

__all__ = [
    "Community",
    "Disruption",
    "EdgeView",
    "Finding",
    "FlowStep",
    "KeyPlayer",
    "NodeView",
    "Period",
    "TimelineItem",
    "View",
    "communities",
    "disruption",
    "follow",
    "key_players",
    "money",
    "paths",
    "periods",
    "save_layout",
    "timeline",
    "view",
]

MAX_NODES = 2000


@dataclass(slots=True)
class NodeView:
    id: int
    kind: str
    label: str
    community: int
    measures: dict[str, float]
    score: float
    rank: int
    record_id: int | None


@dataclass(slots=True)
class EdgeView:
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
    reliability: str
    information: str


@dataclass(slots=True)
class View:
    """The chart's network. ``layout`` is the analyst's saved one (positions and pins);
    ``positions`` a seeded layout of every node (``graph.seeded_layout``: the same on every load)
    when the saved one places none of them."""

    nodes: list[NodeView]
    edges: list[EdgeView]
    layout: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(slots=True)
class KeyPlayer:
    """One ranked entity: ``key`` is its import key, ``score`` the key-player score (0..1, not
    rounded), ``measures`` the network measures and ``components`` the score's weighted parts
    (``graph.Weights``), each 0..1."""

    entity_id: int
    label: str
    kind: str
    rank: int
    score: float
    measures: dict[str, float]
    explanation: str
    key: str = ""
    components: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Community:
    number: int
    members: list[tuple[int, str]]


@dataclass(slots=True)
class TimelineItem:
    day: date
    kind: str
    label: str
    entity_id: int | None
    link_id: int | None


@dataclass(slots=True)
class Disruption:
    measure: str
    removed: list[tuple[int, str]]
    largest: list[int]
    random_largest: list[float]
    strategy: Removal = Removal.ALL_AT_ONCE


@dataclass(slots=True)
class Finding:
    typology: str
    entity_ids: list[int]
    amount: float
    start: date | None
    end: date | None
    reason: str


@dataclass(slots=True)
class FlowStep:
    source: int
    target: int
    amount: float
    day: date | None
    depth: int


def _edge_view(net: FileNetwork, key: str, source: str, target: str) -> EdgeView:
    link = net.links[int(key)]
    return EdgeView(
        id=link.id,
        source=int(source),
        target=int(target),
        kind=link.kind,
        weight=link.weight,
        start=link.start,
        end=link.end,
        directed=link.directed,
        amount=link.amount,
        currency=link.currency,
        reliability=link.reliability,
        information=link.information,
    )


def timeline(session: Session, actor: Actor, file_id: int) -> list[TimelineItem]:
    """Dated events and dated links of the file, oldest first."""
    net = network.load(session, actor, file_id)
    items: list[TimelineItem] = []
    for entity in net.entities.values():
        day = json.loads(entity.data or "{}").get("date")
        if entity.kind == "event" and day:
            try:
                items.append(
                    TimelineItem(
                        date.fromisoformat(str(day)), "event", entity.label, entity.id, None
                    )
                )
            except ValueError:
                continue
    for link in net.links.values():
        if link.start is None:
            continue
        source, target = net.entities[link.source_id], net.entities[link.target_id]
        items.append(
            TimelineItem(link.start, link.kind, f"{source.label} → {target.label}", None, link.id)
        )
    items.sort(key=lambda item: (item.day, item.kind, item.label))
    audit.record(session, actor, "intel.timeline", target=f"file:{file_id}")
    return items


def save_layout(session: Session, actor: Actor, file_id: int, layout: dict[str, Any]) -> None:
    """Keep the chart's node positions and pins: ``{"positions": {id: {x, y}}, "pinned": [id]}``.

    The layout is the file's, shared by its members: what it says of entities the actor may not
    see is kept as it was, and the actor's own words about them are dropped.
    """
    file = open_file(session, actor, file_id, write=True).file
    positions = layout.get("positions", {})
    pinned = layout.get("pinned", [])
    if not isinstance(positions, dict) or not isinstance(pinned, list) or len(positions) > 20000:
        raise ValidationError("A layout is {positions: {id: {x, y}}, pinned: [id]}.")
    clean: dict[str, dict[str, float]] = {}
    for key, point in positions.items():
        try:
            clean[str(int(key))] = {"x": float(point["x"]), "y": float(point["y"])}
        except (KeyError, TypeError, ValueError):
            raise ValidationError(f"Position of {key!r} is not {{x, y}}.") from None
    hidden = {str(i) for i in visibility.hidden_ids(session, actor, file_id)}
    saved = _layout_of(file.layout, shown=None)
    kept = {k: v for k, v in saved["positions"].items() if k in hidden}
    clean = {k: v for k, v in clean.items() if k not in hidden} | kept
    pins = [p for p in map(str, pinned) if p not in hidden][:20000]
    pins += [p for p in saved["pinned"] if p in hidden]
    file.layout = json.dumps({"positions": clean, "pinned": pins})
    file.updated_at = utcnow()
    audit.record(session, actor, "intel.layout.save", target=f"file:{file_id}")
    session.flush()


def _layout_of(raw: str, shown: set[str] | None) -> dict[str, Any]:
    """The stored layout, its positions and pins kept to the ``shown`` entity ids (all when
    ``None``); a layout that is not what :func:`save_layout` writes reads as empty."""
    try:
        layout = json.loads(raw or "{}")
    except ValueError:
        layout = {}
    layout = layout if isinstance(layout, dict) else {}
    positions, pinned = layout.get("positions"), layout.get("pinned")
    positions = positions if isinstance(positions, dict) else {}
    pinned = [str(p) for p in pinned] if isinstance(pinned, list) else []
    return layout | {
        "positions": {k: v for k, v in positions.items() if shown is None or k in shown},
        "pinned": [p for p in pinned if shown is None or p in shown],
    }


def _layout(net: FileNetwork, raw: str) -> dict[str, Any]:
    """The saved layout as the actor may see it: positions and pins of its visible entities."""
    return _layout_of(raw, {str(i) for i in net.entities})


def _not_in(net: FileNetwork, *entity_ids: int) -> None:
    for entity_id in entity_ids:
        if entity_id not in net.entities:
            raise NotFoundError("Entity not found.")


def _day(moment: date | Any) -> date | None:
    return moment.date() if hasattr(moment, "date") and callable(moment.date) else moment


def _ledger(net: FileNetwork) -> cash.Ledger:
    return cash.Ledger(cash.transfers_from_edges(net.edges))


def money(session: Session, actor: Actor, file_id: int, *, language: str = "en") -> list[Finding]:
    """Laundering typologies in the file's payments (fan-in, fan-out, cycles, scatter-gather,
    gather-scatter, structuring), largest amount first."""
    net = network.load(session, actor, file_id, Filter(kinds=frozenset({"paid"})))
    findings = [
        Finding(
            typology=str(f.typology),
            entity_ids=[int(a) for a in f.accounts],
            amount=f.amount,
            start=_day(f.start),
            end=_day(f.end),
            reason=cash.explain(f, language),
        )
        for f in cash.detect(_ledger(net))
    ]
    findings.sort(key=lambda f: (-f.amount, f.typology))
    audit.record(
        session,
        actor,
        "intel.money.typologies",
        target=f"file:{file_id}",
        result_ids=sorted({i for f in findings for i in f.entity_ids}),
    )
    return findings


def follow(
    session: Session,
    actor: Actor,
    file_id: int,
    entity_id: int,
    *,
    direction: str = "forward",
    hops: int = 3,
) -> list[FlowStep]:
    """Where the money of an account went (``forward``) or came from (``backward``), hop by
    hop in time order, with how much of it each transfer could have carried."""
    if direction not in ("forward", "backward") or not 1 <= hops <= 10:
        raise ValidationError("Follow the money forward or backward, 1 to 10 hops.")
    net = network.load(session, actor, file_id, Filter(kinds=frozenset({"paid"})))
    _not_in(net, entity_id)
    start = str(net.canonical[entity_id])
    ledger = _ledger(net)
    steps: list[FlowStep] = []
    if start in ledger.accounts:
        flow = cash.follow(ledger, start, direction=cash.Direction(direction), hops=hops)
        steps = [
            FlowStep(
                source=int(step.transfer.source),
                target=int(step.transfer.target),
                amount=step.amount,
                day=_day(step.transfer.at),
                depth=step.hop,
            )
            for step in flow.steps
        ]
    audit.record(
        session,
        actor,
        "intel.money.follow",
        target=f"file:{file_id}",
        query={"entity": entity_id, "direction": direction, "hops": hops},
    )
    return steps


SHOWN = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank",
         "coreness")  # fmt: skip


def _ranked(net: FileNetwork) -> tuple[graph.Network, graph.KeyPlayers | None]:
    built = graph.Network.build(net.nodes, net.edges)
    if not len(built):
        return built, None
    return built, graph.key_players(built, limit=None)


def view(
    session: Session,
    actor: Actor,
    file_id: int,
    flt: Filter | None = None,
    *,
    around: Sequence[int] = (),
    depth: int = 1,
) -> View:
    """The chart's network: nodes with measures, community, key-player score and rank, and the
    links among them. ``around`` limits it to the neighbourhood of those entities; otherwise
    the :data:`MAX_NODES` highest-ranked nodes are shown."""
    net = network.load(session, actor, file_id, flt)
    _not_in(net, *around)
    built, players = _ranked(net)
    keys: list[str] = []
    if players is not None:
        if around:
            seeds = [str(net.canonical[i]) for i in around if str(net.canonical[i]) in built.index]
            keys = list(graph.neighbourhood(built, seeds, depth, limit=MAX_NODES).keys)
        else:
            keys = [r.key for r in players.ranks[:MAX_NODES]]
    shown = set(keys)
    nodes: list[NodeView] = []
    if players is not None:
        ranks = {r.key: r for r in players.ranks}
        for key in keys:
            entity, rank = net.entity(key), ranks[key]
            nodes.append(
                NodeView(
                    id=entity.id,
                    kind=entity.kind,
                    label=entity.label,
                    community=players.groups.group_of(key),
                    measures={
                        m: round(v, 6) for m, v in players.measures.of(key).items() if m in SHOWN
                    },
                    score=round(rank.score, 6),
                    rank=rank.rank,
                    record_id=entity.record_id,
                )
            )
    edges = [_edge_view(net, e.key, e.source, e.target) for e in net.edges
             if e.source in shown and e.target in shown]  # fmt: skip
    file = open_file(session, actor, file_id).file
    audit.record(
        session, actor, "intel.network.view", target=f"file:{file_id}",
        query={"around": list(around), "depth": depth} if around else None,
        result_ids=[n.id for n in nodes],
    )  # fmt: skip
    saved = _layout(net, file.layout)
    positions: dict[str, tuple[float, float]] = {}
    if not any(str(n.id) in saved.get("positions", {}) for n in nodes):
        pairs = [(str(e.source), str(e.target)) for e in edges]
        positions = graph.seeded_layout([str(n.id) for n in nodes], pairs, spacing=150.0)
    return View(nodes, edges, saved, positions)


def paths(
    session: Session,
    actor: Actor,
    file_id: int,
    source: int,
    target: int,
    *,
    time_ordered: bool = False,
    limit: int = 5,
) -> list[list[int]]:
    """Shortest paths between two entities (entity ids from source to target); with
    ``time_ordered``, only paths along which something could have passed in time order."""
    net = network.load(session, actor, file_id)
    _not_in(net, source, target)
    built = graph.Network.build(net.nodes, net.edges)
    s, t = str(net.canonical[source]), str(net.canonical[target])
    found: list[list[int]] = []
    if s in built.index and t in built.index:
        if time_ordered:
            found = [[int(k) for k in p.keys] for p in graph.time_paths(built, s, t, limit=limit)]
        else:
            found = [[int(k) for k in p.keys] for p in graph.short_paths(built, s, t, limit=limit)]
    audit.record(
        session, actor, "intel.network.paths", target=f"file:{file_id}",
        query={"source": source, "target": target, "time_ordered": time_ordered},
        result_ids=sorted({i for p in found for i in p}),
    )  # fmt: skip
    return found


def key_players(
    session: Session, actor: Actor, file_id: int, *, language: str = "en",
    limit: int | None = 50,
) -> list[KeyPlayer]:  # fmt: skip
    """The file's key players (high-value targets), each rank explained in words; every ranked
    entity when ``limit`` is ``None``."""
    net = network.load(session, actor, file_id)
    built, players = _ranked(net)
    out: list[KeyPlayer] = []
    if players is not None:
        for rank in players.ranks[:limit]:
            entity = net.entity(rank.key)
            out.append(
                KeyPlayer(
                    entity_id=entity.id,
                    label=entity.label,
                    kind=entity.kind,
                    rank=rank.rank,
                    score=float(players.scores[built.index[rank.key]]),
                    measures={m: v for m, v in players.measures.of(rank.key).items() if m in SHOWN},
                    explanation=graph.explain(rank.reasons, language),
                    key=entity.key,
                    components=dict(rank.components),
                )
            )
    audit.record(
        session, actor, "intel.network.players", target=f"file:{file_id}",
        result_ids=[p.entity_id for p in out],
    )  # fmt: skip
    return out


def communities(session: Session, actor: Actor, file_id: int) -> list[Community]:
    """Communities (Leiden), largest first, members by label."""
    net = network.load(session, actor, file_id)
    built = graph.Network.build(net.nodes, net.edges)
    out: list[Community] = []
    if len(built):
        for number, keys in enumerate(graph.communities(built).groups()):
            members = sorted(((int(k), net.entity(k).label) for k in keys), key=lambda m: m[1])
            out.append(Community(number, members))
    audit.record(session, actor, "intel.network.communities", target=f"file:{file_id}")
    return out


def disruption(
    session: Session, actor: Actor, file_id: int, *, measure: str = "betweenness", k: int = 5,
    strategy: Removal = Removal.ALL_AT_ONCE,
) -> Disruption:  # fmt: skip
    """Remove the top ``k`` by ``measure`` (or the key-player ``score``) one at a time: the
    largest component after each removal, beside the mean of removing ``k`` nodes at random.
    ``all_at_once`` takes the top ``k`` of the intact network; ``sequential`` ranks what
    remains again after each removal (the attack that hurts a network most)."""
    if measure not in graph.MEASURES and measure != graph.SCORE:
        raise ValidationError.field("measure", f"is one of {', '.join(graph.MEASURES)}, score")
    strategy = Removal(strategy)
    net = network.load(session, actor, file_id)
    built, players = _ranked(net)
    result = Disruption(measure, [], [], [], strategy)
    if players is not None:
        sequential = strategy is Removal.SEQUENTIAL
        keys = [r.key for r in players.ranks[:k]] if measure == "score" and not sequential else None
        done = graph.disrupt(built, by=measure, k=k, keys=keys, measures=players.measures,
                             adaptive=sequential)  # fmt: skip
        result = Disruption(
            measure,
            [(int(key), net.entity(key).label) for key in done.removed],
            [step.largest for step in done.steps],
            [round(step.random_largest, 2) for step in done.steps],
            strategy,
        )
    audit.record(
        session, actor, "intel.network.disruption", target=f"file:{file_id}",
        query={"measure": measure, "k": k, "strategy": strategy.value},
    )  # fmt: skip
    return result


@dataclass(slots=True)
class Period:
    """One time window and what changed since the window before (nothing for the first)."""

    label: str
    first: date
    last: date
    nodes: int
    links: int
    top: list[tuple[int, str]]
    appeared: list[tuple[int, str]]
    disappeared: list[tuple[int, str]]
    risers: list[tuple[int, str, int, int]]
    fallers: list[tuple[int, str, int, int]]


WINDOWS = 24


def _windows(net: FileNetwork) -> list[tuple[date, date]]:
    """The file's own windows when its links come in a few (start, end) blocks, as phases of
    an investigation do; otherwise six equal windows over the dated links."""
    spans = sorted({(e.start, e.end or e.start) for e in net.edges if e.start})
    if len(spans) <= WINDOWS:
        return [(first, last) for first, last in spans if last]
    first, last = spans[0][0], max(s[1] for s in spans if s[1])
    step = max((last - first).days // 6, 1)
    bounds = [first + timedelta(days=step * i) for i in range(6)] + [last + timedelta(days=1)]
    return [(a, b - timedelta(days=1)) for a, b in pairwise(bounds)]


def periods(
    session: Session, actor: Actor, file_id: int, *, measure: str = "pagerank", top: int = 5
) -> list[Period]:
    """The network window by window: who leads by ``measure``, who appears and disappears,
    who rises and falls most from one window to the next."""
    if measure not in graph.MEASURES and measure != graph.SCORE:
        raise ValidationError.field("measure", f"is one of {', '.join(graph.MEASURES)}, score")
    net = network.load(session, actor, file_id)
    windows = {f"{a.isoformat()} – {b.isoformat()}": (a, b) for a, b in _windows(net)}
    out: list[Period] = []
    if windows:
        split = graph.split_by_window(net.nodes, net.edges, windows)
        compared = graph.compare_periods(split, measure=measure, top=top)
        label = {key: net.entity(key).label for key in map(str, net.canonical.values())}

        def named(keys: Sequence[str]) -> list[tuple[int, str]]:
            return [(int(k), label[k]) for k in keys]

        changes = {t.after: t for t in compared.transitions}
        for name, (first, last) in windows.items():
            ranks = compared.ranks(name)
            change = changes.get(name)
            out.append(
                Period(
                    label=name,
                    first=first,
                    last=last,
                    nodes=len(split[name][0]),
                    links=len(split[name][1]),
                    top=named(sorted(ranks, key=ranks.__getitem__)[:top]),
                    appeared=named(change.appeared) if change else [],
                    disappeared=named(change.disappeared) if change else [],
                    risers=[(int(m.key), label[m.key], m.before, m.after) for m in change.risers]
                    if change
                    else [],
                    fallers=[(int(m.key), label[m.key], m.before, m.after) for m in change.fallers]
                    if change
                    else [],
                )
            )
    audit.record(
        session, actor, "intel.network.periods", target=f"file:{file_id}",
        query={"measure": measure},
    )  # fmt: skip
    return out
