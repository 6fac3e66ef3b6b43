"""Recusal per item: avoidance (회피) by the member, exclusion (제척) by the secretariat, challenge (기피) by the
requester or the secretariat decided by the chair (the vice-chair when the chair is challenged)."""

import pytest

from proactive.audit.models import AuditEvent
from proactive.committee.enums import RecusalState
from proactive.committee.models import Vote
from proactive.committee.queries.meetings import tally_of
from proactive.committee.services import agenda
from proactive.committee.services import recusals as services
from proactive.committee.services.common import KIND_CHALLENGE_DECIDED, KIND_CHALLENGE_RAISED
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.committee.conftest import VIEWERS
from tests.committee.support_meetings import item, opened, planned, propose, vote_all
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_steps_aside_and_their_vote_is_removed(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    member = committee.members[0]
    agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for")

    recusal = services.declare_avoidance(actor=member.user, item=tabled, member=member, reason="자문에 참여한 사안")

    assert recusal.state == RecusalState.EFFECTIVE
    assert not Vote.objects.filter(item=tabled, member=member).exists()
    assert AuditEvent.objects.filter(verb="committee.recusal_avoidance", data__vote_removed=True).exists()
    with pytest.raises(DomainError) as exc:
        agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for")
    assert exc.value.code == "recused"
    counted = tally_of(tabled)
    assert (counted.entitled, counted.base, counted.present) == (5, 5, 5)


def test_only_the_member_themself_steps_aside(committee):
    meeting, (tabled,) = planned(committee)
    member = committee.members[0]
    with pytest.raises(PermissionDeniedError):
        services.declare_avoidance(actor=committee.secretariat, item=tabled, member=member, reason="대신 회피")
    with pytest.raises(DomainError) as exc:
        services.declare_avoidance(actor=member.user, item=tabled, member=member, reason="  ")
    assert exc.value.code == "reason_required"


def test_one_live_recusal_per_member_and_item(committee):
    meeting, (tabled,) = planned(committee)
    member = committee.members[0]
    services.declare_avoidance(actor=member.user, item=tabled, member=member, reason="이해관계")
    with pytest.raises(DomainError) as exc:
        services.record_exclusion(actor=committee.secretariat, item=tabled, member=member, reason="친족")
    assert exc.value.code == "already_recused"


def test_the_secretariat_records_an_exclusion(committee):
    meeting, (tabled,) = planned(committee)
    member = committee.members[1]

    recusal = services.record_exclusion(
        actor=committee.secretariat, item=tabled, member=member, reason="신청인의 배우자"
    )

    assert recusal.state == RecusalState.EFFECTIVE
    with pytest.raises(PermissionDeniedError):
        services.record_exclusion(actor=committee.members[0].user, item=tabled, member=committee.members[2], reason="x")


def test_a_member_not_called_cannot_be_recused(committee):
    meeting, (tabled,) = planned(committee, invite=committee.everyone[:3])
    with pytest.raises(DomainError) as exc:
        services.record_exclusion(actor=committee.secretariat, item=tabled, member=committee.everyone[4], reason="x")
    assert exc.value.code == "not_invited"


def test_no_recusal_on_an_item_in_the_queue(committee):
    with pytest.raises(DomainError) as exc:
        services.record_exclusion(actor=committee.secretariat, item=item(77), member=committee.members[0], reason="x")
    assert exc.value.code == "not_tabled"


def test_a_requester_challenges_and_the_chair_accepts(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    requester = UserFactory()
    VIEWERS.add(requester.pk)
    member = committee.members[0]
    agenda.record_vote(actor=member.user, item=tabled, member=member, choice="against")

    recusal = services.raise_challenge(actor=requester, item=tabled, member=member, reason="같은 법인의 고문입니다.")

    assert recusal.state == RecusalState.PENDING
    assert Notification.objects.filter(kind=KIND_CHALLENGE_RAISED, recipient=committee.chair.user).exists()
    with pytest.raises(DomainError) as exc:
        agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for")
    assert exc.value.code == "challenge_pending"
    vote_all(committee, tabled, ["for", "for", None, "for", "for", "for"])
    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert exc.value.code == "challenge_pending"

    with pytest.raises(PermissionDeniedError):
        services.decide_challenge(actor=committee.secretariat, recusal=recusal, accept=True, note="인용")
    services.decide_challenge(actor=committee.chair.user, recusal=recusal, accept=True, note="고문 관계 확인")

    recusal.refresh_from_db()
    assert (recusal.state, recusal.decided_by, recusal.decision_note) == (
        RecusalState.EFFECTIVE,
        committee.chair.user,
        "고문 관계 확인",
    )
    assert not Vote.objects.filter(item=tabled, member=member).exists()
    assert set(Notification.objects.filter(kind=KIND_CHALLENGE_DECIDED).values_list("recipient", flat=True)) == {
        requester.pk,
        member.user.pk,
    }
    decided = agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert (decided.votes_for, decided.present) == (5, 5)
    with pytest.raises(InvalidTransitionError):
        services.decide_challenge(actor=committee.chair.user, recusal=recusal, accept=False, note="번복")


def test_a_rejected_challenge_lets_the_member_vote(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    member = committee.members[1]
    recusal = services.raise_challenge(actor=committee.secretariat, item=tabled, member=member, reason="이해관계 의심")

    services.decide_challenge(actor=committee.chair.user, recusal=recusal, accept=False, note="이해관계 없음")

    assert agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for").choice == "for"
    with pytest.raises(DomainError) as exc:
        services.decide_challenge(actor=committee.chair.user, recusal=recusal, accept=False, note=" ")
    assert exc.value.code in {"note_required", "invalid_transition"}


def test_a_challenge_against_the_chair_goes_to_the_vice_chair(committee):
    meeting, (tabled,) = planned(committee)
    recusal = services.raise_challenge(
        actor=committee.secretariat, item=tabled, member=committee.chair, reason="신청 부서 출신"
    )

    assert Notification.objects.filter(kind=KIND_CHALLENGE_RAISED, recipient=committee.vice_chair.user).exists()
    with pytest.raises(PermissionDeniedError):
        services.decide_challenge(actor=committee.chair.user, recusal=recusal, accept=False, note="본인 결정")
    services.decide_challenge(actor=committee.vice_chair.user, recusal=recusal, accept=True, note="인용")
    recusal.refresh_from_db()
    assert recusal.state == RecusalState.EFFECTIVE


def test_strangers_cannot_challenge(committee):
    meeting, (tabled,) = planned(committee)
    with pytest.raises(PermissionDeniedError):
        services.raise_challenge(actor=UserFactory(), item=tabled, member=committee.members[0], reason="그냥")
    with pytest.raises(PermissionDeniedError):
        services.raise_challenge(actor=committee.members[1].user, item=tabled, member=committee.members[0], reason="x")
