import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.nominations.enums import Grade, ScoredStage
from proactive.nominations.models import ReviewAssignment, Score, StageResult
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.factories.nominations import CriterionFactory
from tests.nominations.test_statistics_support import award, case, past_round

pytestmark = pytest.mark.django_db
EXPORTERS = [Role.SECRETARIAT, Role.COMMITTEE_CHAIR, Role.HR_OFFICER]


def _round(*, frozen=True, shortlist=True):
    rnd = past_round(2024, 1)
    if frozen:
        rnd.tally_frozen_at = timezone.now()
    if shortlist:
        rnd.shortlist_confirmed_at = timezone.now()
    rnd.save()
    return rnd


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _export(rnd, kind, fmt="csv"):
    return reverse("nominations:round-export", args=[rnd.pk, kind, fmt])


@pytest.fixture
def exporter(client):
    client.cookies["proactive_language"] = "en"
    return login_verified(client, make_staff(Role.SECRETARIAT))


def test_export_urls():
    assert reverse("nominations:round-exports", args=[3]) == "/selection/rounds/3/exports/"
    assert reverse("nominations:round-export", args=[3, "tally", "xlsx"]) == "/selection/rounds/3/exports/tally.xlsx"


def test_scores_export_lists_each_submitted_score_and_each_recusal(exporter):
    rnd = _round()
    nom = case(rnd, title="민원 처리기간 단축")
    criterion = CriterionFactory(round=rnd, stage=ScoredStage.WORKING, name="국민체감도", max_points=Decimal("50"))
    reviewer = UserFactory(name="김심사")
    done = ReviewAssignment.objects.create(
        nomination=nom, reviewer=reviewer, stage=ScoredStage.WORKING, submitted_at=timezone.now()
    )
    Score.objects.create(assignment=done, criterion=criterion, points=Decimal("42.5"), comment="=우수")
    pending = ReviewAssignment.objects.create(nomination=nom, reviewer=UserFactory(), stage=ScoredStage.WORKING)
    Score.objects.create(assignment=pending, criterion=criterion, points=Decimal("10"))  # not submitted: private
    ReviewAssignment.objects.create(
        nomination=nom,
        reviewer=UserFactory(name="박위원"),
        stage=ScoredStage.COMMITTEE,
        recused=True,
        recusal_reason="같은 부서 근무",
    )

    rows = _rows(exporter.get(_export(rnd, "scores")))

    assert rows[0][:5] == ["Stage", "Nomination ID", "Case", "Reviewer", "Criterion"]
    assert rows[1][:8] == [
        "Working-level review",
        str(nom.pk),
        "민원 처리기간 단축",
        "김심사",
        "국민체감도",
        "42.50",
        "50.00",
        "'=우수",
    ]
    assert rows[2][0] == "Committee review"
    assert rows[2][3] == "박위원"
    assert rows[2][-2:] == ["Yes", "같은 부서 근무"]
    assert len(rows) == 3


def test_tally_export_after_the_freeze(exporter):
    rnd = _round()
    nom = case(rnd, title="버스 환승")
    nom.shortlisted = True
    nom.save()
    StageResult.objects.create(
        nomination=nom, stage="vote", raw=Decimal(120), points=Decimal("10"), rank=1, detail={"ballots": 300}
    )

    rows = _rows(exporter.get(_export(rnd, "tally")))

    assert rows[1] == ["1", str(nom.pk), "버스 환승", "Best practice (우수사례)", "120", "10.0000", "300"]


def test_tally_export_is_refused_before_the_freeze(exporter):
    rnd = _round(frozen=False)

    response = exporter.get(_export(rnd, "tally"))

    assert response.status_code == 409
    assert "Available once the vote tally is frozen." in response.content.decode()
    assert not AuditEvent.objects.filter(verb="nominations.round_exported").exists()


def test_results_export_as_xlsx(exporter):
    rnd = _round()
    award(case(rnd, title="복지 사각지대 발굴"), grade=Grade.TOP, total="91.5")

    response = exporter.get(_export(rnd, "results", "xlsx"))

    assert response["Content-Disposition"].endswith('round-2024-1-results.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:4] == ("Place in the ranking", "Nomination ID", "Case", "Type")
    assert values[1][2] == "복지 사각지대 발굴"
    assert values[1][4:10] == (8.5, 7.25, 75.75, 91.5, "Top award (최우수)", "Top award (최우수)")


def test_results_before_proposal_are_not_available(exporter):
    rnd = _round()

    response = exporter.get(_export(rnd, "results"))

    assert response.status_code == 409
    assert "Available once the grades are proposed." in response.content.decode()


def test_each_export_is_audited(exporter):
    rnd = _round()
    award(case(rnd))

    exporter.get(_export(rnd, "results"))

    event = AuditEvent.objects.get(verb="nominations.round_exported")
    assert (event.target_id, event.data) == (str(rnd.pk), {"kind": "results", "format": "csv", "rows": 1})


@pytest.mark.parametrize("role", EXPORTERS)
def test_exporters_see_the_exports_page(client, role):
    rnd = _round(frozen=False)
    login_verified(client, make_staff(role))
    client.cookies["proactive_language"] = "en"

    response = client.get(reverse("nominations:round-exports", args=[rnd.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert _export(rnd, "scores", "xlsx") in text
    assert "Available once the vote tally is frozen." in text
    assert _export(rnd, "tally") not in text


def test_unknown_kind_or_format_is_not_found(exporter):
    rnd = _round()
    assert exporter.get(f"/selection/rounds/{rnd.pk}/exports/ballots.csv").status_code == 404
    assert exporter.get(f"/selection/rounds/{rnd.pk}/exports/results.pdf").status_code == 404


@pytest.mark.parametrize("role", [r for r in Role if r not in EXPORTERS])
@pytest.mark.parametrize("kind", ["page", "scores", "tally", "results"])
def test_others_are_refused_every_export_url(client, role, kind):
    rnd = _round()
    award(case(rnd))
    if role == Role.CITIZEN:
        client.force_login(CitizenFactory())
    elif role == Role.OFFICIAL:
        client.force_login(UserFactory())
    else:
        login_verified(client, make_staff(role))
    url = reverse("nominations:round-exports", args=[rnd.pk]) if kind == "page" else _export(rnd, kind)

    assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(verb="nominations.round_exported").exists()


@pytest.mark.parametrize("kind", ["page", "scores", "tally", "results"])
def test_anonymous_visitors_are_sent_to_sign_in(client, kind):
    rnd = _round()
    url = reverse("nominations:round-exports", args=[rnd.pk]) if kind == "page" else _export(rnd, kind)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
