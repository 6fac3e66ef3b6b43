"""Screens of the protection officer and of counselling: the caseload (applications supported and counselling
cases, with filters), an official's counselling request, a case an officer records, one case with its notes.

A counselling case is confidential: only the official who asked and the protection officers open it (others: 404).
An officer opening someone's case leaves an access record."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.protection.forms.caseload import (
    CaseloadFilterForm,
    CloseForm,
    CounsellingRecordForm,
    CounsellingRequestForm,
    NoteForm,
)
from proactive.protection.models import CounsellingCase
from proactive.protection.queries import caseload as queries
from proactive.protection.services import counselling as services
from proactive.protection.services.common import current_settings, may
from proactive.protection.views.common import done, no_store, no_superuser, require
from proactive.web.refusals import refusal_status, submit

MAX_ROWS = 100


@login_required
@require_GET
def caseload(request):
    require(request, "protection.view_caseload")
    filter_form = CaseloadFilterForm(request.GET or None)
    criteria = queries.CaseloadFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.CaseloadFilter(
            kind=data["kind"], status=data["status"], mine_only=not data["everyone"], search=data["q"]
        )
    from proactive.protection.queries.applications import running_deadline  # reason: one helper of another area

    rules = current_settings()
    applications = list(queries.caseload_applications(request.user, criteria)[:MAX_ROWS])
    for application in applications:
        application.deadline = running_deadline(application, rules)
    context = {
        "filter_form": filter_form,
        "filtered": criteria != queries.CaseloadFilter(),
        "criteria": criteria,
        "applications": applications,
        "cases": list(queries.caseload_counselling(request.user, criteria)[:MAX_ROWS]),
        "max_rows": MAX_ROWS,
    }
    return render(request, "protection/caseload/caseload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def counselling_request(request):
    require(request, services.REQUEST)
    form = CounsellingRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.request_counselling(
                    actor=request.user, category=data["category"], topic=data["topic"], question=data["question"]
                )
            except DomainError as exc:
                refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(
                    request,
                    _("Your request was sent to the protection officer, who will contact you."),
                    "protection:counselling-detail",
                    case.pk,
                )
        return render(request, "protection/caseload/counselling_form.html", {"form": form}, status=400)
    return render(request, "protection/caseload/counselling_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def counselling_record(request):
    require(request, services.RECORD)
    form = CounsellingRecordForm(request.POST or None)
    context = {"form": form, "recording": True}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.record_counselling(
                    actor=request.user,
                    client=data["client"],
                    category=data["category"],
                    topic=data["topic"],
                    question=data["question"],
                )
            except DomainError as exc:
                refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(request, _("The counselling case was recorded."), "protection:counselling-detail", case.pk)
        return render(request, "protection/caseload/counselling_form.html", context, status=400)
    return render(request, "protection/caseload/counselling_form.html", context)


def _case_or_404(request, pk: int) -> CounsellingCase:
    no_superuser(request)
    case = queries.get_case(pk)
    if case is None or not may(request.user, "protection.view_counselling_case", case):
        raise Http404
    return case


def render_case(request, case: CounsellingCase, *, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    if case.client_id != user.pk:
        record_access(
            actor=user,
            ip_address=client_ip(request),
            action=AccessAction.VIEW,
            subject=case.client,
            resource=f"protection.counselling:{case.pk}",
        )
    context: dict[str, Any] = {"case": case, "notes": list(queries.case_notes(case))}
    if may(user, services.NOTE, case):
        context["note_form"] = bound.get("note_form") or NoteForm(initial={"next_steps": case.next_steps})
    if may(user, services.CLOSE, case):
        context["close_form"] = bound.get("close_form") or CloseForm(initial={"next_steps": case.next_steps})
    return no_store(render(request, "protection/caseload/counselling_detail.html", context, status=status))


@login_required
@require_GET
def counselling_detail(request, pk: int):
    return render_case(request, _case_or_404(request, pk))


@require_POST
@login_required
def counselling_note(request, pk: int):
    case = _case_or_404(request, pk)
    require(request, services.NOTE, case)
    form = NoteForm(request.POST)
    status = submit(
        form,
        lambda data: services.add_note(
            actor=request.user,
            case=case,
            text=data["text"],
            next_steps=data["next_steps"],
        ),
    )
    if status is None:
        return done(request, _("The note was added."), "protection:counselling-detail", case.pk)
    return render_case(request, case, status=status, note_form=form)


@require_POST
@login_required
def counselling_close(request, pk: int):
    case = _case_or_404(request, pk)
    require(request, services.CLOSE, case)
    form = CloseForm(request.POST)
    status = submit(
        form, lambda data: services.close_case(actor=request.user, case=case, next_steps=data["next_steps"])
    )
    if status is None:
        return done(request, _("The counselling case was closed."), "protection:counselling-detail", case.pk)
    return render_case(request, case, status=status, close_form=form)
