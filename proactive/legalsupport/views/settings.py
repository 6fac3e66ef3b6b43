"""The settings page (caps per stage, the fact-finding deadline) and the yearly summary with its CSV/XLSX export.

The summary holds counts and sums per stage only: no person's data, so the export needs no reason.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods

from proactive.core import tabular
from proactive.core.exceptions import DomainError
from proactive.legalsupport import queries
from proactive.legalsupport.forms.settings import SettingsForm, SummaryForm
from proactive.legalsupport.services.common import today
from proactive.legalsupport.services.settings import MANAGE, update_settings
from proactive.legalsupport.views.common import no_superuser, require
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.refusals import refused

SUMMARY = "legalsupport.view_summary"
FORMATS = ("csv", "xlsx")


def register() -> None:
    """Menu items of this area (called from LegalsupportConfig.ready)."""
    add_menu_items(
        "support",
        [
            MenuItem(gettext_lazy("Legal-support summary"), "legalsupport:summary", SUMMARY),
            MenuItem(gettext_lazy("Legal-support settings"), "legalsupport:settings", MANAGE),
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings(request):
    no_superuser(request)
    require(request, MANAGE)
    form = SettingsForm(request.POST or None, instance=queries.support_settings())  # a GET writes nothing
    if request.method == "POST":
        if form.is_valid():
            try:
                update_settings(actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The legal-support settings were saved."))
                return redirect("legalsupport:settings")
        return render(request, "legalsupport/settings.html", {"form": form}, status=400)
    return render(request, "legalsupport/settings.html", {"form": form})


def _summary_context(request) -> dict[str, Any]:
    years = queries.summary_years()
    current = today().year
    if current not in years:
        years = sorted({*years, current}, reverse=True)
    data = request.GET.copy() if request.GET.get("year") else QueryDict(mutable=True)
    if not data.get("year"):
        data["year"] = str(current)
    form = SummaryForm(data, years=years)
    context: dict[str, Any] = {"form": form, "summary": None}
    if form.is_valid():
        context["summary"] = queries.summary_for(form.cleaned_data["year"])
    return context


@login_required
@require_GET
def summary(request):
    no_superuser(request)
    require(request, SUMMARY)
    context = _summary_context(request)
    status = 200 if context["summary"] is not None else 400
    return render(request, "legalsupport/summary.html", context, status=status)


def headers() -> list[str]:
    return [
        _("Proceeding"),
        _("Applications"),
        pgettext("number of applications", "Approved"),
        pgettext("number of applications", "Denied"),
        pgettext("number of applications", "Awaiting a decision"),
        _("Amount requested (won)"),
        _("Amount approved (won)"),
        _("Paid so far (won)"),
        _("Refunds received (won)"),
        _("Paid in the year (won)"),
    ]


def rows(summary: queries.Summary) -> list[list[Any]]:
    def line(label: Any, row: queries.SummaryRow) -> list[Any]:
        return [
            str(label),
            row.applications,
            row.approved,
            row.denied,
            row.pending,
            row.requested,
            row.approved_amount,
            row.paid,
            row.refunded,
            row.paid_in_year,
        ]

    out = [line(row.label, row) for row in summary.rows]
    out.append(line(pgettext("sum of a column", "Total"), summary.total))
    return out


@login_required
@require_GET
def summary_export(request, fmt: str):
    no_superuser(request)
    require(request, SUMMARY)
    if fmt not in FORMATS:
        raise Http404
    context = _summary_context(request)
    result: queries.Summary | None = context["summary"]
    if result is None:
        return render(request, "legalsupport/summary.html", context, status=400)
    return tabular.table_response(fmt, f"legal-support-{result.year}", headers(), rows(result))
