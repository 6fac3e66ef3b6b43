"""Read-only screens for auditors: the business audit trail and the staff access records.

There are deliberately no views that edit or delete either: both tables are append-only.
"""

import csv

from django.contrib.auth.decorators import login_required
from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from proactive.audit.enums import AccessAction
from proactive.audit.forms import AccessSearchForm, EventSearchForm, ExportReasonForm
from proactive.audit.queries import access_record_rows, describe_criteria, search_access_records, search_events
from proactive.audit.services import record_access
from proactive.core.http import client_ip
from proactive.web.pagination import paginate

EVENTS_PER_PAGE = 50
ACCESS_RECORDS_PER_PAGE = 50


def _page(request, queryset, per_page: int) -> dict:
    return paginate(request, queryset, per_page)


@login_required
@require_GET
@permission_required("audit.view_audit", raise_exception=True)
def event_list(request):
    form = EventSearchForm(request.GET)
    form.is_valid()  # invalid fields are reported on the form and left out of the search
    context = {"form": form, **_page(request, search_events(form.cleaned_data), EVENTS_PER_PAGE)}
    return render(request, "audit/event_list.html", context)


def _access_list_response(request, search_form: AccessSearchForm, export_form: ExportReasonForm, status: int = 200):
    search_form.is_valid()
    criteria = search_form.cleaned_data
    # Looking through access records is itself an access to personal data (안전조치 §8).
    record_access(
        actor=request.user,
        ip_address=client_ip(request),
        action=AccessAction.SEARCH,
        resource=f"access records: {describe_criteria(criteria)}"[:200],
    )
    export_params = [(name, value) for name, value in search_form.data.items() if name in search_form.fields and value]
    context = {
        "form": search_form,
        "export_form": export_form,
        "export_params": export_params,
        **_page(request, search_access_records(criteria), ACCESS_RECORDS_PER_PAGE),
    }
    return render(request, "audit/access_list.html", context, status=status)


@login_required
@require_GET
@permission_required("audit.view_audit", raise_exception=True)
def access_list(request):
    return _access_list_response(request, AccessSearchForm(request.GET), ExportReasonForm())


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_POST
@permission_required("audit.export_access_records", raise_exception=True)
def access_export(request):
    """CSV of the filtered access records for the monthly review. The export itself is recorded, with its reason."""
    search_form = AccessSearchForm(request.POST)
    export_form = ExportReasonForm(request.POST)
    if not (search_form.is_valid() and export_form.is_valid()):
        # Re-render the list with the auditor's filters (and only those: never the reason or the CSRF token,
        # which would otherwise end up in the pagination links).
        filters = QueryDict(mutable=True)
        for name in AccessSearchForm.base_fields:
            filters.setlist(name, request.POST.getlist(name))
        request.GET = filters
        return _access_list_response(request, search_form, export_form, status=400)
    criteria = search_form.cleaned_data
    record_access(
        actor=request.user,
        ip_address=client_ip(request),
        action=AccessAction.EXPORT,
        resource=f"access records CSV: {describe_criteria(criteria)}"[:200],
        reason=export_form.cleaned_data["reason"],
    )
    response = StreamingHttpResponse(
        _csv_lines(search_access_records(criteria)), content_type="text/csv; charset=utf-8"
    )
    filename = f"access-records-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_lines(queryset):
    writer = csv.writer(_Echo())
    # The byte-order mark lets spreadsheet programs on Korean Windows read the file as UTF-8.
    yield "\ufeff"
    for row in access_record_rows(queryset):
        yield writer.writerow(row)
