"""The committee's demo data (proactive/demo/committee.py), on top of the whole demo, loaded once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.committee.enums import AgendaState, MeetingKind, MeetingState, MemberCategory, MemberField, RecusalState
from proactive.committee.kinds import SELECTION_ROUND
from proactive.committee.models import AgendaItem, Meeting, Member, Recusal, Reorganisation, Term
from proactive.committee.queries.roster import sitting_members, terms_ending
from proactive.demo.committee import write_committee_demo
from tests.conftest import login_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(loaded_demo, django_db_blocker, monkeypatch_module):
    """The whole demo (tests/demo/conftest.py; the loader writes the committee's right after the selection rounds,
    before the routes that put matters before it). The PDFs are not rendered here (test_documents_pdf.py renders
    them): a download would render them then."""
    monkeypatch_module.setattr("proactive.committee.services.documents.render_resolution", lambda pk: None)
    monkeypatch_module.setattr("proactive.committee.services.documents.render_minutes", lambda pk: None)
    with django_db_blocker.unblock():
        again = write_committee_demo()  # the loader already wrote it
        members = Member.objects.count()
    return SimpleNamespace(again=again, members=members)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _mine(**filters) -> Meeting:
    """The committee demo's own meeting (the routes' demos hold meetings of their own)."""
    return Meeting.objects.filter(items__kind=SELECTION_ROUND, **filters).distinct().get()


def test_a_roster_of_about_twenty_five_across_the_fields(demo):
    demo_members = Member.objects.filter(user__username__startswith="committee.") | Member.objects.filter(
        user__username__in=["chair", "committee"]
    )
    sitting = [m for m in sitting_members() if m in set(demo_members)]
    assert 23 <= len(sitting) <= 26
    assert {m.field for m in sitting} == set(MemberField.values)
    categories = [m.category for m in sitting]
    assert categories.count(MemberCategory.CHAIR) == 1
    assert 2 <= categories.count(MemberCategory.EX_OFFICIO) <= 3
    assert Member.objects.filter(in_pool=True).count() >= 10
    assert Member.objects.get(user__username="chair").category == MemberCategory.CHAIR
    assert Member.objects.get(user__username="committee").category == MemberCategory.PRIVATE


def test_terms_ending_soon_second_terms_and_roles_in_step(demo):
    assert "오세진" in [t.member.user.name for t in terms_ending()]
    assert Term.objects.filter(warned_on__isnull=False, member__user__name="오세진").count() == 1
    assert Term.objects.get(number=2).member.user.name == "문경태"
    assert Term.objects.get(ended_on__isnull=False).member.user.name == "노승철"
    chair = User.objects.get(username="chair")
    assert RoleMembership.objects.active().filter(user=chair, role=Role.COMMITTEE_CHAIR).count() == 1
    assert RoleMembership.objects.active().filter(user=chair, role=Role.COMMITTEE_MEMBER).count() == 1
    for member in sitting_members():
        assert RoleMembership.objects.active().filter(user=member.user, role=Role.COMMITTEE_MEMBER).exists(), member


def test_three_meetings_closed_open_in_writing_and_planned(demo):
    closed = _mine(state=MeetingState.CLOSED)
    written = _mine(kind=MeetingKind.WRITTEN)
    planned = Meeting.objects.filter(state=MeetingState.PLANNED).order_by("scheduled_at").first()

    assert closed.minutes_approved_at is not None
    assert closed.minutes
    decided = closed.items.get()
    assert decided.state == AgendaState.DECIDED
    assert decided.outcome == "grades_confirmed"
    assert decided.decision_number.startswith("위원회-")
    assert Recusal.objects.filter(item=decided, kind="avoidance").exists()

    assert written.state == MeetingState.HELD
    assert written.closes_at > timezone.now()
    pending = written.items.get(kind=SELECTION_ROUND)
    assert pending.votes.exists()
    assert Recusal.objects.filter(item=pending, state=RecusalState.PENDING).exists()

    assert planned is not None
    assert planned.scheduled_at > timezone.now()
    assert planned.invitations.exists()
    assert AgendaItem.objects.filter(state=AgendaState.PENDING, kind=SELECTION_ROUND).count() == 1


def test_the_reorganisation_is_in_progress(demo):
    task = Reorganisation.objects.get(year=timezone.localdate().year)
    steps = list(task.steps.order_by("position"))
    assert [s.done_on is not None for s in steps] == [True, True, False, False, False]
    assert steps[2].is_overdue(timezone.localdate())


def test_the_demo_accounts_see_their_work(client, demo):
    login_verified(client, User.objects.get(username="committee"))
    page = client.get(reverse("committee:my-meetings")).content.decode()
    assert "표결을 기다리는 안건이" in page

    login_verified(client, User.objects.get(username="chair"))
    assert "기피 신청 1건" in client.get(reverse("committee:home")).content.decode()

    login_verified(client, User.objects.get(username="secretariat"))
    for name in (
        "committee:home",
        "committee:member-list",
        "committee:meeting-list",
        "committee:queue",
        "committee:reorganisation",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    for meeting in Meeting.objects.all():
        assert client.get(reverse("committee:meeting-detail", args=[meeting.pk])).status_code == 200


def test_writing_the_demo_again_writes_nothing(demo):
    assert demo.again == 0
    assert write_committee_demo() == 0
    assert Member.objects.count() == demo.members
