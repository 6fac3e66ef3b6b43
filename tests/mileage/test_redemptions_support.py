"""Shared helpers for the redemption tests (no tests here): the reward catalogue, officials with points, the
secretariat, and the operator's result file."""

import csv
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.mileage.enums import EntryKind, RewardKind
from proactive.mileage.models import MileagePolicy, RewardOption
from proactive.mileage.services.ledger import post_entry
from proactive.mileage.services.redemptions import register_redemption_notification_kinds, request_redemption
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _redemption_kinds():
    register_redemption_notification_kinds()


def policy(**values):
    values.setdefault("min_redeem_points", 10)
    values.setdefault("won_per_point", 1000)
    values.setdefault("cap_per_person", 1000)
    found, _created = MileagePolicy.objects.update_or_create(year=YEAR, defaults=values)
    return found


def catalogue():
    """동백전 10,000원 (10 points), a coffee coupon 5,000원 (5 points), one day of reward leave (50 points)."""
    return {
        "dongbaek": RewardOption.objects.create(
            kind=RewardKind.DONGBAEK,
            name="동백전 1만원",
            name_en="Dongbaekjeon 10,000 won",
            points=10,
            value_won=10_000,
        ),
        "coupon": RewardOption.objects.create(
            kind=RewardKind.COUPON, name="커피 쿠폰", name_en="Coffee coupon", points=5, value_won=5_000
        ),
        "leave": RewardOption.objects.create(
            kind=RewardKind.LEAVE, name="포상휴가 1일", name_en="One day of reward leave", points=50, leave_days=1
        ),
    }


def grant(official, points):
    return post_entry(actor=None, official=official, kind=EntryKind.GRANT, points=points, year=YEAR)


def official_with(points=0, **kwargs):
    """A signed-in official (User) holding ``points``."""
    user = UserFactory(**kwargs)
    if points:
        grant(user.official, points)
    return user


def secretariat():
    return make_staff(Role.SECRETARIAT)


def key() -> str:
    return uuid.uuid4().hex


def redeem(user, option, request_key=None):
    return request_redemption(
        actor=user, official=user.official, option=option, idempotency_key=key() if request_key is None else request_key
    )


def result_file(rows, *, headers=("Line ID", "Status", "Transaction ID", "Message"), name="result.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
