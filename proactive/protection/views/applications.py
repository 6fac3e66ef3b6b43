"""Screens of exemption applications: "my exemptions" (the official and their department head), one application's
page with the forms of the steps its viewer may take, the draft's edit page, the audit office's queue, and the
decision's PDF.

An application the user may not read answers 404, as if it did not exist; a superuser gets 403 (SECURITY.md AC-05).
Staff opening an application (the audit office, the board, the protection officer) leave an access record. Each
form posts to its own URL; a refusal re-renders the page with what was typed and the reason.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.protection.enums import (
    DECIDED_STATES,
    EDITABLE_STATES,
    GROUND_FIELDS,
    ApplicationState,
    Ground,
    Outcome,
)
from proactive.protection.forms.applications import (
    AssignForm,
    CommentForm,
    ExtendApplicationForm,
    FileForm,
    GroundsForm,
    LinksForm,
    OpinionForm,
    ScreenForm,
    WithdrawForm,
)
from proactive.protection.forms.audits import QueueFilterForm
from proactive.protection.forms.board import DecideForm, VoteForm
from proactive.protection.models import ApplicationFile, Concerned, ExemptionApplication, OfficerComment
from proactive.protection.queries import applications as queries
from proactive.protection.queries import protection_officers
from proactive.protection.rules import heads_unit
from proactive.protection.services import applications as services
from proactive.protection.services import board as board_services
from proactive.protection.services import decisions
from proactive.protection.services import links as link_service
from proactive.protection.services.common import current_settings, may, today
from proactive.protection.views.common import done, no_store, no_superuser, require
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

S = ApplicationState
VIEW = "protection.view_application"
PER_PAGE = 30

TIMELINE_LABELS: dict[str, Any] = {
    "started": pgettext_lazy("application timeline", "Draft started"),
    "changed": pgettext_lazy("application timeline", "Draft changed"),
    "links_changed": pgettext_lazy("application timeline", "Linked answers changed"),
    "file_added": pgettext_lazy("application timeline", "Evidence added"),
    "file_removed": pgettext_lazy("application timeline", "Evidence removed"),
    "officer_commented": pgettext_lazy("application timeline", "The protection officer commented"),
    "suggestion_applied": pgettext_lazy("application timeline", "A suggestion of the protection officer was applied"),
    "officer_opinion": pgettext_lazy("application timeline", "The protection officer gave an opinion"),
    "officer_assigned": pgettext_lazy("application timeline", "Protection officer assigned"),
    "submitted": pgettext_lazy("application timeline", "Submitted"),
    "resubmitted": pgettext_lazy("application timeline", "Submitted again after completion"),
    "accepted": pgettext_lazy("application timeline", "Accepted at screening: referred to the board"),
    "returned": pgettext_lazy("application timeline", "Returned for completion"),
    "rejected": pgettext_lazy("application timeline", "Rejected at screening"),
    "withdrawn": pgettext_lazy("application timeline", "Withdrawn"),
    "tabled": pgettext_lazy("application timeline", "Put on a board session"),
    "vote_cast": pgettext_lazy("application timeline", "A board member voted"),
    "decided": pgettext_lazy("application timeline", "Decided"),
    "deadline_extended": pgettext_lazy("application timeline", "Deadline extended"),
    "overdue_flagged": pgettext_lazy("application timeline", "Overdue: reminder sent"),
}


# --- "My exemptions" -----------------------------------------------------------------------------------------


def _concerned_rows(rows: Any, user: Any, day: Any) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        live = row.live_applications[0] if row.live_applications else None
        can_apply = (
            live is None and row.finding.disposed_on is None and day <= row.apply_by and may(user, services.APPLY, row)
        )
        out.append({"row": row, "application": live, "can_apply": can_apply})
    return out


@login_required
@require_GET
def my_exemptions(request):
    require(request, "protection.view_my_exemptions")
    user = request.user
    day = today()
    rules = current_settings()
    context = {
        "mine": _concerned_rows(queries.concerned_of(user), user, day),
        "unit_rows": _concerned_rows(queries.concerned_in_units_of(user), user, day),
        "applications": list(queries.applications_of(user)[:50]),
        "counselling": list(queries.counselling_of(user)[:20]),
        "business_days": rules.application_business_days,
        "can_request_counselling": may(user, "protection.request_counselling"),
    }
    return render(request, "protection/applications/my_exemptions.html", context)


@require_POST
@login_required
def application_start(request, pk: int):
    no_superuser(request)
    concerned = get_object_or_404(Concerned.objects.select_related("finding__audit", "official__unit"), pk=pk)
    if not may(request.user, services.APPLY, concerned):
        raise Http404
    try:
        application = services.start_application(actor=request.user, concerned=concerned)
    except DomainError as exc:
        refusal_status(exc)
        messages.error(request, exc.message)
        return redirect("protection:my-exemptions")
    return done(
        request,
        _("The draft was opened. A protection officer was assigned to help you."),
        "protection:application-edit",
        application.pk,
    )


# --- One application -----------------------------------------------------------------------------------------


def _visible_or_404(request, pk: int) -> ExemptionApplication:
    no_superuser(request)
    application = queries.get_application(pk)
    if application is None or not may(request.user, VIEW, application):
        raise Http404
    return application


def _acts_for(user: Any, application: ExemptionApplication) -> bool:
    return may(user, "protection.submit_application", application)


def _record_staff_view(request, application: ExemptionApplication) -> None:
    if _acts_for(request.user, application):
        return
    record_access(
        actor=request.user,
        ip_address=client_ip(request),
        action=AccessAction.VIEW,
        subject=application.concerned.official,
        resource=f"protection.application:{application.pk}",
    )


def _grounds(application: ExemptionApplication) -> list[dict[str, Any]]:
    return [{"name": g.value, "label": g.label, "text": application.ground(g.value)} for g in Ground]


def _step_forms(request, application: ExemptionApplication, bound: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    forms: dict[str, Any] = {}
    state = application.state
    if may(user, "protection.comment_on_application", application):
        forms["comment_form"] = CommentForm()
    if may(user, "protection.give_officer_opinion", application):
        forms["opinion_form"] = OpinionForm(
            initial={"opinion": application.officer_opinion, "attends": application.officer_attends}
        )
    if state in (S.SUBMITTED, S.RETURNED) and may(user, "protection.screen_application", application):
        forms["screen_form"] = ScreenForm()
    if state not in DECIDED_STATES and state != S.WITHDRAWN and may(user, services.ASSIGN, application):
        forms["assign_form"] = AssignForm(
            officers=protection_officers(), initial={"officer": application.protection_officer_id}
        )
        deadline = {S.SUBMITTED: "screening", S.RETURNED: "completion", S.UNDER_REVIEW: "review"}.get(S(state))
        if deadline:
            forms["extend_form"] = ExtendApplicationForm(initial={"deadline": deadline})
    if state in (S.DRAFT, S.SUBMITTED, S.RETURNED) and may(user, "protection.withdraw_application", application):
        forms["withdraw_form"] = WithdrawForm()
    proposed = application.concerned.proposed_disposition
    if may(user, "protection.vote_on_application", application):
        mine = application.votes.filter(member=user).first()
        initial = {"choice": mine.choice, "reasons": mine.reasons, "mitigated_to": mine.mitigated_to} if mine else None
        forms["vote_form"] = VoteForm(proposed=proposed, initial=initial)
        forms["my_vote"] = mine
    if state == S.UNDER_REVIEW and application.session_id and may(user, "protection.decide_application", application):
        forms["decide_form"] = DecideForm(proposed=proposed)
    forms.update(bound)
    return forms


def render_detail(
    request, application: ExemptionApplication, *, status: int = 200, error: str = "", **bound: Any
) -> HttpResponse:
    user = request.user
    _record_staff_view(request, application)
    rules = current_settings()
    acts_for = _acts_for(user, application)
    is_officer = application.protection_officer_id == user.pk
    sees_votes = application.session_id is not None and (may(user, "protection.view_session", application.session))
    result = board_services.tally(application) if sees_votes and application.state == S.UNDER_REVIEW else None
    context: dict[str, Any] = {
        "application": application,
        "concerned": application.concerned,
        "finding": application.concerned.finding,
        "audit": application.concerned.finding.audit,
        "links": list(application.links.all()),
        "grounds": _grounds(application),
        "files": list(application.files.select_related("document")),
        "comments": list(application.comments.select_related("author")) if (acts_for or is_officer) else [],
        "deadline": queries.running_deadline(application, rules),
        "timeline": [{"event": e, "label": TIMELINE_LABELS.get(e.verb, e.verb)} for e in queries.timeline(application)],
        "extensions": list(application.extensions.select_related("granted_by")),
        "votes": list(application.votes.select_related("member")) if sees_votes else [],
        "tally": result,
        "outcomes": Outcome,
        "acts_for": acts_for,
        "can_edit": acts_for and application.state in EDITABLE_STATES,
        "can_download": application.decision_document_id is not None
        and may(user, "protection.download_decision", application),
        "decided": application.state in DECIDED_STATES,
        "error": error,
    }
    context |= _step_forms(request, application, bound)
    response = render(request, "protection/applications/application_detail.html", context, status=status)
    return no_store(response)


@login_required
@require_GET
def application_detail(request, pk: int):
    return render_detail(request, _visible_or_404(request, pk))


def _fresh(application: ExemptionApplication) -> ExemptionApplication:
    return queries.get_application(application.pk) or application


def _post_step(request, pk: int, permission: str | None = None) -> ExemptionApplication:
    application = _visible_or_404(request, pk)
    if permission is not None:
        require(request, permission, application)
    return application


@require_POST
@login_required
def application_submit(request, pk: int):
    application = _post_step(request, pk, "protection.submit_application")
    try:
        services.submit_application(actor=request.user, application=application)
    except DomainError as exc:
        status = refusal_status(exc)
        fresh = _fresh(application)
        if may(request.user, services.EDIT, fresh):
            return render_edit(request, fresh, status=status, error=exc.message)
        return render_detail(request, fresh, status=status, error=exc.message)
    return done(
        request,
        _("The application was submitted. The audit office screens it and tells you the result."),
        "protection:application-detail",
        application.pk,
    )


@require_POST
@login_required
def application_withdraw(request, pk: int):
    application = _post_step(request, pk, "protection.withdraw_application")
    form = WithdrawForm(request.POST)
    status = submit(
        form,
        lambda data: services.withdraw_application(actor=request.user, application=application, reason=data["reason"]),
    )
    if status is None:
        return done(
            request,
            pgettext("exemption review", "The application was withdrawn."),
            "protection:application-detail",
            application.pk,
        )
    return render_detail(request, _fresh(application), status=status, withdraw_form=form)


@require_POST
@login_required
def application_comment(request, pk: int):
    application = _post_step(request, pk, "protection.comment_on_application")
    form = CommentForm(request.POST)
    status = submit(
        form,
        lambda data: services.comment(
            actor=request.user,
            application=application,
            text=data["text"],
            ground=data["ground"],
            suggested_text=data["suggested_text"],
        ),
    )
    if status is None:
        return done(
            request,
            _("Your comment was added; the applicant was notified."),
            "protection:application-detail",
            application.pk,
        )
    return render_detail(request, _fresh(application), status=status, comment_form=form)


@require_POST
@login_required
def application_opinion(request, pk: int):
    application = _post_step(request, pk, "protection.give_officer_opinion")
    form = OpinionForm(request.POST)
    status = submit(
        form,
        lambda data: services.give_officer_opinion(
            actor=request.user,
            application=application,
            opinion=data["opinion"],
            attends=data["attends"],
        ),
    )
    if status is None:
        return done(request, _("Your opinion was saved."), "protection:application-detail", application.pk)
    return render_detail(request, _fresh(application), status=status, opinion_form=form)


@require_POST
@login_required
def application_screen(request, pk: int):
    application = _post_step(request, pk, "protection.screen_application")
    form = ScreenForm(request.POST)
    status = submit(
        form,
        lambda data: services.screen_application(
            actor=request.user,
            application=application,
            result=data["result"],
            note=data["note"],
        ),
    )
    if status is None:
        return done(request, _("The screening was recorded."), "protection:application-detail", application.pk)
    return render_detail(request, _fresh(application), status=status, screen_form=form)


@require_POST
@login_required
def application_assign(request, pk: int):
    application = _post_step(request, pk, services.ASSIGN)
    form = AssignForm(request.POST, officers=protection_officers())
    status = submit(
        form, lambda data: services.assign_officer(actor=request.user, application=application, officer=data["officer"])
    )
    if status is None:
        return done(request, _("The protection officer was assigned."), "protection:application-detail", application.pk)
    return render_detail(request, _fresh(application), status=status, assign_form=form)


@require_POST
@login_required
def application_extend(request, pk: int):
    application = _post_step(request, pk, services.ASSIGN)
    form = ExtendApplicationForm(request.POST)
    status = submit(
        form,
        lambda data: services.extend_deadline(
            actor=request.user,
            application=application,
            deadline=data["deadline"],
            new_due_on=data["due_on"],
            reason=data["reason"],
        ),
    )
    if status is None:
        return done(request, _("The deadline was extended."), "protection:application-detail", application.pk)
    return render_detail(request, _fresh(application), status=status, extend_form=form)


@require_POST
@login_required
def application_vote(request, pk: int):
    application = _post_step(request, pk, "protection.vote_on_application")
    form = VoteForm(request.POST, proposed=application.concerned.proposed_disposition)
    status = submit(
        form,
        lambda data: board_services.cast_vote(
            actor=request.user,
            application=application,
            choice=data["choice"],
            reasons=data["reasons"],
            mitigated_to=data["mitigated_to"],
        ),
    )
    if status is None:
        return done(request, _("Your vote was recorded."), "protection:application-detail", application.pk)
    return render_detail(request, _fresh(application), status=status, vote_form=form)


@require_POST
@login_required
def application_decide(request, pk: int):
    application = _post_step(request, pk, "protection.decide_application")
    form = DecideForm(request.POST, proposed=application.concerned.proposed_disposition)
    status = 400
    if form.is_valid():
        try:
            decided = board_services.decide_application(
                actor=request.user,
                application=application,
                reasons=form.cleaned_data["reasons"],
                mitigated_to=form.cleaned_data["mitigated_to"],
            )
        except DomainError as exc:
            status = refusal_status(exc)
            form.add_error(None, exc.message)
        else:
            return done(
                request,
                _(
                    "The decision %(number)s was recorded; the applicant, the official, their head and the protection "
                    "officer were notified."
                )
                % {"number": decided.number},
                "protection:application-detail",
                application.pk,
            )
    return render_detail(request, _fresh(application), status=status, decide_form=form)


@login_required
@require_GET
def decision_pdf(request, pk: int):
    """The decision's PDF: the applicant side at once; staff (audit office, board, protection officer) are recorded
    in the access records. While the PDF is being prepared a page says so (and queues the rendering again)."""
    application = _visible_or_404(request, pk)
    if not may(request.user, "protection.download_decision", application):
        raise Http404
    if application.decision_document_id is None:
        decisions.ensure_decision_document(application)
        pending = render(
            request, "protection/applications/decision_pending.html", {"application": application}, status=409
        )
        return no_store(pending)
    document = application.decision_document
    assert document is not None
    if not _acts_for(request.user, application):
        record_access(
            actor=request.user,
            ip_address=client_ip(request),
            action=AccessAction.VIEW,
            subject=application.concerned.official,
            resource=decisions.file_name_of(application),
        )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=decisions.file_name_of(application),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return no_store(response)


# --- The draft's edit page -----------------------------------------------------------------------------------


def render_edit(request, application: ExemptionApplication, *, status: int = 200, error: str = "", **bound: Any):
    user = request.user
    if not may(user, services.EDIT, application):
        raise Http404
    is_head = heads_unit(user, application.concerned.official)
    candidates = link_service.candidates(application.concerned)
    linked = {link.key for link in application.links.all()}
    # A link copied earlier that the provider no longer lists stays ticked and shown.
    initial_grounds = {name: getattr(application, name) for name in GROUND_FIELDS}
    initial_grounds |= {
        "no_private_interest": application.no_private_interest,
        "head_opinion": application.head_opinion,
    }
    context: dict[str, Any] = {
        "application": application,
        "concerned": application.concerned,
        "finding": application.concerned.finding,
        "audit": application.concerned.finding.audit,
        "grounds_form": bound.get("grounds_form") or GroundsForm(initial=initial_grounds, is_head=is_head),
        "links_form": bound.get("links_form") or LinksForm(candidates=candidates, initial={"keys": sorted(linked)}),
        "checked_keys": set(bound["links_form"].data.getlist("links-keys")) if "links_form" in bound else linked,
        "candidates": candidates,
        "links": list(application.links.all()),
        "orphan_links": [link for link in application.links.all() if link.key not in {c.key for c in candidates}],
        "file_form": bound.get("file_form") or FileForm(),
        "files": list(application.files.select_related("document")),
        "comments": list(application.comments.select_related("author")),
        "deadline": queries.running_deadline(application, current_settings()),
        "error": error,
    }
    return no_store(render(request, "protection/applications/application_edit.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk: int):
    application = _visible_or_404(request, pk)
    if not may(request.user, services.EDIT, application):
        if not _acts_for(request.user, application):
            raise PermissionDenied
        messages.info(request, _("The application can no longer be changed."))
        return redirect("protection:application-detail", application.pk)
    if request.method == "GET":
        return render_edit(request, application)
    is_head = heads_unit(request.user, application.concerned.official)
    form = GroundsForm(request.POST, is_head=is_head)
    if form.is_valid():
        try:
            services.update_application(actor=request.user, application=application, data=form.cleaned_data)
        except DomainError as exc:
            status = refusal_status(exc)
            form.add_error(None, exc.message)
            return render_edit(request, _fresh(application), status=status, grounds_form=form)
        if request.POST.get("then") == "submit":
            return application_submit(request, pk)
        return done(request, _("The draft was saved."), "protection:application-edit", application.pk)
    return render_edit(request, _fresh(application), status=400, grounds_form=form)


@require_POST
@login_required
def application_links(request, pk: int):
    application = _post_step(request, pk, services.EDIT)
    candidates = link_service.candidates(application.concerned)
    form = LinksForm(request.POST, candidates=candidates)
    # A link the provider no longer lists is not a choice of the form: it stays when its box is still ticked.
    status = submit(
        form,
        lambda data: services.set_links(
            actor=request.user, application=application, keys=set(data["keys"]) | set(request.POST.getlist("keep"))
        ),
    )
    if status is None:
        return done(request, _("The linked answers were saved."), "protection:application-edit", application.pk)
    return render_edit(request, _fresh(application), status=status, links_form=form)


@require_POST
@login_required
def application_file(request, pk: int):
    application = _post_step(request, pk, services.EDIT)
    form = FileForm(request.POST, request.FILES, request=request)
    status = submit(
        form,
        lambda data: services.add_file(
            actor=request.user,
            application=application,
            uploaded_file=data["file"],
            description=data["description"],
        ),
        field="file",
    )
    if status is None:
        return done(request, _("The file was attached."), "protection:application-edit", application.pk)
    if form.upload_rejected:
        status = 413
    return render_edit(request, _fresh(application), status=status, file_form=form)


@require_POST
@login_required
def application_file_remove(request, pk: int, file_pk: int):
    application = _post_step(request, pk, services.EDIT)
    attached = get_object_or_404(
        ApplicationFile.objects.select_related("document"), pk=file_pk, application=application
    )
    try:
        services.remove_file(actor=request.user, application=application, attached=attached)
    except DomainError as exc:
        return render_edit(request, _fresh(application), status=refusal_status(exc), error=exc.message)
    return done(request, _("The file was removed."), "protection:application-edit", application.pk)


@require_POST
@login_required
def application_apply_suggestion(request, pk: int, comment_pk: int):
    application = _post_step(request, pk, services.EDIT)
    note = get_object_or_404(OfficerComment, pk=comment_pk, application=application)
    try:
        services.apply_suggestion(actor=request.user, application=application, note=note)
    except DomainError as exc:
        return render_edit(request, _fresh(application), status=refusal_status(exc), error=exc.message)
    return done(
        request, _("The suggested text was taken over; check it before you submit."), "protection:application-edit", pk
    )


# --- The audit office's queue --------------------------------------------------------------------------------


@login_required
@require_GET
def application_list(request):
    require(request, "protection.manage_audits")
    day = today()
    filter_form = QueueFilterForm(request.GET or None)
    criteria = queries.QueueFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.QueueFilter(
            state=data["state"], auditor=data["auditor"], overdue=data["overdue"], search=data["q"]
        )
    context = paginate(request, queries.queue_for(request.user, criteria, today=day), PER_PAGE)
    rules = current_settings()
    for application in context["page_obj"]:
        application.deadline = queries.running_deadline(application, rules)
    context |= {
        "filter_form": filter_form,
        "filtered": criteria != queries.QueueFilter(),
        "overdue_count": queries.queue_for(request.user, queries.QueueFilter(overdue=True), today=day).count(),
    }
    return render(request, "protection/applications/application_list.html", context)
