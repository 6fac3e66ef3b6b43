"""Screens of the mileage claims area (DOMAIN.md §4.5): claim points for my own work, propose points for a team
(department heads, with a live preview of the split), my claims, the claims waiting for my decision, and one claim
with the steps I may take on it.

A claim someone may not see answers 404, as if it did not exist; a step they may not take answers 403. A refused
claim (a cap, eligibility, a missing reason) comes back with the refusal explained and everything typed kept.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError, InvalidTransitionError
from proactive.mileage.enums import ClaimState
from proactive.mileage.forms.claims import (
    ClaimForm,
    EvidenceForm,
    MineFilterForm,
    ProposeForm,
    QueueFilterForm,
    TransitionForm,
)
from proactive.mileage.models import Claim
from proactive.mileage.queries import claims as queries
from proactive.mileage.services import claims as services
from proactive.mileage.workflow import CLAIM_TRANSITIONS
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

CREATE = "mileage.create_claim"
PROPOSE = "mileage.propose_claim"
MINE = "mileage.view_my_claims"
QUEUE = "mileage.view_claim_queue"
VIEW = "mileage.view_claim"
ADD_EVIDENCE = "mileage.add_claim_evidence"
PER_PAGE = 25
C = ClaimState

# Where a service's refusal is shown: next to a field, or (None) above the form.
_ERROR_FIELDS = {
    "points_out_of_range": "points",
    "future_date": "occurred_on",
    "evidence_required": "evidence",
    "too_many_files": "evidence",
    "rule_not_claimable": "activity",
}
# The buttons of each step, and what is said once it is taken.
_STEP_LABELS = {
    C.GRANTED: gettext_lazy("Grant"),
    C.CHECKED: gettext_lazy("Confirm the check"),
    C.APPROVED: gettext_lazy("Approve and post the points"),
    C.REJECTED: gettext_lazy("Reject"),
    C.WITHDRAWN: gettext_lazy("Withdraw the claim"),
}
_DONE = {
    C.GRANTED: gettext_lazy("The claim was granted and sent to the bureau chief."),
    C.CHECKED: gettext_lazy("The claim was checked and sent to the secretariat."),
    C.APPROVED: gettext_lazy("The claim was approved and the points were posted."),
    C.REJECTED: gettext_lazy("The claim was rejected; the claimant was told the reason."),
    C.WITHDRAWN: gettext_lazy("The claim was withdrawn."),
}
QUEUE_STEP = {
    C.CLAIMED: gettext_lazy("To grant"),
    C.GRANTED: gettext_lazy("To check"),
    C.CHECKED: gettext_lazy("To approve"),
}


def register() -> None:
    """Notification kinds and menu items of this area (called from MileageConfig.ready)."""
    services.register_claim_notification_kinds()
    add_menu_items(
        "mileage",
        [
            MenuItem(gettext_lazy("Claim points"), "mileage:claim-create", CREATE),
            MenuItem(gettext_lazy("Propose points for a team"), "mileage:claim-propose", PROPOSE),
            MenuItem(gettext_lazy("My claims"), "mileage:claim-mine", MINE),
            MenuItem(gettext_lazy("Claims to decide"), "mileage:claim-queue", QUEUE),
        ],
    )


def _show_refusal(form: Any, exc: DomainError) -> None:
    refused(exc)
    field = _ERROR_FIELDS.get(exc.code)
    form.add_error(field if field in form.fields else None, exc.message)


def _path(name: str, fallback: str) -> str:
    """The URL of a page another area provides, or its known path while that area is not wired yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _status(request: HttpRequest, form: Any) -> int:
    return 413 if getattr(form, "upload_rejected", False) else 400


