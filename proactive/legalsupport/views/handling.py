"""The staff screens: the queue (accountable officer, secretariat, protection officer), the fact-finding page
(report, deadline countdown, extensions), the committee page (tabling with the amount proposed, the committee's
decision, the approved amount corrected, the decision PDF rendered again), invoices and payments (with closing),
cancellation and refund.

Every page checks its permission; an application one may not read answers 404; a superuser gets 403. A refused
step re-renders its page with what was typed and the reason (400, or 409 when the state does not allow it).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.accounts.rules import is_secretariat
from proactive.core.exceptions import DomainError
from proactive.legalsupport import queries
from proactive.legalsupport.enums import ApplicationState
from proactive.legalsupport.forms.handling import (
    AmountForm,
    CancelForm,
    CloseForm,
    ExtendForm,
    FactFindingForm,
    InvoiceForm,
    PaymentForm,
    QueueFilterForm,
    RefundForm,
    TableForm,
)
from proactive.legalsupport.models import Application
from proactive.legalsupport.rules import is_accountable_officer
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services import decisions, payments
from proactive.legalsupport.services.common import may, today
from proactive.legalsupport.views.common import (
    done,
    fresh,
    no_store,
    no_superuser,
    record_view,
    require,
    visible_or_404,
)
from proactive.web.navigation import DashboardPanel, MenuItem, add_menu_items, register_panel
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, submit

S = ApplicationState
QUEUE = "legalsupport.view_queue"
VIEW_FACTS = "legalsupport.view_fact_finding"
CHECK = "legalsupport.check_facts"
EXTEND = services.EXTEND
TABLE = "legalsupport.table_application"
SET_AMOUNT = services.SET_AMOUNT
RECORD = payments.RECORD
CLOSE = "legalsupport.close_application"
CANCEL = services.CANCEL
RENDER = decisions.RENDER
PER_PAGE = 30


def register() -> None:
    """The queue's menu item and the case staff's dashboard panel (called from LegalsupportConfig.ready)."""
    add_menu_items("support", [MenuItem(gettext_lazy("Legal-support applications"), "legalsupport:queue", QUEUE)])
    register_panel(
        DashboardPanel(
            key="legalsupport-queue",
            template="legalsupport/_queue_panel.html",
            permission=QUEUE,
            order=55,
            context=queue_panel,
        )
    )


def queue_panel(user: Any) -> dict[str, Any]:
    """The counts of what waits, and which of them are this user's to act on (one query)."""
    return queries.dashboard_counts(user, today=today()) | {
        "checks_facts": bool(is_accountable_officer(user)),
        "tables": bool(is_secretariat(user)),
    }


# --- The queue -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request):
    no_superuser(request)
    require(request, QUEUE)
    day = today()
    filter_form = QueueFilterForm(request.GET or None, years=queries.summary_years())
    criteria = queries.QueueFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        criteria = queries.QueueFilter(
            state=data["state"],
            stage=data["stage"],
            year=data["year"],
            overdue=data["overdue"],
            retired=data["retired"],
            search=data["q"],
        )
    context = paginate(request, queries.application_queue(request.user, criteria, today=day), PER_PAGE)
    settings = queries.support_settings()
    for application in context["page_obj"]:
        application.days_left = queries.days_left(application, today=day, business=settings.business_days)
    counts = queries.state_counts(request.user)
    context |= {
        "filter_form": filter_form,
        "filtered": criteria != queries.QueueFilter(),
        "state_counts": [(v, label, counts.get(v, 0)) for v, label in S.choices if v != S.DRAFT],
        "overdue_count": queries.dashboard_counts(request.user, today=day)["overdue"],
        "business_days": settings.business_days,
    }
    return render(request, "legalsupport/queue.html", context)


# --- Fact-finding --------------------------------------------------------------------------------------------


