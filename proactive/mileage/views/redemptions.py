"""Screens of the mileage redemptions area (DOMAIN.md §4.5).

The official: "Redeem points" (the catalogue by kind, their available points and the minimum; the form carries a
one-time key so a double submit reserves once) and "My rewards" (state, reference, cancel while reserved).
The secretariat: "Reward requests" (filters, fulfil with a reference, cancel with a reason) and "Dongbaekjeon
payouts" (create a batch, export it for the operator with a stated reason, import the operator's result file —
errors are shown per row and nothing is imported).

Someone else's redemption answers 404 on the official's pages. Row actions are plain form posts: a refused input
re-renders the list with that row's form and what was typed.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.core import tabular
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.mileage.enums import RedemptionState, RewardKind
from proactive.mileage.forms.redemptions import (
    CancelForm,
    FulfilForm,
    PayoutExportForm,
    PayoutResultForm,
    QueueFilterForm,
    RedeemForm,
    new_request_key,
    row_prefix,
)
from proactive.mileage.models import PayoutBatch, Redemption
from proactive.mileage.queries import redemptions as queries
from proactive.mileage.services import redemptions as services
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

REDEEM = services.REDEEM
CANCEL = services.CANCEL
HANDLE = services.HANDLE
R = RedemptionState
PER_PAGE = 30
LINES_PER_PAGE = 100


def register() -> None:
    """Notification kinds and menu items of this area (called from MileageConfig.ready)."""
    services.register_redemption_notification_kinds()
    add_menu_items(
        "mileage",
        [
            MenuItem(gettext_lazy("Redeem points"), "mileage:redeem", REDEEM),
            MenuItem(gettext_lazy("My rewards"), "mileage:redemption-mine", REDEEM),
            MenuItem(gettext_lazy("Reward requests"), "mileage:redemption-queue", HANDLE),
            MenuItem(gettext_lazy("Dongbaekjeon payouts"), "mileage:payout-batch-list", HANDLE),
        ],
    )


# --- The official --------------------------------------------------------------------------------------------


@login_required
@permission_required(REDEEM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def redeem(request):
    official = request.user.official
    form = RedeemForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                redemption = services.request_redemption(
                    actor=request.user,
                    official=official,
                    option=form.cleaned_data["option"],
                    idempotency_key=form.cleaned_data["request_key"],
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(points)s point is reserved for %(reward)s. The secretariat will send it to you.",
                        "%(points)s points are reserved for %(reward)s. The secretariat will send it to you.",
                        redemption.points,
                    )
                    % {"points": redemption.points, "reward": services.reward_name(redemption.option)},
                )
                return redirect("mileage:redemption-mine")
        elif "request_key" in form.errors:
            # Keep the choice, issue a fresh key and ask for one more click.
            data = request.POST.copy()
            data["request_key"] = new_request_key()
            key_errors = form.errors["request_key"]
            form = RedeemForm(data)
            form.is_valid()
            for error in key_errors:
                form.add_error(None, error)
    context = {
        "form": form,
        "selected": str(form["option"].value() or ""),
        "summary": queries.points_summary(official),
        "catalogue": queries.reward_catalogue(),
    }
    return render(request, "mileage/redemptions/redeem.html", context, status=status)


@login_required
@permission_required(REDEEM, raise_exception=True)
def redemption_mine(request):
    context = paginate(request, queries.my_redemptions(request.user), PER_PAGE)
    context["summary"] = queries.points_summary(request.user.official)
    return render(request, "mileage/redemptions/mine.html", context)


@require_POST
@login_required
@permission_required(REDEEM, raise_exception=True)
def redemption_cancel_mine(request, pk: int):
    redemption = queries.get_redemption(pk)
    if redemption is None or redemption.official_id != request.user.official_id:
        raise Http404
    if not request.user.has_perm(CANCEL, redemption):
        raise PermissionDenied
    try:
        services.cancel_redemption(actor=request.user, redemption=redemption)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "Your request for %(reward)s was cancelled and %(points)s point returned to you.",
                "Your request for %(reward)s was cancelled and %(points)s points returned to you.",
                redemption.points,
            )
            % {"reward": services.reward_name(redemption.option), "points": redemption.points},
        )
    return redirect("mileage:redemption-mine")


# --- The secretariat: the queue ------------------------------------------------------------------------------


def _queue_filters(data: Any) -> tuple[QueueFilterForm, str, str]:
    """The filter form and the valid state and kind in ``data`` (an unknown value of one keeps the other)."""
    form = QueueFilterForm(data or None)
    state = data.get("state", "") if data else ""
    kind = data.get("kind", "") if data else ""
    form.is_valid()
    return form, state if state in R.values else "", kind if kind in RewardKind.values else ""


def _queue_url(data: Any) -> str:
    """The queue with the filters and page the row's form was posted from (only known values pass)."""
    _form, state, kind = _queue_filters({"state": data.get("state", ""), "kind": data.get("kind", "")})
    query = {k: v for k, v in (("state", state), ("kind", kind)) if v}
    page = data.get("page", "")
    if page.isdigit():
        query["page"] = page
    url = reverse("mileage:redemption-queue")
    return f"{url}?{urlencode(query)}" if query else url


