"""Render stage helper: horizontal bar charts as SVG, made at build time (no JavaScript).

The SVG is decorative for assistive technologies (aria-hidden); the page gives the same
numbers as a table. Colours are presentation attributes, which the Content-Security-Policy
allows, and the stylesheet turns them to system colours in forced-colours mode.
"""

from markupsafe import Markup, escape

from .formats import pourcent

ROW, BAR, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 34, 20, 240, 300, 60
FILL, TRACK, INK = "#0b5d55", "#e3f0ec", "#1c2b29"


def bar_chart(rows: list[tuple[str, float]]) -> Markup:
    """rows: (label, share between 0 and 1), drawn in the given order."""
    height = ROW * len(rows)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" aria-hidden="true" focusable="false" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="14">']
    for index, (label, share) in enumerate(rows):
        y = index * ROW
        middle = y + ROW / 2
        length = max(BAR_WIDTH * share, 1.5)
        parts += [
            f'<text x="{LABEL_WIDTH - 10}" y="{middle:.1f}" text-anchor="end" dominant-baseline="middle" fill="{INK}" class="chart-text">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{middle - BAR / 2:.1f}" width="{BAR_WIDTH}" height="{BAR}" fill="{TRACK}" class="chart-track"/>',
            f'<rect x="{LABEL_WIDTH}" y="{middle - BAR / 2:.1f}" width="{length:.1f}" height="{BAR}" fill="{FILL}" class="chart-bar"/>',
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{middle:.1f}" dominant-baseline="middle" fill="{INK}" class="chart-text">{pourcent(share, 0)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
