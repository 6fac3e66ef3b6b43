"""Screens of the reporting centre's statistics area (DOMAIN.md §4.9): the figures for a period, their export, and
the centre's settings.

- ``statistics``: counts by type, field, kind of body and body, month received and outcome, and the handling
  time, for a year or a range of dates; tables with bars drawn in CSS. Metadata only: nothing sealed is opened.
  The city's audit officers count every body; a body's audit officers count their own body.
- ``statistics_export``: the same figures as CSV or XLSX. The reason is asked first and kept in the access records.
- ``settings``: the centre's deadline, receipt and retention rules (the city's audit officers; audited).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods
from rules.contrib.views import permission_required

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core import tabular
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.reporting.forms.statistics import CentreSettingsForm, ExportForm, PeriodForm
from proactive.reporting.queries import statistics as queries
from proactive.reporting.queries.handling import centre_settings
from proactive.reporting.services.settings import update_centre_settings
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.refusals import refused

VIEW = "reporting.view_report_statistics"
MANAGE_SETTINGS = "reporting.manage_centre_settings"
FORMATS = ("csv", "xlsx")


def register() -> None:
    """Menu items of this area (called from ReportingConfig.ready)."""
    add_menu_items(
        "reporting",
        [
            MenuItem(gettext_lazy("Report statistics"), "reporting:statistics", VIEW),
            MenuItem(gettext_lazy("Centre settings"), "reporting:settings", MANAGE_SETTINGS),
        ],
    )


def _no_superuser(request) -> None:
    # Django grants a superuser every permission; the reporting centre is not for system administrators (AC-05).
    if request.user.is_superuser:
        raise PermissionDenied


def _statistics_context(request) -> dict[str, Any]:
    """The period form (bound to the query string; this year by default) and, when it is valid, the figures."""
    scope = queries.statistics_scope(request.user)
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    if not any(data.get(k) for k in ("year", "date_from", "date_to")):
        data["year"] = str(timezone.localdate().year)
    form = PeriodForm(data, years=queries.report_years(scope))
    context: dict[str, Any] = {"form": form, "stats": None, "all_bodies": scope is None}
    if form.is_valid():
        context["stats"] = queries.statistics_for(period=form.cleaned_data["period"], scope=scope)
        context["query"] = data.urlencode()
    return context


@login_required
@require_GET
@permission_required(VIEW, raise_exception=True)
def statistics(request):
    _no_superuser(request)
    context = _statistics_context(request)
    return render(
        request, "reporting/statistics/statistics.html", context, status=200 if context["stats"] is not None else 400
    )


def _table(stats: queries.Statistics) -> tuple[list[str], list[list[Any]]]:
    headers = [_("Breakdown"), _("Item"), _("Reports"), _("Share (%)")]
    rows: list[list[Any]] = []
    for _key, title, breakdown in stats.breakdowns:
        rows.extend([str(title), row.label, row.count, row.share] for row in breakdown)
    handling = stats.handling
    title = str(_("Handling time"))
    rows.append([title, str(_("Closed reports")), handling.closed, ""])
    rows.append([title, str(_("Mean days from receipt to closing")), handling.mean_days, ""])
    rows.append([title, str(_("Median days from receipt to closing")), handling.median_days, ""])
    rows.append([title, str(_("Closed within the deadline")), handling.within, handling.share_within])
    rows.append([pgettext("sum of a column", "Total"), str(stats.period), stats.total, 100 if stats.total else 0])
    return headers, rows


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(VIEW, raise_exception=True)
def statistics_export(request, fmt: str):
    """The figures as ``fmt`` for the period in the query string. GET asks for the reason; POST with a reason
    records the export (access record ``EXPORT``) and sends the file."""
    _no_superuser(request)
    if fmt not in FORMATS:
        raise Http404
    context = _statistics_context(request)
    stats: queries.Statistics | None = context["stats"]
    if stats is None:
        return render(request, "reporting/statistics/statistics.html", context, status=400)
    filename = f"report-statistics-{stats.period.slug}"
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        headers, rows = _table(stats)
        response = tabular.table_response(fmt, filename, headers, rows)
        try:
            record_access(
                actor=request.user,
                ip_address=client_ip(request),
                action=AccessAction.EXPORT,
                resource=f"{filename}.{fmt}",
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            return response
    context.update({"export_form": form, "fmt": fmt, "filename": f"{filename}.{fmt}"})
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/statistics/export.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_SETTINGS, raise_exception=True)
def settings(request):
    _no_superuser(request)
    form = CentreSettingsForm(request.POST or None, instance=centre_settings())  # a GET writes nothing
    if request.method == "POST":
        if form.is_valid():
            try:
                update_centre_settings(actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The reporting centre's settings were saved."))
                return redirect("reporting:settings")
        return render(request, "reporting/statistics/settings.html", {"form": form}, status=400)
    return render(request, "reporting/statistics/settings.html", {"form": form})
