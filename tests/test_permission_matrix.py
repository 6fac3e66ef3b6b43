"""Every permission, every role: who is granted and, above all, who is denied.

A permission registered without an entry here makes ``test_every_permission_is_in_the_matrix`` fail. Object
permissions (owner-based) are checked against someone else's object; their full behaviour is tested in the app.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from rules.permissions import permissions

from proactive.accounts.enums import Role
from tests.conftest import make_staff
from tests.factories.accounts import UserFactory
from tests.policy import merged
from tests.roles import role_user

R = Role
EVERY_SIGNED_IN = set(Role)

GLOBAL: dict[str, set[str]] = {
    "accounts.view_org": set(Role) - {R.CITIZEN},
    "accounts.view_official": {
        R.SECRETARIAT,
        R.HR_OFFICER,
        R.AUDIT_OFFICER,
        R.SYSADMIN,
        R.DEPARTMENT_HEAD,
        R.BUREAU_CHIEF,
    },
    "accounts.import_org": {R.SYSADMIN, R.HR_OFFICER},
    "accounts.export_org": {R.SYSADMIN, R.HR_OFFICER, R.SECRETARIAT},
    "accounts.manage_memberships": {R.SYSADMIN, R.SECRETARIAT},
    "accounts.manage_sysadmin_memberships": {R.SYSADMIN},
    "audit.view_audit": {R.AUDIT_OFFICER, R.SYSADMIN},
    "audit.export_access_records": {R.AUDIT_OFFICER, R.SYSADMIN},
    "documents.upload_document": EVERY_SIGNED_IN,
    "notifications.view_inbox": EVERY_SIGNED_IN,
    "notifications.change_preferences": EVERY_SIGNED_IN,
    "programme.change_settings": {R.SECRETARIAT, R.SYSADMIN},
    # Every staff account in this matrix is also an official, who may nominate for their own department.
    "nominations.create_nomination": EVERY_SIGNED_IN,
    "nominations.view_all_nominations": {R.SECRETARIAT, R.SYSADMIN},
    "nominations.manage_rounds": {R.SECRETARIAT, R.SYSADMIN},
    "nominations.view_my_reviews": {R.REVIEWER},
    "nominations.manage_reviews": {R.SECRETARIAT},
    "nominations.monitor_vote": {R.SECRETARIAT},
    "nominations.freeze_tally": {R.SECRETARIAT},
    "nominations.view_committee_reviews": {R.COMMITTEE_MEMBER, R.COMMITTEE_CHAIR},
    "nominations.manage_committee": {R.SECRETARIAT},
    "nominations.confirm_grades": {R.COMMITTEE_CHAIR},
}
OBJECT = {
    "documents.view_document",
    "notifications.change_notification",
    "nominations.view_nomination",
    "nominations.edit_nomination",
    "nominations.submit_nomination",
    "nominations.withdraw_nomination",
    "nominations.verify_nomination",
    "nominations.answer_consent",
    "nominations.review_nomination",
    "nominations.cast_ballot",
    "nominations.view_tally",
    "nominations.committee_review",
}

GLOBAL |= merged("GLOBAL_PERMS", {})  # per-area fragments in tests/policy/
OBJECT |= merged("OBJECT_PERMS", set())


def test_every_permission_is_in_the_matrix():
    assert sorted(set(permissions.keys()) - GLOBAL.keys() - OBJECT) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("perm", sorted(GLOBAL))
def test_role_is_granted_or_denied_as_the_matrix_says(perm, role):
    assert role_user(role).has_perm(perm) == (role in GLOBAL[perm])


@pytest.mark.parametrize("perm", sorted(GLOBAL) + sorted(OBJECT))
def test_anonymous_visitors_are_denied_everything(perm):
    assert not AnonymousUser().has_perm(perm)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSADMIN])
def test_nobody_but_the_owner_opens_someone_elses_document(role):
    from tests.factories.documents import DocumentFactory

    document = DocumentFactory(owner=UserFactory())
    assert not role_user(role).has_perm("documents.view_document", document)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_nobody_changes_someone_elses_notification(role):
    from tests.factories.notifications import NotificationFactory

    notification = NotificationFactory(recipient=UserFactory())
    assert not role_user(role).has_perm("notifications.change_notification", notification)


@pytest.mark.django_db
def test_staff_roles_count_only_after_the_second_factor():
    """A request's user who has a staff role but has not passed TOTP has none of its permissions."""
    user = make_staff(Role.SYSADMIN)
    user.is_verified = lambda: False  # as django-otp's middleware sets it before the second step
    assert not user.has_perm("audit.view_audit")
    user.is_verified = lambda: True
    assert user.has_perm("audit.view_audit")
