"""Server-side SVG bar chart of a result (no CKAN, no JavaScript).

One horizontal bar per domain, its length the mean answer as a percentage;
vertical lines mark the levels; optional markers show the previous
assessment and the network median. Every text is escaped here, so the
caller may insert the SVG as markup.
"""
from __future__ import annotations

from html import escape
from typing import Any, Sequence

ROW = 30
LABEL_W = 230
BAR_W = 380
PAD = 12
COLOURS = ("#c0392b", "#e67e22", "#2e86c1", "#1e8449")  # per level


def _head(width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="maturity-chart" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="maturity-chart-title maturity-chart-desc">',
        f'<title id="maturity-chart-title">{escape(title)}</title>',
        f'<desc id="maturity-chart-desc">{escape(description)}</desc>',
        '<style>text{font:12px sans-serif;fill:#222}'
        '.grid{stroke:#bbb;stroke-dasharray:3 3}'
        '.prev{stroke:#111;stroke-width:3}.median{fill:#fff;stroke:#111;'
        'stroke-width:1.5}</style>',
    ]


def _grid(level_labels: Sequence[str], x0: float, top: int,
          bottom: int) -> list[str]:
    """A dashed vertical line per level, its label above."""
    out = []
    steps = max(len(level_labels) - 1, 1)
    for i, label in enumerate(level_labels):
        x = x0 + BAR_W * i / steps
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 6}" '
                   f'x2="{x:.1f}" y2="{bottom}"/>')
        anchor = "start" if i == 0 else "end" if i == steps else "middle"
        out.append(f'<text x="{x:.1f}" y="{top - 12}" '
                   f'text-anchor="{anchor}">{escape(label)}</text>')
    return out


def _row(row: dict[str, Any], x0: float, y: float) -> list[str]:
    """A domain's label, bar, previous marker and median marker."""
    out = [f'<text x="{LABEL_W}" y="{y + ROW / 2 + 4:.1f}" '
           f'text-anchor="end">{escape(row["label"])}</text>']
    percent = row.get("percent")
    if percent is not None:
        level = row.get("level") or 0
        colour = COLOURS[min(level, len(COLOURS) - 1)]
        w = max(BAR_W * percent / 100, 2)
        out.append(f'<rect x="{x0}" y="{y + 6}" width="{w:.1f}" '
                   f'height="{ROW - 12}" fill="{colour}"><title>'
                   f'{escape(row["label"])}: {percent}%</title></rect>')
    prev = row.get("previous_percent")
    if prev is not None:
        x = x0 + BAR_W * prev / 100
        out.append(f'<line class="prev" x1="{x:.1f}" y1="{y + 3}" '
                   f'x2="{x:.1f}" y2="{y + ROW - 3}"/>')
    med = row.get("median_percent")
    if med is not None:
        x = x0 + BAR_W * med / 100
        cy = y + ROW / 2
        out.append(f'<polygon class="median" points="{x:.1f},{cy - 6} '
                   f'{x + 6:.1f},{cy} {x:.1f},{cy + 6} {x - 6:.1f},{cy}"/>')
    return out


def _legend(x0: float, legend_y: int, previous_label: str,
            median_label: str) -> list[str]:
    out = []
    if previous_label:
        out.append(f'<line class="prev" x1="{x0}" y1="{legend_y - 10}" '
                   f'x2="{x0}" y2="{legend_y + 2}"/>')
        out.append(f'<text x="{x0 + 8}" y="{legend_y}">'
                   f'{escape(previous_label)}</text>')
    if median_label:
        mx = x0 + BAR_W / 2
        out.append(f'<polygon class="median" points="{mx},{legend_y - 10} '
                   f'{mx + 6},{legend_y - 4} {mx},{legend_y + 2} '
                   f'{mx - 6},{legend_y - 4}"/>')
        out.append(f'<text x="{mx + 10}" y="{legend_y}">'
                   f'{escape(median_label)}</text>')
    return out


def bar_chart(rows: Sequence[dict[str, Any]], level_labels: Sequence[str],
              title: str, description: str = "",
              previous_label: str = "", median_label: str = "") -> str:
    """rows: ``label``, ``percent`` (0..100 or None), ``level`` (index into
    level_labels or None), optional ``previous_percent`` and
    ``median_percent``."""
    top = 36
    height = top + ROW * len(rows) + 48
    width = LABEL_W + BAR_W + 2 * PAD + 40
    x0 = LABEL_W + PAD
    out = _head(width, height, title, description)
    out += _grid(level_labels, x0, top, top + ROW * len(rows))
    for n, row in enumerate(rows):
        out += _row(row, x0, top + ROW * n)
    out += _legend(x0, top + ROW * len(rows) + 28, previous_label,
                   median_label)
    out.append("</svg>")
    return "\n".join(out)
