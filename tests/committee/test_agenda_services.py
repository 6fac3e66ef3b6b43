"""Agenda items (the contract other apps use) and deciding by vote: tabling, scheduling, proposals and ballots,
votes, quorum and the decision rules, decision numbers, withdrawal."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from proactive.audit.models import AuditEvent
from proactive.committee.agenda import get_kind, register_kind
from proactive.committee.enums import AgendaState, DecisionRule, MeetingKind, QuorumBase, QuorumRule
from proactive.committee.models import AgendaItem, CommitteeSettings, Vote
from proactive.committee.queries import called_to_decide, decision_of, items_of, open_item_of
from proactive.committee.queries.meetings import is_carried, quorum_needed, tally_of
from proactive.committee.services import agenda, meetings
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from tests.committee.conftest import DECIDED, TEST_KIND, WITHDRAWN
from tests.committee.support_meetings import item, opened, planned, propose, vote_all
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


# --- Pure rules ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "rule", "needed"),
    [
        (6, QuorumRule.MAJORITY, 4),
        (7, QuorumRule.MAJORITY, 4),
        (6, QuorumRule.TWO_THIRDS, 4),
        (7, QuorumRule.TWO_THIRDS, 5),
        (6, QuorumRule.ONE_THIRD, 2),
        (0, QuorumRule.MAJORITY, 1),
    ],
)
def test_quorum_needed(base, rule, needed):
    assert quorum_needed(base, rule) == needed


@pytest.mark.parametrize(
    ("votes", "present", "rule", "carried"),
    [
        ((3, 2, 0), 5, DecisionRule.MAJORITY_OF_VOTES, True),
        ((3, 2, 1), 6, DecisionRule.MAJORITY_OF_VOTES, False),  # an abstention is a vote cast
        ((3, 0, 0), 6, DecisionRule.MAJORITY_OF_VOTES, True),
        ((3, 0, 0), 6, DecisionRule.MAJORITY_OF_PRESENT, False),
        ((4, 0, 0), 6, DecisionRule.MAJORITY_OF_PRESENT, True),
        ((4, 2, 0), 6, DecisionRule.TWO_THIRDS_OF_PRESENT, True),
        ((3, 2, 0), 5, DecisionRule.TWO_THIRDS_OF_PRESENT, False),
        ((0, 0, 0), 0, DecisionRule.MAJORITY_OF_VOTES, False),
    ],
)
def test_decision_rules(votes, present, rule, carried):
    assert is_carried(*votes, present, rule) is carried


# --- Tabling and the queue -----------------------------------------------------------------------------------


def test_table_item_puts_the_matter_in_the_queue():
    tabler = UserFactory()

    tabled = agenda.table_item(
        actor=tabler, kind=TEST_KIND, subject_id=5, title="항만 인허가 의견 요청", field="maritime_transport"
    )

    assert tabled.state == AgendaState.PENDING
    assert tabled.field == "maritime_transport"
    assert tabled.tabled_by == tabler
    assert open_item_of(TEST_KIND, 5) == tabled
    assert items_of(TEST_KIND, 5) == [tabled]
    assert decision_of(TEST_KIND, 5) is None
    with pytest.raises(DomainError) as exc:
        agenda.table_item(actor=tabler, kind=TEST_KIND, subject_id=5, title="다시")
    assert exc.value.code == "already_tabled"


def test_an_unknown_field_is_dropped_and_an_unknown_kind_is_a_programming_error():
    assert agenda.table_item(actor=None, kind=TEST_KIND, subject_id=1, title="가", field="nonsense").field == ""
    with pytest.raises(KeyError):
        agenda.table_item(actor=None, kind="nobody_registered_this", subject_id=1, title="가")


def test_scheduling_needs_the_secretariat_and_an_open_meeting(committee):
    meeting, _items = planned(committee, items=0)
    waiting = item(9)

    with pytest.raises(PermissionDeniedError):
        agenda.schedule_item(actor=UserFactory(), item=waiting, meeting=meeting)
    scheduled = agenda.schedule_item(actor=committee.secretariat, item=waiting, meeting=meeting)

    assert (scheduled.state, scheduled.meeting, scheduled.position) == (AgendaState.TABLED, meeting, 1)
    meetings.cancel_meeting(actor=committee.secretariat, meeting=meeting, reason="태풍")
    scheduled.refresh_from_db()
    assert scheduled.state == AgendaState.PENDING
    with pytest.raises(DomainError) as exc:
        agenda.schedule_item(actor=committee.secretariat, item=scheduled, meeting=meeting)
    assert exc.value.code == "meeting_closed"


def test_moving_an_item_to_another_meeting_and_back_to_the_queue(committee):
    first, (tabled,) = planned(committee)
    second, _none = planned(committee, items=0)

    moved = agenda.schedule_item(actor=committee.secretariat, item=tabled, meeting=second)
    assert moved.meeting == second
    back = agenda.unschedule_item(actor=committee.secretariat, item=moved, reason="자료 보완")
    assert (back.state, back.meeting) == (AgendaState.PENDING, None)
    assert AuditEvent.objects.filter(verb="committee.item_carried_over", data__reason="자료 보완").exists()


# --- Proposals, votes and decisions --------------------------------------------------------------------------


def test_a_full_decision_by_vote(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for", "for", "for", "against", "abstain", None])

    decided, carried = agenda.close_vote(actor=committee.secretariat, item=tabled)

    assert carried
    assert decided.state == AgendaState.DECIDED
    assert (decided.votes_for, decided.votes_against, decided.abstentions, decided.present) == (3, 1, 1, 6)
    assert decided.outcome == "approved"
    assert decided.resolution == "원안대로 승인한다."
    assert decided.decided_on == timezone.localdate()
    assert decided.decision_number == f"위원회-{timezone.localdate().year}-0001"
    assert [(committee.secretariat, decided.pk)] == DECIDED
    assert decision_of(TEST_KIND, decided.subject_id) == decided
    assert AuditEvent.objects.filter(verb="committee.item_decided", data__number=decided.decision_number).exists()


def test_decision_numbers_run_per_year(committee):
    meeting, items = opened(committee, items=2)
    numbers = []
    for tabled in items:
        propose(committee, tabled)
        vote_all(committee, tabled, ["for"] * 6)
        numbers.append(
            agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인").decision_number
        )
    year = timezone.localdate().year
    assert numbers == [f"위원회-{year}-0001", f"위원회-{year}-0002"]


def test_a_proposal_not_carried_is_cleared_and_the_next_one_is_a_new_ballot(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["against", "against", "for", "against", None, None])

    after, carried = agenda.close_vote(actor=committee.secretariat, item=tabled)

    assert not carried
    assert (after.state, after.proposed_outcome, after.ballot) == (AgendaState.TABLED, "", 2)
    assert AuditEvent.objects.filter(verb="committee.proposal_not_carried").exists()
    propose(committee, after, outcome="rejected", resolution="불승인한다.")
    assert tally_of(AgendaItem.objects.get(pk=tabled.pk)).votes_for == 0  # the first ballot's votes do not count
    vote_all(committee, after, ["for"] * 4)
    decided, carried = agenda.close_vote(actor=committee.secretariat, item=after)
    assert carried
    assert decided.outcome == "rejected"
    assert Vote.objects.filter(item=tabled).count() == 8  # both ballots kept as a record


def test_changing_a_proposal_after_votes_opens_a_new_ballot(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"])

    changed = propose(committee, tabled, resolution="조건부로 승인한다.")

    assert changed.ballot == 2
    assert tally_of(changed).votes_for == 0


def test_deciding_a_different_outcome_than_proposed_is_refused(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"] * 6)
    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="rejected", resolution="불승인")
    assert exc.value.code == "not_proposed"


def test_an_outcome_the_kind_does_not_offer_is_refused(committee):
    meeting, (tabled,) = opened(committee)
    with pytest.raises(DomainError) as exc:
        propose(committee, tabled, outcome="banana")
    assert exc.value.code == "invalid_outcome"


def test_nothing_is_decided_before_the_meeting_opens(committee):
    meeting, (tabled,) = planned(committee)
    propose(committee, tabled)
    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert exc.value.code == "not_in_session"
    with pytest.raises(DomainError) as vote_exc:
        vote_all(committee, tabled, ["for"])
    assert vote_exc.value.code == "not_in_session"


def test_an_item_in_the_queue_cannot_be_decided():
    waiting = item(3)
    with pytest.raises(InvalidTransitionError):
        agenda.decide_item(actor=None, item=waiting, outcome="approved", resolution="승인")


def test_the_quorum_counts_the_entitled_members_present(committee):
    meeting, (tabled,) = opened(committee, present=committee.everyone[:4])  # 4 of 6: quorum 4
    propose(committee, tabled)
    vote_all(committee, tabled, ["for", "for", "for", "for"])
    meetings.record_attendance(actor=committee.secretariat, meeting=meeting, present=committee.everyone[:3])

    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")

    assert exc.value.code == "no_quorum"
    assert "3" in exc.value.message


def test_the_votes_given_must_match_the_votes_recorded(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"] * 6)
    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인", votes_for=5)
    assert exc.value.code == "votes_mismatch"
    decided = agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인", votes_for=6)
    assert decided.votes_for == 6


def test_the_decision_rule_follows_the_settings(committee):
    CommitteeSettings.objects.update_or_create(pk=1, defaults={"decision_rule": DecisionRule.MAJORITY_OF_PRESENT})
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for", "for", "for", "against", None, None])  # 3 of 6 present: not more than half

    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert exc.value.code == "not_carried"


def test_the_serving_base_counts_every_member_serving(committee):
    CommitteeSettings.objects.update_or_create(pk=1, defaults={"quorum_base": QuorumBase.SERVING})
    meeting, _items = planned(committee, invite=committee.everyone[:3])  # 3 called, 6 serving: 4 needed
    with pytest.raises(DomainError) as exc:
        meetings.open_meeting(actor=committee.secretariat, meeting=meeting, present=committee.everyone[:3])
    assert exc.value.code == "no_quorum"


def test_only_the_secretariat_or_the_system_decides(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"] * 6)
    with pytest.raises(PermissionDeniedError):
        agenda.decide_item(actor=committee.chair.user, item=tabled, outcome="approved", resolution="승인")
    with pytest.raises(PermissionDeniedError):
        agenda.close_vote(actor=committee.members[0].user, item=tabled)


def test_a_failing_on_decided_rolls_the_decision_back(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"] * 6)

    def refuse(*, actor, item):
        raise DomainError("route refused", code="route")

    original = get_kind(TEST_KIND)
    register_kind(dataclasses.replace(original, on_decided=refuse))
    try:
        with pytest.raises(DomainError) as exc:
            agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    finally:
        register_kind(original)
    assert exc.value.code == "route"
    tabled.refresh_from_db()
    assert tabled.state == AgendaState.TABLED
    assert tabled.decision_number == ""


# --- Votes -----------------------------------------------------------------------------------------------------


def test_a_member_changes_their_vote_until_the_decision(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    member = committee.members[0]
    agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for")
    agenda.record_vote(actor=member.user, item=tabled, member=member, choice="against")

    assert Vote.objects.get(item=tabled, member=member).choice == "against"
    assert AuditEvent.objects.filter(verb="committee.vote_cast", data__changed=True).count() == 1


def test_nobody_votes_for_someone_else_but_the_secretariat_in_person(committee):
    meeting, (tabled,) = opened(committee)
    propose(committee, tabled)
    member, other = committee.members[0], committee.members[1]
    with pytest.raises(PermissionDeniedError):
        agenda.record_vote(actor=other.user, item=tabled, member=member, choice="for")
    vote = agenda.record_vote(actor=committee.secretariat, item=tabled, member=member, choice="for")
    assert vote.recorded_by == committee.secretariat


def test_an_absent_member_does_not_vote_in_person(committee):
    meeting, (tabled,) = opened(committee, present=committee.everyone[:5])
    propose(committee, tabled)
    absent = committee.everyone[5]
    with pytest.raises(DomainError) as exc:
        agenda.record_vote(actor=absent.user, item=tabled, member=absent, choice="for")
    assert exc.value.code == "not_present"


def test_a_member_not_called_does_not_vote(committee):
    meeting, (tabled,) = opened(committee, invite=committee.everyone[:4], present=committee.everyone[:4])
    propose(committee, tabled)
    outsider = committee.everyone[5]
    with pytest.raises(PermissionDeniedError):
        agenda.record_vote(actor=outsider.user, item=tabled, member=outsider, choice="for")
    with pytest.raises(DomainError) as exc:
        agenda.record_vote(actor=None, item=tabled, member=outsider, choice="for")
    assert exc.value.code == "not_invited"


def test_there_is_nothing_to_vote_on_without_a_proposal(committee):
    meeting, (tabled,) = opened(committee)
    member = committee.members[0]
    with pytest.raises(DomainError) as exc:
        agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for")
    assert exc.value.code == "no_proposal"
    with pytest.raises(DomainError) as bad:
        agenda.record_vote(actor=member.user, item=tabled, member=member, choice="maybe")
    assert bad.value.code == "invalid_choice"


# --- Written deliberation ------------------------------------------------------------------------------------


def test_a_written_deliberation_decides_by_the_majority_of_replies(committee):
    meeting, (tabled,) = opened(
        committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=3)
    )
    propose(committee, tabled)
    vote_all(committee, tabled, ["for", "for", "for", "against", None, None])  # 4 of 6 replied

    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert exc.value.code == "window_open"

    meeting.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save(update_fields=["closes_at"])
    decided = agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert (decided.votes_for, decided.votes_against, decided.present) == (3, 1, 4)
    replied = set(meeting.invitations.filter(attendance="present").values_list("member_id", flat=True))
    assert replied == {m.pk for m in committee.everyone[:4]}


def test_a_written_deliberation_decides_early_once_everyone_replied(committee):
    meeting, (tabled,) = opened(
        committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=3)
    )
    propose(committee, tabled)
    vote_all(committee, tabled, ["for"] * 6)
    assert agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인").present == 6


def test_too_few_replies_is_no_quorum(committee):
    meeting, (tabled,) = opened(
        committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=3)
    )
    propose(committee, tabled)
    vote_all(committee, tabled, ["for", "for", "for"])
    meeting.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save(update_fields=["closes_at"])
    with pytest.raises(DomainError) as exc:
        agenda.decide_item(actor=None, item=tabled, outcome="approved", resolution="승인")
    assert exc.value.code == "no_quorum"


def test_votes_after_the_window_are_refused(committee):
    meeting, (tabled,) = opened(
        committee, kind=MeetingKind.WRITTEN, closes_at=timezone.now() + datetime.timedelta(days=3)
    )
    propose(committee, tabled)
    meeting.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save(update_fields=["closes_at"])
    member = committee.members[0]
    with pytest.raises(DomainError) as exc:
        agenda.record_vote(actor=member.user, item=tabled, member=member, choice="for")
    assert exc.value.code == "window_closed"
    with pytest.raises(PermissionDeniedError):
        agenda.record_vote(actor=committee.secretariat, item=tabled, member=member, choice="for")


# --- Withdrawal and the contract's reads ---------------------------------------------------------------------


def test_withdrawing_calls_the_kind_and_closes_the_item(committee):
    meeting, (tabled,) = planned(committee)

    withdrawn = agenda.withdraw_item(actor=None, item=tabled, reason="요청 취하")

    assert withdrawn.state == AgendaState.WITHDRAWN
    assert [tabled.pk] == WITHDRAWN
    assert open_item_of(TEST_KIND, tabled.subject_id) is None
    with pytest.raises(InvalidTransitionError):
        agenda.withdraw_item(actor=None, item=tabled, reason="다시")


def test_called_to_decide_names_the_members_of_the_items_meeting(committee):
    meeting, (tabled,) = planned(committee, invite=committee.everyone[:2])

    assert called_to_decide(committee.everyone[0].user, TEST_KIND, tabled.subject_id)
    assert not called_to_decide(committee.everyone[3].user, TEST_KIND, tabled.subject_id)
    assert not called_to_decide(UserFactory(), TEST_KIND, tabled.subject_id)


def test_the_field_of_an_item(committee):
    waiting = item(4)
    agenda.set_item_field(actor=committee.secretariat, item=waiting, field="legal")
    waiting.refresh_from_db()
    assert waiting.field == "legal"
    with pytest.raises(DomainError):
        agenda.set_item_field(actor=committee.secretariat, item=waiting, field="nonsense")
    with pytest.raises(PermissionDeniedError):
        agenda.set_item_field(actor=UserFactory(), item=waiting, field="legal")
