"""The programme's statistics (public) and the per-round exports for the committee and HR.

The statistics page needs no sign-in. The exports page and the downloads need
``nominations.export_round_results`` (secretariat, committee chair, HR officers); each download is audited.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from proactive.core.tabular import table_response
from proactive.nominations.models import SelectionRound
from proactive.nominations.queries import statistics as queries
from proactive.nominations.services.statistics import EXPORT_PERMISSION, record_round_export

# Geometry of the bar chart (SVG user units); the template only places what is computed here.
CHART_WIDTH = 720
CHART_HEIGHT = 260
CHART_LEFT = 40
CHART_TOP = 16
CHART_BOTTOM = 40
PLOT_HEIGHT = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
GRID_LINES = 4


def register() -> None:
    """The public statistics page in the selection menu (called from NominationsConfig.ready)."""
    from proactive.web.navigation import MenuItem, add_menu_items  # app registry is ready here

    add_menu_items("selection", [MenuItem(gettext_lazy("Statistics"), "nominations:statistics")])


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int


@dataclass
class Group:
    label: str
    label_x: int
    found: Bar
    officials: Bar


def _half_label(year: int, half: int) -> str:
    return (_("%(year)s H1") if half == 1 else _("%(year)s H2")) % {"year": year}


def _nice_maximum(value: int) -> int:
    """The smallest GRID_LINES × (1, 2 or 5 × 10ⁿ) at or above ``value``: round numbers on the grid lines."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * GRID_LINES >= value:
                return factor * magnitude * GRID_LINES
        magnitude *= 10


def chart(rows: list[queries.RoundRow]) -> dict | None:
    """Bars per half-year: best practices found and officials selected in the round (not cumulative)."""
    if not rows:
        return None
    maximum = _nice_maximum(max(max(r.best_practices, r.officials) for r in rows))
    slot = (CHART_WIDTH - CHART_LEFT) // len(rows)
    bar = max(4, min(24, (slot - 8) // 2))
    base = CHART_TOP + PLOT_HEIGHT

    def make(x: int, value: int) -> Bar:
        height = round(value * PLOT_HEIGHT / maximum)
        return Bar(x=x, y=base - height, width=bar, height=height, value=value)

    groups = []
    for index, row in enumerate(rows):
        left = CHART_LEFT + index * slot + (slot - 2 * bar) // 2
        groups.append(
            Group(
                label=_half_label(row.round.year, row.round.half),
                label_x=left + bar,
                found=make(left, row.best_practices),
                officials=make(left + bar, row.officials),
            )
        )
    grid = [
        {"y": base - round(step * PLOT_HEIGHT / GRID_LINES), "value": maximum * step // GRID_LINES}
        for step in range(GRID_LINES + 1)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH,
        "base": base,
        "label_y": base + 18,
        "legend_y": CHART_HEIGHT - 6,
        "groups": groups,
        "grid": grid,
    }


def statistics(request):
    """Cumulative figures of every round with confirmed grades: headline totals, per half-year with running
    totals and a chart, per top-level unit, per case type and per grade. Public."""
    stats = queries.programme_statistics()
    context = {
        "stats": stats,
        "chart": chart(stats.rounds),
        "export_rounds": list(queries.rounds_for_exports()) if request.user.has_perm(EXPORT_PERMISSION) else [],
    }
    return render(request, "nominations/statistics/statistics.html", context)


def _exports_context(selection_round: SelectionRound) -> dict:
    reasons = queries.export_availability(selection_round)
    labels = {
        "scores": _("Scores by stage, reviewer and criterion"),
        "tally": _("Online vote tally"),
        "results": _("Results: stage points, total, rank and grade"),
    }
    exports = [
        {"kind": kind, "label": labels[kind], "reason": reasons[kind], "formats": queries.EXPORT_FORMATS}
        for kind in queries.EXPORT_KINDS
    ]
    return {"round": selection_round, "exports": exports}


@login_required
@require_GET
@permission_required(EXPORT_PERMISSION, raise_exception=True)
def round_exports(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    return render(request, "nominations/statistics/round_exports.html", _exports_context(selection_round))


@login_required
@require_GET
@permission_required(EXPORT_PERMISSION, raise_exception=True)
def round_export(request, round_pk: int, kind: str, fmt: str):
    """One export as CSV or XLSX, refused with the reason while it is not available yet; audited."""
    if kind not in queries.EXPORT_KINDS or fmt not in queries.EXPORT_FORMATS:
        raise Http404
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    reason = queries.export_availability(selection_round)[kind]
    if reason:
        context = {**_exports_context(selection_round), "refused": reason}
        return render(request, "nominations/statistics/round_exports.html", context, status=409)
    headers, rows = queries.EXPORT_TABLES[kind](selection_round)
    record_round_export(actor=request.user, round=selection_round, kind=kind, fmt=fmt, rows=len(rows))
    filename = f"round-{selection_round.year}-{selection_round.half}-{kind}"
    return table_response(fmt, filename, headers, rows)
