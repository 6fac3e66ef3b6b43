"""The import page: secretariat only; the dry run shows row errors; a checked file is imported from the session."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.nominations.models import Nomination
from proactive.nominations.services.archive import template_rows
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import OrgUnitFactory

pytestmark = pytest.mark.django_db
URL = reverse("nominations:archive-import")


def _csv(*rows):
    out = io.StringIO()
    import csv

    csv.writer(out).writerows([template_rows()[0], *rows])
    return SimpleUploadedFile("archive.csv", out.getvalue().encode("utf-8"), content_type="text/csv")


def _row(title="공장 증설 규제 개선", department="투자유치과", grade="최우수"):
    return [
        "2020",
        "상반기",
        title,
        department,
        "우수사례",
        grade,
        "규제를 개선하여 투자를 유치했습니다.",
        "",
        "120억 원",
    ]


@pytest.fixture
def secretariat(client):
    OrgUnitFactory(name="투자유치과")
    return login_verified(client, make_staff(Role.SECRETARIAT))


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.HR_OFFICER, Role.COMMITTEE_MEMBER])
def test_other_staff_are_refused(client, role):
    login_verified(client, make_staff(role))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("nominations:archive-template", args=["csv"])).status_code == 403


def test_an_official_is_refused(client, official):
    client.force_login(official)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_secretariat_downloads_the_templates(secretariat):
    csv_response = secretariat.get(reverse("nominations:archive-template", args=["csv"]))
    assert csv_response.status_code == 200
    assert "연도" in csv_response.content.decode("utf-8-sig")
    xlsx = secretariat.get(reverse("nominations:archive-template", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert secretariat.get(reverse("nominations:archive-template", args=["pdf"])).status_code == 404


def test_the_dry_run_shows_row_errors_and_writes_nothing(secretariat):
    response = secretariat.post(URL, {"file": _csv(_row(), _row(title="", grade="금상")), "action": "check"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "등급" in body
    assert "최우수, 우수, 장려 또는 도전" in body or "최우수" in body
    assert not Nomination.objects.exists()


def test_a_checked_file_is_imported_from_the_session(secretariat):
    response = secretariat.post(URL, {"file": _csv(_row(), _row(title="두 번째", grade="우수")), "action": "check"})
    assert response.status_code == 200
    assert not Nomination.objects.exists()
    response = secretariat.post(URL, {"action": "import"})
    assert response.status_code == 302
    assert Nomination.objects.count() == 2
    assert secretariat.get(reverse("nominations:gallery")).content.decode().count("두 번째") == 1


def test_an_import_with_errors_changes_nothing(secretariat):
    response = secretariat.post(URL, {"file": _csv(_row(), _row(department="없는과")), "action": "import"})
    assert response.status_code == 400
    assert "없는과" in response.content.decode()
    assert not Nomination.objects.exists()


def test_import_without_a_file_asks_for_one(secretariat):
    response = secretariat.post(URL, {"action": "check"})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
