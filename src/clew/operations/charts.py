"""A map of an operation's posts as server-side SVG, for the results report (WeasyPrint draws
SVG; the PDF cannot run the live page's scripts).

Pure: coordinates, labels and counts in, :class:`~markupsafe.Markup` out, every text through
:func:`~markupsafe.escape`. The bars and lines of the report are :mod:`clew.firearms.svg_charts`.

Edge cases: no post with coordinates draws nothing (an empty Markup); one post, or posts at
one place, are framed by a margin of a degree rather than divided by zero; a circle's area
grows with its count (a post with none is a small hollow ring).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from clew.firearms.svg_charts import PALETTE

__all__ = ["post_map"]

_FONT = 'font-family="DejaVu Sans, sans-serif"'


def post_map(
    posts: Sequence[tuple[str, float, float, int]], title: str, *, width: int = 520,
    height: int = 320,
) -> Markup:  # fmt: skip
    """One circle per ``(label, latitude, longitude, count)``, placed by an equirectangular
    projection of the posts' bounding box (longitudes shrunk by the cosine of the mean
    latitude, so a region keeps its shape), labelled with the post and its count."""
    if not posts:
        return Markup("")
    lats = [p[1] for p in posts]
    lons = [p[2] for p in posts]
    south, north = min(lats) - 1, max(lats) + 1
    west, east = min(lons) - 1, max(lons) + 1
    shrink = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * shrink, north - south
    pad = 30
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    top = max((p[3] for p in posts), default=0) or 1

    def at(lat: float, lon: float) -> tuple[float, float]:
        return (round(pad + (lon - west) * shrink * scale, 1),
                round(pad + (north - lat) * scale, 1))  # fmt: skip

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'{_FONT} font-size="9"><rect x="0" y="0" width="{width}" height="{height}" '
        f'fill="#f4f7fb" stroke="#d5dbe3"/>'
    ]
    for label, lat, lon, count in sorted(posts, key=lambda p: -p[3]):
        x, y = at(lat, lon)
        radius = round(3 + 14 * math.sqrt(max(count, 0) / top), 1)
        fill = PALETTE[0] if count else "none"
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{fill}" fill-opacity="0.6" '
            f'stroke="{PALETTE[0]}"><title>{escape(label)}: {count}</title></circle>'
            f'<text x="{x + radius + 2}" y="{y + 3}" fill="#1b2430">{escape(label[:28])} '
            f"({count})</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()
