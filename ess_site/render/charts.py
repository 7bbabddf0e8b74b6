"""Render stage helper: horizontal bar charts as SVG, made at build time (no JavaScript).

Each row is a label, then a bar with its value at the end; stacked this way the chart stays
narrow, so it scales down to a phone without shrinking its text much. The SVG is decorative
for assistive technologies (aria-hidden); the page gives the same numbers as a table.
Colours are presentation attributes, which the Content-Security-Policy allows, and the
stylesheet turns them to system colours in forced-colours mode.
"""

from markupsafe import Markup, escape

from ..formats import pourcent

WIDTH, ROW, BAR, BAR_WIDTH, FONT = 400, 50, 14, 330, 16
FILL, TRACK, INK = "#0b5d55", "#e3f0ec", "#1c2b29"


def bar_chart(rows: list[tuple[str, float]]) -> Markup:
    """rows: (label, share between 0 and 1), drawn in the given order."""
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {ROW * len(rows)}" aria-hidden="true" focusable="false" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="{FONT}">']
    for index, (label, share) in enumerate(rows):
        top = index * ROW
        bar_y = top + FONT + 8
        parts += [
            f'<text class="chart-text chart-label" x="0" y="{top + FONT}" fill="{INK}">{escape(label)}</text>',
            f'<rect class="chart-track" x="0" y="{bar_y}" width="{BAR_WIDTH}" height="{BAR}" fill="{TRACK}"/>',
            f'<rect class="chart-bar" x="0" y="{bar_y}" width="{max(BAR_WIDTH * share, 1.5):.1f}" height="{BAR}" fill="{FILL}"/>',
            f'<text class="chart-text chart-value" x="{BAR_WIDTH + 8}" y="{bar_y + BAR - 2}" fill="{INK}">{pourcent(share, 0)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
