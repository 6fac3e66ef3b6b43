"""Shared helpers for the working-level review tests (no tests here): an org chart, a round in its working-level
review with a two-line rubric (50 + 50), reviewers, verified nominations, and the notification kinds."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.nominations.enums import NominationState, ScoredStage
from proactive.nominations.models import ReviewAssignment
from proactive.nominations.services.nominations import register_notification_kinds
from proactive.nominations.services.reviews import register_review_notification_kinds
from tests.conftest import make_staff
from tests.factories.accounts import OrgUnitFactory, UserFactory
from tests.factories.nominations import CriterionFactory, SelectionRoundFactory
from tests.nominations.test_nominations_support import nomination


@pytest.fixture(autouse=True)
def _review_kinds():
    register_notification_kinds()
    register_review_notification_kinds()


class Org:
    """city → bureau A (departments A1, A2) and bureau B (B1); district D (D1, D2, no bureau)."""

    def __init__(self) -> None:
        self.city = OrgUnitFactory(kind=OrgUnitKind.CITY, name="부산광역시")
        self.bureau_a = OrgUnitFactory(kind=OrgUnitKind.BUREAU, parent=self.city, name="기획조정실")
        self.a1 = OrgUnitFactory(parent=self.bureau_a, name="기획담당관")
        self.a2 = OrgUnitFactory(parent=self.bureau_a, name="예산담당관")
        self.a1_team = OrgUnitFactory(kind=OrgUnitKind.TEAM, parent=self.a1, name="기획팀")
        self.bureau_b = OrgUnitFactory(kind=OrgUnitKind.BUREAU, parent=self.city, name="복지국")
        self.b1 = OrgUnitFactory(parent=self.bureau_b, name="복지정책과")
        self.district = OrgUnitFactory(kind=OrgUnitKind.DISTRICT, parent=self.city, name="해운대구")
        self.d1 = OrgUnitFactory(parent=self.district, name="민원여권과")
        self.d2 = OrgUnitFactory(parent=self.district, name="세무과")


def working_round(**fields):
    """A published round now in its working-level review, with two working criteria of 50 points each."""
    now = timezone.now()
    rnd = SelectionRoundFactory(
        nominations_open_at=now - datetime.timedelta(days=40),
        nominations_close_at=now - datetime.timedelta(days=20),
        **fields,
    )
    CriterionFactory(round=rnd, stage=ScoredStage.WORKING, name="국민체감도", max_points=Decimal("50"), order=1)
    CriterionFactory(round=rnd, stage=ScoredStage.WORKING, name="창의성", max_points=Decimal("50"), order=2)
    return rnd


def reviewer(unit=None):
    return make_staff(Role.REVIEWER, official__unit=unit) if unit else make_staff(Role.REVIEWER)


def verified(selection_round, unit=None, **fields):
    nominator = UserFactory(official__unit=unit) if unit else UserFactory()
    fields.setdefault("submitted_at", timezone.now())
    return nomination(state=NominationState.VERIFIED, nominator=nominator, selection_round=selection_round, **fields)


def assign(nom, user):
    return ReviewAssignment.objects.create(nomination=nom, reviewer=user, stage=ScoredStage.WORKING)


def sheet(selection_round, *points):
    criteria = list(selection_round.criteria.filter(stage=ScoredStage.WORKING).order_by("order"))
    return {c.pk: (Decimal(str(p)), "") for c, p in zip(criteria, points, strict=True)}
