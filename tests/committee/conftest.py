"""Fixtures of the committee's tests: a test agenda kind, the secretariat, a small roster with a chair."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.enums import Role
from proactive.committee.agenda import AgendaKind, register_kind
from proactive.committee.enums import MemberCategory, MemberField
from proactive.committee.services import roster
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory

TEST_KIND = "committee_test"
DECIDED: list[tuple[Any, Any]] = []
WITHDRAWN: list[Any] = []
VIEWERS: set[int] = set()


def _decided(*, actor, item) -> None:
    DECIDED.append((actor, item.pk))


def _withdrawn(*, actor, item) -> None:
    WITHDRAWN.append(item.pk)


register_kind(
    AgendaKind(
        key=TEST_KIND,
        label="시험 안건",
        outcomes=[("approved", "승인"), ("rejected", "불승인")],
        subject_url=lambda pk: f"/test-matters/{pk}/",
        on_decided=_decided,
        on_withdrawn=_withdrawn,
        can_view=lambda user, subject_id: user.pk in VIEWERS,
    )
)


@pytest.fixture(autouse=True)
def _reset_kind_calls():
    DECIDED.clear()
    WITHDRAWN.clear()
    VIEWERS.clear()


@dataclass
class Roster:
    secretariat: Any
    chair: Any  # Member
    vice_chair: Any  # Member
    members: list = field(default_factory=list)  # private members (Member), the last two in the pool

    @property
    def everyone(self) -> list:
        return [self.chair, self.vice_chair, *self.members]


def enrol(
    secretariat,
    *,
    category=MemberCategory.PRIVATE,
    field=MemberField.LEGAL,
    pool=False,
    starts_on=None,
    user=None,
    **kwargs,
):
    """A member with a sitting account (TOTP device, so the role counts in views)."""
    if user is None:
        user = UserFactory()
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return roster.enrol_member(
        actor=secretariat,
        user=user,
        category=category,
        field=field,
        in_pool=pool,
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=100),
        **kwargs,
    )


def arrange_roster(private: int = 4) -> Roster:
    secretariat = make_staff(Role.SECRETARIAT)
    chair = enrol(secretariat, category=MemberCategory.CHAIR, field=MemberField.REGULATION)
    vice = enrol(secretariat, category=MemberCategory.VICE_CHAIR, field=MemberField.ECONOMY_INDUSTRY)
    fields = [MemberField.LEGAL, MemberField.WELFARE_SAFETY, MemberField.MARITIME_TRANSPORT, MemberField.LEGAL]
    members = [enrol(secretariat, field=fields[i % len(fields)], pool=i >= private - 2) for i in range(private)]
    return Roster(secretariat=secretariat, chair=chair, vice_chair=vice, members=members)


@pytest.fixture
def committee(db):
    return arrange_roster()
