"""accounts.backends.AccountBackend: passwords as Django checks them; Django's model permissions grant nothing."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory

from proactive.accounts.backends import AccountBackend
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_a_password_still_signs_in_and_a_wrong_one_does_not():
    user = UserFactory()
    user.set_password("Gwangalli-Night-2026")
    user.save()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username=user.username, password="Gwangalli-Night-2026") == user
    assert authenticate(request, username=user.username, password="wrong") is None


def test_django_permissions_and_groups_grant_nothing():
    user = UserFactory()
    permission = Permission.objects.get(codename="view_auditevent")
    user.user_permissions.add(permission)
    group = Group.objects.create(name="auditors")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    user.groups.add(group)
    backend = AccountBackend()
    assert backend.get_all_permissions(user) == set()
    assert not backend.has_perm(user, "audit.view_auditevent")
    assert not backend.has_module_perms(user, "audit")
    fresh = type(user).objects.get(pk=user.pk)
    assert not fresh.has_perm("audit.view_auditevent")
    assert not fresh.has_perm("accounts.change_user")


def test_a_superuser_still_passes_every_check():
    admin = UserFactory(is_superuser=True)
    assert admin.has_perm("audit.view_auditevent")
    assert admin.has_module_perms("audit")
