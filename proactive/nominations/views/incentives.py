"""Incentive screens (DOMAIN.md §4.4). The winner: "My awards" with the choice of a personnel benefit. HR and the
secretariat: the rounds with incentives, a round's incentives (only HR acts: eligibility, decision, applied) and
the prize payment export (personal data: POST with a reason, kept in the access records).

Someone else's incentive answers 404 on the winner's pages. HR's row actions work as plain form posts (a refused
input re-renders the list with that row's form and what was typed) and as htmx posts (the row alone comes back).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core import tabular
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.nominations.forms.incentives import (
    AppliedForm,
    BenefitChoiceForm,
    DecideForm,
    EligibilityForm,
    IncentiveFilterForm,
    PaymentExportForm,
    row_prefix,
)
from proactive.nominations.models import Incentive, SelectionRound
from proactive.nominations.queries import incentives as queries
from proactive.nominations.services import incentives as services
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

VIEW = "nominations.view_incentives"
PROCESS = "nominations.process_incentives"
EXPORT = "nominations.export_incentive_payments"
PER_PAGE = 50
FORMATS = ("csv", "xlsx")
S = services.S


def register() -> None:
    """Notification kinds, menu items and dashboard panels of this area (called from NominationsConfig.ready)."""
    services.register_incentive_notification_kinds()
    add_menu_items(
        "selection",
        [
            MenuItem(gettext_lazy("My awards"), "nominations:my-awards", "nominations.view_my_awards"),
            MenuItem(gettext_lazy("Personnel benefits"), "nominations:incentive-rounds", VIEW),
        ],
    )
    register_panel(
        DashboardPanel(
            key="nominations-incentive-choice",
            template="nominations/incentives/_choice_panel.html",
            permission="nominations.choose_pending_benefit",
            order=25,
            context=queries.choice_panel,
        )
    )
    register_panel(
        DashboardPanel(
            key="nominations-incentives-hr",
            template="nominations/incentives/_hr_panel.html",
            permission=PROCESS,
            order=35,
            context=queries.hr_panel,
        )
    )


# --- The winner ----------------------------------------------------------------------------------------------


def _choice_form(incentive: Incentive, data: Any = None) -> BenefitChoiceForm:
    return BenefitChoiceForm(
        data,
        options=incentive.benefit_options,  # type: ignore[attr-defined]
        prefix=row_prefix(incentive),
        initial={"benefit": incentive.benefit or None},
    )


def _render_my_awards(request, bound: BenefitChoiceForm | None = None, bound_pk: int | None = None, status=200):
    incentives = queries.my_incentives(request.user)
    for incentive in incentives:
        incentive.form = None  # type: ignore[attr-defined]
        if incentive.state in queries.CHOOSABLE_STATES and incentive.benefit_options:  # type: ignore[attr-defined]
            incentive.form = bound if incentive.pk == bound_pk else _choice_form(incentive)  # type: ignore[attr-defined]
    return render(request, "nominations/incentives/my_awards.html", {"incentives": incentives}, status=status)


@login_required
@permission_required("nominations.view_my_awards", raise_exception=True)
def my_awards(request):
    return _render_my_awards(request)


@require_POST
@login_required
def incentive_choose(request, pk: int):
    incentive = queries.get_incentive(pk)
    if incentive is None or not request.user.has_perm("nominations.choose_benefit", incentive):
        raise Http404
    queries.attach_rules([incentive])
    form = _choice_form(incentive, request.POST)
    if form.is_valid():
        try:
            services.choose_benefit(actor=request.user, incentive=incentive, benefit=form.cleaned_data["benefit"])
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your choice was sent to HR."))
            return redirect("nominations:my-awards")
    return _render_my_awards(request, bound=form, bound_pk=incentive.pk, status=400)


# --- HR and the secretariat ----------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def incentive_rounds(request):
    return render(
        request, "nominations/incentives/incentive_rounds.html", {"rounds": list(queries.rounds_with_incentives())}
    )


# The HR step each state waits for: (form, url name of the action).
_STEPS: dict[str, tuple[type, str]] = {
    S.CHOSEN: (EligibilityForm, "nominations:incentive-eligibility"),
    S.ELIGIBLE: (DecideForm, "nominations:incentive-decide"),
    S.DECIDED: (AppliedForm, "nominations:incentive-applied"),
}


def _row_form(incentive: Incentive, data: Any = None) -> Any:
    step = _STEPS.get(incentive.state)
    return step[0](data, prefix=row_prefix(incentive)) if step else None


def _prepare_row(incentive: Incentive, can_process: bool, form: Any = None) -> Incentive:
    step = _STEPS.get(incentive.state)
    incentive.form = (form or _row_form(incentive)) if can_process and step else None  # type: ignore[attr-defined]
    incentive.action_url = reverse(step[1], args=[incentive.pk]) if step else ""  # type: ignore[attr-defined]
    return incentive


def _render_list(request, selection_round: SelectionRound, *, bound: Any = None, bound_pk=None, status=200):
    filter_form = IncentiveFilterForm(request.GET or None)
    state = filter_form.cleaned_data["state"] if filter_form.is_valid() else ""
    context = paginate(request, queries.round_incentives(selection_round, state=state), PER_PAGE)
    can_process = request.user.has_perm(PROCESS)
    counts = queries.state_counts(selection_round)
    for incentive in context["page_obj"]:
        _prepare_row(incentive, can_process, bound if incentive.pk == bound_pk else None)
    context |= {
        "round": selection_round,
        "filter_form": filter_form,
        "state": state,
        "state_counts": [(label, counts.get(value, 0)) for value, label in S.choices],
        "can_process": can_process,
        "can_export": request.user.has_perm(EXPORT),
        "can_create": request.user.has_perm("nominations.create_incentives"),
    }
    return render(request, "nominations/incentives/incentive_list.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def incentive_list(request, round_pk: int):
    return _render_list(request, get_object_or_404(SelectionRound, pk=round_pk))


def _hr_step(request, pk: int, expected: str, call: Callable[[Incentive, dict], Any], done: str) -> HttpResponse:
    """One HR row action: the form of the step ``expected`` waits for, then the service."""
    incentive = queries.get_incentive(pk)
    if incentive is None:
        raise Http404
    selection_round = incentive.award.nomination.round
    back = reverse("nominations:incentive-list", args=[selection_round.pk])
    state_filter = request.POST.get("filter", "")
    if state_filter in S.values:
        back += f"?state={state_filter}"
    if incentive.state != expected:
        stale = _("This step is not possible from the current state.")
        if request.htmx:
            context = {"incentive": _prepare_row(incentive, True), "can_process": True, "state": state_filter}
            return render(request, "nominations/incentives/incentive_list.html#row", context | {"error": stale})
        messages.error(request, stale)
        return redirect(back)
    form = _STEPS[expected][0](request.POST, prefix=row_prefix(incentive))
    if form.is_valid():
        try:
            updated = call(incentive, form.cleaned_data)
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            if request.htmx:
                fresh = queries.get_incentive(updated.pk)
                row = _prepare_row(fresh, True)  # type: ignore[arg-type]
                context = {"incentive": row, "can_process": True, "state": state_filter, "done": done}
                return render(request, "nominations/incentives/incentive_list.html#row", context)
            messages.success(request, done)
            return redirect(back)
    if request.htmx:
        context = {"incentive": _prepare_row(incentive, True, form), "can_process": True, "state": state_filter}
        return render(request, "nominations/incentives/incentive_list.html#row", context)
    return _render_list(request, selection_round, bound=form, bound_pk=incentive.pk, status=400)


@require_POST
@login_required
@permission_required(PROCESS, raise_exception=True)
def incentive_eligibility(request, pk: int):
    def call(incentive: Incentive, data: dict) -> Incentive:
        return services.check_eligibility(
            actor=request.user, incentive=incentive, eligible=data["eligible"], note=data["note"]
        )

    return _hr_step(request, pk, S.CHOSEN, call, _("The eligibility check was recorded."))


@require_POST
@login_required
@permission_required(PROCESS, raise_exception=True)
def incentive_decide(request, pk: int):
    def call(incentive: Incentive, data: dict) -> Incentive:
        return services.decide(actor=request.user, incentive=incentive, reference=data["reference"])

    return _hr_step(request, pk, S.ELIGIBLE, call, _("The decision was recorded."))


@require_POST
@login_required
@permission_required(PROCESS, raise_exception=True)
def incentive_applied(request, pk: int):
    def call(incentive: Incentive, data: dict) -> Incentive:
        return services.mark_applied(actor=request.user, incentive=incentive, applied_on=data["applied_on"])

    return _hr_step(request, pk, S.DECIDED, call, _("The benefit was recorded as applied."))


@require_POST
@login_required
@permission_required("nominations.create_incentives", raise_exception=True)
def incentive_create(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    try:
        created = services.create_incentives(actor=request.user, round=selection_round)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        if created:
            messages.success(request, _("Incentives created: %(count)d.") % {"count": len(created)})
        else:
            messages.info(request, _("Every winner of a confirmed award already has an incentive."))
    return redirect("nominations:incentive-list", selection_round.pk)


@login_required
@permission_required(EXPORT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def incentive_payments(request, round_pk: int, fmt: str):
    """The prize payments of a round: one row per winner and a total. Personal data: POST with a stated reason."""
    if fmt not in FORMATS:
        raise Http404
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    filename = f"prize-payments-{selection_round.year}-h{selection_round.half}"
    form = PaymentExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        rows = queries.payment_rows(selection_round)
        headers = [
            _("Employee number"),
            _("Name"),
            _("Unit"),
            _("Grade"),
            _("Case"),
            _("Contribution (%)"),
            _("Amount (원)"),
        ]
        table: list[list[Any]] = [
            [r.employee_no, r.name, r.unit, r.grade, r.case_title, r.contribution, r.amount] for r in rows
        ]
        table.append([pgettext("sum of a column", "Total"), "", "", "", "", "", sum(r.amount for r in rows)])
        response = tabular.table_response(fmt, filename, headers, table)
        record_access(
            actor=request.user,
            ip_address=client_ip(request),
            action=AccessAction.EXPORT,
            subject=selection_round,
            resource=f"{filename}.{fmt}",
            reason=form.cleaned_data["reason"],
        )
        return response
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "fmt": fmt, "filename": f"{filename}.{fmt}", "round": selection_round}
    return render(request, "nominations/incentives/payments_export.html", context, status=status)
