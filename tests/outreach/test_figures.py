"""The programme's figures: periods, the figures against the data (from each domain's own records), a constant
number of queries whatever the data's size, and the MOIS evaluation export opened with openpyxl."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proactive.mileage.enums import EntryKind
from proactive.mileage.models import LedgerEntry, MileageAccount
from proactive.nominations.enums import NominationState
from proactive.nominations.models import Nomination, SelectionRound
from proactive.outreach.enums import ActivityKind
from proactive.outreach.exports import mois_workbook
from proactive.outreach.queries.figures import (
    QUERY_COUNT,
    custom_period,
    figures_for,
    half_period,
    quarter_period,
    year_period,
)
from proactive.outreach.services import training
from tests.nominations.test_statistics_support import award, case, past_round
from tests.opinions import support as opinions
from tests.outreach.factories import activity, arrange, meeting, session

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def people():
    return arrange()


def test_periods_and_their_previous_periods():
    assert half_period(2026, 1).previous() == half_period(2025, 2)
    assert half_period(2026, 2).previous() == half_period(2026, 1)
    assert quarter_period(2026, 1).previous() == quarter_period(2025, 4)
    assert quarter_period(2026, 3).end == datetime.date(2026, 9, 30)
    assert year_period(2026).previous() == year_period(2025)
    custom = custom_period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))
    assert custom.previous() == custom_period(datetime.date(2026, 2, 19), datetime.date(2026, 2, 28))


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _data(people, *, size: int = 1) -> None:
    """``size`` of each kind of record in this year, and one of some in the year before."""
    rnd = SelectionRound.objects.filter(year=YEAR, half=1).first() or past_round(YEAR, 1)
    for i in range(size):
        nom = case(rnd, members=2, title=f"사례 {i}")
        Nomination.objects.filter(pk=nom.pk).update(submitted_at=_moment(TODAY))
        award(nom, rank=Nomination.objects.count())
    case(rnd, state=NominationState.DRAFT)  # never counts
    last = SelectionRound.objects.filter(year=YEAR - 1, half=2).first() or past_round(YEAR - 1, 2)
    old = case(last, title="작년 사례")
    Nomination.objects.filter(pk=old.pk).update(submitted_at=_moment(datetime.date(YEAR - 1, 8, 1)))
    for _ in range(size):
        opinions.submitted()
    account, _created = MileageAccount.objects.get_or_create(official=people.official.official)
    for _ in range(size):
        LedgerEntry.objects.create(account=account, kind=EntryKind.GRANT, points=10, year=YEAR)
        LedgerEntry.objects.create(account=account, kind=EntryKind.REDEMPTION, points=-4, year=YEAR)
        LedgerEntry.objects.create(account=account, kind=EntryKind.REDEMPTION_RETURN, points=1, year=YEAR)
    for i in range(size):
        s = session(people, held_on=TODAY, title=f"교육 {i}")
        training.add_attendees(actor=people.secretariat, session=s, officials=people.colleagues)
        activity(people, kind=ActivityKind.VIDEO, starts_on=TODAY, participants=None, views=100, title=f"영상 {i}")


def test_the_figures_match_the_data(people):
    _data(people)
    figures = figures_for(year_period(YEAR))
    values = figures.as_dict()
    assert values["nominated"] == 1
    assert values["selected"] == 1
    assert values["officials"] == 2
    assert values["opinions"] == 1
    assert values["mileage_granted"] == 10
    assert values["mileage_redeemed"] == 3
    assert values["training_sessions"] == 1
    assert values["training_hours"] == Decimal("6.0")  # three colleagues × 2 hours
    assert values["campaigns"] == 1
    assert values["campaign_reach"] == 100
    previous = {r.indicator.key: r.previous for r in figures.rows}
    assert previous["nominated"] == 1
    assert previous["selected"] == 0


def test_the_figures_take_a_constant_number_of_queries(people):
    _data(people, size=1)
    with CaptureQueriesContext(connection) as small:
        figures_for(half_period(YEAR, 1 if TODAY.month <= 6 else 2))
    _data(people, size=4)
    with CaptureQueriesContext(connection) as large:
        figures_for(half_period(YEAR, 1 if TODAY.month <= 6 else 2))
    assert len(small) == len(large) == QUERY_COUNT


def test_the_mois_export_matches_the_data(people):
    from openpyxl import load_workbook

    _data(people, size=2)
    meeting(people, held_on=datetime.date(YEAR, 1, 15))
    workbook = load_workbook(io.BytesIO(mois_workbook(YEAR)))
    assert workbook.sheetnames == ["지표", "선정 사례", "교육", "홍보·캠페인", "연계 회의"]
    sheet = workbook["지표"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "지표"
    assert header[-1] == f"{YEAR}년 전체"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["추천된 사례"][-1] == 2
    assert rows["선정된 사례"][-1] == 2
    assert rows["교육 이수 시간"][-1] == 12
    assert rows["마일리지 부여"][-1] == 20
    half = 2 if TODAY.month <= 6 else 3
    assert rows["추천된 사례"][half] == 2
    assert workbook["선정 사례"].max_row == 3
    assert workbook["교육"].max_row == 3
    assert workbook["교육"]["I2"].value == 3
    assert workbook["홍보·캠페인"].max_row == 3
    assert workbook["연계 회의"]["D2"].value == "해운대구, 부산도시공사"
