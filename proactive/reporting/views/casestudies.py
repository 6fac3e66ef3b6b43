"""Screens of the reporting centre's case-study area (사례 공유): anonymised cases of passive administration for
staff education.

- ``casestudy_list``: published case studies for every official and staff member (search, type and field);
  audit officers also see the drafts they may edit.
- ``casestudy_create`` (``?report=<pk>``: from a closed report of a body one handles, prefilled from its metadata),
  ``casestudy_edit``: the draft, with a checklist of what to remove and hints of what looks identifying.
- ``casestudy_publish`` (POST): the publisher confirms the anonymisation; publishing freezes the case study.

A case study the user may not see is a 404, as if it did not exist.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.reporting.enums import CaseStudyState
from proactive.reporting.forms.casestudies import CaseStudyFilterForm, CaseStudyForm, PublishForm
from proactive.reporting.models import CaseStudy, Report
from proactive.reporting.queries import casestudies as queries
from proactive.reporting.services import casestudies as services
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

VIEW_ALL = "reporting.view_case_studies"
MANAGE = "reporting.manage_case_studies"
VIEW = "reporting.view_case_study"
EDIT = "reporting.edit_case_study"
PUBLISH = "reporting.publish_case_study"
VIEW_REPORT = "reporting.view_report"
PER_PAGE = 20


def register() -> None:
    """Menu items of this area (called from ReportingConfig.ready)."""
    add_menu_items("reporting", [MenuItem(gettext_lazy("Case studies"), "reporting:casestudy-list", VIEW_ALL)])


def _may(request, permission: str, obj: Any = None) -> bool:
    if request.user.is_superuser:
        # Django grants a superuser every permission. Drafts and reports are not for system administrators
        # (AC-05): a superuser reads published case studies, like every official, and nothing more.
        published = obj is not None and getattr(obj, "state", None) == CaseStudyState.PUBLISHED
        return permission == VIEW_ALL or (permission == VIEW and published)
    return bool(request.user.has_perm(permission, obj))


def checklist() -> list[str]:
    """What the writer removes before publishing (shown on the form and before publishing)."""
    return [
        _("Names of people: the reporter, the officials, third parties (write “the officer”, “a resident”)."),
        _("Exact dates and times (write “in spring”, “three weeks later”)."),
        _("Addresses, places and building names that point to a person or a case."),
        _("Numbers: complaint, case, account, vehicle, phone and registration numbers."),
        _("Departments, teams or posts small enough to identify a person (write “the department concerned”)."),
        _("Anything quoted from the report or its files that only the reporter could know."),
    ]


# --- List ----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
@permission_required(VIEW_ALL, raise_exception=True)
def casestudy_list(request):
    can_manage = _may(request, MANAGE)
    form = CaseStudyFilterForm(request.GET or None, show_state=can_manage)
    visible = queries.case_studies_visible_to(request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.search_case_studies(
        visible,
        text=filters.get("q", ""),
        report_type=filters.get("report_type", ""),
        field=filters.get("field", ""),
        state=filters.get("state", ""),
    )
    context = {
        "filter_form": form,
        "filtered": any(filters.values()),
        "can_manage": can_manage,
        **paginate(request, found, PER_PAGE),
    }
    return render(request, "reporting/casestudies/casestudy_list.html", context)


# --- Writing -------------------------------------------------------------------------------------------------


def _source_report(request) -> Report | None:
    """The report of ``?report=<pk>``, if the user may see it (else 404, as if it did not exist)."""
    raw = request.GET.get("report")
    if raw is None:
        return None
    if not raw.isdigit():
        raise Http404
    report = Report.objects.filter(pk=int(raw)).first()
    if report is None or not _may(request, VIEW_REPORT, report):
        raise Http404
    return report


def _form_context(form: CaseStudyForm, **extra: Any) -> dict[str, Any]:
    data = form.data if form.is_bound else {}
    hints = services.anonymisation_hints(*(str(data.get(n, "")) for n in services.TEXT_FIELDS)) if data else []
    return {"form": form, "checklist": checklist(), "hints": hints, **extra}


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, raise_exception=True)
def casestudy_create(request):
    if not _may(request, MANAGE):
        raise PermissionDenied
    report = _source_report(request)
    refusal = None
    if report is not None:
        try:
            services.check_report_shareable(actor=request.user, report=report)
        except PermissionDeniedError:
            raise Http404 from None
        except DomainError as exc:
            refusal = exc.message
    if refusal:
        context = {"report": report, "refusal": refusal, "form": None, "checklist": checklist(), "hints": []}
        return render(request, "reporting/casestudies/casestudy_form.html", context, status=400)
    initial = services.prefill_from_report(report) if report is not None else {}
    form = CaseStudyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                case_study = services.create_case_study(actor=request.user, data=form.cleaned_data, report=report)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("The draft was saved. Check the anonymisation again before you publish it.")
                )
                return redirect("reporting:casestudy-detail", case_study.pk)
        return render(
            request, "reporting/casestudies/casestudy_form.html", _form_context(form, report=report), status=400
        )
    return render(request, "reporting/casestudies/casestudy_form.html", _form_context(form, report=report))


def _visible(request, pk: int) -> CaseStudy:
    case_study = queries.case_study_for(pk)
    if case_study is None or not _may(request, VIEW, case_study):
        raise Http404
    return case_study


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, raise_exception=True)
def casestudy_edit(request, pk: int):
    case_study = _visible(request, pk)
    if not _may(request, EDIT, case_study):
        raise PermissionDenied(_("A published case study cannot be changed; write a new one to correct it."))
    initial = {n: getattr(case_study, n) for n in services.EDITABLE_FIELDS}
    form = CaseStudyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_case_study(actor=request.user, case_study=case_study, data=form.cleaned_data)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("reporting:casestudy-detail", case_study.pk)
        context = _form_context(form, case_study=case_study, report=case_study.report)
        return render(request, "reporting/casestudies/casestudy_form.html", context, status=400)
    form_context = _form_context(CaseStudyForm(initial=initial), case_study=case_study, report=case_study.report)
    form_context["hints"] = services.anonymisation_hints(*(getattr(case_study, n) for n in services.TEXT_FIELDS))
    return render(request, "reporting/casestudies/casestudy_form.html", form_context)


# --- One case study ------------------------------------------------------------------------------------------


def _detail_context(request, case_study: CaseStudy, publish_form: PublishForm | None = None) -> dict[str, Any]:
    can_edit = _may(request, EDIT, case_study)
    can_publish = _may(request, PUBLISH, case_study)
    report = case_study.report
    return {
        "case_study": case_study,
        "is_draft": case_study.state == CaseStudyState.DRAFT,
        "can_edit": can_edit,
        "can_publish": can_publish,
        "publish_form": publish_form or (PublishForm() if can_publish else None),
        "checklist": checklist() if can_publish else [],
        "hints": services.anonymisation_hints(*(getattr(case_study, n) for n in services.TEXT_FIELDS))
        if can_edit
        else [],
        "report": report if report is not None and _may(request, VIEW_REPORT, report) else None,
    }


@login_required
@require_http_methods(["GET"])
@permission_required(VIEW_ALL, raise_exception=True)
def casestudy_detail(request, pk: int):
    case_study = _visible(request, pk)
    return render(request, "reporting/casestudies/casestudy_detail.html", _detail_context(request, case_study))


@login_required
@require_POST
@permission_required(MANAGE, raise_exception=True)
def casestudy_publish(request, pk: int):
    case_study = _visible(request, pk)
    if not _may(request, PUBLISH, case_study):
        raise PermissionDenied(_("A published case study cannot be published again."))
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_case_study(
                actor=request.user,
                case_study=case_study,
                anonymisation_confirmed=form.cleaned_data["anonymisation_confirmed"],
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The case study was published to every official."))
            return redirect("reporting:casestudy-detail", case_study.pk)
    context = _detail_context(request, case_study, publish_form=form)
    return render(request, "reporting/casestudies/casestudy_detail.html", context, status=400)
