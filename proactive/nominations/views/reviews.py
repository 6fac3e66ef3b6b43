"""Working-level review screens. Reviewers: my assignments, the score sheet, declaring a conflict.
Secretariat: assignments per round (grid, by hand, balanced), progress per reviewer, ranking and confirmation.

An assignment that is not the user's, or from which they are recused, answers 404. A reviewer whose org-chart
conflict appeared after the assignment gets a refusal page (403) that offers to declare the conflict.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.nominations.forms.reviews import AssignForm, BalanceForm, RecusalForm, ScoreForm
from proactive.nominations.models import ReviewAssignment, SelectionRound
from proactive.nominations.queries import committee as committee_queries
from proactive.nominations.queries import reviews as queries
from proactive.nominations.services import reviews as services
from proactive.web.navigation import DashboardPanel, register_panel
from proactive.web.refusals import refused

MANAGE = "nominations.manage_reviews"


def register_review_panels() -> None:
    """The dashboard panels "cases waiting for my scores" (working-level reviewers, committee members).

    Called from ``NominationsConfig.ready``."""
    register_panel(
        DashboardPanel(
            key="nominations-reviews-waiting",
            template="nominations/reviews/_panel.html",
            permission="nominations.view_my_reviews",
            order=30,
            context=queries.waiting_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="nominations-committee-waiting",
            template="nominations/committee/_panel.html",
            permission="nominations.view_committee_reviews",
            order=31,
            context=committee_queries.committee_waiting_panel,
        )
    )


def _my_assignment_or_404(request, pk: int) -> ReviewAssignment:
    assignment = queries.get_assignment(pk)
    if assignment is None or not request.user.has_perm("nominations.review_nomination", assignment):
        raise Http404
    return assignment


@login_required
@permission_required("nominations.view_my_reviews", raise_exception=True)
def review_list(request):
    assignments = list(queries.my_assignments(request.user))
    context = {
        "assignments": assignments,
        "waiting": sum(1 for a in assignments if not a.submitted_at and not a.recused),
        "done": sum(1 for a in assignments if a.submitted_at and not a.recused),
    }
    return render(request, "nominations/reviews/review_list.html", context)


@login_required
def review_score(request, pk: int):
    assignment = _my_assignment_or_404(request, pk)
    nomination = assignment.nomination
    reasons = queries.conflicts_of(request.user, nomination)
    if reasons:
        context = {"assignment": assignment, "nomination": nomination, "reasons": reasons}
        return render(request, "nominations/reviews/review_conflict.html", context, status=403)
    criteria = queries.working_criteria(nomination.round)
    form = ScoreForm(request.POST or None, criteria=criteria, assignment=assignment)
    done, status = submit_score_form(request, form, assignment, submit=services.submit_scores, again="review-score")
    if done is not None:
        return done
    # Others' scores stay hidden until this reviewer has submitted their own; then only their anonymised mean.
    others = queries.others_summary(assignment) if assignment.submitted_at else None
    context = {
        "assignment": assignment,
        "nomination": nomination,
        "form": form,
        "rows": [
            {**row, "others_mean": others.by_criterion.get(row["criterion"].pk) if others else None}
            for row in form.rows()
        ],
        "others": others,
        "can_score": nomination.round.phase() in services.SCORING_PHASES
        and nomination.round.shortlist_confirmed_at is None,
    }
    return render(request, "nominations/reviews/review_score.html", context, status=status)


def submit_score_form(request, form: ScoreForm, assignment: ReviewAssignment, *, submit, again: str):
    """The scoring POST of either scored stage: ``submit`` is the stage's service (actor, assignment, scores,
    comment). Returns (the redirect after a submission, or None; the status to re-render the form with)."""
    if request.method != "POST":
        return None, 200
    if form.is_valid():
        try:
            submit(
                actor=request.user, assignment=assignment, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your scores were submitted."))
            return redirect(f"nominations:{again}", assignment.pk), 200
    return None, 400


def recusal_page(request, assignment: ReviewAssignment, *, declare, success_message, done_url: str, template: str):
    """The recusal form of either scored stage: ``declare`` is the stage's service (actor, assignment, reason)."""
    form = RecusalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                declare(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, success_message)
                return redirect(done_url)
        status = 400
    context = {"assignment": assignment, "nomination": assignment.nomination, "form": form}
    return render(request, template, context, status=status)


@login_required
def review_recuse(request, pk: int):
    return recusal_page(
        request,
        _my_assignment_or_404(request, pk),
        declare=services.declare_conflict,
        success_message=_("Your conflict was recorded; you are recused from this case."),
        done_url="nominations:review-list",
        template="nominations/reviews/review_recuse.html",
    )


# --- Secretariat ---------------------------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def review_assignments(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    form = AssignForm(
        request.POST or None,
        nominations=queries.verified_nominations(selection_round),
        reviewers=queries.reviewer_pool(),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.assign_reviewers(
                    actor=request.user,
                    nomination=form.cleaned_data["nomination"],
                    reviewers=form.cleaned_data["reviewers"],
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                count = len(created)
                messages.success(
                    request,
                    ngettext("%(count)d reviewer was assigned.", "%(count)d reviewers were assigned.", count)
                    % {"count": count},
                )
                return redirect("nominations:review-assignments", selection_round.pk)
        status = 400
    context = {
        "round": selection_round,
        "form": form,
        "balance_form": BalanceForm(),
        "grid": queries.round_assignment_grid(selection_round),
    }
    return render(request, "nominations/reviews/review_assignments.html", context, status=status)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def review_balance(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    form = BalanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of reviewers per case (1 to 20)."))
        return redirect("nominations:review-assignments", selection_round.pk)
    try:
        result = services.assign_in_bulk(
            actor=request.user,
            round=selection_round,
            reviewers=list(queries.reviewer_pool()),
            per_nomination=form.cleaned_data["per_nomination"],
        )
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        count = len(result.created)
        messages.success(
            request,
            ngettext("%(count)d assignment was made.", "%(count)d assignments were made.", count) % {"count": count},
        )
        if result.short:
            messages.warning(
                request,
                _("Not enough reviewers without a conflict for: %(cases)s")
                % {"cases": ", ".join(n.title for n in result.short)},
            )
    return redirect("nominations:review-assignments", selection_round.pk)


@login_required
@permission_required(MANAGE, raise_exception=True)
def review_progress(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    context = {"round": selection_round, "reviewers": list(queries.reviewer_progress(selection_round))}
    return render(request, "nominations/reviews/review_progress.html", context)


@login_required
@permission_required(MANAGE, raise_exception=True)
def review_ranking(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    context = {
        "round": selection_round,
        "ranking": queries.working_ranking(selection_round),
        "rubric_max": queries.rubric_max(selection_round),
        "confirmed": selection_round.shortlist_confirmed_at is not None,
    }
    return render(request, "nominations/reviews/review_ranking.html", context)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def review_confirm(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    try:
        services.confirm_shortlist(actor=request.user, round=selection_round)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The shortlist was confirmed and the nominators told."))
    return redirect("nominations:review-ranking", selection_round.pk)
