"""Output models of trace routes and statistics (API and CLI share them), built from the pure
values of :mod:`clew.firearms.stats` and :mod:`clew.firearms.routes`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from clew.firearms.routes import CountryTotals, Flow
from clew.firearms.stats import CountryStats, Statistics

if TYPE_CHECKING:
    from clew.firearms.trace_stats import Routes

__all__ = [
    "CountryFlows",
    "CountryTraces",
    "FlowPublic",
    "Frequency",
    "TraceRoutes",
    "TraceStatistics",
]


class CountryTraces(BaseModel):
    country: str = Field(description="ISO 3166-1 alpha-2")
    sent: int = Field(description="Traces its agencies requested")
    received: int = Field(description="Addressed-agency rows naming it")
    answered: int
    response_rate: float | None = Field(description="answered / received; null if none")
    median_days_to_answer: float | None

    @classmethod
    def of(cls, value: CountryStats) -> CountryTraces:
        return cls(
            country=value.country, sent=value.sent, received=value.received,
            answered=value.answered, response_rate=value.response_rate,
            median_days_to_answer=value.median_days_to_answer,
        )  # fmt: skip


class Frequency(BaseModel):
    value: str
    traces: int


class TraceStatistics(BaseModel):
    """Figures of the traces the caller's agency may see (see ``clew.firearms.stats``)."""

    traces: int
    countries: list[CountryTraces]
    response_rate: float | None
    median_days_to_answer: float | None
    top_makes: list[Frequency]
    top_types: list[Frequency]
    top_calibres: list[Frequency]
    matrix: dict[str, dict[str, int]] = Field(
        description="Source (diversion) country -> recovery country -> traces"
    )
    indicators_by_month: dict[str, dict[str, int]] = Field(
        description="YYYY-MM of opening -> trafficking indicator -> traces"
    )

    @classmethod
    def of(cls, stats: Statistics) -> TraceStatistics:
        def top(pairs: tuple[tuple[str, int], ...]) -> list[Frequency]:
            return [Frequency(value=v, traces=n) for v, n in pairs]

        return cls(
            traces=stats.traces, countries=[CountryTraces.of(c) for c in stats.countries],
            response_rate=stats.response_rate,
            median_days_to_answer=stats.median_days_to_answer,
            top_makes=top(stats.top_makes), top_types=top(stats.top_types),
            top_calibres=top(stats.top_calibres), matrix=stats.matrix,
            indicators_by_month=stats.indicators_by_month,
        )  # fmt: skip


class FlowPublic(BaseModel):
    origin: str = Field(description="Country of the point of diversion (alpha-2)")
    destination: str = Field(description="Country of recovery (alpha-2)")
    firearms: int
    domestic: bool

    @classmethod
    def of(cls, flow: Flow) -> FlowPublic:
        return cls(origin=flow.origin, destination=flow.destination, firearms=flow.count,
                   domestic=flow.domestic)  # fmt: skip


class CountryFlows(BaseModel):
    country: str
    outgoing: int = Field(description="Firearms diverted here and recovered elsewhere")
    incoming: int = Field(description="Firearms diverted elsewhere and recovered here")
    domestic: int

    @classmethod
    def of(cls, totals: CountryTotals) -> CountryFlows:
        return cls(country=totals.country, outgoing=totals.outgoing, incoming=totals.incoming,
                   domestic=totals.domestic)  # fmt: skip


class TraceRoutes(BaseModel):
    firearms: int = Field(description="Traced firearms read, with or without a known route")
    flows: list[FlowPublic]
    countries: list[CountryFlows]

    @classmethod
    def of(cls, routes: Routes) -> TraceRoutes:
        return cls(firearms=routes.firearms, flows=[FlowPublic.of(f) for f in routes.flows],
                   countries=[CountryFlows.of(c) for c in routes.countries])  # fmt: skip