def _prepare_row(redemption: Redemption, forms: dict[str, Any] | None = None) -> Redemption:
    forms = forms or {}
    is_open = redemption.state in services.OPEN_STATES
    prefix = row_prefix(redemption)
    redemption.fulfil_form = (forms.get("fulfil") or FulfilForm(prefix=prefix)) if is_open else None  # type: ignore[attr-defined]
    redemption.cancel_form = (forms.get("cancel") or CancelForm(prefix=prefix)) if is_open else None  # type: ignore[attr-defined]
    redemption.reference_label = services.reference_label(redemption.option.kind)  # type: ignore[attr-defined]
    return redemption


def _render_queue(request, *, filters: Any, bound_pk: int | None = None, forms: Any = None, status: int = 200):
    filter_form, state, kind = _queue_filters(filters)
    context = paginate(request, queries.redemption_queue(state=state, kind=kind), PER_PAGE)
    for redemption in context["page_obj"]:
        _prepare_row(redemption, forms if redemption.pk == bound_pk else None)
    counts = queries.state_counts()
    context |= {
        "filter_form": filter_form,
        "state": state,
        "kind": kind,
        "state_counts": [(value, label, counts.get(value, 0)) for value, label in R.choices],
        "waiting": queries.waiting_for_batch(),
    }
    return render(request, "mileage/redemptions/queue.html", context, status=status)


@login_required
@permission_required(HANDLE, raise_exception=True)
def redemption_queue(request):
    return _render_queue(request, filters=request.GET)


def _handle_row(request, pk: int, form_class: type, action: str, call: Any, done: str) -> HttpResponse:
    """One secretariat row action: the row's form, then the service; a refusal shows the row's form as typed, or
    a message when the request has meanwhile been settled (then there is no form left to show)."""
    redemption = queries.get_redemption(pk)
    if redemption is None:
        raise Http404
    back = _queue_url(request.POST)
    form = form_class(request.POST, prefix=row_prefix(redemption))
    if form.is_valid():
        try:
            call(redemption, form.cleaned_data)
        except DomainError as exc:
            refused(exc)
            redemption = queries.get_redemption(pk) or redemption
            if redemption.state not in services.OPEN_STATES:
                messages.error(request, exc.message)
                return redirect(back)
            form.add_error(None, exc.message)
        else:
            reward = services.reward_name(redemption.option)
            messages.success(request, done % {"official": redemption.official.name, "reward": reward})
            return redirect(back)
    elif redemption.state not in services.OPEN_STATES:
        messages.error(request, _("This step is not possible from the current state."))
        return redirect(back)
    # Show the page the form was posted from, with this row's form as typed.
    request.GET = request.GET.copy()
    page = request.POST.get("page", "")
    if page.isdigit():
        request.GET["page"] = page
    filters = {"state": request.POST.get("state", ""), "kind": request.POST.get("kind", "")}
    return _render_queue(request, filters=filters, bound_pk=redemption.pk, forms={action: form}, status=400)