# --- Claim for myself ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(CREATE, raise_exception=True)
def claim_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    official = user.official
    unit = queries.home_unit(official)
    posted = request.method == "POST"
    form = ClaimForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        rules=queries.claimable_rules(),
        request=request,
    )
    status = 200
    if posted:
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = services.submit_claim(
                    actor=user,
                    rule=data["activity"],
                    unit=unit,
                    title=data["title"],
                    description=data["description"],
                    occurred_on=data["occurred_on"],
                    points=data["points"],
                    officials=[(official, 100)],
                    evidence=data["evidence"],
                )
            except DomainError as exc:
                _show_refusal(form, exc)
            else:
                messages.success(request, _("Your claim was sent to your department head."))
                return redirect("mileage:claim-detail", claim.pk)
        status = _status(request, form)
    caps = queries.caps_left(unit=unit, officials=[official], year=timezone.localdate().year)
    context = {
        "form": form,
        "rules": form.rules,
        "unit": unit,
        "caps": caps,
        "my_cap": caps.people[0],
        "ineligible": official.grade is not None and official.grade < caps.eligible_from_grade,
        "files_dropped": posted and bool(request.FILES),
    }
    return render(request, "mileage/claims/claim_create.html", context, status=status)


# --- Propose for a team -------------------------------------------------------------------------------------


