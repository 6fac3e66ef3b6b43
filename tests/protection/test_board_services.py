"""The review board: sessions, attendance, votes and the decision by a majority of the members present (with each
tie rule), the numbering, the register, the notifications and the decision's PDF queued after commit."""

import pytest
from django.utils import timezone

from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.notifications.models import Notification
from proactive.protection.enums import ApplicationState, Disposition, Outcome, TieRule
from proactive.protection.models import BoardVote, Concerned, ProtectionSettings
from proactive.protection.services import board
from tests.conftest import make_staff
from tests.protection.support import (
    accepted,
    concerned_of,
    decided,
    draft,
    finding_of,
    session_for,
    submitted,
    tabled,
    vote_all,
)

pytestmark = pytest.mark.django_db
S = ApplicationState
E, M, D = Outcome.EXEMPTED, Outcome.MITIGATED, Outcome.DENIED
REASONS = "공익 목적의 적극행정으로 인정됩니다."


def test_a_session_invites_board_members_only(world):
    with pytest.raises(DomainError) as refused:
        board.create_session(actor=world.auditor, title="회의", held_on=timezone.localdate(), members=[world.official])
    assert refused.value.code == "not_member"
    with pytest.raises(DomainError) as chair:
        board.create_session(
            actor=world.auditor,
            title="회의",
            held_on=timezone.localdate(),
            members=world.members[:2],
            chair=world.members[2],
        )
    assert chair.value.code == "chair_not_member"
    with pytest.raises(DomainError):
        board.create_session(actor=world.auditor, title="회의", held_on=timezone.localdate(), members=[])
    with pytest.raises(PermissionDeniedError):
        board.create_session(
            actor=world.district_auditor, title="회의", held_on=timezone.localdate(), members=world.members
        )
    with pytest.raises(PermissionDeniedError):
        board.create_session(actor=world.members[0], title="회의", held_on=timezone.localdate(), members=world.members)


def test_only_accepted_applications_go_on_a_session(world, django_capture_on_commit_callbacks):
    session = session_for(world)
    with pytest.raises(DomainError) as refused:
        board.table_application(actor=world.auditor, session=session, application=submitted(world))
    assert refused.value.code == "not_accepted"

    other = accepted(world, draft(world, concerned_of(world, finding_of(world))))
    with django_capture_on_commit_callbacks(execute=True):
        board.table_application(actor=world.auditor, session=session, application=other)
    assert Notification.objects.filter(kind="protection.application_tabled").count() == 4  # 3 members + officer


def test_attendance_only_for_invited_members(world):
    session = session_for(world)
    with pytest.raises(DomainError):
        board.record_attendance(actor=world.auditor, session=session, present=[world.official.pk])
    board.record_attendance(actor=world.auditor, session=session, present=[world.members[0].pk])
    assert list(session.members.filter(present=True).values_list("member", flat=True)) == [world.members[0].pk]


def test_members_present_vote_and_may_change_their_vote(world):
    application = tabled(world)
    board.cast_vote(actor=world.members[0], application=application, choice=E, reasons="공익")
    board.cast_vote(actor=world.members[0], application=application, choice=D, reasons="바꿈")
    assert BoardVote.objects.get(member=world.members[0]).choice == D


def test_an_absent_or_uninvited_member_cannot_vote(world):
    application = tabled(world, present=world.members[:2])
    with pytest.raises(PermissionDeniedError):
        board.cast_vote(actor=world.members[2], application=application, choice=E, reasons="x")
    outsider = make_staff(__import__("proactive.accounts.enums", fromlist=["Role"]).Role.EXEMPTION_BOARD)
    with pytest.raises(PermissionDeniedError):
        board.cast_vote(actor=outsider, application=application, choice=E, reasons="x")
    for who in (world.auditor, world.official, world.officer):
        with pytest.raises(PermissionDeniedError):
            board.cast_vote(actor=who, application=application, choice=E, reasons="x")


