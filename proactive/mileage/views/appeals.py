"""Screens of the mileage appeals area (이의신청): file an appeal about a claim or a ledger entry, my appeals, the
secretariat's list (filters, overdue flags), a panel member's queue, and one appeal's page with the forms its
viewer may use (assign the panel, decide, withdraw, add files).

An appeal is shown only to its appellant, its panel and the secretariat; everyone else gets a 404, as if it did
not exist. A refused input re-renders the page with what was typed and the reason.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.accounts.models import User
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.mileage.enums import AppealGround, AppealState
from proactive.mileage.forms.appeals import (
    AppealFilterForm,
    AppealForm,
    AssignPanelForm,
    DecideForm,
    EvidenceForm,
    WithdrawForm,
)
from proactive.mileage.models import Appeal, Claim, LedgerEntry
from proactive.mileage.queries import appeals as queries
from proactive.mileage.services import appeals as services
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused, require

FILE = "mileage.file_appeal"
VIEW_MINE = "mileage.view_my_appeals"
VIEW_ALL = "mileage.view_all_appeals"
VIEW_PANEL = "mileage.view_panel_appeals"
PER_PAGE = 30
A = AppealState


def register() -> None:
    """Notification kinds and menu items of this area (called from MileageConfig.ready)."""
    services.register_appeal_notification_kinds()
    add_menu_items(
        "mileage",
        [
            MenuItem(gettext_lazy("My appeals"), "mileage:appeal-mine", VIEW_MINE),
            MenuItem(gettext_lazy("Appeals"), "mileage:appeal-list", VIEW_ALL),
            MenuItem(gettext_lazy("Appeals to review"), "mileage:appeal-panel", VIEW_PANEL),
        ],
    )


# --- Filing --------------------------------------------------------------------------------------------------


def _pk_param(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


def _what_is_appealed(request) -> tuple[Claim | None, LedgerEntry | None]:
    claim_pk, entry_pk = _pk_param(request, "claim"), _pk_param(request, "entry")
    if claim_pk is not None and entry_pk is not None:
        raise Http404
    claim = entry = None
    if claim_pk is not None:
        claim = Claim.objects.select_related("rule__activity", "unit").filter(pk=claim_pk).first()
        if claim is None:
            raise Http404
    if entry_pk is not None:
        entry = LedgerEntry.objects.select_related("account", "rule__activity", "unit").filter(pk=entry_pk).first()
        if entry is None:
            raise Http404
    return claim, entry


@login_required
@permission_required(FILE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def appeal_create(request):
    """File an appeal about ``?claim=<pk>`` or ``?entry=<pk>``. Someone else's claim or entry is a 404; one that
    cannot be appealed (or no longer: the window closed) shows why."""
    claim, entry = _what_is_appealed(request)
    if claim is None and entry is None:
        return render(request, "mileage/appeals/appeal_start.html")
    subject = refusal = open_appeal = None
    try:
        subject = services.appeal_subject(actor=request.user, claim=claim, entry=entry)
    except PermissionDeniedError:
        raise Http404 from None
    except services.AppealAlreadyOpenError as exc:
        refusal, open_appeal = exc.message, exc.appeal
    except DomainError as exc:
        refusal = exc.message
    posted = request.method == "POST"
    form = None
    status = 200
    if subject is not None:
        form = AppealForm(request.POST if posted else None, request.FILES if posted else None, request=request)
        if posted:
            if form.is_valid():
                try:
                    appeal = services.file_appeal(
                        actor=request.user,
                        claim=subject.claim,
                        entry=subject.entry if subject.claim is None else None,
                        reasons=form.cleaned_data["reasons"],
                        files=form.cleaned_data["evidence"],
                    )
                except PermissionDeniedError:
                    raise Http404 from None
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(
                        request, _("Your appeal was filed. The secretariat will assign a panel to decide on it.")
                    )
                    return redirect("mileage:appeal-detail", appeal.pk)
            status = 413 if form.upload_rejected else 400
    elif posted:
        status = 400
    context = {
        "subject": subject,
        "ground_label": AppealGround(subject.ground).label if subject else "",
        "claim": subject.claim if subject else claim,
        "entry": subject.entry if subject else entry,
        "refusal": refusal,
        "open_appeal": open_appeal,
        "form": form,
        "max_files": services.MAX_FILES,
    }
    return render(request, "mileage/appeals/appeal_create.html", context, status=status)


# --- Lists ---------------------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_MINE, raise_exception=True)
def appeal_mine(request):
    context = paginate(request, queries.my_appeals(request.user), PER_PAGE)
    return render(request, "mileage/appeals/appeal_mine.html", context)


@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def appeal_list(request):
    filter_form = AppealFilterForm(request.GET or None)
    state, overdue = "", False
    if filter_form.is_valid():
        state, overdue = filter_form.cleaned_data["state"], filter_form.cleaned_data["overdue"]
    context = paginate(request, queries.all_appeals(state=state, overdue=overdue), PER_PAGE)
    counts = queries.state_counts()
    context |= {
        "filter_form": filter_form,
        "filtered": bool(state or overdue),
        "state_counts": [(label, counts.get(value, 0)) for value, label in A.choices],
        "overdue_count": queries.overdue_count(),
    }
    return render(request, "mileage/appeals/appeal_list.html", context)


@login_required
@permission_required(VIEW_PANEL, raise_exception=True)
def appeal_panel(request):
    context = paginate(request, queries.panel_appeals(request.user), PER_PAGE)
    return render(request, "mileage/appeals/appeal_panel.html", context)


# --- One appeal ----------------------------------------------------------------------------------------------


def _visible_or_404(request, pk: int) -> Appeal:
    appeal = queries.get_appeal(pk)
    if appeal is None or not request.user.has_perm("mileage.view_appeal", appeal):
        raise Http404
    return appeal


def _candidates(appeal: Appeal):
    return (
        User.objects.filter(pk__in=[u.pk for u in queries.panel_candidates(appeal)])
        .select_related("official__unit")
        .order_by("name", "pk")
    )


def _render_detail(request, appeal: Appeal, *, status: int = 200, **bound: Any):
    user = request.user
    is_open = appeal.state in queries.OPEN_STATES
    can_assign = is_open and user.has_perm("mileage.assign_appeal_panel", appeal)
    can_decide = appeal.state == A.UNDER_REVIEW and user.has_perm("mileage.decide_appeal", appeal)
    can_withdraw = is_open and user.has_perm("mileage.withdraw_appeal", appeal)
    can_add_files = user.has_perm("mileage.add_appeal_evidence", appeal)
    context: dict[str, Any] = {
        "appeal": appeal,
        "claim": appeal.claim,
        "entry": appeal.entry,
        "chain": queries.chain_steps(appeal),
        "shares": queries.claim_shares(appeal.claim) if appeal.claim is not None else [],
        "claim_evidence": list(appeal.claim.evidence.order_by("created_at")) if appeal.claim is not None else [],
        "evidence": sorted(appeal.evidence.all(), key=lambda d: d.created_at),
        "panel": list(appeal.panel.all()),
        "is_appellant": user.has_perm("mileage.withdraw_appeal", appeal),
        "can_view_all": user.has_perm(VIEW_ALL),
        "can_assign": can_assign,
        "can_decide": can_decide,
        "can_withdraw": can_withdraw,
        "can_add_files": can_add_files,
        "max_files": services.MAX_FILES,
    }
    if can_assign:
        context["assign_form"] = bound.get("assign_form") or AssignPanelForm(
            candidates=_candidates(appeal), initial={"panel": [u.pk for u in context["panel"]]}
        )
        context["panel_excluded"] = queries.panel_excluded(appeal)
    if can_decide:
        context["decide_form"] = bound.get("decide_form") or DecideForm()
    if can_withdraw:
        context["withdraw_form"] = bound.get("withdraw_form") or WithdrawForm()
    if can_add_files:
        context["evidence_form"] = bound.get("evidence_form") or EvidenceForm()
    return render(request, "mileage/appeals/appeal_detail.html", context, status=status)


@login_required
def appeal_detail(request, pk: int):
    return _render_detail(request, _visible_or_404(request, pk))


@require_POST
@login_required
def appeal_assign(request, pk: int):
    appeal = _visible_or_404(request, pk)
    require(request, "mileage.assign_appeal_panel", appeal)
    form = AssignPanelForm(request.POST, candidates=_candidates(appeal))
    if form.is_valid():
        try:
            services.assign_appeal_panel(actor=request.user, appeal=appeal, panel=list(form.cleaned_data["panel"]))
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The panel was assigned; its members were notified."))
            return redirect("mileage:appeal-detail", appeal.pk)
    return _render_detail(request, queries.get_appeal(pk) or appeal, status=400, assign_form=form)


@require_POST
@login_required
def appeal_decide(request, pk: int):
    appeal = _visible_or_404(request, pk)
    require(request, "mileage.decide_appeal", appeal)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_appeal(
                actor=request.user,
                appeal=appeal,
                outcome=data["outcome"],
                reasons=data["reasons"],
                points=data["points"] or 0,
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The panel's decision was recorded; the appellant was notified."))
            return redirect("mileage:appeal-detail", appeal.pk)
    return _render_detail(request, queries.get_appeal(pk) or appeal, status=400, decide_form=form)


@require_POST
@login_required
def appeal_withdraw(request, pk: int):
    appeal = _visible_or_404(request, pk)
    require(request, "mileage.withdraw_appeal", appeal)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_appeal(actor=request.user, appeal=appeal, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your appeal was withdrawn."))
            return redirect("mileage:appeal-detail", appeal.pk)
    return _render_detail(request, queries.get_appeal(pk) or appeal, status=400, withdraw_form=form)


@require_POST
@login_required
def appeal_evidence(request, pk: int):
    appeal = _visible_or_404(request, pk)
    require(request, "mileage.add_appeal_evidence", appeal)
    form = EvidenceForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        try:
            services.attach_appeal_evidence(actor=request.user, appeal=appeal, files=form.cleaned_data["evidence"])
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The files were added to your appeal."))
            return redirect("mileage:appeal-detail", appeal.pk)
    status = 413 if form.upload_rejected else 400
    return _render_detail(request, queries.get_appeal(pk) or appeal, status=status, evidence_form=form)
