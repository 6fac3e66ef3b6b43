"""The committee stage: total formula, tie-breaks, quotas, adjusting, confirming once, recusal."""

from decimal import Decimal

import pytest

from proactive.accounts.enums import Role
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import CaseType, Grade, TieBreak
from proactive.nominations.models import Award, CommitteeMeeting, StageResult
from proactive.nominations.queries.committee import compute_totals
from proactive.nominations.services import committee as services
from proactive.notifications.models import Notification
from tests.nominations.test_committee_support import (  # noqa: F401  (_committee_kinds is an autouse fixture)
    _committee_kinds,
    assign,
    case,
    committee_round,
    member,
    quotas,
    score,
)
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db


def test_total_is_working_plus_vote_plus_scaled_committee_mean():
    rnd = committee_round()  # weight_committee 80 by default
    nom = case(rnd, working="8", vote="5")
    a, b = member(), member()
    score(nom, a, 60, 40)  # 100
    score(nom, b, 30, 20)  # 50 → mean 75 of 100 → 60 points
    (row,) = compute_totals(rnd)
    assert row.committee_raw == Decimal("75")
    assert row.committee == Decimal("60")
    assert row.total == Decimal("73")
    assert Decimal(row.inputs["committee_weight"]) == Decimal("80")


def test_recused_members_scores_do_not_count():
    rnd = committee_round()
    nom = case(rnd)
    a, b = member(), member()
    score(nom, a, 60, 40)
    assign(nom, b, recused=True, recusal_reason="가족")
    (row,) = compute_totals(rnd)
    assert row.members == 1
    assert row.committee == Decimal("80")


def test_equal_totals_follow_the_rounds_tie_break_order():
    rnd = committee_round(tie_breaks=[TieBreak.WORKING, TieBreak.COMMITTEE, TieBreak.VOTE, TieBreak.EARLIER])
    high_working = case(rnd, working="10", vote="0")
    high_committee = case(rnd, working="0", vote="2")
    m = member()
    score(high_working, m, 30, 20)  # 40 committee points → total 50
    score(high_committee, m, 36, 24)  # 48 committee points → total 50
    assert [r.nomination for r in compute_totals(rnd)] == [high_working, high_committee]
    rnd.tie_breaks = [TieBreak.COMMITTEE, TieBreak.WORKING, TieBreak.VOTE, TieBreak.EARLIER]
    assert [r.nomination for r in compute_totals(rnd)] == [high_committee, high_working]


def _ranked(rnd, *case_types):
    m = member()
    noms = []
    for position, case_type in enumerate(case_types):
        nom = case(rnd, case_type=case_type)
        score(nom, m, 60 - position * 5, 10)
        noms.append(nom)
    return noms


def test_quotas_fill_grades_in_order_and_challenge_goes_to_challenge_cases_first():
    rnd = committee_round()
    quotas(rnd, top=1, excellent=1, encouragement=0, challenge=2)
    bp, ch = CaseType.BEST_PRACTICE, CaseType.CHALLENGE
    n1, n2, n3, n4, n5 = _ranked(rnd, ch, bp, bp, bp, ch)
    services.propose_grades(actor=secretariat(), round=rnd)
    proposed = {a.nomination_id: a.proposed_grade for a in Award.objects.all()}
    assert proposed == {
        n1.pk: Grade.TOP,  # a challenge case can win a higher grade by rank
        n2.pk: Grade.EXCELLENT,
        n5.pk: Grade.CHALLENGE,  # the best challenge case left comes before better-ranked others
        n3.pk: Grade.CHALLENGE,  # then the rest by rank
        n4.pk: "",
    }
    assert Award.objects.get(nomination=n1).rank == 1


def test_propose_needs_a_frozen_tally_and_every_live_sheet():
    rnd = committee_round()
    nom = case(rnd)
    assign(nom, member())
    with pytest.raises(DomainError) as exc:
        services.propose_grades(actor=secretariat(), round=rnd)
    assert exc.value.code == "incomplete"
    rnd.tally_frozen_at = None
    rnd.save(update_fields=["tally_frozen_at"])
    with pytest.raises(DomainError) as exc:
        services.propose_grades(actor=secretariat(), round=rnd)
    assert exc.value.code == "tally_open"


def _proposed_round():
    rnd = committee_round()
    quotas(rnd, top=1)
    noms = _ranked(rnd, CaseType.BEST_PRACTICE, CaseType.BEST_PRACTICE)
    services.propose_grades(actor=secretariat(), round=rnd)
    return rnd, noms


def test_adjust_requires_a_reason_and_may_exceed_the_quota_with_one():
    rnd, (first, second) = _proposed_round()
    chair = member(Role.COMMITTEE_CHAIR)
    award = Award.objects.get(nomination=second)
    with pytest.raises(DomainError) as exc:
        services.adjust_grade(actor=chair, award=award, grade=Grade.TOP, reason=" ")
    assert exc.value.code == "reason_required"
    services.adjust_grade(actor=chair, award=award, grade=Grade.TOP, reason="위원회 합의로 공동 최우수")
    with pytest.raises(PermissionDeniedError):
        services.adjust_grade(actor=member(), award=award, grade="", reason="x")
    assert Award.objects.get(nomination=second).grade == Grade.TOP


def test_confirm_sets_grades_once_and_tells_the_winners():
    rnd, (first, second) = _proposed_round()
    chair = member(Role.COMMITTEE_CHAIR)
    with pytest.raises(DomainError) as exc:
        services.confirm_grades(actor=chair, round=rnd, decision="원안 의결")
    assert exc.value.code == "no_meeting"
    services.record_meeting(actor=secretariat(), round=rnd, held_at=rnd.vote_end_at, place="회의실", attendees=[chair])
    services.confirm_grades(actor=chair, round=rnd, decision="원안 의결")
    grades = dict(Award.objects.values_list("nomination_id", "grade"))
    assert grades == {first.pk: Grade.TOP, second.pk: ""}
    assert CommitteeMeeting.objects.get(round=rnd).decided_at is not None
    assert StageResult.objects.filter(stage="committee").count() == 2
    # the nominator and the two team members of the winning case
    assert Notification.objects.filter(kind=services.KIND_AWARDED).count() == 3
    with pytest.raises(DomainError) as exc:
        services.confirm_grades(actor=chair, round=rnd, decision="다시")
    assert exc.value.code == "confirmed"
    with pytest.raises(DomainError):
        services.adjust_grade(actor=chair, award=Award.objects.get(nomination=second), grade=Grade.TOP, reason="x")


def test_only_the_chair_confirms():
    rnd, _noms = _proposed_round()
    with pytest.raises(PermissionDeniedError):
        services.confirm_grades(actor=secretariat(), round=rnd, decision="의결")


def test_a_recused_member_cannot_score():
    rnd = committee_round()
    nom = case(rnd)
    m = member()
    assignment = assign(nom, m)
    services.declare_recusal(actor=m, assignment=assignment, reason="팀원과 친족 관계(제척)")
    assignment.refresh_from_db()
    assert assignment.recused
    assert assignment.recusal_reason.startswith("팀원")
    with pytest.raises(PermissionDeniedError):
        score(nom, m, 10, 10)


def test_assign_committee_records_org_chart_conflicts_as_recused():
    rnd = committee_round()
    nom = case(rnd)
    nominator_member = member()
    nom.nominated_by = nominator_member
    nom.save(update_fields=["nominated_by"])
    other = member()
    created = services.assign_committee(actor=secretariat(), round=rnd)
    by_member = {a.reviewer_id: a for a in created}
    assert by_member[nominator_member.pk].recused
    assert not by_member[other.pk].recused
