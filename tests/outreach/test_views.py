"""The outreach screens: each page and partial refuses who may not use it (an official, a system administrator,
an HR officer, a superuser; anonymous visitors are sent to sign in), the secretariat's flows through them, and
constant query counts on every list."""

import datetime
import io

import pytest
from django.urls import reverse

from proactive.accounts.enums import OrgUnitKind
from proactive.outreach.enums import ActionState, ActivityKind
from proactive.outreach.models import ActionItem, Activity, Attendance, LiaisonMeeting
from proactive.outreach.services import liaison, training
from tests.conftest import login_verified
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory
from tests.outreach.factories import activity, arrange, meeting, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return arrange()


@pytest.fixture
def records(people):
    a = activity(people)
    s = session(people)
    training.add_attendees(actor=people.secretariat, session=s, officials=[people.official.official])
    m = meeting(people)
    item = liaison.add_action_item(
        actor=people.secretariat, meeting=m, title="사례 추천", owner=people.district, due_on=datetime.date(2026, 6, 1)
    )
    return {"activity": a, "session": s, "meeting": m, "item": item, "attendance": s.attendances.get()}


def _urls(records) -> list[tuple[str, str]]:
    s, a, m, item, att = (
        records["session"],
        records["activity"],
        records["meeting"],
        records["item"],
        records["attendance"],
    )
    return [
        ("get", reverse("outreach:activities")),
        ("get", reverse("outreach:activity-create")),
        ("get", reverse("outreach:activity-detail", args=[a.pk])),
        ("get", reverse("outreach:activity-edit", args=[a.pk])),
        ("get", reverse("outreach:sessions")),
        ("get", reverse("outreach:session-create")),
        ("get", reverse("outreach:training-totals")),
        ("get", reverse("outreach:session-detail", args=[s.pk])),
        ("get", reverse("outreach:session-edit", args=[s.pk])),
        ("get", reverse("outreach:partial-officials", args=[s.pk]) + "?pick-q=김"),
        ("post", reverse("outreach:attendees-add", args=[s.pk])),
        ("post", reverse("outreach:department-add", args=[s.pk])),
        ("post", reverse("outreach:attendance-hours", args=[s.pk, att.pk])),
        ("post", reverse("outreach:attendance-remove", args=[s.pk, att.pk])),
        ("get", reverse("outreach:meetings")),
        ("get", reverse("outreach:meeting-create")),
        ("get", reverse("outreach:meeting-detail", args=[m.pk])),
        ("get", reverse("outreach:meeting-edit", args=[m.pk])),
        ("post", reverse("outreach:action-add", args=[m.pk])),
        ("get", reverse("outreach:actions")),
        ("post", reverse("outreach:action-move", args=[item.pk])),
        ("get", reverse("outreach:figures")),
        ("get", reverse("outreach:figures-export")),
    ]


def test_everything_is_denied_to_officials_sysadmins_hr_and_superusers(client, people, records):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for outsider in (people.official, people.sysadmin, people.hr, superuser):
        login_verified(client, outsider)
        for method, url in _urls(records):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (outsider, url, response.status_code)
    assert Attendance.objects.count() == 1
    assert ActionItem.objects.get().state == ActionState.OPEN


def test_the_accountable_officer_sees_only_the_figures(client, people, records):
    login_verified(client, people.accountable)
    for method, url in _urls(records):
        response = getattr(client, method)(url)
        expected = 200 if "/figures/" in url else 403
        assert response.status_code == expected, (url, response.status_code)


def test_anonymous_visitors_are_sent_to_sign_in(client, records):
    for method, url in _urls(records):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405), url
        if method == "get":
            assert "login" in response["Location"]


def test_my_training_is_each_officials_own(client, people, records):
    login_verified(client, people.official)
    response = client.get(reverse("outreach:my-training"))
    assert response.status_code == 200
    assert "적극행정 직장교육" in response.content.decode()
    other = UserFactory()
    login_verified(client, other)
    assert "적극행정 직장교육" not in client.get(reverse("outreach:my-training")).content.decode()
    citizen_client = client
    from tests.factories.accounts import CitizenFactory

    login_verified(citizen_client, CitizenFactory())
    assert citizen_client.get(reverse("outreach:my-training")).status_code == 403


def test_the_secretariat_records_an_activity_with_a_bad_link_kept(client, people):
    login_verified(client, people.secretariat)
    data = {
        "kind": ActivityKind.SNS,
        "title": "카드뉴스 게시",
        "starts_on": "2026-04-01",
        "views": "2500",
        "links": "ftp://x",
    }
    response = client.post(reverse("outreach:activity-create"), data)
    assert response.status_code == 400
    assert "카드뉴스 게시" in response.content.decode()
    data["links"] = "https://www.instagram.com/p/abc/"
    response = client.post(reverse("outreach:activity-create"), data)
    assert response.status_code == 302
    assert Activity.objects.get().views == 2500


def test_the_secretariat_adds_a_department_and_picks_officials(client, people):
    s = session(people)
    login_verified(client, people.secretariat)
    response = client.post(reverse("outreach:department-add", args=[s.pk]), {"dept-unit": people.dept.pk})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=s).count() == 4
    stranger = OfficialFactory(name="최검색", unit=people.other_dept)
    response = client.get(reverse("outreach:partial-officials", args=[s.pk]), {"pick-q": "최검색"})
    assert "최검색" in response.content.decode()
    assert "이동료" not in response.content.decode()
    response = client.post(reverse("outreach:attendees-add", args=[s.pk]), {"officials": [stranger.pk], "hours": "1"})
    assert response.status_code == 302
    assert Attendance.objects.get(official=stranger).hours == 1
    response = client.post(reverse("outreach:attendees-add", args=[s.pk]), {"officials": [], "hours": ""})
    assert response.status_code == 400


