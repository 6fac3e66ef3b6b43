"""Charts drawn on the server as inline SVG (no JavaScript: the CSP allows none but our own, and the PDF needs the
same picture). Each chart is an ``<svg role="img">`` with ``<title>`` and ``<desc>``; the pages print the same
figures as a data table beside it. Colours are presentation attributes (the CSP forbids inline styles)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

WIDTH = 640
BAR_WIDTH = 500
ROW_HEIGHT = 46
TOP = 8

# KRDS-like colours with at least 3:1 contrast against white (non-text contrast, KWCAG 5.4.3 / WCAG 1.4.11).
COLOURS = {
    "primary": "#256ef4",
    "not_started": "#6d7882",
    "on_track": "#228738",
    "delayed": "#d63d4a",
    "done": "#0b50d0",
    "no_report": "#8a949e",
}


@dataclass
class Bar:
    label: str
    value: Decimal | int
    display: str
    colour: str = COLOURS["primary"]
    # geometry, filled in by bar_chart
    y: int = 0
    width: int = 0


def bar_chart(*, chart_id: str, title: Any, desc: Any, bars: list[Bar], maximum: Decimal | int) -> SafeString:
    """A horizontal bar chart: one row per bar, its label above it and its figure at its end."""
    top = float(maximum) or 1.0
    for index, bar in enumerate(bars):
        bar.y = TOP + index * ROW_HEIGHT
        bar.width = max(0, min(BAR_WIDTH, round(BAR_WIDTH * float(bar.value) / top)))
    height = TOP + len(bars) * ROW_HEIGHT + 4
    return render_to_string(
        "actionplan/charts/bars.svg",
        {
            "chart_id": chart_id,
            "title": title,
            "desc": desc,
            "bars": bars,
            "width": WIDTH,
            "height": height,
            "bar_width": BAR_WIDTH,
            "track": BAR_WIDTH,
        },
    )


def direction_chart(overview: Any, *, chart_id: str, title: Any, desc: Any) -> SafeString:
    bars = [Bar(label=str(row.direction), value=row.percent, display=f"{row.percent}%") for row in overview.directions]
    return bar_chart(chart_id=chart_id, title=title, desc=desc, bars=bars, maximum=100)


def status_chart(overview: Any, *, chart_id: str, title: Any, desc: Any, unit: str) -> SafeString:
    counts = overview.status_counts
    total = sum(count for _value, _label, count in counts) or 1
    bars = [
        Bar(label=str(label), value=count, display=f"{count}{unit}", colour=COLOURS.get(value, COLOURS["primary"]))
        for value, label, count in counts
    ]
    return bar_chart(chart_id=chart_id, title=title, desc=desc, bars=bars, maximum=total)
