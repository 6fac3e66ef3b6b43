"""The committee's settings: only the secretariat changes them, every change audited with its diff."""

import pytest
from django.core.exceptions import ValidationError

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.committee.models import CommitteeSettings
from proactive.committee.services.settings import update_committee_settings
from proactive.core.exceptions import PermissionDeniedError
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_the_defaults_follow_busans_ordinance():
    rules = CommitteeSettings.current()
    assert (rules.term_months, rules.max_terms, rules.warn_days) == (24, 2, 60)
    assert (rules.quorum_base, rules.opening_quorum, rules.decision_rule) == (
        "invited",
        "majority",
        "majority_of_votes",
    )


def test_the_secretariat_changes_the_settings_with_an_audit_event():
    secretariat = make_staff(Role.SECRETARIAT)

    update_committee_settings(actor=secretariat, data={"warn_days": 90, "term_months": 24})

    assert CommitteeSettings.current().warn_days == 90
    event = AuditEvent.objects.get(verb="committee.settings_changed")
    assert event.changes == {"warn_days": [60, 90]}
    update_committee_settings(actor=secretariat, data={"warn_days": 90})
    assert AuditEvent.objects.filter(verb="committee.settings_changed").count() == 1


@pytest.mark.parametrize("role", [Role.COMMITTEE_CHAIR, Role.COMMITTEE_MEMBER, Role.SYSADMIN, Role.AUDIT_OFFICER])
def test_nobody_else_changes_them(role):
    with pytest.raises(PermissionDeniedError):
        update_committee_settings(actor=make_staff(role), data={"warn_days": 10})


def test_a_value_out_of_range_is_refused():
    with pytest.raises(ValidationError):
        update_committee_settings(actor=make_staff(Role.SECRETARIAT), data={"max_terms": 0})
    assert CommitteeSettings.current().max_terms == 2
