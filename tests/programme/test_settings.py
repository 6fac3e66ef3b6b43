import pytest
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.programme.queries import current_settings
from proactive.programme.services import update_settings
from tests.conftest import login_verified, make_staff

pytestmark = pytest.mark.django_db


def test_update_settings_records_what_changed():
    actor = make_staff(Role.SECRETARIAT)
    update_settings(actor=actor, data={"mayor_name": "홍길동"})
    event = AuditEvent.objects.get(verb="programme.settings_changed")
    assert event.changes == {"mayor_name": ["박형준", "홍길동"]}
    assert current_settings().mayor_name == "홍길동"


def test_update_settings_with_nothing_changed_records_nothing():
    actor = make_staff(Role.SECRETARIAT)
    update_settings(actor=actor, data={"mayor_name": current_settings().mayor_name})
    assert not AuditEvent.objects.filter(verb="programme.settings_changed").exists()


def test_secretariat_edits_settings_in_the_browser(client):
    login_verified(client, make_staff(Role.SECRETARIAT))
    url = reverse("programme:settings")
    assert client.get(url).status_code == 200
    data = {
        "organisation_name": "부산광역시",
        "organisation_name_en": "Busan Metropolitan City",
        "site_name": "적극행정",
        "site_name_en": "Proactive",
        "mayor_name": "김시장",
        "mayor_title": "부산광역시장",
        "programme_unit": "",
        "contact_phone": "051-120",
        "contact_email": "",
        "address": "부산",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert current_settings().mayor_name == "김시장"


def test_bad_settings_input_keeps_what_was_typed(client):
    login_verified(client, make_staff(Role.SECRETARIAT))
    response = client.post(reverse("programme:settings"), {"mayor_name": "김시장", "contact_email": "not-an-email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="김시장"' in html
    assert 'aria-invalid="true"' in html
    assert current_settings().mayor_name == "박형준"


@pytest.mark.parametrize("role", [None, Role.REVIEWER, Role.AUDIT_OFFICER])
def test_settings_are_denied_to_other_roles(client, official, role):
    user = make_staff(role) if role else official
    login_verified(client, user)
    assert client.get(reverse("programme:settings")).status_code == 403
    assert client.post(reverse("programme:settings"), {"mayor_name": "x"}).status_code == 403


def test_settings_require_sign_in(client):
    response = client.get(reverse("programme:settings"))
    assert response.status_code == 302
