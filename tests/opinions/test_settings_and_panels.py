"""The deadline rule's service (who may change it, the audit event) and the dashboard panels of the requester, the
secretariat and the audit officer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import PermissionDeniedError
from proactive.opinions.models import OpinionSettings
from proactive.opinions.services import requests as services
from proactive.opinions.services.settings import update_settings
from tests.conftest import login_verified, make_staff
from tests.opinions.support import accepted, auditor, draft, official, secretariat, submitted

pytestmark = pytest.mark.django_db


def test_the_secretariat_changes_the_rule_and_it_is_audited():
    update_settings(actor=secretariat(), data={"sla_days": 15, "business_days": True})
    current = OpinionSettings.current()
    assert (current.sla_days, current.business_days) == (15, True)
    event = AuditEvent.objects.get(verb="opinions.settings_changed")
    assert event.changes["sla_days"] == [30, 15]
    update_settings(actor=secretariat(), data={"sla_days": 15})
    assert AuditEvent.objects.filter(verb="opinions.settings_changed").count() == 1  # nothing changed


@pytest.mark.parametrize("role", [Role.AUDIT_OFFICER, Role.SYSADMIN, Role.COMMITTEE_CHAIR])
def test_nobody_else_changes_the_rule(role):
    with pytest.raises(PermissionDeniedError):
        update_settings(actor=make_staff(role), data={"sla_days": 10})
    with pytest.raises(PermissionDeniedError):
        update_settings(actor=make_staff(Role.SECRETARIAT, is_superuser=True), data={"sla_days": 10})


def test_a_rule_out_of_range_is_refused():
    with pytest.raises(ValidationError):
        update_settings(actor=secretariat(), data={"sla_days": 0})
    with pytest.raises(ValidationError):
        update_settings(actor=secretariat(), data={"sla_days": 400})


def test_the_requester_panel_counts_what_waits_for_them(client):
    requester = official()
    draft(requester)
    submitted(requester)
    login_verified(client, requester)
    panels = client.get(reverse("web:dashboard")).context["panels"]
    mine = next(p for p in panels if p["key"] == "opinions-mine")
    assert mine["context"] == {"to_finish": 1, "to_record": 0, "in_progress": 1}


def test_the_audit_officer_panel_counts_the_opinions_asked(client):
    handler = secretariat()
    officer = auditor()
    services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=officer)
    login_verified(client, officer)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "나에게 요청된 감사기구 의견" in page
    from proactive.opinions.views.audit import panel

    assert panel(officer) == {"pending": 1}
