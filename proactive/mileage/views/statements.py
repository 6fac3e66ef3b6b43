"""Screens of the mileage statements area (DOMAIN.md §4.5, issue #4 "Statements").

- ``statement`` (the app's front page, ``/mileage/``): the signed-in official's own balance, available points,
  pending and reserved points, the points that expire at the end of the year, and their ledger history. It only
  ever shows the signed-in official's own ledger.
- ``report`` / ``report_export``: points by department, activity and month for department heads and bureau chiefs
  (their unit and the units below it) and the secretariat (every unit), as a page and as CSV/XLSX. The figures are
  aggregated (no official is named), so the export needs no stated reason or access record.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from proactive.core import tabular
from proactive.mileage.forms.statements import ReportFilterForm
from proactive.mileage.queries import statements as queries
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel

VIEW_OWN = "mileage.view_own_statement"
VIEW_REPORTS = "mileage.view_mileage_reports"
EXPORT_REPORTS = "mileage.export_mileage_reports"
FORMATS = ("csv", "xlsx")


def register() -> None:
    """Menu items and the dashboard panel of this area (called from MileageConfig.ready)."""
    add_menu_items(
        "mileage",
        [
            MenuItem(gettext_lazy("My mileage"), "mileage:statement", VIEW_OWN),
            MenuItem(gettext_lazy("Mileage reports"), "mileage:report", VIEW_REPORTS),
        ],
    )
    register_panel(
        DashboardPanel(
            key="mileage-balance",
            template="mileage/statements/_balance_panel.html",
            permission=VIEW_OWN,
            order=40,
            context=queries.balance_panel,
        )
    )


@login_required
@require_GET
@permission_required(VIEW_OWN, raise_exception=True)
def statement(request):
    data = queries.statement_for(request.user.official_id, page=request.GET.get("page"))
    return render(request, "mileage/statements/statement.html", {"statement": data})


# --- Reports ----------------------------------------------------------------------------------------------------


def _report_context(request) -> dict[str, Any]:
    """The filter form (bound to the query string; this year by default) and, when it is valid, the report."""
    scope = queries.report_scope(request.user)
    units = queries.scope_units(scope)
    activities = queries.report_activities()
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    data.setdefault("year", str(timezone.localdate().year))
    form = ReportFilterForm(
        data,
        years=queries.report_years(),
        units=units,
        activities=activities,
        all_units_label=_("All departments") if scope is None else _("All my departments"),
    )
    context: dict[str, Any] = {"form": form, "report": None, "scope_all": scope is None, "units": units}
    if not form.is_valid():
        return context
    chosen = form.cleaned_data["unit"]
    if chosen is not None:
        root = next(u for u in units if u.pk == chosen)
        unit_ids: list[int] | None = [u.pk for u in units if u.path.startswith(root.path)]
        context["unit"] = root
    else:
        unit_ids = None if scope is None else [u.pk for u in units]
    context["report"] = queries.mileage_report(
        year=form.cleaned_data["year"],
        unit_ids=unit_ids,
        activity_id=form.cleaned_data["activity"],
        month=form.cleaned_data["month"],
        units=units,
        activities=activities,
    )
    context["query"] = data.urlencode()
    return context


@login_required
@require_GET
@permission_required(VIEW_REPORTS, raise_exception=True)
def report(request):
    context = _report_context(request)
    context["can_export"] = request.user.has_perm(EXPORT_REPORTS)
    status = 200 if context["report"] is not None else 400
    return render(request, "mileage/statements/report.html", context, status=status)


def _headers() -> list[str]:
    return [
        _("Breakdown"),
        _("Item"),
        _("Granted"),
        _("Deducted"),
        _("Corrections"),
        _("Redeemed"),
        _("Expired"),
        _("Net"),
    ]


@login_required
@require_GET
@permission_required(EXPORT_REPORTS, raise_exception=True)
def report_export(request, fmt: str):
    """The report's three breakdowns in one table (a "Breakdown" column says which), with the same filters."""
    if fmt not in FORMATS:
        raise Http404
    context = _report_context(request)
    result: queries.Report | None = context["report"]
    if result is None:
        context["can_export"] = True
        return render(request, "mileage/statements/report.html", context, status=400)
    rows: list[list[Any]] = []
    for label, breakdown in (
        (_("Department"), result.by_unit),
        (_("Activity"), result.by_activity),
        (_("Month posted"), result.by_month),
    ):
        rows.extend([str(label), row.label, *row.figures.as_list()] for row in breakdown)
    rows.append([pgettext("sum of a column", "Total"), "", *result.total.as_list()])
    parts = ["mileage-report", str(result.year)]
    if context.get("unit") is not None:
        parts.append(context["unit"].code)
    if context["form"].cleaned_data["month"]:
        parts.append(f"{context['form'].cleaned_data['month']:02d}")
    return tabular.table_response(fmt, "-".join(parts), _headers(), rows)
