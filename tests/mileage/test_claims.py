"""Claims up the line: who may take each step, caps re-checked at every step, posting once on approval."""

import datetime
import itertools

import pytest

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.mileage.enums import ClaimState
from proactive.mileage.models import ActivityRule, ActivityType, LedgerEntry, MileagePolicy
from proactive.mileage.services.claims import split_points, submit_claim, transition_claim
from proactive.mileage.services.ledger import CapExceededError, balance_of
from proactive.mileage.workflow import CLAIM_TRANSITIONS
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db
C = ClaimState
DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def line():
    """A bureau with a department, its head, the bureau chief, the secretariat and a rule of 1–3 points."""
    bureau = OrgUnitFactory(kind=OrgUnitKind.BUREAU, name="해양농수산국")
    department = OrgUnitFactory(kind=OrgUnitKind.DEPARTMENT, name="해양정책과", parent=bureau)
    from proactive.accounts.services.org import rebuild_paths

    rebuild_paths(list(OrgUnit.objects.all()))
    department.refresh_from_db()
    bureau.refresh_from_db()
    activity = ActivityType.objects.create(code="regulation", name="규제 개선")
    rule = ActivityRule.objects.create(activity=activity, version=1, points_min=1, points_max=3, valid_from=DAY)
    claimant = UserFactory(official__unit=department, official__grade=6)
    return {
        "department": department,
        "rule": rule,
        "claimant": claimant,
        "head": make_staff(Role.DEPARTMENT_HEAD, unit=department),
        "chief": make_staff(Role.BUREAU_CHIEF, unit=bureau),
        "secretariat": make_staff(Role.SECRETARIAT),
    }


def claim(line, points=3, officials=None, actor=None):
    officials = officials or [(line["claimant"].official, 100)]
    return submit_claim(
        actor=actor or line["claimant"],
        rule=line["rule"],
        unit=line["department"],
        title="항만 인허가 절차 간소화",
        occurred_on=DAY,
        points=points,
        officials=officials,
    )


def up_to(line, item, state):
    steps = [(C.GRANTED, "head"), (C.CHECKED, "chief"), (C.APPROVED, "secretariat")]
    for to, who in steps:
        if item.state == state:
            break
        item = transition_claim(item, to=to, actor=line[who])
    return item


def test_a_claim_goes_up_the_line_and_posts_once(line):
    item = up_to(line, claim(line), C.APPROVED)
    assert item.state == C.APPROVED
    assert balance_of(line["claimant"].official) == 3
    entry = LedgerEntry.objects.get()
    assert (entry.source, entry.rule, entry.unit) == (f"claim:{item.pk}", line["rule"], line["department"])
    assert item.shares.get().entry == entry
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "mileage.claim_submitted",
        "mileage.claim_granted",
        "mileage.claim_checked",
        "mileage.claim_approved",
    } <= verbs


@pytest.mark.parametrize(("current", "target"), list(itertools.product(C.values, C.values)))
def test_only_the_table_moves_a_claim(line, current, target):
    item = claim(line)
    type(item).objects.filter(pk=item.pk).update(state=current)
    item.refresh_from_db()
    actor = {C.GRANTED: "head", C.CHECKED: "chief", C.APPROVED: "secretariat", C.WITHDRAWN: "claimant"}.get(target)
    actor = line[actor] if actor else line["head"]
    if target in CLAIM_TRANSITIONS[current] and target != C.REJECTED:
        assert transition_claim(item, to=target, actor=actor).state == target
    elif target not in CLAIM_TRANSITIONS[current]:
        with pytest.raises(InvalidTransitionError):
            transition_claim(item, to=target, actor=actor, reason="사유")


@pytest.mark.parametrize(
    ("state", "to", "wrong"),
    [
        (C.CLAIMED, C.GRANTED, "chief"),
        (C.CLAIMED, C.GRANTED, "claimant"),
        (C.GRANTED, C.CHECKED, "head"),
        (C.CHECKED, C.APPROVED, "chief"),
        (C.CLAIMED, C.WITHDRAWN, "head"),
    ],
)
def test_each_step_is_denied_to_everyone_else(line, state, to, wrong):
    item = up_to(line, claim(line), state)
    with pytest.raises(PermissionDeniedError):
        transition_claim(item, to=to, actor=line[wrong])


def test_a_head_of_another_department_cannot_grant(line):
    other = make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory())
    with pytest.raises(PermissionDeniedError):
        transition_claim(claim(line), to=C.GRANTED, actor=other)


def test_rejecting_needs_a_reason_the_claimant_sees(line):
    item = claim(line)
    with pytest.raises(DomainError):
        transition_claim(item, to=C.REJECTED, actor=line["head"])
    item = transition_claim(item, to=C.REJECTED, actor=line["head"], reason="증빙 부족")
    assert (item.state, item.decision_reason) == (C.REJECTED, "증빙 부족")
    assert not LedgerEntry.objects.exists()


def test_points_outside_the_rule_and_ineligible_grades_are_refused(line):
    with pytest.raises(DomainError, match="1"):
        claim(line, points=4)
    senior = OfficialFactory(unit=line["department"], grade=3)
    with pytest.raises(DomainError) as refused:
        claim(line, officials=[(senior, 100)], actor=line["head"])
    assert refused.value.code == "not_eligible"


def test_caps_are_checked_when_claiming_and_again_on_the_way_up(line):
    MileagePolicy.objects.create(year=DAY.year, cap_per_person=5, cap_per_department=100)
    first, second = claim(line, points=3), claim(line, points=3)  # each fits alone when made
    up_to(line, first, C.APPROVED)
    with pytest.raises(CapExceededError) as refused:
        transition_claim(second, to=C.GRANTED, actor=line["head"])  # 3 + 3 > 5 once the first has posted
    assert refused.value.remaining == 2
    with pytest.raises(CapExceededError):
        claim(line, points=3)
    up_to(line, claim(line, points=2), C.APPROVED)
    assert balance_of(line["claimant"].official) == 5


def test_team_claims_split_points_by_contribution(line):
    mate = OfficialFactory(unit=line["department"], grade=7)
    item = claim(line, points=3, officials=[(line["claimant"].official, 60), (mate, 40)], actor=line["head"])
    assert item.proposed_by_head
    assert sorted(item.shares.values_list("points", flat=True)) == [1, 2]
    up_to(line, item, C.APPROVED)
    assert balance_of(mate) + balance_of(line["claimant"].official) == 3


@pytest.mark.unit
@pytest.mark.parametrize(
    ("points", "contributions", "expected"),
    [(3, [100], [3]), (3, [34, 33, 33], [1, 1, 1]), (3, [60, 40], [2, 1]), (10, [50, 30, 20], [5, 3, 2])],
)
def test_split_points_adds_up(points, contributions, expected):
    assert split_points(points, contributions) == expected
