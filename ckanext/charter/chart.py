"""Server-side SVG line chart of the average metadata quality score per
month (no CKAN, no JavaScript). Every text is escaped here, so the caller
may insert the SVG as markup; a table beside it carries the same figures."""
from __future__ import annotations

from html import escape
from typing import Any, Sequence

WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 600, 260, 48, 20, 40
# Room right of the last point for half its label ("2026-11"): without it
# the label was cut at the edge.
RIGHT = 32
# The rating bands behind the line, highest first: their lower bounds come
# from the MQA method (data/mqa.yaml); the colours are the page's.
BAND_COLOURS = ("#1e8449", "#2e86c1", "#e67e22", "#c0392b")


def line_chart(points: Sequence[dict[str, Any]], title: str,
               band_minimums: Sequence[int], max_score: int,
               description: str = "") -> str:
    """points: ``label`` and ``value`` (0..max_score or None), in order;
    the line breaks where a value is None (a month without figures).
    band_minimums: the lowest score of each rating, highest first."""
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM

    def y(v):
        return TOP + inner_h * (1 - v / max_score)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="charter-chart" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
           f'aria-labelledby="charter-chart-title charter-chart-desc">',
           f'<title id="charter-chart-title">{escape(title)}</title>',
           f'<desc id="charter-chart-desc">{escape(description)}</desc>',
           '<style>text{font:11px sans-serif;fill:#222}'
           '.line{fill:none;stroke:#111;stroke-width:2}</style>']
    upper = max_score
    for lower, colour in zip(band_minimums, BAND_COLOURS):
        out.append(f'<rect x="{LEFT}" y="{y(upper):.1f}" width="{inner_w}" '
                   f'height="{y(lower) - y(upper):.1f}" fill="{colour}" '
                   f'fill-opacity="0.12"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y(lower) + 4:.1f}" '
                   f'text-anchor="end">{lower}</text>')
        upper = lower
    n = len(points)
    step = inner_w / max(n - 1, 1)
    coords, segments, segment = [], [], []
    for i, p in enumerate(points):
        x = LEFT + (step * i if n > 1 else inner_w / 2)
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                   f'text-anchor="middle">{escape(str(p["label"]))}</text>')
        if p.get("value") is not None:
            coords.append((x, y(float(p["value"])), p))
            segment.append(coords[-1])
        else:  # a gap: the line stops and starts again after it
            segments.append(segment)
            segment = []
    segments.append(segment)
    for part in segments:
        if len(part) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _ in part)
            out.append(f'<polyline class="line" points="{path}"/>')
    for x, yy, p in coords:
        out.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4" fill="#111">'
                   f'<title>{escape(str(p["label"]))}: {p["value"]}</title>'
                   f'</circle>')
    out.append("</svg>")
    return "\n".join(out)
