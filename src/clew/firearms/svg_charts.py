"""Small server-side SVG charts for the statistical report (WeasyPrint draws SVG natively):
horizontal bars, a heatmap and lines by month.

Pure: numbers and labels in, :class:`~markupsafe.Markup` out; every text goes through
:func:`~markupsafe.escape`. The page draws the same numbers with D3 in the browser; the PDF
cannot run scripts, hence these.

Edge cases: no data draws nothing (an empty Markup, the template says *none*); a zero maximum
draws empty bars and the palest cells rather than dividing by zero; a label longer than
``LABEL`` characters is cut with an ellipsis (the tables beside the charts hold the full text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

__all__ = ["PALETTE", "bars", "heatmap", "lines"]

PALETTE = ("#0b5cab", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
LABEL = 24
_FONT = 'font-family="DejaVu Sans, sans-serif"'


def _cut(text: str, size: int = LABEL) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
            f'{_FONT} font-size="10">')  # fmt: skip


def bars(
    items: Sequence[tuple[str, float]], title: str, *, fmt: Callable[[float], str] = str,
    width: int = 520, colour: str = PALETTE[0],
) -> Markup:  # fmt: skip
    """One horizontal bar per ``(label, value)``, in the given order, the value at its end."""
    if not items:
        return Markup("")
    left, right, row = 150, 60, 18
    height = row * len(items) + 10
    top = max((v for _, v in items), default=0) or 1
    parts = [_open(width, height, title)]
    for n, (label, value) in enumerate(items):
        y = 5 + n * row
        length = round((width - left - right) * max(value, 0) / top, 1)
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" fill="#1b2430">'
            f"{escape(_cut(label))}</text>"
            f'<rect x="{left}" y="{y + 2}" width="{length}" height="{row - 5}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
            f'<text x="{left + length + 4}" y="{y + 12}" fill="#1b2430">'
            f"{escape(fmt(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def _shade(value: int, top: int) -> str:
    """White to the palette's blue, by ``value / top``."""
    share = value / top if top else 0.0
    r, g, b = (round(255 - (255 - c) * share) for c in (0x0B, 0x5C, 0xAB))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(
    rows: Sequence[str], columns: Sequence[str], cells: dict[str, dict[str, int]], title: str,
    *, row_title: str = "", column_title: str = "",
) -> Markup:  # fmt: skip
    """A grid of ``cells[row][column]`` counts, darker for more, the count written inside."""
    if not rows or not columns:
        return Markup("")
    cell, left, head = 34, 70, 46
    width, height = left + cell * len(columns) + 10, head + cell * len(rows) + 10
    top = max((n for r in cells.values() for n in r.values()), default=0)
    parts = [_open(width, height, title)]
    if column_title:
        parts.append(f'<text x="{left}" y="12" fill="#5b6675">{escape(column_title)}</text>')
    if row_title:
        parts.append(f'<text x="4" y="{head - 6}" fill="#5b6675">{escape(row_title)}</text>')
    for c, column in enumerate(columns):
        x = left + c * cell + cell / 2
        parts.append(f'<text x="{x}" y="{head - 6}" text-anchor="middle" fill="#1b2430">'
                     f"{escape(column)}</text>")  # fmt: skip
    for r, row in enumerate(rows):
        y = head + r * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4}" text-anchor="end" '
                     f'fill="#1b2430">{escape(row)}</text>')  # fmt: skip
        for c, column in enumerate(columns):
            value = cells.get(row, {}).get(column, 0)
            x = left + c * cell
            ink = "#ffffff" if top and value / top > 0.5 else "#1b2430"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{_shade(value, top)}" stroke="#d5dbe3"><title>{escape(row)} → '
                f"{escape(column)}: {value}</title></rect>"
            )
            if value:
                parts.append(f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 3}" '
                             f'text-anchor="middle" fill="{ink}">{value}</text>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def lines(
    months: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], title: str,
    *, width: int = 520, height: int = 200,
) -> Markup:  # fmt: skip
    """One line per ``(name, counts by month)``, months along the bottom, a legend below."""
    if not months or not series:
        return Markup("")
    left, bottom, top_pad = 30, 30, 10
    legend = 16 * len(series)
    top = max((n for _, counts in series for n in counts), default=0) or 1
    span = max(len(months) - 1, 1)
    plot_w, plot_h = width - left - 10, height - bottom - top_pad

    def at(i: int, n: int) -> tuple[float, float]:
        x = left + (plot_w * i / span if len(months) > 1 else plot_w / 2)
        return round(x, 1), round(top_pad + plot_h * (1 - n / top), 1)

    parts = [_open(width, height + legend, title)]
    parts.append(f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" '
                 f'y2="{top_pad + plot_h}" stroke="#9aa5b3"/>'
                 f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" '
                 f'fill="#5b6675">{top}</text>')  # fmt: skip
    step = max(1, len(months) // 8)
    for i, month in enumerate(months):
        if i % step == 0:
            x, _ = at(i, 0)
            parts.append(f'<text x="{x}" y="{top_pad + plot_h + 14}" text-anchor="middle" '
                         f'fill="#1b2430">{escape(month)}</text>')  # fmt: skip
    for s, (name, counts) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points = " ".join(f"{x},{y}" for x, y in (at(i, n) for i, n in enumerate(counts)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"/>')  # fmt: skip
        for i, n in enumerate(counts):
            x, y = at(i, n)
            parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"><title>'
                         f"{escape(name)} · {escape(months[i])}: {n}</title></circle>")  # fmt: skip
        y = height + 12 + 16 * s - 4
        parts.append(
            f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + 16}" y="{y}" fill="#1b2430">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()
