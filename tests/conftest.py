"""Fixtures used across several apps. App-specific fixtures live in the app's own conftest."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.enums import Role
from tests.browser import browser, make_page  # noqa: F401  (browser fixtures for every app's e2e tests)
from tests.factories.accounts import CitizenFactory, RoleMembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Every test writes uploads and mail to its own temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached public pages, throttles kept in the cache, the shell's copy of
    the programme settings)."""
    from django.core.cache import cache

    from proactive.programme.queries import forget_display_settings

    cache.clear()
    forget_display_settings()


def make_staff(role: str = Role.SECRETARIAT, unit=None, **user_kwargs):
    user = UserFactory(**user_kwargs)
    RoleMembershipFactory(user=user, role=role, unit=unit)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def current_totp(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def login_verified(client, user):
    """Sign ``user`` in with a completed second factor (for tests of pages behind sign-in)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def official(db):
    return UserFactory()


@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def staff_factory(db):
    return make_staff


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Korean), whatever an earlier test activated."""
    from django.utils import translation

    translation.activate("ko")
    yield
    translation.deactivate()