def test_a_member_never_votes_on_their_own_case(world):
    member = world.members[0]
    row = concerned_of(world, finding_of(world, officials=[member.official]), member.official)
    application = tabled(world, draft(world, row, actor=member))
    with pytest.raises(PermissionDeniedError):
        board.cast_vote(actor=member, application=application, choice=E, reasons="x")
    # The others decide; the member does not count as present for their own case.
    board.cast_vote(actor=world.members[1], application=application, choice=E, reasons="x")
    board.cast_vote(actor=world.members[2], application=application, choice=E, reasons="x")
    result = board.tally(application)
    assert (result.present, result.invited, result.complete) == (2, 2, True)


def test_a_vote_needs_reasons_and_a_mitigation_a_lighter_disposition(world):
    application = tabled(world)  # proposed: warning
    member = world.members[0]
    with pytest.raises(DomainError) as reasons:
        board.cast_vote(actor=member, application=application, choice=E, reasons=" ")
    assert reasons.value.code == "reasons_required"
    with pytest.raises(DomainError) as mitigation:
        board.cast_vote(actor=member, application=application, choice=M, reasons="x", mitigated_to=Disposition.WARNING)
    assert mitigation.value.code == "mitigation_required"
    with pytest.raises(DomainError):
        board.cast_vote(actor=member, application=application, choice="maybe", reasons="x")
    vote = board.cast_vote(
        actor=member, application=application, choice=M, reasons="x", mitigated_to=Disposition.CAUTION
    )
    assert vote.mitigated_to == Disposition.CAUTION


def test_a_caution_cannot_be_mitigated(world):
    row = concerned_of(world, finding_of(world, disposition=Disposition.CAUTION))
    application = tabled(world, draft(world, row))
    with pytest.raises(DomainError) as refused:
        board.cast_vote(actor=world.members[0], application=application, choice=M, reasons="x")
    assert refused.value.code == "cannot_mitigate"


def test_the_decision_needs_a_quorum(world):
    application = tabled(world, present=world.members[:1])
    board.cast_vote(actor=world.members[0], application=application, choice=E, reasons="x")
    with pytest.raises(DomainError) as refused:
        board.decide_application(actor=world.auditor, application=application, reasons=REASONS)
    assert refused.value.code == "no_quorum"


def test_the_decision_needs_every_vote_of_the_members_present(world):
    application = tabled(world)
    vote_all(world, application, [E, E])
    with pytest.raises(DomainError) as refused:
        board.decide_application(actor=world.auditor, application=application, reasons=REASONS)
    assert refused.value.code == "votes_missing"
    assert world.members[2].name in refused.value.message


def test_the_decision_needs_a_session(world):
    application = accepted(world)
    with pytest.raises(DomainError) as refused:
        board.decide_application(actor=world.auditor, application=application, reasons=REASONS)
    assert refused.value.code == "no_session"


def test_the_decision_needs_reasons(world):
    application = tabled(world)
    vote_all(world, application, [E, E, E])
    with pytest.raises(DomainError) as refused:
        board.decide_application(actor=world.auditor, application=application, reasons="")
    assert refused.value.code == "reasons_required"


def test_an_exemption_by_majority_is_numbered_registered_and_told(world, django_capture_on_commit_callbacks, fake_pdf):
    application = tabled(world)
    vote_all(world, application, [E, E, D])
    with django_capture_on_commit_callbacks(execute=True):
        application = board.decide_application(actor=world.auditor, application=application, reasons=REASONS)

    year = timezone.localdate().year
    assert application.state == S.EXEMPTED
    assert application.number == f"면책-{year}-0001"
    assert application.tally == {
        "present": 3,
        "invited": 3,
        "exempted": 2,
        "mitigated": 0,
        "denied": 1,
        "rule": "majority",
    }
    row = Concerned.objects.get(pk=application.concerned_id)
    assert (row.outcome, row.disposition_now) == (E, Disposition.NONE)
    told = set(Notification.objects.filter(kind="protection.decision").values_list("recipient", flat=True))
    assert told == {world.official.pk, world.head.pk, application.protection_officer_id}
    application.refresh_from_db()
    assert application.decision_document is not None
    assert application.decision_document.purpose == "protection.decision"


