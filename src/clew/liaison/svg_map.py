"""The joint report's map, drawn on the server as SVG (so the PDF has it too): country shapes
around the incidents, one marker per located incident (coloured by kind) and a square per
office.

The shapes are those the routes page draws in the browser (the vendored Natural Earth
``world-atlas``, served under ``/vendor/world-atlas/``), read here from the same file and
projected with an equirectangular projection around the markers (x shrunk by the cosine of the
middle latitude, which is faithful enough over a border region). Colours and the SVG's frame
come from :mod:`clew.firearms.svg_charts`, as the report's other charts.

Edge cases: no marker draws nothing (an empty Markup; the page says *none*); a single marker, or
markers a few metres apart, get at least :data:`MIN_SPAN` degrees of surroundings; without the
atlas file (a build without the vendored packages) the markers are drawn on a plain background.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from clew.firearms.svg_charts import PALETTE

__all__ = ["ATLAS", "MIN_SPAN", "Marker", "incident_map"]

ATLAS = Path(__file__).resolve().parents[3] / "node_modules" / "world-atlas" / "countries-50m.json"
MIN_SPAN = 0.4  # degrees of latitude/longitude shown at least

Ring = list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Marker:
    latitude: float
    longitude: float
    title: str
    group: int = 0  # the colour (an incident kind's position)


@cache
def _shapes() -> tuple[tuple[tuple[float, float, float, float], tuple[Ring, ...]], ...]:
    """Each country as (its bounding box, its rings in lon/lat), decoded from TopoJSON."""
    if not ATLAS.is_file():
        return ()
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part[1:] if points else part)
        return points

    shapes = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {
            "Polygon": [geometry.get("arcs", [])],
            "MultiPolygon": geometry.get("arcs", []),
        }.get(geometry.get("type"), [])
        rings = tuple(ring(r) for polygon in polygons for r in polygon)  # fmt: skip
        if rings:
            xs = [p[0] for r in rings for p in r]
            ys = [p[1] for r in rings for p in r]
            shapes.append(((min(xs), min(ys), max(xs), max(ys)), rings))
    return tuple(shapes)


def incident_map(
    incidents: Sequence[Marker], offices: Sequence[Marker], title: str,
    legend: Sequence[tuple[int, str]] = (), *, width: int = 640,
) -> Markup:  # fmt: skip
    """The incidents (circles, class ``incident``) and offices (squares) on their countries;
    ``legend`` names the colour groups shown, as ``(group, name)``."""
    if not incidents:
        return Markup("")
    every = [*incidents, *offices]
    lats = [m.latitude for m in every]
    lons = [m.longitude for m in every]
    mid_lat = (min(lats) + max(lats)) / 2
    span_lat = max(max(lats) - min(lats), MIN_SPAN) * 1.3
    span_lon = max(max(lons) - min(lons), MIN_SPAN) * 1.3
    west, east = (min(lons) + max(lons) - span_lon) / 2, (min(lons) + max(lons) + span_lon) / 2
    south, north = mid_lat - span_lat / 2, mid_lat + span_lat / 2
    shrink = max(math.cos(math.radians(mid_lat)), 0.2)
    scale = width / (span_lon * shrink)
    height = max(min(round(span_lat * scale), width), 200)
    scale = min(scale, height / span_lat)
    x0 = width / 2 - (west + east) / 2 * shrink * scale
    y0 = height / 2 + (south + north) / 2 * scale

    def at(lon: float, lat: float) -> tuple[float, float]:
        return round(x0 + lon * shrink * scale, 1), round(y0 - lat * scale, 1)

    legend_h = 16 * len(legend)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + legend_h}" '
        f'width="{width}" height="{height + legend_h}" role="img" aria-label="{escape(title)}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">'
        f'<clipPath id="incident-map-frame"><rect width="{width}" height="{height}"/></clipPath>'
        f'<rect width="{width}" height="{height}" fill="#eaf2fb"/>'
        '<g clip-path="url(#incident-map-frame)" fill="#f4f1ea" stroke="#b9b2a3" '
        'stroke-width="0.6">'
    ]
    margin = 2.0
    for (bw, bs, be, bn), rings in _shapes():
        if be < west - margin or bw > east + margin or bn < south - margin or bs > north + margin:
            continue
        d = "".join(
            "M" + "L".join(f"{x},{y}" for x, y in (at(lon, lat) for lon, lat in r)) + "Z"
            for r in rings
        )
        parts.append(f'<path d="{d}"/>')
    parts.append("</g>")
    for n, office in enumerate(offices):
        x, y = at(office.longitude, office.latitude)
        # the second office's name on its left, below: facing offices are often a few km apart
        label = (f'x="{x + 8}" y="{y - 6}"' if n % 2 == 0
                 else f'x="{x - 8}" y="{y + 14}" text-anchor="end"')  # fmt: skip
        parts.append(
            f'<rect class="office" x="{x - 5}" y="{y - 5}" width="10" height="10" fill="#1b2430">'
            f"<title>{escape(office.title)}</title></rect>"
            f'<text {label} font-weight="600" font-size="12" fill="#1b2430">'
            f"{escape(office.title)}</text>"
        )
    for marker in incidents:
        x, y = at(marker.longitude, marker.latitude)
        colour = PALETTE[marker.group % len(PALETTE)]
        parts.append(
            f'<circle class="incident" cx="{x}" cy="{y}" r="4" fill="{colour}" '
            f'fill-opacity="0.8" stroke="#ffffff" stroke-width="0.8">'
            f"<title>{escape(marker.title)}</title></circle>"
        )
    for n, (group, name) in enumerate(legend):
        y = height + 12 + 16 * n
        parts.append(
            f'<circle cx="14" cy="{y - 4}" r="5" fill="{PALETTE[group % len(PALETTE)]}"/>'
            f'<text x="24" y="{y}" fill="#1b2430">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()
