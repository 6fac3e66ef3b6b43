"""The organisation pages: the unit tree, unit detail, the officials register, HR import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from proactive.accounts import importers, queries
from proactive.accounts.forms.org import ExportReasonForm, OfficialFilterForm, OrgImportForm, UnitSearchForm
from proactive.accounts.models import OrgUnit, User
from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.web.pagination import paginate as web_paginate

PER_PAGE = 50


def paginate(request, qs, per_page: int = PER_PAGE) -> tuple[Page, list]:
    context = web_paginate(request, qs, per_page)
    return context["page_obj"], context["page_range"]


@login_required
@permission_required("accounts.view_org", raise_exception=True)
def org_tree(request):
    form = UnitSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    roots, matched = queries.org_tree(q)
    return render(
        request,
        "accounts/org/tree.html",
        {"form": form, "roots": roots, "rows": queries.flatten_tree(roots), "q": q, "matched": matched},
    )


@login_required
@permission_required("accounts.view_org", raise_exception=True)
def unit_detail(request, pk: int):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    page, page_range = paginate(request, queries.unit_officials(unit))
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit),
        "children": list(queries.unit_children(unit)),
        "holders": list(queries.role_holders(unit)),
        "page_obj": page,
        "page_range": page_range,
        "can_open_officials": request.user.has_perm("accounts.view_official")
        and queries.can_see_officials_in(request.user, unit),
    }
    return render(request, "accounts/org/unit_detail.html", context)


@login_required
@permission_required("accounts.view_official", raise_exception=True)
def official_list(request):
    visible = queries.officials_visible_to(request.user)
    form = OfficialFilterForm(
        request.GET or None, scope=queries.official_scope(request.user), ranks=queries.ranks_in(visible)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    q = filters.get("q", "")
    officials = queries.search_officials(
        visible.select_related("unit"),
        q=q,
        unit=filters.get("unit"),
        status=filters.get("status", ""),
        rank=filters.get("rank", ""),
    )
    if q:
        record_access(actor=request.user, ip_address=client_ip(request), action=AccessAction.SEARCH, resource=q)
    page, page_range = paginate(request, officials)
    context = {
        "form": form,
        "page_obj": page,
        "page_range": page_range,
        "export_form": ExportReasonForm(),
        "can_export": request.user.has_perm("accounts.export_org"),
    }
    response = render(request, "accounts/org/official_list.html", context)
    response["Cache-Control"] = "no-store"  # personal data
    return response


@login_required
@permission_required("accounts.view_official", raise_exception=True)
def official_detail(request, pk: int):
    official = get_object_or_404(queries.officials_visible_to(request.user).select_related("unit"), pk=pk)
    record_access(actor=request.user, ip_address=client_ip(request), action=AccessAction.VIEW, subject=official)
    account = User.objects.filter(official=official).first()
    context = {
        "official": official,
        "ancestors": queries.ancestors(official.unit),
        "account": account,
        "memberships": list(queries.memberships_of(account)) if account else [],
    }
    response = render(request, "accounts/org/official_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("accounts.import_org", raise_exception=True)
def org_import(request):
    plan = None
    form = OrgImportForm(request.POST, request.FILES) if request.method == "POST" else OrgImportForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = importers.run_import(
                actor=request.user,
                kind=data["kind"],
                table=data["table"],
                filename=data["filename"],
                sha256=data["sha256"],
                apply=data["apply"],
            )
        except importers.ImportFileError as exc:
            form.add_error("file", exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if plan.applied:
                if plan.kind == importers.ImportKind.OFFICIALS:
                    record_access(
                        actor=request.user,
                        ip_address=client_ip(request),
                        action=AccessAction.UPDATE,
                        resource=f"officials import {data['filename']}"[:200],
                    )
                messages.success(
                    request,
                    _("The import was applied: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                    % plan.counts(),
                )
    context = {
        "form": form,
        "plan": plan,
        "changes_preview": plan.changes[:100] if plan else [],
        "column_tables": [
            (_("Columns of an org units file"), importers.UNIT_COLUMNS),
            (_("Columns of an officials file"), importers.OFFICIAL_COLUMNS),
        ],
    }
    return render(request, "accounts/org/import.html", context)


EXPORTS = {"units", "officials"}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


def _render_export(kind: str, rows, fmt: str) -> bytes:
    headers = importers.headers_for(kind)
    if fmt == "csv":
        return importers.render_csv(headers, rows)
    return importers.render_xlsx(headers, rows, title=kind)


@login_required
@permission_required("accounts.export_org", raise_exception=True)
@require_http_methods(["GET", "POST"])
def org_export(request, what: str, fmt: str):
    """Units: a plain download. Officials hold personal data: a POST with a stated reason, on the access record."""
    if what not in EXPORTS or fmt not in FORMATS:
        raise Http404
    filename = f"{what}.{fmt}"
    if what == "units":
        rows = importers.unit_rows(importers.export_units_queryset())
        return _download(_render_export(what, rows, fmt), filename, fmt)
    form = ExportReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        officials = (
            queries.officials_visible_to(request.user).select_related("unit").order_by("unit__path", "employee_no")
        )
        content = _render_export(what, importers.official_rows(officials), fmt)
        record_access(
            actor=request.user,
            ip_address=client_ip(request),
            action=AccessAction.EXPORT,
            resource=filename,
            reason=form.cleaned_data["reason"],
        )
        return _download(content, filename, fmt)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/org/export_officials.html", {"form": form, "fmt": fmt, "filename": filename}, status=status
    )
