"""Charts drawn on the server as inline SVG (no JavaScript: the CSP allows none inline, and screen readers get the
same figures from the table beside each chart). Renderers only: they take figures and return geometry."""

from dataclasses import dataclass
from decimal import Decimal

from proactive.outreach.queries.figures import Figures

BAR_HEIGHT = 14
ROW_HEIGHT = 44
LABEL_WIDTH = 230
BAR_WIDTH = 420
VALUE_GAP = 8
TOP = 30


@dataclass
class Bar:
    y: int
    width: int
    value: str
    left: int = LABEL_WIDTH

    @property
    def text_x(self) -> int:
        return self.left + self.width + VALUE_GAP

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3


@dataclass
class ChartRow:
    label: str
    label_y: int
    current: Bar
    previous: Bar


@dataclass
class Chart:
    width: int
    height: int
    left: int
    rows: list[ChartRow]
    legend_y: int
    bar_height: int = BAR_HEIGHT


def _number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:,f}" if value != value.to_integral() else f"{int(value):,}"
    return f"{value:,}"


def comparison_chart(figures: Figures) -> Chart:
    """Each indicator as two horizontal bars, the period's and the previous period's, scaled to the larger of the
    two (indicators count different things: each row has its own scale, and the numbers are printed)."""
    rows = []
    for index, row in enumerate(figures.rows):
        top = TOP + index * ROW_HEIGHT
        scale = max(abs(float(row.current)), abs(float(row.previous)), 1.0)
        rows.append(
            ChartRow(
                label=str(row.indicator.label),
                label_y=top + BAR_HEIGHT,
                current=Bar(top, round(BAR_WIDTH * max(float(row.current), 0) / scale), _number(row.current)),
                previous=Bar(
                    top + BAR_HEIGHT + 2,
                    round(BAR_WIDTH * max(float(row.previous), 0) / scale),
                    _number(row.previous),
                ),
            )
        )
    height = TOP + len(rows) * ROW_HEIGHT + 10
    return Chart(width=LABEL_WIDTH + BAR_WIDTH + 90, height=height, left=LABEL_WIDTH, rows=rows, legend_y=16)
