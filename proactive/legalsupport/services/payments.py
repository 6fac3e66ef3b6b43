"""Invoices and payments of approved legal support (지원금 지급).

The accountable officer records each lawyer's (or court's) invoice (number, date, issuer, amount, the file) and
the payments made against it (date, amount, method, reference). Payments are a ledger: never changed or deleted.

**The total paid never exceeds the approved amount.** Three guards, from the friendliest to the last line:

1. the service refuses, with the figures, a payment over what remains of the approval or of the invoice;
2. the running totals are raised by a conditional ``UPDATE … WHERE paid_total + amount <= approved_amount``
   under a row lock, so two payments recorded at once cannot both pass the check;
3. check constraints in the database (``legalsupport_paid_within_approved``,
   ``legalsupport_invoice_paid_within_amount``) refuse any write that would break it, even from raw SQL.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.documents.services import store_upload
from proactive.legalsupport.enums import ApplicationState, PaymentMethod
from proactive.legalsupport.models import Application, Invoice, Payment
from proactive.legalsupport.rules import APPLICATION_PURPOSE
from proactive.legalsupport.services import common
from proactive.legalsupport.services.common import ATTACHMENT_KINDS, log, parties, require, tell, today, won

RECORD = "legalsupport.record_payment"


def _deny_superuser(actor: Any) -> None:
    if getattr(actor, "is_superuser", False):
        raise PermissionDeniedError(_("System administrators have no access to legal-support applications."))


def _approved(application: Application) -> None:
    if application.state != ApplicationState.APPROVED:
        raise InvalidTransitionError(
            _("Invoices and payments can be recorded only while the support is approved."), code="not_approved"
        )


@transaction.atomic
def add_invoice(
    *,
    actor: Any,
    application: Application,
    number: str,
    issued_on: date | None,
    issuer: str,
    amount: Any,
    uploaded_file: Any = None,
) -> Invoice:
    """Record a lawyer's invoice against approved support. The invoice may be for more than the approval (the
    official pays the rest); what is paid is limited by the payments.

    Raises ``PermissionDeniedError`` (not the accountable officer), ``InvalidTransitionError`` (not approved) or
    ``DomainError`` (a field missing, the number already recorded for this application, a future date).
    Side effects: the file stored (purpose ``legalsupport.application``); audit event
    ``legalsupport.invoice_added``; timeline entry.
    """
    _deny_superuser(actor)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    require(actor, RECORD, locked)
    _approved(locked)
    number = common.text(
        number, required_message=_("Please give the invoice number."), code="number_required", limit=60
    )
    issuer = common.text(
        issuer, required_message=_("Please give who issued the invoice."), code="issuer_required", limit=200
    )
    if issued_on is None:
        raise DomainError(_("Please give the invoice date."), code="date_required")
    if issued_on > today():
        raise DomainError(_("The invoice date cannot be in the future."), code="date_future")
    total = common.amount(amount, required_message=_("Please give the invoice amount."), code="amount_required")
    if locked.invoices.filter(number=number).exists():
        raise DomainError(
            _("Invoice %(number)s is already recorded for this application.") % {"number": number},
            code="invoice_duplicate",
        )
    document = None
    if uploaded_file is not None:
        document = store_upload(
            actor=actor, uploaded_file=uploaded_file, purpose=APPLICATION_PURPOSE, allowed=ATTACHMENT_KINDS
        )
    invoice = Invoice.objects.create(
        application=locked,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        amount=total,
        document=document,
        recorded_by=actor,
    )
    data = {
        "invoice": invoice.pk,
        "number": number,
        "amount": total,
        "document": str(document.pk) if document else None,
    }
    record_event(actor=actor, verb="legalsupport.invoice_added", target=locked, data=data)
    log(locked, "invoice_added", actor=actor, data={"number": number, "amount": total})
    return invoice


@transaction.atomic
def record_payment(
    *,
    actor: Any,
    invoice: Invoice,
    paid_on: date | None,
    amount: Any,
    method: str,
    reference: str = "",
) -> Payment:
    """Record a payment of support against ``invoice``.

    Refused (``DomainError``, with the figures) when the amount is not positive, is more than the invoice still
    owes, or would take the total paid over the approved amount; when the date is missing or in the future, or
    the method unknown. Side effects: the payment row; the application's and the invoice's running totals;
    audit event ``legalsupport.payment_recorded``; timeline entry; the official and the filer are told.
    """
    _deny_superuser(actor)
    application = (
        Application.objects.select_for_update().select_related("official", "filed_by").get(pk=invoice.application_id)
    )
    require(actor, RECORD, application)
    _approved(application)
    locked_invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    paid = common.amount(amount, required_message=_("Please give the amount paid."), code="amount_required")
    if paid_on is None:
        raise DomainError(_("Please give the day of the payment."), code="date_required")
    if paid_on > today():
        raise DomainError(_("A payment cannot be recorded for a day in the future."), code="date_future")
    if method not in PaymentMethod.values:
        raise DomainError(_("Please choose how it was paid."), code="method_required")
    if paid > locked_invoice.outstanding:
        raise DomainError(
            _("%(amount)s is more than invoice %(number)s still owes (%(outstanding)s).")
            % {"amount": won(paid), "number": locked_invoice.number, "outstanding": won(locked_invoice.outstanding)},
            code="over_invoice",
        )
    if paid > application.remaining:
        raise DomainError(
            _(
                "The total paid would exceed the approved amount: %(approved)s approved, %(paid)s paid so far, at "
                "most %(remaining)s more can be paid."
            )
            % {
                "approved": won(application.approved_amount),
                "paid": won(application.paid_total),
                "remaining": won(application.remaining),
            },
            code="over_approved",
        )
    try:
        with transaction.atomic():
            raised = Application.objects.filter(pk=application.pk, paid_total__lte=F("approved_amount") - paid).update(
                paid_total=F("paid_total") + paid
            )
            if raised != 1:
                raise IntegrityError("paid_total would exceed approved_amount")
            Invoice.objects.filter(pk=locked_invoice.pk).update(paid_total=F("paid_total") + paid)
            payment = Payment.objects.create(
                application=application,
                invoice=locked_invoice,
                paid_on=paid_on,
                amount=paid,
                method=method,
                reference=str(reference or "").strip()[:100],
                recorded_by=actor,
            )
    except IntegrityError:
        raise DomainError(
            _("The total paid would exceed the approved amount. Nothing was recorded."), code="over_approved"
        ) from None
    application.refresh_from_db(fields=["paid_total"])
    data = {
        "payment": payment.pk,
        "invoice": locked_invoice.number,
        "amount": paid,
        "paid_total": application.paid_total,
        "method": method,
    }
    record_event(actor=actor, verb="legalsupport.payment_recorded", target=application, data=data)
    log(application, "payment_recorded", actor=actor, data={"invoice": locked_invoice.number, "amount": paid})
    title = gettext_lazy("A payment of your legal support was recorded")
    transaction.on_commit(
        lambda: tell(parties(application), kind=common.KIND_PAYMENT, title=title, application=application, actor=actor)
    )
    return payment
