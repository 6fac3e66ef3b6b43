"""Screens of the audit office: the audits, one audit with its findings and disposition register, a new finding, an
official's deadline extension, a finding's disposition, and the exemption review's settings.

Only audit officers whose office covers the audited unit see an audit (others: 404); system administrators and
superusers never do (403 on the lists)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.core.exceptions import DomainError
from proactive.protection.forms.audits import (
    AuditFilterForm,
    AuditForm,
    DispositionForm,
    ExtendForm,
    FindingForm,
    SettingsForm,
)
from proactive.protection.models import Audit, Concerned, Finding
from proactive.protection.queries import audits as queries
from proactive.protection.services import audits as services
from proactive.protection.services.common import current_settings, may, today
from proactive.protection.services.settings import update_settings
from proactive.protection.views.common import done, no_superuser, require
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

PER_PAGE = 30


@login_required
@require_GET
def audit_list(request):
    require(request, services.MANAGE)
    filter_form = AuditFilterForm(request.GET or None)
    criteria = queries.AuditFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.AuditFilter(auditor=data["auditor"], year=data["year"], search=data["q"])
    context = paginate(request, queries.audit_list(request.user, criteria), PER_PAGE)
    context |= {"filter_form": filter_form, "filtered": criteria != queries.AuditFilter()}
    return render(request, "protection/audits/audit_list.html", context)


def _audit_form_values(form: AuditForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "auditor": data["auditor"],
        "auditor_other": data["auditor_other"],
        "title": data["title"],
        "audited_unit": data["audited_unit"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def audit_create(request):
    require(request, services.MANAGE)
    units = queries.unit_choices(request.user)
    form = AuditForm(request.POST or None, units=units)
    if request.method == "POST":
        if form.is_valid():
            try:
                audit = services.create_audit(actor=request.user, **_audit_form_values(form))
            except DomainError as exc:
                refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(
                    request, _("The audit was recorded. Add its findings."), "protection:audit-detail", audit.pk
                )
        return render(request, "protection/audits/audit_form.html", {"form": form}, status=400)
    return render(request, "protection/audits/audit_form.html", {"form": form})


def _audit_or_404(request, pk: int) -> Audit:
    no_superuser(request)
    audit = queries.get_audit(pk)
    if audit is None or not may(request.user, services.HANDLE, audit):
        raise Http404
    return audit


@login_required
@require_http_methods(["GET", "POST"])
def audit_edit(request, pk: int):
    audit = _audit_or_404(request, pk)
    units = queries.unit_choices(request.user)
    initial = {
        "auditor": audit.auditor,
        "auditor_other": audit.auditor_other,
        "title": audit.title,
        "audited_unit": audit.audited_unit_id,
        "starts_on": audit.starts_on,
        "ends_on": audit.ends_on,
    }
    form = AuditForm(request.POST or None, units=units, initial=initial)
    context = {"form": form, "audit": audit}
    if request.method == "POST":
        if (
            submit(
                form, lambda data: services.update_audit(actor=request.user, audit=audit, **_audit_form_values(form))
            )
            is None
        ):
            return done(request, _("The audit was saved."), "protection:audit-detail", audit.pk)
        return render(request, "protection/audits/audit_form.html", context, status=400)
    return render(request, "protection/audits/audit_form.html", context)


def render_audit(request, audit: Audit, *, status: int = 200, **bound: Any) -> HttpResponse:
    rules = current_settings()
    findings = queries.findings_of(audit)
    for finding in findings:
        form = bound.get(f"dispose_{finding.pk}") or DispositionForm(prefix=f"d{finding.pk}")
        finding.dispose_form = form  # type: ignore[attr-defined]
        for row in finding.concerned.all():
            live = row.live_applications  # type: ignore[attr-defined]
            row.live = live[0] if live else None  # type: ignore[attr-defined]
            row.extend_form = bound.get(f"extend_{row.pk}") or ExtendForm(prefix=f"e{row.pk}")  # type: ignore[attr-defined]
    context = {
        "audit": audit,
        "findings": findings,
        "business_days": rules.application_business_days,
        "today": today(),
        "error": bound.get("error", ""),
    }
    return render(request, "protection/audits/audit_detail.html", context, status=status)


@login_required
@require_GET
def audit_detail(request, pk: int):
    return render_audit(request, _audit_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request, pk: int):
    audit = _audit_or_404(request, pk)
    officials = queries.official_choices(audit)
    form = FindingForm(request.POST or None, officials=officials)
    rules = current_settings()
    context = {"form": form, "audit": audit, "rules": rules}
    if request.method == "POST":
        if (
            submit(
                form,
                lambda data: services.add_finding(
                    actor=request.user,
                    audit=audit,
                    title=data["title"],
                    description=data["description"],
                    officials=data["all_officials"],
                    proposed_disposition=data["proposed_disposition"],
                ),
            )
            is None
        ):
            return done(
                request,
                _("The finding was recorded; the officials concerned were notified of their right to apply."),
                "protection:audit-detail",
                audit.pk,
            )
        return render(request, "protection/audits/finding_form.html", context, status=400)
    return render(request, "protection/audits/finding_form.html", context)


@require_POST
@login_required
def finding_dispose(request, pk: int):
    no_superuser(request)
    finding = get_object_or_404(Finding.objects.select_related("audit__audited_unit"), pk=pk)
    if not may(request.user, services.HANDLE, finding):
        raise Http404
    form = DispositionForm(request.POST, prefix=f"d{finding.pk}")
    status = submit(
        form, lambda data: services.record_disposition(actor=request.user, finding=finding, note=data["note"])
    )
    if status is None:
        return done(request, _("The disposition was recorded."), "protection:audit-detail", finding.audit_id)
    return render_audit(request, finding.audit, status=status, **{f"dispose_{finding.pk}": form})


@require_POST
@login_required
def concerned_extend(request, pk: int):
    no_superuser(request)
    row = get_object_or_404(Concerned.objects.select_related("finding__audit__audited_unit", "official"), pk=pk)
    if not may(request.user, services.HANDLE, row):
        raise Http404
    form = ExtendForm(request.POST, prefix=f"e{row.pk}")
    status = submit(
        form,
        lambda data: services.extend_application_deadline(
            actor=request.user,
            concerned=row,
            new_due_on=data["due_on"],
            reason=data["reason"],
        ),
    )
    if status is None:
        return done(
            request,
            _("The application deadline was extended; the official was notified."),
            "protection:audit-detail",
            row.finding.audit_id,
        )
    return render_audit(request, row.finding.audit, status=status, **{f"extend_{row.pk}": form})


@login_required
@require_http_methods(["GET", "POST"])
def settings(request):
    require(request, "protection.manage_settings")
    form = SettingsForm(request.POST or None, instance=current_settings())  # a GET writes nothing
    if request.method == "POST":
        if form.is_valid():
            try:
                update_settings(actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except DomainError as exc:
                refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The exemption review's settings were saved."))
                return redirect("protection:settings")
        return render(request, "protection/audits/settings.html", {"form": form}, status=400)
    return render(request, "protection/audits/settings.html", {"form": form})