def _render_fact_finding(request, application: Application, *, status: int = 200, **bound: Any) -> HttpResponse:
    record_view(request, application, "fact_finding")
    settings = queries.support_settings()
    context: dict[str, Any] = {
        "application": application,
        "report": queries.fact_finding_of(application),
        "extensions": queries.extensions(application),
        "days_left": queries.days_left(application, today=today(), business=settings.business_days),
        "business_days": settings.business_days,
        "files": queries.files(application),
        "related": queries.related_answers(application),
    }
    if application.state == S.SUBMITTED and may(request.user, CHECK, application):
        context["form"] = bound.get("form") or FactFindingForm()
    if application.state == S.SUBMITTED and may(request.user, EXTEND, application):
        context["extend_form"] = bound.get("extend_form") or ExtendForm()
    return no_store(render(request, "legalsupport/fact_finding.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def fact_finding(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, VIEW_FACTS, application)
    if request.method != "POST":
        return _render_fact_finding(request, application)
    require(request, CHECK, application)
    form = FactFindingForm(request.POST)
    status = submit(
        form,
        lambda data: services.record_fact_finding(actor=request.user, application=application, **form.service_data()),
    )
    if status is None:
        return done(
            request,
            _("The fact-finding report was recorded; the secretariat was told it can be tabled."),
            "legalsupport:detail",
            pk,
        )
    return _render_fact_finding(request, fresh(application), status=status, form=form)


@require_POST
@login_required
def extend(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, EXTEND, application)
    form = ExtendForm(request.POST)
    status = submit(
        form,
        lambda data: services.extend_fact_finding(
            actor=request.user,
            application=application,
            new_due_on=data["due_on"],
            reason=data["reason"],
        ),
    )
    if status is None:
        return done(request, _("The deadline was extended."), "legalsupport:fact-finding", pk)
    return _render_fact_finding(request, fresh(application), status=status, extend_form=form)


# --- The committee -------------------------------------------------------------------------------------------


def _render_committee(request, application: Application, *, status: int = 200, **bound: Any) -> HttpResponse:
    record_view(request, application, "decision")
    settings = queries.support_settings()
    context: dict[str, Any] = {
        "application": application,
        "items": queries.committee_items(application),
        "caps": settings.caps(),
        "cap": settings.cap_for(application.approved_stage or application.proposed_stage or application.stage),
        "report": queries.fact_finding_of(application) if may(request.user, VIEW_FACTS, application) else None,
        "can_render": may(request.user, RENDER, application),
        "show_facts": may(request.user, VIEW_FACTS, application),
        "can_download": may(request.user, "legalsupport.download_decision", application),
    }
    if application.state == S.FACTS_CHECKED and may(request.user, TABLE, application):
        initial = {"stage": application.stage, "proposed_amount": _suggested(application, settings)}
        context["table_form"] = bound.get("table_form") or TableForm(initial=initial)
    if application.state == S.APPROVED and may(request.user, SET_AMOUNT, application):
        context["amount_form"] = bound.get("amount_form") or AmountForm(initial={"amount": application.approved_amount})
    return no_store(render(request, "legalsupport/committee.html", context, status=status))


def _suggested(application: Application, settings: Any) -> int:
    """What to propose by default: the amount requested, or the accountable officer's recommendation, capped."""
    report = queries.fact_finding_of(application)
    amount = application.amount_requested
    if report is not None and report.recommended_amount is not None:
        amount = min(amount, report.recommended_amount)
    cap = settings.cap_for(application.stage)
    return min(amount, cap) if cap is not None else amount


@login_required
@require_GET
def committee(request, pk: int):
    return _render_committee(request, visible_or_404(request, pk))


@require_POST
@login_required
def table(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, TABLE, application)
    form = TableForm(request.POST)
    status = submit(
        form,
        lambda data: services.table_application(
            actor=request.user,
            application=application,
            proposed_amount=data["proposed_amount"],
            stage=data["stage"],
        ),
    )
    if status is None:
        return done(request, _("The application was tabled before the committee."), "legalsupport:committee", pk)
    return _render_committee(request, fresh(application), status=status, table_form=form)


@require_POST
@login_required
def amount(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, SET_AMOUNT, application)
    form = AmountForm(request.POST)
    status = submit(
        form,
        lambda data: services.set_approved_amount(
            actor=request.user,
            application=application,
            amount=data["amount"],
            reason=data["reason"],
        ),
    )
    if status is None:
        return done(
            request,
            _("The approved amount was recorded; the decision document is issued again."),
            "legalsupport:committee",
            pk,
        )
    return _render_committee(request, fresh(application), status=status, amount_form=form)


@require_POST
@login_required
def render_again(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, RENDER, application)
    try:
        decisions.request_rendering(actor=request.user, application=application)
    except DomainError as exc:
        return _render_committee(request, application, status=refusal_status(exc))
    return done(request, _("The decision PDF is being prepared again."), "legalsupport:committee", pk)


# --- Invoices and payments -----------------------------------------------------------------------------------


def _render_payments(
    request, application: Application, *, status: int = 200, bound_invoice: int | None = None, **bound: Any
) -> HttpResponse:
    record_view(request, application, "payments")
    can_record = application.state == S.APPROVED and may(request.user, RECORD, application)
    invoices = queries.invoices(application)
    for invoice in invoices:
        invoice.pay_form = None  # type: ignore[attr-defined]
        if can_record and invoice.outstanding:
            form = bound.get("payment_form") if invoice.pk == bound_invoice else None
            invoice.pay_form = form or PaymentForm(  # type: ignore[attr-defined]
                prefix=f"pay{invoice.pk}",
                initial={"amount": min(invoice.outstanding, application.remaining), "paid_on": today()},
            )
    context: dict[str, Any] = {
        "application": application,
        "invoices": invoices,
        "can_record": can_record,
        "show_facts": may(request.user, VIEW_FACTS, application),
    }
    if can_record:
        context["invoice_form"] = bound.get("invoice_form") or InvoiceForm()
    if application.state == S.APPROVED and may(request.user, CLOSE, application):
        context["close_form"] = bound.get("close_form") or CloseForm()
    return no_store(render(request, "legalsupport/payments.html", context, status=status))


@login_required
@require_GET
def payments_page(request, pk: int):
    return _render_payments(request, visible_or_404(request, pk))


@require_POST
@login_required
def invoice_add(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, RECORD, application)
    form = InvoiceForm(request.POST, request.FILES, request=request)
    status = submit(
        form,
        lambda data: payments.add_invoice(
            actor=request.user,
            application=application,
            number=data["number"],
            issued_on=data["issued_on"],
            issuer=data["issuer"],
            amount=data["amount"],
            uploaded_file=data.get("document"),
        ),
    )
    if status is None:
        return done(request, _("The invoice was recorded."), "legalsupport:payments", pk)
    if form.upload_rejected:
        status = 413
    return _render_payments(request, fresh(application), status=status, invoice_form=form)


@require_POST
@login_required
def payment_add(request, pk: int, invoice_pk: int):
    application = visible_or_404(request, pk)
    require(request, RECORD, application)
    invoice = application.invoices.filter(pk=invoice_pk).first()
    if invoice is None:
        raise Http404
    form = PaymentForm(request.POST, prefix=f"pay{invoice.pk}")
    status = submit(
        form,
        lambda data: payments.record_payment(
            actor=request.user,
            invoice=invoice,
            paid_on=data["paid_on"],
            amount=data["amount"],
            method=data["method"],
            reference=data["reference"],
        ),
    )
    if status is None:
        return done(request, _("The payment was recorded."), "legalsupport:payments", pk)
    return _render_payments(request, fresh(application), status=status, bound_invoice=invoice.pk, payment_form=form)


@require_POST
@login_required
def close(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, CLOSE, application)
    form = CloseForm(request.POST)
    status = submit(
        form, lambda data: services.close_application(actor=request.user, application=application, note=data["note"])
    )
    if status is None:
        return done(request, _("The application was closed as settled."), "legalsupport:detail", pk)
    return _render_payments(request, fresh(application), status=status, close_form=form)


# --- Cancellation and refund ---------------------------------------------------------------------------------


def _render_cancel(request, application: Application, *, status: int = 200, **bound: Any) -> HttpResponse:
    record_view(request, application, "cancellation")
    can_cancel = may(request.user, CANCEL, application)
    context: dict[str, Any] = {
        "application": application,
        "can_cancel": can_cancel,
        "show_facts": may(request.user, VIEW_FACTS, application),
    }
    if can_cancel and application.state in (S.APPROVED, S.CLOSED) and application.cancelled_on is None:
        context["cancel_form"] = bound.get("cancel_form") or CancelForm()
    if can_cancel and application.state == S.CANCELLED:
        context["refund_form"] = bound.get("refund_form") or RefundForm(
            initial={"amount": application.refund_outstanding, "received_on": today()}
        )
    return no_store(render(request, "legalsupport/cancel.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk: int):
    application = visible_or_404(request, pk)
    if request.method != "POST":
        return _render_cancel(request, application)
    require(request, CANCEL, application)
    form = CancelForm(request.POST)
    status = submit(
        form,
        lambda data: services.cancel_support(
            actor=request.user,
            application=application,
            reason=data["reason"],
            refund_due=data["refund_due"],
        ),
    )
    if status is None:
        return done(
            request,
            _("The support was cancelled; the official was told of the refund due."),
            "legalsupport:cancel",
            pk,
        )
    return _render_cancel(request, fresh(application), status=status, cancel_form=form)


@require_POST
@login_required
def refund(request, pk: int):
    application = visible_or_404(request, pk)
    require(request, CANCEL, application)
    form = RefundForm(request.POST)
    status = submit(
        form,
        lambda data: services.record_refund(
            actor=request.user,
            application=application,
            amount=data["amount"],
            received_on=data["received_on"],
            reference=data["reference"],
        ),
    )
    if status is None:
        return done(request, _("The refund was recorded."), "legalsupport:cancel", pk)
    return _render_cancel(request, fresh(application), status=status, refund_form=form)
