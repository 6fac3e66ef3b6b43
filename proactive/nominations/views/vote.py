"""Online vote screens: the public vote page of a round (cases for everyone, the ballot for eligible voters)
and, for the secretariat, the results page and the freeze action.

The running tally never leaves the server before the vote closes: during the window the results page shows the
ballot count and the anomaly flags only. A second ballot answers 409 with "already voted"; a ballot outside the
window or by someone outside the electorate answers 403 (SECURITY.md VOTE-01).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import RoundPhase, RoundStatus
from proactive.nominations.forms.vote import BallotForm
from proactive.nominations.models import SelectionRound, StageResult
from proactive.nominations.queries import vote as queries
from proactive.nominations.rules.vote import is_eligible_voter_for
from proactive.nominations.services import vote as services

PUBLIC_STATUSES = [RoundStatus.PUBLISHED, RoundStatus.CLOSED]


def _public_round(round_pk: int) -> SelectionRound:
    return get_object_or_404(SelectionRound, pk=round_pk, status__in=PUBLIC_STATUSES)


@require_http_methods(["GET", "POST"])
def vote_page(request, round_pk: int):
    """The shortlisted cases and, for an eligible signed-in voter while the vote is open, the ballot."""
    selection_round = _public_round(round_pk)
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    now = timezone.now()
    phase = selection_round.phase(now)
    started = now >= selection_round.vote_start_at and phase != RoundPhase.DRAFT
    status = 200
    ballot = None
    if request.method == "POST":
        # The write path reads as little as it can (docs/performance.md): eligibility and the window from the
        # objects at hand, the shortlist as (id, title) pairs; the unique constraint catches a second ballot.
        if not is_eligible_voter_for(user, selection_round) or phase != RoundPhase.ONLINE_VOTE:
            raise PermissionDenied
        form = BallotForm(
            request.POST,
            choices=queries.shortlist_choices(selection_round),
            max_picks=selection_round.picks_per_ballot,
        )
        if form.is_valid():
            try:
                services.cast_ballot(
                    actor=user, round=selection_round, nomination_ids=form.cleaned_data["picks"], now=now
                )
            except services.AlreadyVotedError as exc:
                messages.error(request, exc.message)
                status = 409
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from exc
            except DomainError as exc:
                if exc.code == "window_closed":
                    raise PermissionDenied(exc.message) from exc
                form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, _("Thank you. Your ballot was recorded."))
                return redirect("nominations:vote", selection_round.pk)
        else:
            status = 400
    cases = queries.public_cases(selection_round) if started else []
    ballot = queries.ballot_of(user, selection_round)
    if request.method != "POST":
        form = BallotForm(None, choices=[(c.pk, c.title) for c in cases], max_picks=selection_round.picks_per_ballot)
    context = {
        "round": selection_round,
        "cases": cases,
        "started": started,
        "vote_open": phase == RoundPhase.ONLINE_VOTE,
        "ballot": ballot,
        "eligible": is_eligible_voter_for(user, selection_round),
        "can_vote": ballot is None and user.has_perm("nominations.cast_ballot", selection_round),
        "form": form,
        "selected": set(form.cleaned_data.get("picks", []))
        if form.is_bound and hasattr(form, "cleaned_data")
        else set(),
    }
    return render(request, "nominations/vote/vote.html", context, status=status)


@login_required
def vote_results(request, round_pk: int):
    """Secretariat: ballot count and anomaly flags during the vote; the tally once it has closed; the frozen
    stage results once frozen."""
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    if not request.user.has_perm("nominations.monitor_vote", selection_round):
        raise PermissionDenied
    can_view_tally = request.user.has_perm("nominations.view_tally", selection_round)
    frozen = selection_round.tally_frozen_at is not None
    context = {
        "round": selection_round,
        "ballot_count": queries.ballot_count(selection_round),
        "flags": queries.anomaly_flags(selection_round),
        "window_closed": timezone.now() >= selection_round.vote_end_at,
        "tally": queries.tally(selection_round) if can_view_tally and not frozen else None,
        "results": (
            StageResult.objects.filter(nomination__round=selection_round, stage=services.VOTE_STAGE)
            .select_related("nomination")
            .order_by("rank", "nomination__pk")
            if can_view_tally and frozen
            else None
        ),
        "can_freeze": can_view_tally
        and not frozen
        and request.user.has_perm("nominations.freeze_tally", selection_round),
    }
    return render(request, "nominations/vote/results.html", context)


@require_POST
@login_required
def vote_freeze(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    if not request.user.has_perm("nominations.freeze_tally", selection_round):
        raise PermissionDenied
    try:
        services.freeze_tally(actor=request.user, round=selection_round)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The tally was frozen and the vote points were recorded."))
    return redirect("nominations:vote-results", selection_round.pk)
