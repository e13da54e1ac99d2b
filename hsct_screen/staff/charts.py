"""Bar charts as SVG built on the server: no JavaScript, no inline styles, text labels beside the colours."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hsct_screen.staff.selectors import WeekFigures

# Colours match the outcome panels the patient saw; each also has a text label in the legend and table.
OUTCOME_COLOURS = {
    "possible_candidate": "#00703c",
    "unlikely_candidate": "#505a5f",
    "more_information_needed": "#b58800",
}

WIDTH = 720
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 72
FONT = 'font-family="sans-serif" font-size="14"'


@dataclass(frozen=True)
class Series:
    key: str
    label: str


def nice_ceiling(value: int) -> int:
    """A round number at or above value for the top of the axis: 1, 2, 5, 10, 20, 50..."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _svg_open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def weekly_stacked_bars(
    weeks: Sequence[WeekFigures], series: Sequence[Series], *, chart_id: str, title: str, description: str
) -> SafeString:
    """One bar per week, stacked by series, with the weekly total written above each bar when there is room."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max((week.total for week in weeks), default=0))
    slot = plot_width / max(len(weeks), 1)
    bar_width = max(slot * 0.7, 1)
    parts = _svg_open(chart_id, title, description, HEIGHT)

    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_height - plot_height * tick / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6"/>')
        label = f"{value:g}" if value == int(value) else f"{value:.1f}"
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT} fill="#0b0c0c">{label}</text>')

    label_every = max(1, math.ceil(len(weeks) / 12))
    for index, week in enumerate(weeks):
        x = LEFT + slot * index + (slot - bar_width) / 2
        y_bottom = TOP + plot_height
        for item in series:
            count = week.counts.get(item.key, 0)
            if not count:
                continue
            height = plot_height * count / top
            y_bottom -= height
            tooltip = _("Week of %(week)s: %(count)d %(label)s") % {
                "week": date_format(week.week_start, "SHORT_DATE_FORMAT"),
                "count": count,
                "label": item.label,
            }
            parts.append(
                f'<rect x="{x:.1f}" y="{y_bottom:.1f}" width="{bar_width:.1f}" height="{height:.1f}" '
                f'fill="{OUTCOME_COLOURS.get(item.key, "#1d3557")}" stroke="#ffffff" stroke-width="1"><title>{escape(tooltip)}</title></rect>'
            )
        if len(weeks) <= 26 and week.total:
            parts.append(
                f'<text x="{x + bar_width / 2:.1f}" y="{y_bottom - 4:.1f}" text-anchor="middle" {FONT} '
                f'fill="#0b0c0c">{week.total}</text>'
            )
        if index % label_every == 0:
            label_x, label_y = x + bar_width / 2, TOP + plot_height + 14
            parts.append(
                f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="end" {FONT} fill="#0b0c0c" '
                f'transform="rotate(-45 {label_x:.1f} {label_y:.1f})">{escape(date_format(week.week_start, "j M"))}</text>'
            )

    legend_x = LEFT
    for item in series:
        colour = OUTCOME_COLOURS.get(item.key, "#1d3557")
        parts.append(f'<rect x="{legend_x}" y="{HEIGHT - 14}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 16}" y="{HEIGHT - 3}" {FONT} fill="#0b0c0c">{escape(item.label)}</text>')
        legend_x += 28 + 8 * len(item.label)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def horizontal_bars(items: Sequence[tuple[Series, int]], *, chart_id: str, title: str, description: str) -> SafeString:
    """One labelled bar per item: the label, the count and the share are written next to the bar."""
    row, label_width = 36, 230
    height = TOP + row * len(items) + 8
    total = sum(count for _series, count in items)
    widest = max((count for _series, count in items), default=0) or 1
    plot_width = WIDTH - label_width - 140
    parts = _svg_open(chart_id, title, description, height)
    for index, (item, count) in enumerate(items):
        y = TOP + row * index
        share = round(100 * count / total) if total else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" {FONT} fill="#0b0c0c">{escape(item.label)}</text>'
        )
        bar = plot_width * count / widest
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{bar:.1f}" height="18" '
            f'fill="{OUTCOME_COLOURS.get(item.key, "#1d3557")}"/>'
        )
        parts.append(
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 17}" {FONT} fill="#0b0c0c">{count} ({share}%)</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
