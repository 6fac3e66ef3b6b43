"""Who may see a claim, take each step on it and open the claims screens (every denial tested)."""

import pytest

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.mileage.enums import ClaimState
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, OrgUnitFactory, UserFactory
from tests.mileage.test_claims_support import _claim_kinds, claim_for, make_line, up_to  # noqa: F401

pytestmark = pytest.mark.django_db
C = ClaimState


@pytest.fixture
def line(db):
    return make_line()


def test_a_claim_is_seen_by_its_people_its_line_and_the_secretariat(line):
    mate = UserFactory(official__unit=line.department, official__grade=7)
    claim = claim_for(line, actor=line.head, officials=[(line.claimant.official, 50), (mate.official, 50)], points=2)
    head_above = make_staff(Role.DEPARTMENT_HEAD, unit=line.bureau)
    for viewer in (line.claimant, mate, line.head, head_above, line.chief, line.secretariat):
        assert viewer.has_perm("mileage.view_claim", claim), viewer


@pytest.mark.parametrize(
    "who",
    ["colleague", "head_elsewhere", "chief_elsewhere", "sysadmin", "hr", "audit", "panel", "citizen"],
)
def test_nobody_else_sees_a_claim(line, who):
    claim = claim_for(line)
    sibling = OrgUnitFactory(kind=OrgUnitKind.BUREAU)
    viewer = {
        "colleague": lambda: UserFactory(official__unit=line.department),
        "head_elsewhere": lambda: make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory(parent=line.bureau)),
        "chief_elsewhere": lambda: make_staff(Role.BUREAU_CHIEF, unit=sibling),
        "sysadmin": lambda: make_staff(Role.SYSADMIN),
        "hr": lambda: make_staff(Role.HR_OFFICER),
        "audit": lambda: make_staff(Role.AUDIT_OFFICER),
        "panel": lambda: make_staff(Role.APPEALS_PANEL),
        "citizen": CitizenFactory,
    }[who]()
    assert not viewer.has_perm("mileage.view_claim", claim)


def test_staff_see_nothing_before_their_second_factor(line):
    claim = claim_for(line)
    for person in (line.head, line.chief, line.secretariat):
        person.is_verified = lambda: False
        assert not person.has_perm("mileage.view_claim", claim)
        assert not person.has_perm("mileage.view_claim_queue")


@pytest.mark.parametrize(
    ("perm", "state", "allowed"),
    [
        ("mileage.grant_claim", C.CLAIMED, {"head"}),
        ("mileage.check_claim", C.GRANTED, {"chief"}),
        ("mileage.approve_claim", C.CHECKED, {"secretariat"}),
        ("mileage.withdraw_claim", C.CLAIMED, {"claimant"}),
        ("mileage.add_claim_evidence", C.CLAIMED, {"claimant"}),
        ("mileage.add_claim_evidence", C.GRANTED, set()),
    ],
)
def test_each_step_belongs_to_one_place_in_the_line(line, perm, state, allowed):
    claim = up_to(line, claim_for(line), state)
    for who in ("claimant", "head", "chief", "secretariat"):
        assert line[who].has_perm(perm, claim) == (who in allowed), (perm, who)


def test_the_secretariat_does_not_approve_its_own_claim(line):
    secretariat = line.secretariat
    secretariat.official.unit = line.department
    secretariat.official.save()
    claim = claim_for(line, actor=secretariat, officials=[(secretariat.official, 100)])
    assert not secretariat.has_perm("mileage.approve_claim", claim)
    assert secretariat.has_perm("mileage.approve_claim")  # the role itself still holds


@pytest.mark.parametrize(
    ("perm", "granted"),
    [
        ("mileage.create_claim", {"official", "head", "chief", "secretariat"}),
        ("mileage.view_my_claims", {"official", "head", "chief", "secretariat"}),
        ("mileage.propose_claim", {"head"}),
        ("mileage.view_claim_queue", {"head", "chief", "secretariat"}),
    ],
)
def test_screen_permissions(line, perm, granted):
    people = {
        "official": line.claimant,
        "head": line.head,
        "chief": line.chief,
        "secretariat": line.secretariat,
        "citizen": CitizenFactory(),
        "account_without_official_record": UserFactory(official=None),
    }
    assert {name for name, person in people.items() if person.has_perm(perm)} == granted
