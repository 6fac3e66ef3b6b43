"""The programme's figures on one dashboard (per year, half, quarter or custom range, beside the previous period,
with a server-drawn chart and the same figures as a table) and the MOIS evaluation export (XLSX)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from proactive.core import tabular
from proactive.outreach.charts import comparison_chart
from proactive.outreach.enums import PeriodKind
from proactive.outreach.exports import mois_workbook
from proactive.outreach.forms import ExportForm, PeriodForm
from proactive.outreach.queries.figures import (
    Period,
    custom_period,
    figures_for,
    half_period,
    quarter_period,
    year_period,
)
from proactive.outreach.services.common import today
from proactive.outreach.views.activities import SECTION
from proactive.outreach.views.common import require
from proactive.web.navigation import MenuItem, register_section

VIEW = "outreach.view_figures"
EXPORT = "outreach.export_figures"


def register() -> None:
    register_section(*SECTION, [MenuItem(gettext_lazy("Programme figures"), "outreach:figures", VIEW)])


def period_from(data: dict) -> Period:
    kind = data["kind"]
    if kind == PeriodKind.CUSTOM:
        return custom_period(data["start"], data["end"])
    year = data["year"]
    if kind == PeriodKind.HALF:
        return half_period(year, data["part"])
    if kind == PeriodKind.QUARTER:
        return quarter_period(year, data["part"])
    return year_period(year)


@login_required
@require_GET
def figures(request):
    require(request, VIEW)
    data = request.GET.copy()
    if not data.get("kind"):
        data["kind"] = PeriodKind.YEAR
    if not data.get("year") and data["kind"] != PeriodKind.CUSTOM:
        data["year"] = str(today().year)
    form = PeriodForm(data)
    context: dict = {"form": form, "figures": None, "export_year": today().year}
    if form.is_valid():
        result = figures_for(period_from(form.cleaned_data))
        context.update(figures=result, chart=comparison_chart(result), export_year=result.period.year)
    status = 200 if context["figures"] is not None else 400
    context["may_export"] = request.user.has_perm(EXPORT)
    return render(request, "outreach/figures.html", context, status=status)


@login_required
@require_GET
def figures_export(request):
    require(request, EXPORT)
    form = ExportForm(request.GET or {"year": today().year})
    if not form.is_valid():
        context = {"form": PeriodForm(), "export_error": True, "export_year": today().year, "may_export": True}
        return render(request, "outreach/figures.html", context, status=400)
    year = form.cleaned_data["year"]
    return tabular.download(mois_workbook(year), f"적극행정-종합평가-{year}.xlsx", "xlsx")
