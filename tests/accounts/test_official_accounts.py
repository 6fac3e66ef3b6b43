"""accounts.services.accounts.create_official_account: an official's account made by the system."""

import pytest

from proactive.accounts.enums import UserKind
from proactive.accounts.services.accounts import create_official_account
from proactive.audit.models import AuditEvent
from tests.factories.accounts import OfficialFactory

pytestmark = pytest.mark.django_db


def test_the_account_takes_the_record_has_no_password_and_is_audited():
    official = OfficialFactory()
    user = create_official_account(actor=None, official=official, username="bg-1", data={"source": "demo"})
    assert (user.username, user.name, user.email, user.kind) == (
        "bg-1",
        official.name,
        official.email,
        UserKind.OFFICIAL,
    )
    assert user.official == official
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(verb="accounts.user_created", target_id=str(user.pk))
    assert event.data == {"source": "demo"}
