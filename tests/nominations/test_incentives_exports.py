"""The prize payment export: one row per winner and a total, only with a stated reason, kept in the access records."""

import csv
import io

import pytest
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.nominations.enums import Benefit, Grade
from proactive.nominations.services.incentives import create_incentives
from tests.conftest import login_verified, make_staff
from tests.nominations.test_incentives_support import (  # noqa: F401  (_incentive_kinds is an autouse fixture)
    _incentive_kinds,
    chair,
    confirmed_award,
    grade_rule,
    hr,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _round():
    """최우수 1,000,000원 for a team of three (33 % each) and 장려 300,000원 for one official."""
    top = confirmed_award(contributions=(33, 33, 33), rank=1)
    rnd = top.nomination.round
    grade_rule(rnd, prize=1_000_000)
    enc = confirmed_award(rnd, grade=Grade.ENCOURAGEMENT, contributions=(100,), rank=2)
    grade_rule(rnd, Grade.ENCOURAGEMENT, prize=300_000, benefits=[Benefit.REWARD_LEAVE.value])
    create_incentives(actor=chair(), round=rnd)
    return rnd, top, enc


def _url(rnd, fmt="csv"):
    return reverse("nominations:incentive-payments", args=[rnd.pk, fmt])


def _csv(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("role", [Role.HR_OFFICER, Role.SECRETARIAT])
def test_the_export_lists_every_winner_and_the_total(client, role):
    rnd, top, enc = _round()
    user = make_staff(role)
    login_verified(client, user)
    assert client.get(_url(rnd)).status_code == 200  # the reason form
    response = client.post(_url(rnd), {"reason": "2030년 상반기 시상금 지급"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="prize-payments-{rnd.year}-h{rnd.half}.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = _csv(response)
    assert rows[0] == ["Employee number", "Name", "Unit", "Grade", "Case", "Contribution (%)", "Amount (원)"]
    members = list(top.nomination.members.order_by("-contribution", "pk")) + list(enc.nomination.members.all())
    body = rows[1:-1]
    assert [r[0] for r in body] == [m.official.employee_no for m in members]
    assert [r[1] for r in body] == [m.official.name for m in members]
    assert [r[2] for r in body] == [m.official.unit.name for m in members]
    assert [r[3] for r in body] == ["Top award (최우수)"] * 3 + ["Encouragement award (장려)"]
    assert [r[4] for r in body] == [top.nomination.title] * 3 + [enc.nomination.title]
    assert [r[5] for r in body] == ["33", "33", "33", "100"]
    assert [r[6] for r in body] == ["333334", "333333", "333333", "300000"]
    assert rows[-1] == ["Total", "", "", "", "", "", "1300000"]
    record = AccessRecord.objects.get()
    assert (record.actor, record.action, record.reason) == (user, AccessAction.EXPORT, "2030년 상반기 시상금 지급")
    assert record.resource == f"prize-payments-{rnd.year}-h{rnd.half}.csv"
    assert (record.subject_type, record.subject_id) == ("nominations.selectionround", str(rnd.pk))


def test_the_xlsx_export_has_the_same_rows(client):
    from openpyxl import load_workbook  # only the test of the xlsx export needs it

    rnd, _top, _enc = _round()
    login_verified(client, hr())
    response = client.post(_url(rnd, "xlsx"), {"reason": "지급"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == 6
    assert rows[1][6] == 333_334
    assert rows[-1] == ["Total", None, None, None, None, None, 1_300_000]


def test_the_export_needs_a_reason(client):
    rnd, _top, _enc = _round()
    login_verified(client, hr())
    response = client.post(_url(rnd), {"reason": "  "})
    assert response.status_code == 400
    assert "Please give the reason for this export." in response.content.decode()
    assert not AccessRecord.objects.exists()


def test_an_unknown_format_is_a_404(client):
    rnd, _top, _enc = _round()
    login_verified(client, hr())
    assert client.get(_url(rnd, "pdf")).status_code == 404


@pytest.mark.parametrize("role", [Role.COMMITTEE_CHAIR, Role.AUDIT_OFFICER, Role.OFFICIAL])
def test_the_export_is_refused_to_others(client, role):
    rnd, top, _enc = _round()
    user = top.nomination.members.first().official.user if role == Role.OFFICIAL else make_staff(role)
    login_verified(client, user)
    assert client.get(_url(rnd)).status_code == 403
    assert client.post(_url(rnd), {"reason": "지급"}).status_code == 403
    assert not AccessRecord.objects.exists()
