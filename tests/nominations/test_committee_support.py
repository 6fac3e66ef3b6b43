"""Shared helpers for the committee-stage tests (no tests here): a round with a frozen tally, a committee rubric
(60 + 40), shortlisted cases with working and vote results, committee members and their score sheets."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import ScoredStage
from proactive.nominations.models import ReviewAssignment, StageResult
from proactive.nominations.services.committee import register_committee_notification_kinds, submit_committee_scores
from tests.conftest import make_staff
from tests.factories.nominations import CriterionFactory, GradeRuleFactory
from tests.nominations.test_vote_support import round_in_vote, shortlisted


@pytest.fixture(autouse=True)
def _committee_kinds():
    register_committee_notification_kinds()


def committee_round(**fields):
    """A round whose vote closed and whose tally is frozen, with two committee criteria (60 + 40)."""
    rnd = round_in_vote(**fields)
    rnd.tally_frozen_at = timezone.now() - datetime.timedelta(minutes=5)
    rnd.save(update_fields=["tally_frozen_at"])
    CriterionFactory(round=rnd, stage=ScoredStage.COMMITTEE, name="적극성", max_points=Decimal("60"), order=1)
    CriterionFactory(round=rnd, stage=ScoredStage.COMMITTEE, name="파급효과", max_points=Decimal("40"), order=2)
    return rnd


def case(rnd, *, working="0", vote="0", **fields):
    nom = shortlisted(rnd, **fields)
    StageResult.objects.create(nomination=nom, stage="working", raw=0, points=Decimal(working))
    StageResult.objects.create(nomination=nom, stage="vote", raw=0, points=Decimal(vote))
    return nom


def member(role=Role.COMMITTEE_MEMBER):
    return make_staff(role)


def assign(nom, user, **fields):
    return ReviewAssignment.objects.create(nomination=nom, reviewer=user, stage=ScoredStage.COMMITTEE, **fields)


def score(nom, user, a, b):
    """``user`` scores ``nom`` a (of 60) and b (of 40)."""
    assignment = ReviewAssignment.objects.filter(nomination=nom, reviewer=user, stage=ScoredStage.COMMITTEE).first()
    assignment = assignment or assign(nom, user)
    criteria = list(nom.round.criteria.filter(stage=ScoredStage.COMMITTEE).order_by("order"))
    sheet = {criteria[0].pk: (Decimal(str(a)), ""), criteria[1].pk: (Decimal(str(b)), "")}
    return submit_committee_scores(actor=user, assignment=assignment, scores=sheet)


def quotas(rnd, **grades):
    for grade, quota in grades.items():
        GradeRuleFactory(round=rnd, grade=grade, quota=quota)