@require_POST
@login_required
@permission_required(HANDLE, raise_exception=True)
def redemption_fulfil(request, pk: int):
    def call(redemption: Redemption, data: dict) -> Redemption:
        return services.fulfil_redemption(actor=request.user, redemption=redemption, reference=data["reference"])

    return _handle_row(request, pk, FulfilForm, "fulfil", call, _("Recorded as given: %(reward)s for %(official)s."))


@require_POST
@login_required
@permission_required(HANDLE, raise_exception=True)
def redemption_cancel(request, pk: int):
    def call(redemption: Redemption, data: dict) -> Redemption:
        return services.cancel_redemption(actor=request.user, redemption=redemption, reason=data["reason"])

    return _handle_row(
        request, pk, CancelForm, "cancel", call, _("Cancelled: %(reward)s for %(official)s. The points were returned.")
    )


# --- The secretariat: 동백전 payout batches ------------------------------------------------------------------


@login_required
@permission_required(HANDLE, raise_exception=True)
def payout_batch_list(request):
    context = paginate(request, queries.payout_batches(), PER_PAGE)
    context["waiting"] = queries.waiting_for_batch()
    return render(request, "mileage/redemptions/batch_list.html", context)


@require_POST
@login_required
@permission_required(HANDLE, raise_exception=True)
def payout_batch_create(request):
    try:
        batch = services.create_payout_batch(actor=request.user)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
        return redirect("mileage:payout-batch-list")
    messages.success(
        request,
        _("Batch %(batch)s was created. Download it for the operator, then import the operator's result file.")
        % {"batch": batch.pk},
    )
    return redirect("mileage:payout-batch-detail", batch.pk)


def _get_batch(pk: int) -> PayoutBatch:
    batch = queries.get_batch(pk)
    if batch is None:
        raise Http404
    return batch


def _render_batch(request, batch: PayoutBatch, *, form: PayoutResultForm | None = None, errors=(), status=200):
    context = paginate(request, queries.batch_lines(batch), LINES_PER_PAGE)
    context["page_obj"].object_list = queries.attach_amounts(context["page_obj"].object_list)
    context |= {
        "batch": batch,
        "form": form or PayoutResultForm(),
        "row_errors": list(errors),
    }
    return render(request, "mileage/redemptions/batch_detail.html", context, status=status)


@login_required
@permission_required(HANDLE, raise_exception=True)
def payout_batch_detail(request, pk: int):
    return _render_batch(request, _get_batch(pk))


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def payout_batch_export(request, pk: int):
    """The operator's CSV. Personal data: POST with a stated reason, kept in the access records."""
    batch = _get_batch(pk)
    form = PayoutExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            payout = services.export_payout_batch(
                actor=request.user, batch=batch, reason=form.cleaned_data["reason"], ip_address=client_ip(request)
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            return tabular.download(payout.content, payout.filename, "csv")
    status = 400 if request.method == "POST" else 200
    return render(request, "mileage/redemptions/batch_export.html", {"form": form, "batch": batch}, status=status)


@require_POST
@login_required
@permission_required(HANDLE, raise_exception=True)
def payout_batch_import(request, pk: int):
    batch = _get_batch(pk)
    form = PayoutResultForm(request.POST, request.FILES)
    errors: list[services.RowError] = []
    if form.is_valid():
        try:
            result = services.import_payout_result(
                actor=request.user,
                batch=batch,
                file=form.cleaned_data["file"],
                reference=form.cleaned_data["reference"],
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
            errors = getattr(exc, "errors", [])
        else:
            messages.success(
                request,
                _(
                    "The result was imported: %(paid)s paid, %(failed)s failed (points returned), %(unchanged)s "
                    "already recorded. %(awaiting)s lines still wait for a result."
                )
                % {
                    "paid": result.paid,
                    "failed": result.failed,
                    "unchanged": result.unchanged,
                    "awaiting": result.awaiting,
                },
            )
            return redirect("mileage:payout-batch-detail", batch.pk)
    return _render_batch(request, batch, form=form, errors=errors, status=400)
