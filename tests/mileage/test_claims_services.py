"""Claim services beyond the line itself: who may claim or propose, what a claim must hold, evidence, and who is
told when a claim reaches them or is decided."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.documents.models import Document
from proactive.mileage.enums import ClaimState
from proactive.mileage.models import ActivityRule, Claim, LedgerEntry, MileagePolicy
from proactive.mileage.queries.claims import home_unit
from proactive.mileage.rules.claims import EVIDENCE_PURPOSE
from proactive.mileage.services.claims import (
    KIND_APPROVED,
    KIND_REJECTED,
    KIND_WAITING,
    attach_evidence,
    transition_claim,
)
from proactive.mileage.services.ledger import CapExceededError, balance_of
from proactive.notifications.models import Notification
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, UserFactory
from tests.mileage.test_claims_support import (  # noqa: F401  (_claim_kinds is an autouse fixture)
    WORK_DAY,
    _claim_kinds,
    activity_rule,
    claim_for,
    evidence_file,
    make_line,
    up_to,
)

pytestmark = pytest.mark.django_db
C = ClaimState


@pytest.fixture
def line(db):
    return make_line()


def _code(call) -> str:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.code


# --- Who may claim --------------------------------------------------------------------------------------------


def test_an_official_claims_for_themselves_in_their_own_department(line):
    claim = claim_for(line)
    assert (claim.unit, claim.claimed_by, claim.proposed_by_head) == (line.department, line.claimant, False)
    assert [(s.official, s.points, s.contribution) for s in claim.shares.all()] == [(line.claimant.official, 3, 100)]


def test_a_team_officials_claim_counts_against_the_department_above_the_team(line):
    team = OrgUnitFactory(kind=OrgUnitKind.TEAM, parent=line.department)
    member = UserFactory(official__unit=team, official__grade=7)
    assert home_unit(member.official) == line.department
    claim = claim_for(line, actor=member, officials=[(member.official, 100)])
    assert claim.unit == line.department


def test_an_official_cannot_claim_in_another_department_or_for_someone_else(line):
    other = OrgUnitFactory()
    with pytest.raises(PermissionDeniedError):
        claim_for(line, unit=other)
    colleague = OfficialFactory(unit=line.department)
    with pytest.raises(PermissionDeniedError):
        claim_for(line, officials=[(colleague, 100)])
    with pytest.raises(PermissionDeniedError):
        claim_for(line, officials=[(line.claimant.official, 50), (colleague, 50)])
    assert not Claim.objects.exists()


def test_a_citizen_cannot_claim(line):
    citizen = CitizenFactory()
    with pytest.raises(PermissionDeniedError):
        claim_for(line, actor=citizen)


def test_a_department_head_proposes_for_officials_of_their_unit_and_below(line):
    team = OrgUnitFactory(kind=OrgUnitKind.TEAM, parent=line.department)
    mate = OfficialFactory(unit=team, grade=7)
    claim = claim_for(line, actor=line.head, officials=[(line.claimant.official, 70), (mate, 30)], points=3)
    assert claim.proposed_by_head
    assert sorted((s.official_id, s.points) for s in claim.shares.all()) == sorted(
        [(line.claimant.official_id, 2), (mate.pk, 1)]
    )


def test_a_head_cannot_propose_for_someone_outside_their_unit_or_in_another_unit(line):
    stranger = OfficialFactory(unit=OrgUnitFactory())
    assert _code(lambda: claim_for(line, actor=line.head, officials=[(stranger, 100)])) == "outside_unit"
    other_head = make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory())
    with pytest.raises(PermissionDeniedError):
        claim_for(line, actor=other_head, officials=[(line.claimant.official, 100)])
    with pytest.raises(PermissionDeniedError):  # a bureau chief grants nothing and proposes nothing
        claim_for(line, actor=line.chief, officials=[(line.claimant.official, 100)])


# --- What a claim must hold -----------------------------------------------------------------------------------


def test_a_team_must_add_up_to_100_and_name_each_official_once(line):
    mate = OfficialFactory(unit=line.department, grade=7)
    me = line.claimant.official
    assert _code(lambda: claim_for(line, actor=line.head, officials=[(me, 60), (mate, 30)])) == "contribution_total"
    assert _code(lambda: claim_for(line, actor=line.head, officials=[(me, 50), (me, 50)])) == "duplicate_official"


def test_a_share_of_zero_points_is_refused_with_the_officials_name(line):
    mates = [OfficialFactory(unit=line.department, grade=7, name=f"동료{i}") for i in range(3)]
    team = [(line.claimant.official, 70)] + [(m, 10) for m in mates]
    with pytest.raises(DomainError) as refused:
        claim_for(line, actor=line.head, officials=team, points=3)
    assert refused.value.code == "empty_share"
    assert "동료" in refused.value.message


def test_an_activity_that_does_not_split_gives_each_official_the_points_and_counts_them_all(line):
    rule = activity_rule("collab", points=(2, 2), team_split=False)
    mate = OfficialFactory(unit=line.department, grade=7)
    MileagePolicy.objects.create(year=WORK_DAY.year, cap_per_department=3)
    with pytest.raises(CapExceededError):  # 2 points each: 4 against a department cap of 3
        claim_for(line, actor=line.head, rule=rule, points=2, officials=[(line.claimant.official, 50), (mate, 50)])
    MileagePolicy.objects.filter(year=WORK_DAY.year).update(cap_per_department=4)
    claim = claim_for(line, actor=line.head, rule=rule, points=2, officials=[(line.claimant.official, 50), (mate, 50)])
    assert sorted(claim.shares.values_list("points", flat=True)) == [2, 2]
    up_to(line, claim, C.APPROVED)
    assert balance_of(mate) == 2


def test_automatic_superseded_and_inactive_activities_cannot_be_claimed(line):
    automatic = activity_rule("selected", automatic=True)
    assert _code(lambda: claim_for(line, rule=automatic)) == "rule_not_claimable"
    newer = ActivityRule.objects.create(
        activity=line.rule.activity, version=2, points_min=1, points_max=5, valid_from=WORK_DAY
    )
    assert _code(lambda: claim_for(line)) == "rule_not_claimable"  # version 1 is no longer the rule
    assert claim_for(line, rule=newer, points=5).rule == newer
    newer.activity.active = False
    newer.activity.save()
    assert _code(lambda: claim_for(line, rule=newer)) == "rule_not_claimable"


def test_future_work_and_missing_evidence_are_refused(line):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert _code(lambda: claim_for(line, occurred_on=tomorrow)) == "future_date"
    rule = activity_rule("best", evidence="선정 공문")
    with pytest.raises(DomainError) as refused:
        claim_for(line, rule=rule)
    assert (refused.value.code, "선정 공문" in refused.value.message) == ("evidence_required", True)
    assert claim_for(line, rule=rule, evidence=[evidence_file()]).evidence.count() == 1


# --- Evidence -------------------------------------------------------------------------------------------------


def test_evidence_is_stored_for_the_claim_and_readable_only_by_its_people_and_line(line):
    claim = claim_for(line, evidence=[evidence_file("a.pdf"), evidence_file("b.pdf")])
    documents = list(claim.evidence.order_by("original_name"))
    assert [(d.original_name, d.purpose, d.owner) for d in documents] == [
        ("a.pdf", EVIDENCE_PURPOSE, line.claimant),
        ("b.pdf", EVIDENCE_PURPOSE, line.claimant),
    ]
    document = documents[0]
    for reader in (line.claimant, line.head, line.chief, line.secretariat):
        assert reader.has_perm("documents.view_document", document), reader
    outsiders = [
        UserFactory(official__unit=line.department),
        make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory()),
        make_staff(Role.SYSADMIN),
        make_staff(Role.HR_OFFICER),
        CitizenFactory(),
    ]
    for outsider in outsiders:
        assert not outsider.has_perm("documents.view_document", document), outsider


def test_a_team_member_reads_a_proposals_evidence(line):
    mate = UserFactory(official__unit=line.department, official__grade=7)
    claim = claim_for(
        line,
        actor=line.head,
        officials=[(line.claimant.official, 50), (mate.official, 50)],
        points=2,
        evidence=[evidence_file()],
    )
    assert mate.has_perm("documents.view_document", claim.evidence.get())


def test_evidence_is_added_by_the_claimant_only_before_the_grant(line):
    claim = claim_for(line)
    document = attach_evidence(actor=line.claimant, claim=claim, uploaded_file=evidence_file("추가.pdf"))
    assert list(claim.evidence.all()) == [document]
    assert AuditEvent.objects.filter(verb="mileage.claim_evidence_attached").count() == 1
    with pytest.raises(PermissionDeniedError):
        attach_evidence(actor=line.head, claim=claim, uploaded_file=evidence_file())
    up_to(line, claim, C.GRANTED)
    assert _code(lambda: attach_evidence(actor=line.claimant, claim=claim, uploaded_file=evidence_file())) == (
        "not_open"
    )
    assert claim.evidence.count() == 1


def test_a_refused_claim_leaves_no_stored_file(line, settings):
    MileagePolicy.objects.create(year=WORK_DAY.year, cap_per_person=2)
    with pytest.raises(CapExceededError):
        claim_for(line, evidence=[evidence_file()])
    assert not Document.objects.exists()
    assert not Claim.objects.exists()
    folder = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not folder.exists() or [p for p in folder.rglob("*") if p.is_file()] == []


# --- Up the line: nobody decides on their own points; rejections keep who and when -----------------------


def test_nobody_takes_a_step_on_a_claim_that_names_them(line):
    line.head.official.unit = line.department
    line.head.official.save()
    claim = claim_for(line, actor=line.head, officials=[(line.head.official, 50), (line.claimant.official, 50)])
    with pytest.raises(PermissionDeniedError):
        transition_claim(claim, to=C.GRANTED, actor=line.head)
    with pytest.raises(PermissionDeniedError):
        transition_claim(claim, to=C.REJECTED, actor=line.head, reason="본인")
    second_head = make_staff(Role.DEPARTMENT_HEAD, unit=line.bureau)  # a head above may grant it
    assert transition_claim(claim, to=C.GRANTED, actor=second_head).state == C.GRANTED


def test_a_rejection_records_who_rejected_and_when(line):
    claim = up_to(line, claim_for(line), C.GRANTED)
    claim = transition_claim(claim, to=C.REJECTED, actor=line.chief, reason="중복 신청")
    claim.refresh_from_db()
    assert (claim.state, claim.decided_by, claim.decision_reason) == (C.REJECTED, line.chief, "중복 신청")
    assert claim.decided_at is not None
    assert not LedgerEntry.objects.exists()


# --- Notifications --------------------------------------------------------------------------------------------


def _inbox(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def test_each_person_in_line_is_told_when_the_claim_reaches_them(line):
    claim = claim_for(line)
    url = f"/mileage/claims/{claim.pk}/"
    assert [(n.kind, n.url) for n in _inbox(line.head)] == [(KIND_WAITING, url)]
    assert _inbox(line.chief) == []
    assert _inbox(line.secretariat) == []
    claim = transition_claim(claim, to=C.GRANTED, actor=line.head)
    assert [n.kind for n in _inbox(line.chief)] == [KIND_WAITING]
    assert _inbox(line.secretariat) == []
    transition_claim(claim, to=C.CHECKED, actor=line.chief)
    assert [n.kind for n in _inbox(line.secretariat)] == [KIND_WAITING]
    assert _inbox(line.claimant) == []  # told only of the outcome


def test_a_heads_own_proposal_does_not_notify_them(line):
    claim_for(line, actor=line.head, officials=[(line.claimant.official, 100)])
    assert _inbox(line.head) == []


def test_the_claimant_and_the_team_are_told_of_the_approval(line):
    mate = UserFactory(official__unit=line.department, official__grade=7)
    claim = claim_for(line, actor=line.head, officials=[(line.claimant.official, 50), (mate.official, 50)], points=2)
    up_to(line, claim, C.APPROVED)
    for person in (line.claimant, mate):
        notes = _inbox(person, KIND_APPROVED)
        assert len(notes) == 1
        assert notes[0].url == f"/mileage/claims/{claim.pk}/"
    assert len(_inbox(line.head, KIND_APPROVED)) == 1  # who proposed it


def test_the_claimant_is_told_the_reason_of_a_rejection(line):
    claim = claim_for(line)
    transition_claim(claim, to=C.REJECTED, actor=line.head, reason="증빙이 부족합니다")
    (note,) = _inbox(line.claimant, KIND_REJECTED)
    assert "증빙이 부족합니다" in note.body
    assert _inbox(line.head, KIND_REJECTED) == []  # who rejected it is not told of their own step