def test_the_secretariat_moves_an_action_item(client, people, records):
    login_verified(client, people.secretariat)
    item = records["item"]
    url = reverse("outreach:action-move", args=[item.pk])
    client.post(url, {"to": ActionState.DROPPED, "note": ""})
    assert ActionItem.objects.get().state == ActionState.OPEN  # dropping needs a reason
    client.post(url, {"to": ActionState.IN_PROGRESS, "note": "공문 발송"})
    assert ActionItem.objects.get().state == ActionState.IN_PROGRESS
    response = client.get(reverse("outreach:actions"), {"overdue": "on"})
    assert response.status_code == 200


def test_a_meeting_needs_bodies_and_keeps_the_input(client, people):
    login_verified(client, people.secretariat)
    data = {"kind": "liaison", "title": "합동 워크숍", "held_on": "2026-09-01", "agenda": "우수사례 공유"}
    response = client.post(reverse("outreach:meeting-create"), data)
    assert response.status_code == 400
    assert "우수사례 공유" in response.content.decode()
    data["bodies"] = [people.district.pk]
    assert client.post(reverse("outreach:meeting-create"), data).status_code == 302
    assert LiaisonMeeting.objects.get().bodies.get() == people.district


def test_the_figures_page_shows_a_chart_and_a_table_in_every_period(client, people, records):
    login_verified(client, people.secretariat)
    for params in (
        {},
        {"kind": "half", "year": "2026", "part": "1"},
        {"kind": "quarter", "year": "2026", "part": "2"},
        {"kind": "custom", "start": "2026-01-01", "end": "2026-06-30"},
    ):
        response = client.get(reverse("outreach:figures"), params)
        body = response.content.decode()
        assert response.status_code == 200
        assert 'role="img"' in body
        assert "<desc" in body
        assert "figure-training_hours" in body
    assert client.get(reverse("outreach:figures"), {"kind": "half", "year": "2026"}).status_code == 400
    assert (
        client.get(
            reverse("outreach:figures"), {"kind": "custom", "start": "2026-05-01", "end": "2026-01-01"}
        ).status_code
        == 400
    )


def test_the_export_downloads(client, people, records):
    from openpyxl import load_workbook

    login_verified(client, people.secretariat)
    response = client.get(reverse("outreach:figures-export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert workbook["교육"]["C2"].value == "적극행정 직장교육"
    assert client.get(reverse("outreach:figures-export"), {"year": "x"}).status_code == 400


def _more(people, n: int) -> None:
    district = OrgUnitFactory(name="수영구", kind=OrgUnitKind.DISTRICT, parent=people.city)
    for i in range(n):
        activity(people, title=f"캠페인 {i}", starts_on=datetime.date(2026, 3, 1 + i))
        s = session(people, title=f"교육 {i}")
        training.add_attendees(actor=people.secretariat, session=s, officials=people.colleagues)
        m = liaison.create_meeting(
            actor=people.secretariat,
            data={"kind": "liaison", "title": f"회의 {i}", "held_on": datetime.date(2026, 2, 1)},
            bodies=[people.district, district],
        )
        liaison.add_action_item(
            actor=people.secretariat, meeting=m, title="조치", owner=district, due_on=datetime.date(2026, 3, 1)
        )


@pytest.mark.parametrize(
    "name",
    ["outreach:activities", "outreach:sessions", "outreach:meetings", "outreach:actions", "outreach:training-totals"],
)
def test_lists_take_a_constant_number_of_queries(client, people, django_assert_max_num_queries, name):
    login_verified(client, people.secretariat)
    _more(people, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    _more(people, 6)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse(name)).status_code == 200


def test_a_sessions_page_takes_a_constant_number_of_queries(client, people, django_assert_max_num_queries):
    login_verified(client, people.secretariat)
    s = session(people)
    training.add_attendees(actor=people.secretariat, session=s, officials=people.colleagues[:1])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("outreach:session-detail", args=[s.pk]))
    training.add_attendees(actor=people.secretariat, session=s, officials=[OfficialFactory() for _ in range(8)])
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("outreach:session-detail", args=[s.pk]))


def test_materials_are_read_by_the_secretariat_only_and_can_be_removed(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import make_staff
    from tests.factories.documents import pdf_bytes

    login_verified(client, people.secretariat)
    poster = SimpleUploadedFile("포스터.pdf", pdf_bytes(), content_type="application/pdf")
    data = {"kind": ActivityKind.GOODS, "title": "기념품 배부", "starts_on": "2026-05-01", "attachments": [poster]}
    assert client.post(reverse("outreach:activity-create"), data).status_code == 302
    activity_ = Activity.objects.get()
    document = activity_.materials.get()
    url = reverse("documents:download", args=[document.pk])
    colleague = make_staff()
    login_verified(client, colleague)
    assert client.get(url).status_code == 200  # asks for the reason (someone else's document)
    login_verified(client, people.official)
    assert client.get(url).status_code == 404
    login_verified(client, people.secretariat)
    edit = {"kind": ActivityKind.GOODS, "title": "기념품 배부", "starts_on": "2026-05-01"}
    edit["remove_material"] = [str(document.pk), "not-a-uuid"]
    assert client.post(reverse("outreach:activity-edit", args=[activity_.pk]), edit).status_code == 302
    assert not activity_.materials.exists()