def test_numbers_follow_each_other(world):
    first = decided(world)
    second = decided(world, application=draft(world, concerned_of(world, finding_of(world))))
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"면책-{year}-0001", f"면책-{year}-0002")


def test_a_mitigation_takes_the_lighter_disposition_most_votes_proposed(world):
    row = concerned_of(world, finding_of(world, disposition=Disposition.HEAVY_DISCIPLINE))
    application = tabled(world, draft(world, row))
    board.cast_vote(
        actor=world.members[0], application=application, choice=M, reasons="x", mitigated_to=Disposition.WARNING
    )
    board.cast_vote(
        actor=world.members[1], application=application, choice=M, reasons="x", mitigated_to=Disposition.WARNING
    )
    board.cast_vote(
        actor=world.members[2], application=application, choice=M, reasons="x", mitigated_to=Disposition.CAUTION
    )

    application = board.decide_application(actor=world.auditor, application=application, reasons=REASONS)

    assert (application.outcome, application.mitigated_to) == (M, Disposition.WARNING)
    assert Concerned.objects.get(pk=row.pk).disposition_now == Disposition.WARNING


def test_a_mitigation_given_with_the_decision_must_be_lighter(world):
    application = tabled(world)
    vote_all(world, application, [M, M, M], mitigated_to=Disposition.CAUTION)
    with pytest.raises(DomainError):
        board.decide_application(
            actor=world.auditor, application=application, reasons=REASONS, mitigated_to=Disposition.HEAVY_DISCIPLINE
        )


@pytest.mark.parametrize(
    ("rule", "votes", "chair_vote", "expected"),
    [
        (TieRule.DISCIPLINARY, [E, M, D], None, M),
        (TieRule.DENIED, [E, M, D], None, D),
        (TieRule.CHAIR, [E, M, D], E, E),
    ],
)
def test_without_a_majority_the_configured_rule_decides(world, rule, votes, chair_vote, expected):
    ProtectionSettings.objects.update_or_create(pk=1, defaults={"tie_rule": rule})
    application = tabled(world)
    if chair_vote:  # the chair is members[0]
        votes = [chair_vote, *[v for v in votes if v != chair_vote]]
    vote_all(world, application, votes, mitigated_to=Disposition.CAUTION)

    application = board.decide_application(actor=world.auditor, application=application, reasons=REASONS)

    assert application.outcome == expected
    assert application.tally["rule"] == rule


def test_the_chair_may_record_the_decision_but_no_other_member(world):
    application = tabled(world)
    vote_all(world, application, [D, D, D])
    with pytest.raises(PermissionDeniedError):
        board.decide_application(actor=world.members[1], application=application, reasons=REASONS)
    with pytest.raises(PermissionDeniedError):
        board.decide_application(actor=world.district_auditor, application=application, reasons=REASONS)
    with pytest.raises(PermissionDeniedError):
        board.decide_application(actor=world.official, application=application, reasons=REASONS)
    application = board.decide_application(actor=world.members[0], application=application, reasons=REASONS)
    assert application.state == S.DENIED
    assert Concerned.objects.get(pk=application.concerned_id).disposition_now == Disposition.WARNING


def test_a_decided_application_cannot_be_decided_again_nor_voted_on(world):
    application = decided(world)
    with pytest.raises((InvalidTransitionError, PermissionDeniedError)):
        board.decide_application(actor=world.auditor, application=application, reasons=REASONS)
    with pytest.raises(PermissionDeniedError):
        board.cast_vote(actor=world.members[0], application=application, choice=D, reasons="x")


def test_a_voted_application_stays_on_its_session(world):
    application = tabled(world)
    board.cast_vote(actor=world.members[0], application=application, choice=E, reasons="x")
    other = session_for(world)
    with pytest.raises(DomainError) as refused:
        board.table_application(actor=world.auditor, session=other, application=application)
    assert refused.value.code == "already_voted"
