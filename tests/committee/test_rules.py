"""Object permissions of the committee: who is admitted, and above all who is denied (another official, a member
not called, a system administrator, a superuser)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.accounts.queries import forget_held_roles
from proactive.committee.services import agenda
from proactive.committee.services.common import may
from proactive.committee.services.recusals import raise_challenge
from proactive.committee.services.roster import end_term
from tests.committee.conftest import VIEWERS
from tests.committee.support_meetings import opened, planned, propose, vote_all
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsiders():
    """People with no business in the committee's meetings."""
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return {
        "official": UserFactory(),
        "sysadmin": make_staff(Role.SYSADMIN),
        "auditor": make_staff(Role.AUDIT_OFFICER),
        "reviewer": make_staff(Role.REVIEWER),
        "superuser": superuser,
    }


def _decided(committee):
    meeting, (item,) = opened(committee)
    propose(committee, item)
    vote_all(committee, item, ["for"] * 6)
    return meeting, agenda.decide_item(actor=None, item=item, outcome="approved", resolution="승인")


def test_a_meeting_is_seen_by_the_secretariat_the_chair_and_the_members_called(committee, outsiders):
    meeting, _items = planned(committee, invite=committee.everyone[2:4])
    called, not_called = committee.everyone[2], committee.everyone[4]

    assert may(committee.secretariat, "committee.view_meeting", meeting)
    assert may(committee.chair.user, "committee.view_meeting", meeting)  # presides over every meeting
    assert may(called.user, "committee.view_meeting", meeting)
    assert not may(not_called.user, "committee.view_meeting", meeting)
    for name, person in outsiders.items():
        assert not may(person, "committee.view_meeting", meeting), name


def test_only_members_called_vote_and_step_aside(committee, outsiders):
    meeting, _items = planned(committee, invite=committee.everyone[2:4])
    called, not_called = committee.everyone[2], committee.everyone[4]
    for permission in ("committee.vote_in_meeting", "committee.declare_recusal"):
        assert may(called.user, permission, meeting)
        assert not may(not_called.user, permission, meeting)
        assert not may(committee.secretariat, permission, meeting)
        for name, person in outsiders.items():
            assert not may(person, permission, meeting), (permission, name)


def test_a_member_whose_term_ended_loses_the_role_and_the_meeting(committee):
    meeting, _items = planned(committee, invite=committee.everyone[2:4])
    member = committee.everyone[2]
    end_term(actor=committee.secretariat, term=member.terms.get(), ends_on=timezone.localdate(), reason="사임")
    # The role still counts on its last day; the day after, the member has no role and no access.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        forget_held_roles(member.user)
        assert not may(member.user, "committee.view_meeting", meeting)
        assert not may(member.user, "committee.view_my_meetings")


def test_the_item_page_is_for_the_secretariat_the_members_called_and_whom_the_kind_admits(committee, outsiders):
    meeting, (item,) = planned(committee, invite=committee.everyone[2:4])
    requester = UserFactory()
    VIEWERS.add(requester.pk)

    assert may(committee.secretariat, "committee.view_item", item)
    assert may(committee.everyone[2].user, "committee.view_item", item)
    assert may(requester, "committee.view_item", item)
    assert not may(committee.everyone[4].user, "committee.view_item", item)
    for name, person in outsiders.items():
        assert not may(person, "committee.view_item", item), name


def test_challenges_come_from_the_secretariat_or_whom_the_kind_admits(committee, outsiders):
    meeting, (item,) = planned(committee)
    requester = UserFactory()
    VIEWERS.add(requester.pk)

    assert may(committee.secretariat, "committee.challenge_member", item)
    assert may(requester, "committee.challenge_member", item)
    assert not may(committee.members[0].user, "committee.challenge_member", item)
    assert not may(committee.chair.user, "committee.challenge_member", item)
    for name, person in outsiders.items():
        assert not may(person, "committee.challenge_member", item), name


def test_the_chair_decides_challenges_but_not_one_against_themself(committee, outsiders):
    meeting, (item,) = planned(committee)
    against_member = raise_challenge(
        actor=committee.secretariat, item=item, member=committee.members[0], reason="이해관계"
    )
    against_chair = raise_challenge(actor=committee.secretariat, item=item, member=committee.chair, reason="이해관계")
    permission = "committee.decide_challenge"

    assert may(committee.chair.user, permission, against_member)
    assert not may(committee.chair.user, permission, against_chair)
    assert may(committee.vice_chair.user, permission, against_chair)
    assert not may(committee.vice_chair.user, permission, against_member)
    assert not may(committee.members[0].user, permission, against_member)
    assert not may(committee.secretariat, permission, against_member)
    for name, person in outsiders.items():
        assert not may(person, permission, against_member), name


def test_the_resolution_is_downloaded_once_decided_by_the_committee_and_whom_the_kind_admits(committee, outsiders):
    meeting, item = _decided(committee)
    requester = UserFactory()
    VIEWERS.add(requester.pk)
    permission = "committee.download_resolution"

    assert may(committee.secretariat, permission, item)
    assert may(committee.members[0].user, permission, item)
    assert may(requester, permission, item)
    for name, person in outsiders.items():
        assert not may(person, permission, item), name
    _meeting, (undecided,) = planned(committee)
    assert not may(committee.secretariat, permission, undecided)


def test_the_minutes_are_downloaded_once_closed_by_the_secretariat_and_the_members(committee, outsiders):
    meeting, _item = _decided(committee)
    permission = "committee.download_minutes"
    assert not may(committee.secretariat, permission, meeting)  # not closed yet
    meeting.state = "closed"

    assert may(committee.secretariat, permission, meeting)
    assert may(committee.members[3].user, permission, meeting)
    requester = UserFactory()
    VIEWERS.add(requester.pk)
    assert not may(requester, permission, meeting)
    for name, person in outsiders.items():
        assert not may(person, permission, meeting), name
