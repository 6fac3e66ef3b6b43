"""Fixtures and helpers of the catalogue and automatic-posting tests (no tests here)."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.mileage.models import ActivityType
from proactive.mileage.services.catalogue import add_activity_type
from tests.conftest import make_staff

# Migration modules start with a digit: import it by name. Tests call its functions with the real app registry,
# because transactional tests elsewhere empty the tables the migration filled when the test database was made.
MIGRATION = importlib.import_module("proactive.mileage.migrations.0004_default_catalogue")
DAY = datetime.date(2026, 3, 2)


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def default_catalogue(db) -> dict[str, ActivityType]:
    MIGRATION.add_catalogue(django_apps, None)
    return {a.code: a for a in ActivityType.objects.all()}


def secretariat():
    return make_staff(Role.SECRETARIAT)


def activity(code: str = "street-lights", *, low: int = 1, high: int = 3, **kwargs) -> ActivityType:
    kwargs.setdefault("valid_from", DAY)
    return add_activity_type(
        actor=None, code=code, name=kwargs.pop("name", "가로등 정비"), points_min=low, points_max=high, **kwargs
    )
