"""Nomination screens: nominate, edit the draft and team, add evidence, submit or withdraw, my nominations;
for the secretariat the round's list, verification and matching a citizen's nominee; consent for team members.

Nominations the user may not see answer 404 (as if they did not exist); visible ones whose action the user may
not take answer 403. Refusals by a service re-render the form with everything entered and the reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.nominations.enums import EDITABLE_STATES, NominationState, NominatorType, RoundStatus
from proactive.nominations.forms.nominations import (
    ConsentForm,
    EvidenceForm,
    MatchNomineeForm,
    MergeForm,
    NominationFilterForm,
    NominationForm,
    VerificationForm,
    member_formset,
)
from proactive.nominations.models import Nomination, NominationMember, SelectionRound
from proactive.nominations.queries import nominations as queries
from proactive.nominations.services import nominations as services
from proactive.web.pagination import paginate
from proactive.web.refusals import refused, require

PER_PAGE = 20


def _visible_or_404(request, pk: int) -> Nomination:
    nomination = queries.get_nomination_for(request.user, pk)
    if nomination is None:
        raise Http404
    return nomination


@login_required
@permission_required("nominations.create_nomination", raise_exception=True)
def nomination_create(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk, status=RoundStatus.PUBLISHED)
    citizen = request.user.is_citizen
    form = NominationForm(request.POST or None, citizen=citizen)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                nomination = services.create_draft(
                    actor=request.user, selection_round=selection_round, data=form.cleaned_data
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your draft was saved. Add the team and evidence, then submit it."))
                return redirect("nominations:nomination-edit", nomination.pk)
        status = 400
    context = {"form": form, "round": selection_round, "window_open": selection_round.nominations_open()}
    return render(request, "nominations/nominations/nomination_create.html", context, status=status)


@login_required
def nomination_edit(request, pk: int):
    nomination = _visible_or_404(request, pk)
    require(request, "nominations.edit_nomination", nomination)
    citizen = nomination.nominator_type == NominatorType.CITIZEN
    section = request.POST.get("section") if request.method == "POST" else None
    form = NominationForm(
        request.POST if section == "details" else None, instance=nomination, citizen=citizen, prefix="details"
    )
    team = None if citizen else member_formset(request.POST if section == "team" else None, nomination=nomination)
    status = 200
    if section == "details":
        if form.is_valid():
            try:
                services.update_draft(actor=request.user, nomination=nomination, data=form.cleaned_data)
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("nominations:nomination-edit", nomination.pk)
        status = 400
    elif section == "team" and team is not None:
        if team.is_valid():
            try:
                services.set_members(actor=request.user, nomination=nomination, members=team.members())
            except DomainError as exc:
                refused(exc)
                team._non_form_errors = team.error_class([exc.message])  # shown like the formset's own errors
            else:
                messages.success(request, _("The team was saved."))
                return redirect("nominations:nomination-edit", nomination.pk)
        status = 400
    context = {
        "nomination": nomination,
        "form": form,
        "team": team,
        "window_open": services.window_allows_changes(nomination),
        "missing": services.missing_for_submission(nomination),
    }
    return render(request, "nominations/nominations/nomination_edit.html", context, status=status)


@login_required
def nomination_evidence(request, pk: int):
    nomination = _visible_or_404(request, pk)
    require(request, "nominations.edit_nomination", nomination)
    form = EvidenceForm(request.POST or None, request.FILES or None, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.attach_evidence(
                    actor=request.user, nomination=nomination, uploaded_file=form.cleaned_data["file"]
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The evidence file was added."))
                return redirect("nominations:nomination-evidence", nomination.pk)
        status = 400
    context = {"nomination": nomination, "form": form, "evidence": nomination.evidence.order_by("created_at")}
    return render(request, "nominations/nominations/nomination_evidence.html", context, status=status)


@login_required
def nomination_detail(request, pk: int):
    nomination = _visible_or_404(request, pk)
    user = request.user
    members = list(queries.nomination_members(nomination))
    context = {
        "nomination": nomination,
        "members": members,
        "my_member": next((m for m in members if user.official_id and m.official_id == user.official_id), None),
        "evidence": nomination.evidence.order_by("created_at"),
        "is_nominator": nomination.nominated_by_id == user.pk,
        "can_edit": user.has_perm("nominations.edit_nomination", nomination),
        "can_submit": nomination.state in EDITABLE_STATES
        and user.has_perm("nominations.submit_nomination", nomination),
        "can_withdraw": nomination.state in (*EDITABLE_STATES, NominationState.SUBMITTED)
        and user.has_perm("nominations.withdraw_nomination", nomination),
        "can_verify": nomination.state == NominationState.SUBMITTED
        and user.has_perm("nominations.verify_nomination", nomination),
        "can_match": nomination.nominator_type == NominatorType.CITIZEN
        and nomination.state not in (NominationState.WITHDRAWN, NominationState.REJECTED, NominationState.VERIFIED)
        and user.has_perm("nominations.verify_nomination", nomination),
        "sees_duplicates": user.has_perm("nominations.view_all_nominations"),
        "can_merge": nomination.state in (NominationState.SUBMITTED, NominationState.RETURNED)
        and user.has_perm("nominations.verify_nomination", nomination),
        "missing": services.missing_for_submission(nomination) if nomination.state in EDITABLE_STATES else [],
    }
    return render(request, "nominations/nominations/nomination_detail.html", context)


def _transition_view(request, pk: int, perm: str, service, done: str):
    nomination = _visible_or_404(request, pk)
    require(request, perm, nomination)
    try:
        service(actor=request.user, nomination=nomination)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("nominations:nomination-detail", nomination.pk)


@require_POST
@login_required
def nomination_submit(request, pk: int):
    return _transition_view(
        request, pk, "nominations.submit_nomination", services.submit_nomination, _("The nomination was submitted.")
    )


@require_POST
@login_required
def nomination_withdraw(request, pk: int):
    return _transition_view(
        request, pk, "nominations.withdraw_nomination", services.withdraw_nomination, _("The nomination was withdrawn.")
    )


@login_required
def my_nominations(request):
    context = paginate(request, queries.my_nominations(request.user), PER_PAGE)
    return render(request, "nominations/nominations/my_nominations.html", context)


@login_required
@permission_required("nominations.view_all_nominations", raise_exception=True)
def nomination_list(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    form = NominationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    nominations = queries.round_nominations(
        selection_round,
        state=filters.get("state", ""),
        case_type=filters.get("case_type", ""),
        duplicates_only=filters.get("duplicates", False),
    )
    context = {"round": selection_round, "form": form, **paginate(request, nominations, PER_PAGE)}
    return render(request, "nominations/nominations/nomination_list.html", context)


@login_required
def nomination_verify(request, pk: int):
    nomination = _visible_or_404(request, pk)
    require(request, "nominations.verify_nomination", nomination)
    form = VerificationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.transition_nomination(
                    nomination, to=form.cleaned_data["decision"], actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The decision was recorded and the nominator told."))
                return redirect("nominations:nomination-detail", nomination.pk)
        status = 400
    context = {"nomination": nomination, "form": form}
    return render(request, "nominations/nominations/nomination_verify.html", context, status=status)


@login_required
def nomination_match(request, pk: int):
    nomination = _visible_or_404(request, pk)
    require(request, "nominations.verify_nomination", nomination)
    form = MatchNomineeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.match_citizen_nominee(
                    actor=request.user, nomination=nomination, official=form.cleaned_data["official"]
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The nominee was matched and asked for consent."))
                return redirect("nominations:nomination-detail", nomination.pk)
        status = 400
    context = {"nomination": nomination, "form": form}
    return render(request, "nominations/nominations/nomination_match.html", context, status=status)


@login_required
def nomination_consent(request, member_pk: int):
    member = get_object_or_404(
        NominationMember.objects.select_related("nomination", "nomination__round", "official"), pk=member_pk
    )
    if not request.user.has_perm("nominations.answer_consent", member):
        raise Http404
    form = ConsentForm(request.POST or None, initial={"consent": member.consent})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_consent(actor=request.user, member=member, consent=form.cleaned_data["consent"])
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you. Your answer was recorded."))
                return redirect("nominations:nomination-detail", member.nomination_id)
        status = 400
    context = {"member": member, "nomination": member.nomination, "form": form}
    return render(request, "nominations/nominations/nomination_consent.html", context, status=status)


@login_required
def nomination_merge(request, pk: int):
    """The same achievement nominated twice: merge this nomination into the one kept (or clear the flag)."""
    nomination = _visible_or_404(request, pk)
    require(request, "nominations.verify_nomination", nomination)
    if nomination.state not in (NominationState.SUBMITTED, NominationState.RETURNED):
        messages.error(request, _("Only a submitted or returned nomination can be merged into another."))
        return redirect("nominations:nomination-detail", nomination.pk)
    form = MergeForm(request.POST or None, nomination=nomination)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            into = form.cleaned_data["into"]
            try:
                services.merge_nomination(
                    actor=request.user, nomination=nomination, into=into, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The nominations were merged and both nominators told."))
                return redirect("nominations:nomination-detail", into.pk)
        status = 400
    other = nomination.duplicate_of
    context = {
        "nomination": nomination,
        "other": other,
        "other_members": list(queries.nomination_members(other)) if other else [],
        "members": list(queries.nomination_members(nomination)),
        "form": form,
    }
    return render(request, "nominations/nominations/nomination_merge.html", context, status=status)


@require_POST
@login_required
def nomination_not_duplicate(request, pk: int):
    nomination = _visible_or_404(request, pk)
    require(request, "nominations.verify_nomination", nomination)
    try:
        services.dismiss_duplicate_flag(actor=request.user, nomination=nomination)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The possible-duplicate flag was cleared."))
    return redirect("nominations:nomination-detail", nomination.pk)
