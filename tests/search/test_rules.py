"""search.view_staff_documents: officials and staff; never a citizen or an anonymous visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db


def test_officials_see_staff_documents(official):
    assert official.has_perm("search.view_staff_documents")


def test_citizens_are_denied_staff_documents(citizen):
    assert not citizen.has_perm("search.view_staff_documents")


def test_anonymous_visitors_are_denied_staff_documents():
    assert not AnonymousUser().has_perm("search.view_staff_documents")
