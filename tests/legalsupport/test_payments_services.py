"""Invoices and payments: the total paid never exceeds the approved amount (service, conditional update, database
check), an invoice is never overpaid, every refusal says why."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.legalsupport.enums import ApplicationState, Outcome, PaymentMethod
from proactive.legalsupport.models import Application, Invoice, Payment
from proactive.legalsupport.services import payments
from proactive.notifications.models import Notification
from tests.legalsupport.support import arrange, decided, invoice, pay, pdf, tabled

pytestmark = pytest.mark.django_db
S = ApplicationState
TODAY = datetime.date.today


@pytest.fixture
def people():
    return arrange()


@pytest.fixture
def approved(people):
    return decided(people)  # 2,000,000원 approved for the disciplinary proceedings


def test_invoices_and_payments_are_recorded_and_totalled(people, approved, django_capture_on_commit_callbacks):
    first = invoice(people, approved, number="2026-041", amount=1_100_000)
    second = invoice(people, approved, number="2026-052", amount=1_100_000)
    with django_capture_on_commit_callbacks(execute=True):
        pay(people, first, 1_100_000)
    pay(people, second, 900_000, method=PaymentMethod.TO_OFFICIAL)

    approved.refresh_from_db()
    second.refresh_from_db()
    assert approved.paid_total == 2_000_000
    assert approved.remaining == 0
    assert (second.paid_total, second.outstanding) == (900_000, 200_000)
    assert Notification.objects.filter(recipient=people.official, kind="legalsupport.payment_recorded").count() == 1


def test_an_invoice_with_its_file(people, approved):
    recorded = invoice(people, approved, uploaded_file=pdf("청구서.pdf"))
    assert recorded.document.purpose == "legalsupport.application"


def test_a_payment_over_the_approved_amount_is_refused_with_the_figures(people, approved):
    first = invoice(people, approved, amount=3_000_000)
    pay(people, first, 1_500_000)

    with pytest.raises(DomainError) as refused:
        pay(people, first, 600_000)

    assert refused.value.code == "over_approved"
    assert "2,000,000원" in refused.value.message
    assert "1,500,000원" in refused.value.message
    assert "500,000원" in refused.value.message
    approved.refresh_from_db()
    assert approved.paid_total == 1_500_000
    assert Payment.objects.count() == 1


def test_a_payment_over_what_the_invoice_owes_is_refused(people, approved):
    small = invoice(people, approved, amount=300_000)
    with pytest.raises(DomainError) as refused:
        pay(people, small, 300_001)
    assert refused.value.code == "over_invoice"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"amount": 0}, "amount_not_positive"),
        ({"amount": "abc"}, "amount_invalid"),
        ({"paid_on": None}, "date_required"),
        ({"paid_on": "future"}, "date_future"),
        ({"method": "cash_in_envelope"}, "method_required"),
    ],
)
def test_a_payment_needs_a_positive_amount_a_past_date_and_a_method(people, approved, changes, code):
    target = invoice(people, approved)
    values = {"paid_on": TODAY(), "amount": 100_000, "method": PaymentMethod.TO_LAWYER} | changes
    if values["paid_on"] == "future":
        values["paid_on"] = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        payments.record_payment(actor=people.accountable, invoice=target, **values)
    assert refused.value.code == code


def test_the_conditional_update_holds_even_when_the_check_is_fooled(people, approved, monkeypatch):
    """Should the service's own check ever pass on a stale figure, the conditional UPDATE still refuses, and
    nothing of the payment is kept."""
    target = invoice(people, approved, amount=3_000_000)
    pay(people, target, 1_800_000)
    monkeypatch.setattr(Application, "remaining", property(lambda self: 10**9))

    with pytest.raises(DomainError) as refused:
        pay(people, Invoice.objects.get(pk=target.pk), 300_000)

    assert refused.value.code == "over_approved"
    assert "Nothing was recorded" in refused.value.message or "기록하지 않았습니다" in refused.value.message
    target.refresh_from_db()
    approved.refresh_from_db()
    assert (target.paid_total, approved.paid_total, Payment.objects.count()) == (1_800_000, 1_800_000, 1)


def test_the_database_refuses_a_total_paid_over_the_approved_amount(approved):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=approved.pk).update(paid_total=2_000_001)


def test_the_database_refuses_payment_without_an_approval(people):
    application = tabled(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(paid_total=1)


def test_the_database_refuses_an_overpaid_invoice_and_a_refund_over_what_was_paid(people, approved):
    target = invoice(people, approved, amount=500_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=target.pk).update(paid_total=500_001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=approved.pk).update(refund_due=1)


def test_a_recorded_payment_is_never_changed_or_deleted(people, approved):
    payment = pay(people, invoice(people, approved), 100_000)
    payment.amount = 1
    with pytest.raises(ValueError, match="never changed"):
        payment.save()
    with pytest.raises(ValueError, match="never deleted"):
        payment.delete()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"number": " "}, "number_required"),
        ({"issuer": ""}, "issuer_required"),
        ({"issued_on": None}, "date_required"),
        ({"issued_on": "future"}, "date_future"),
        ({"amount": 0}, "amount_not_positive"),
    ],
)
def test_an_invoice_needs_its_details(people, approved, changes, code):
    values = {"number": "2026-001", "issued_on": TODAY(), "issuer": "법무법인 해온", "amount": 500_000} | changes
    if values["issued_on"] == "future":
        values["issued_on"] = TODAY() + datetime.timedelta(days=3)
    with pytest.raises(DomainError) as refused:
        payments.add_invoice(actor=people.accountable, application=approved, **values)
    assert refused.value.code == code


def test_an_invoice_number_is_recorded_once_per_application(people, approved):
    invoice(people, approved, number="2026-041")
    with pytest.raises(DomainError) as refused:
        invoice(people, approved, number="2026-041")
    assert refused.value.code == "invoice_duplicate"


def test_nothing_is_recorded_before_approval_after_denial_or_after_closing(people):
    with pytest.raises(InvalidTransitionError):
        invoice(people, tabled(people))
    with pytest.raises(InvalidTransitionError):
        invoice(people, decided(people, Outcome.DENIED))
    approved = decided(people)
    target = invoice(people, approved)
    from proactive.legalsupport.services.applications import close_application

    close_application(actor=people.accountable, application=approved)
    with pytest.raises(InvalidTransitionError):
        pay(people, target, 100)


def test_only_the_accountable_officer_records_invoices_and_payments(people, approved):
    target = invoice(people, approved)
    for outsider in (people.secretariat, people.protection, people.official, people.other, people.sysadmin):
        with pytest.raises(PermissionDeniedError):
            payments.add_invoice(
                actor=outsider, application=approved, number="X-1", issued_on=TODAY(), issuer="누구", amount=10
            )
        with pytest.raises(PermissionDeniedError):
            payments.record_payment(
                actor=outsider, invoice=target, paid_on=TODAY(), amount=10, method=PaymentMethod.TO_LAWYER
            )
