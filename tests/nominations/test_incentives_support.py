"""Shared helpers for the incentive tests (no tests here): a round with confirmed, graded awards whose team members
have sign-in accounts, and the HR officer."""

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import Benefit, Grade, NominationState
from proactive.nominations.models import Award, GradeRule, Incentive, NominationMember
from proactive.nominations.services.incentives import create_incentives, register_incentive_notification_kinds
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, UserFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import nomination

TOP_BENEFITS = [Benefit.SPECIAL_PROMOTION.value, Benefit.SPECIAL_STEP.value]


@pytest.fixture(autouse=True)
def _incentive_kinds():
    register_incentive_notification_kinds()


def hr():
    return make_staff(Role.HR_OFFICER)


def chair():
    return make_staff(Role.COMMITTEE_CHAIR)


def grade_rule(rnd, grade=Grade.TOP, *, prize=2_000_000, benefits=None, quota=3):
    rule, _ = GradeRule.objects.update_or_create(
        round=rnd,
        grade=grade,
        defaults={"quota": quota, "prize_money": prize, "benefits": TOP_BENEFITS if benefits is None else benefits},
    )
    return rule


def confirmed_award(rnd=None, *, grade=Grade.TOP, contributions=(60, 40), rank=1, accounts=True, confirmed=True):
    """A verified, shortlisted case of ``rnd`` with a team of the given contributions and a confirmed award."""
    rnd = rnd or SelectionRoundFactory()
    nom = nomination(state=NominationState.VERIFIED, selection_round=rnd, members=0)
    for share in contributions:
        official = UserFactory().official if accounts else OfficialFactory()
        NominationMember.objects.create(nomination=nom, official=official, contribution=share)
    return Award.objects.create(
        nomination=nom,
        total=90,
        rank=rank,
        proposed_grade=grade,
        grade=grade,
        confirmed_at=timezone.now() if confirmed else None,
    )


def winning_round(*, contributions=(60, 40), prize=2_000_000, benefits=None):
    """A round with one graded award whose incentives exist; returns (round, incentives)."""
    award = confirmed_award(contributions=contributions)
    rnd = award.nomination.round
    grade_rule(rnd, prize=prize, benefits=benefits)
    create_incentives(actor=chair(), round=rnd)
    return rnd, list(Incentive.objects.filter(award=award).order_by("-member__contribution", "pk"))


def winner_of(incentive):
    return incentive.member.official.user
