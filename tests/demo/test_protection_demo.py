"""The exemption reviews' demo data (proactive/demo/protection.py), on top of the whole demo (and the opinions and
consulting demos, whose answers the demo official's application cites), loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.models import User
from proactive.demo.protection import MOIS_AGO, write_protection_demo
from proactive.protection.enums import ApplicationState, Auditor, CounsellingState
from proactive.protection.models import (
    Audit,
    BoardSession,
    CounsellingCase,
    ExemptionApplication,
    GuidePage,
    LegalContact,
)
from proactive.protection.services.overdue import overdue_applications
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker):
    """The whole demo (tests/demo/conftest.py): the opinions and consulting demos, then this one, which cites them;
    writing it again writes nothing."""
    with django_db_blocker.unblock():
        created = write_protection_demo()
    return SimpleNamespace(created=created)


def test_two_audits_with_applications_in_every_state(demo):
    assert demo.created == 0  # the loader wrote them; writing again writes nothing
    assert ExemptionApplication.objects.count() >= len(ApplicationState.values)
    assert set(Audit.objects.values_list("auditor", flat=True)) == {Auditor.CITY, Auditor.MOIS}
    assert set(ExemptionApplication.objects.values_list("state", flat=True)) == set(ApplicationState.values)


def test_the_official_has_a_draft_citing_their_earlier_answers(demo):
    official = User.objects.get(username="official")
    draft = ExemptionApplication.objects.get(applicant=official)
    assert draft.state == ApplicationState.DRAFT
    kinds = set(draft.links.values_list("kind", flat=True))
    assert kinds, "the opinions and consulting demos' answers were not linked"
    assert draft.comments.filter(suggested_text__gt="").exists()
    assert draft.concerned.apply_by >= timezone.localdate()


def test_the_government_audit_happened_weeks_ago_with_numbered_decisions(demo):
    mois = Audit.objects.get(auditor=Auditor.MOIS)
    assert mois.ends_on <= timezone.localdate() - timezone.timedelta(days=MOIS_AGO)
    decided = ExemptionApplication.objects.filter(concerned__finding__audit=mois)
    assert {a.state for a in decided} == {"exempted", "mitigated", "denied"}
    year = timezone.localdate().year
    assert sorted(a.number for a in decided) == [f"면책-{year}-000{n}" for n in (1, 2, 3)]
    assert all(a.decided_on < timezone.localdate() for a in decided)
    assert mois.findings.filter(disposed_on__isnull=False).count() == 2


def test_the_board_member_has_a_vote_waiting_and_overdue_screening_is_flagged(demo):
    member = User.objects.get(username="board")
    waiting = ExemptionApplication.objects.get(state=ApplicationState.UNDER_REVIEW)
    assert waiting.session.chair == member
    assert not waiting.votes.filter(member=member).exists()
    assert waiting.votes.count() == 2
    assert BoardSession.objects.count() == 2
    assert overdue_applications(timezone.localdate()).filter(state=ApplicationState.SUBMITTED).exists()


def test_counselling_and_the_guide(demo):
    assert CounsellingCase.objects.filter(state=CounsellingState.CLOSED).exists()
    assert CounsellingCase.objects.filter(client__username="official").exists()
    assert GuidePage.objects.filter(published=True).count() == 8
    assert GuidePage.objects.filter(published=False).count() == 1
    assert LegalContact.objects.count() == 4


def test_the_demo_pages_open(client, demo):
    login_verified(client, User.objects.get(username="official"))
    draft = ExemptionApplication.objects.get(applicant__username="official")
    page = client.get(reverse("protection:application-detail", args=[draft.pk])).content.decode()
    assert "사전 자문에 따라 업무를 처리했습니다" in page
    login_verified(client, User.objects.get(username="protection"))
    assert client.get(reverse("protection:caseload")).status_code == 200
    login_verified(client, User.objects.get(username="auditor"))
    assert client.get(reverse("protection:audit-list")).status_code == 200


def test_writing_the_demo_again_writes_nothing(demo):
    before = ExemptionApplication.objects.count()
    assert write_protection_demo() == 0
    assert ExemptionApplication.objects.count() == before