def _propose_form(request: HttpRequest, *, bound: bool) -> ProposeForm:
    policy = queries.policy_or_default(timezone.localdate().year)
    return ProposeForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        rules=queries.claimable_rules(),
        units=queries.proposable_units(request.user),
        officials=list(queries.proposable_officials(request.user)),
        eligible_from_grade=policy.eligible_from_grade,
        request=request,
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(PROPOSE, raise_exception=True)
def claim_propose(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = _propose_form(request, bound=posted)
    status = 200
    preview = None
    preview_only = posted and request.POST.get("action") == "preview"
    if preview_only:
        preview = form.split_preview()
    elif posted:
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = services.submit_claim(
                    actor=request.user,
                    rule=data["activity"],
                    unit=data["unit"],
                    title=data["title"],
                    description=data["description"],
                    occurred_on=data["occurred_on"],
                    points=data["points"],
                    officials=form.team(),
                    evidence=data["evidence"],
                )
            except DomainError as exc:
                _show_refusal(form, exc)
            else:
                messages.success(request, _("Your proposal was recorded. Grant it from the claim's page when ready."))
                return redirect("mileage:claim-detail", claim.pk)
        status = _status(request, form)
        preview = form.split_preview()
    context = {
        "form": form,
        "rules": form.rules,
        "preview": preview,
        "preview_only": preview_only,
        "files_dropped": posted and bool(request.FILES),
    }
    return render(request, "mileage/claims/claim_propose.html", context, status=status)


@require_POST
@login_required
@permission_required(PROPOSE, raise_exception=True)
def partial_claim_split(request: HttpRequest) -> HttpResponse:
    """htmx: how the points of the proposal being typed would be split (only officials the head may propose for)."""
    form = _propose_form(request, bound=True)
    return render(request, "mileage/claims/_split_preview.html", {"preview": form.split_preview()})


# --- Lists --------------------------------------------------------------------------------------------------


@login_required
@permission_required(MINE, raise_exception=True)
def claim_mine(request: HttpRequest) -> HttpResponse:
    filter_form = MineFilterForm(request.GET or None)
    state = filter_form.cleaned_data["state"] if filter_form.is_valid() else ""
    context = paginate(request, queries.my_claims(request.user, state=state), PER_PAGE)
    context |= {
        "filter_form": filter_form,
        "filtered": bool(state),
        "statement_url": _path("mileage:statement", "/mileage/"),
    }
    return render(request, "mileage/claims/claim_mine.html", context)


@login_required
@permission_required(QUEUE, raise_exception=True)
def claim_queue(request: HttpRequest) -> HttpResponse:
    filter_form = QueueFilterForm(request.GET or None, units=queries.queue_units(request.user))
    filters: dict[str, Any] = {}
    if filter_form.is_valid():
        filters = {k: v for k, v in filter_form.cleaned_data.items() if v}
    context = paginate(request, queries.claim_queue(request.user, **filters), PER_PAGE)
    for claim in context["page_obj"]:
        claim.step_label = QUEUE_STEP.get(claim.state, "")  # type: ignore[attr-defined]
    context |= {"filter_form": filter_form, "filtered": bool(filters)}
    return render(request, "mileage/claims/claim_queue.html", context)


# --- One claim ----------------------------------------------------------------------------------------------


def _visible_claim_or_404(request: HttpRequest, pk: int) -> Claim:
    claim = queries.get_claim(pk)
    if claim is None or not request.user.has_perm(VIEW, claim):
        raise Http404
    return claim


def _render_detail(
    request: HttpRequest,
    claim: Claim,
    *,
    reject_form: TransitionForm | None = None,
    evidence_form: EvidenceForm | None = None,
    step_error: str = "",
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    shares = list(claim.shares.all())
    steps = [to for to, perm in CLAIM_TRANSITIONS[C(claim.state)].items() if user.has_perm(perm, claim)]
    concerned = claim.claimed_by_id == user.pk or any(s.official_id == user.official_id for s in shares)
    appeal_url = ""
    if concerned and claim.state in (C.APPROVED, C.REJECTED):
        appeal_url = _path("mileage:appeal-create", "/mileage/appeals/new/") + f"?claim={claim.pk}"
    can_add_evidence = user.has_perm(ADD_EVIDENCE, claim)
    context = {
        "claim": claim,
        "shares": shares,
        "evidence": sorted(claim.evidence.all(), key=lambda d: d.created_at),
        "caps": queries.caps_left(unit=claim.unit, officials=[s.official for s in shares], year=claim.occurred_on.year),
        "forward_steps": [(to, _STEP_LABELS[to]) for to in steps if to != C.REJECTED],
        "can_reject": C.REJECTED in steps,
        "reject_form": reject_form or TransitionForm(initial={"to": C.REJECTED}),
        "step_error": step_error,
        "can_add_evidence": can_add_evidence,
        "evidence_form": evidence_form or (EvidenceForm() if can_add_evidence else None),
        "concerned": concerned,
        "appeal_url": appeal_url,
        "statement_url": _path("mileage:statement", "/mileage/"),
        "sees_queue": user.has_perm(QUEUE),
        "waiting": claim.state in queries.WAITING_STATES,
    }
    return render(request, "mileage/claims/claim_detail.html", context, status=status)


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_claim_or_404(request, pk))


@require_POST
@login_required
def claim_transition(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _visible_claim_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This step is not possible from the current state."))
        return redirect("mileage:claim-detail", claim.pk)
    to = form.cleaned_data["to"]
    try:
        services.transition_claim(claim, to=to, actor=request.user, reason=form.cleaned_data["reason"])
    except InvalidTransitionError as exc:  # someone else took the step first
        messages.error(request, exc.message)
        return redirect("mileage:claim-detail", claim.pk)
    except DomainError as exc:
        refused(exc)
        fresh = queries.get_claim(claim.pk) or claim
        if exc.code == "reason_required":
            form.add_error("reason", exc.message)
            return _render_detail(request, fresh, reject_form=form, status=400)
        return _render_detail(request, fresh, step_error=exc.message, status=400)
    messages.success(request, str(_DONE[to]))
    return redirect("mileage:claim-detail", claim.pk)


@require_POST
@login_required
def claim_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _visible_claim_or_404(request, pk)
    if not request.user.has_perm(ADD_EVIDENCE, claim):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        try:
            document = services.attach_evidence(
                actor=request.user, claim=claim, uploaded_file=form.cleaned_data["file"]
            )
        except DomainError as exc:
            refused(exc)
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("“%(name)s” was added to the evidence.") % {"name": document.original_name})
            return redirect("mileage:claim-detail", claim.pk)
    return _render_detail(request, claim, evidence_form=form, status=_status(request, form))
