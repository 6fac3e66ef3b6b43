"""Legal support's demo data (proactive/demo/legalsupport.py), on top of the whole demo, loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.models import User
from proactive.demo.legalsupport import CASES, write_legalsupport_demo
from proactive.legalsupport.enums import ApplicationState, Outcome, Stage
from proactive.legalsupport.models import Application
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]
S = ApplicationState


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The whole demo (tests/demo/conftest.py), which holds the legal-support applications; writing them again
    writes nothing."""
    with django_db_blocker.unblock():
        created = write_legalsupport_demo()
    return SimpleNamespace(output=loaded_demo.output, created=created)


def test_every_state_is_represented(demo):
    assert Application.objects.count() == len(CASES)
    assert {a.state for a in Application.objects.all()} == set(S.values)


def test_the_demo_official_has_an_approved_case_being_paid_and_a_draft(demo):
    official = User.objects.get(username="official")
    mine = Application.objects.filter(official=official.official)
    assert {a.state for a in mine} == {S.APPROVED, S.DRAFT}
    approved = mine.get(state=S.APPROVED)
    assert approved.stage == Stage.CRIMINAL_INVESTIGATION
    assert (approved.amount_requested, approved.approved_amount) == (6_600_000, 5_000_000)
    assert 0 < approved.paid_total < approved.approved_amount
    assert approved.decision_number.startswith(f"법률-{timezone.localdate().year}-")


def test_the_protection_officer_filed_for_others_including_a_retired_official(demo):
    protection = User.objects.get(username="protection")
    filed = Application.objects.filter(filed_by=protection)
    assert filed.count() == len([c for c in CASES if c.by_protection])
    retired = filed.get(official_retired=True)
    assert retired.stage == Stage.CRIMINAL_TRIAL
    assert retired.acquittal_final_on is not None
    assert retired.state == S.BEFORE_COMMITTEE


def test_the_accountable_officer_has_work_including_an_overdue_fact_finding(demo):
    overdue = Application.objects.filter(state=S.SUBMITTED, due_on__lt=timezone.localdate())
    assert overdue.count() == 1
    assert Application.objects.filter(state=S.FACTS_CHECKED).count() == 1


def test_decisions_money_and_the_cancellation(demo):
    decided = Application.objects.exclude(decision_number=None)
    assert {a.decision_outcome for a in decided} == {Outcome.APPROVED, Outcome.DENIED}
    assert len({a.decision_number for a in decided}) == decided.count()
    closed = Application.objects.get(state=S.CLOSED)
    assert closed.paid_total == closed.approved_amount == 2_000_000
    cancelled = Application.objects.get(state=S.CANCELLED)
    assert (cancelled.refund_due, cancelled.refund_received) == (1_500_000, 500_000)
    for application in Application.objects.filter(state__in=[S.APPROVED, S.CLOSED, S.CANCELLED]):
        assert application.paid_total <= application.approved_amount
    # The decision PDFs were rendered after the demo committed (the immediate task backend of the tests).
    assert all(a.decision_document_id for a in decided)
    assert cancelled.cancellation_document_id


def test_the_pages_show_the_demo(client, demo):
    login_verified(client, User.objects.get(username="accountable"))
    page = client.get(reverse("legalsupport:queue")).content.decode()
    assert "기한 경과" in page or "일 지남" in page
    summary = client.get(reverse("legalsupport:summary")).content.decode()
    assert "징계 절차" in summary
    login_verified(client, User.objects.get(username="official"))
    assert client.get(reverse("legalsupport:mine")).status_code == 200


def test_writing_the_demo_again_writes_nothing(demo):
    before = Application.objects.count()
    assert write_legalsupport_demo() == 0
    assert Application.objects.count() == before
