"""Committee-stage screens (위원회 심사). Members: my cases, the score sheet, declaring a recusal. Secretariat:
assigning the committee, the meeting record, the ranking with its formula and proposing grades. Chair: adjusting
and confirming the grades.

An assignment that is not the user's, or from which they are recused, answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.nominations.forms.committee import AdjustForm, ConfirmForm, MeetingForm
from proactive.nominations.forms.reviews import ScoreForm
from proactive.nominations.models import Award, CommitteeMeeting, GradeRule, ReviewAssignment, SelectionRound
from proactive.nominations.queries import committee as queries
from proactive.nominations.services import committee as services
from proactive.nominations.views.reviews import recusal_page, submit_score_form
from proactive.web.refusals import refused

MANAGE = "nominations.manage_committee"
CONFIRM = "nominations.confirm_grades"


def _my_assignment_or_404(request, pk: int) -> ReviewAssignment:
    assignment = queries.get_committee_assignment(pk)
    if assignment is None or not request.user.has_perm("nominations.committee_review", assignment):
        raise Http404
    return assignment


@login_required
@permission_required("nominations.view_committee_reviews", raise_exception=True)
def committee_list(request):
    assignments = list(queries.my_committee_assignments(request.user))
    return render(request, "nominations/committee/committee_list.html", {"assignments": assignments})


@login_required
def committee_score(request, pk: int):
    assignment = _my_assignment_or_404(request, pk)
    nomination = assignment.nomination
    criteria = queries.committee_criteria(nomination.round)
    form = ScoreForm(request.POST or None, criteria=criteria, assignment=assignment)
    done, status = submit_score_form(
        request, form, assignment, submit=services.submit_committee_scores, again="committee-score"
    )
    if done is not None:
        return done
    selection_round = nomination.round
    context = {
        "assignment": assignment,
        "nomination": nomination,
        "form": form,
        "rows": form.rows(),
        "can_score": selection_round.tally_frozen_at is not None
        and not Award.objects.filter(nomination__round=selection_round, confirmed_at__isnull=False).exists(),
    }
    return render(request, "nominations/committee/committee_score.html", context, status=status)


@login_required
def committee_recuse(request, pk: int):
    return recusal_page(
        request,
        _my_assignment_or_404(request, pk),
        declare=services.declare_recusal,
        success_message=_("Your recusal was recorded."),
        done_url="nominations:committee-list",
        template="nominations/committee/committee_recuse.html",
    )


# --- Secretariat ---------------------------------------------------------------------------------------------


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_assign(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    try:
        created = services.assign_committee(actor=request.user, round=selection_round)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Assignments made: %(count)d.") % {"count": len(created)})
    return redirect("nominations:committee-ranking", selection_round.pk)


@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_meeting(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    meeting = CommitteeMeeting.objects.filter(round=selection_round).first()
    initial = {}
    if meeting is not None:
        initial = {
            "held_at": meeting.held_at,
            "place": meeting.place,
            "attendees": list(meeting.attendees.all()),
            "minutes": meeting.minutes,
        }
    form = MeetingForm(request.POST or None, initial=initial, members=queries.committee_pool())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_meeting(actor=request.user, round=selection_round, **form.cleaned_data)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The meeting was recorded."))
                return redirect("nominations:committee-ranking", selection_round.pk)
        status = 400
    context = {"round": selection_round, "form": form, "meeting": meeting}
    return render(request, "nominations/committee/committee_meeting.html", context, status=status)


@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_ranking(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    context = {
        "round": selection_round,
        "ranking": queries.compute_totals(selection_round),
        "rubric_max": queries.committee_rubric_max(selection_round),
        "awards": queries.round_awards(selection_round),
        "formula": queries.FORMULA,
    }
    return render(request, "nominations/committee/committee_ranking.html", context)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def committee_propose(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    try:
        services.propose_grades(actor=request.user, round=selection_round)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Grades were proposed by quota."))
    return redirect("nominations:committee-ranking", selection_round.pk)


# --- Chair ---------------------------------------------------------------------------------------------------


@login_required
@permission_required(CONFIRM, raise_exception=True)
def committee_confirm(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    meeting = CommitteeMeeting.objects.filter(round=selection_round).first()
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.confirm_grades(
                    actor=request.user, round=selection_round, decision=form.cleaned_data["decision"]
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The grades were confirmed and the winners told."))
                return redirect("nominations:committee-confirm", selection_round.pk)
        status = 400
    context = {
        "round": selection_round,
        "meeting": meeting,
        "awards": queries.round_awards(selection_round),
        "quotas": dict(GradeRule.objects.filter(round=selection_round).values_list("grade", "quota")),
        "form": form,
        "adjust_form": AdjustForm(),
    }
    return render(request, "nominations/committee/committee_confirm.html", context, status=status)


@require_POST
@login_required
def committee_adjust(request, pk: int):
    if not (request.user.has_perm(CONFIRM) or request.user.has_perm(MANAGE)):
        raise PermissionDenied
    award = get_object_or_404(Award.objects.select_related("nomination"), pk=pk)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the adjustment."))
    else:
        try:
            services.adjust_grade(actor=request.user, award=award, **form.cleaned_data)
        except DomainError as exc:
            refused(exc)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The grade was adjusted."))
    target = "nominations:committee-confirm" if request.user.has_perm(CONFIRM) else "nominations:committee-ranking"
    return redirect(target, award.nomination.round_id)
