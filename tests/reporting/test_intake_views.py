"""The public intake pages: the centre's front page, filing (anonymous and named), following a report with its
receipt and replying, and a named reporter's own reports."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from proactive.accounts.enums import UserKind
from proactive.reporting import receipts, throttle
from proactive.reporting.enums import MessageAuthor, Outcome, ReportState, ReportType
from proactive.reporting.models import Attachment, Message, Report
from proactive.reporting.services.common import add_message, attachment_name, content_of, message_text
from proactive.web.navigation import menu_for
from tests.conftest import login_verified
from tests.factories.accounts import CitizenFactory, OrgUnitFactory
from tests.factories.documents import pdf_bytes, upload
from tests.reporting.support import WHAT, anonymous_report, arrange_centre, named_report

pytestmark = pytest.mark.django_db

HOME = reverse("report:home")
FILE = reverse("report:file")
FOLLOW = reverse("report:follow")
MINE = reverse("report:mine")
GENERIC = "이 접수번호로 열 수 있는 신고가 없습니다"


@pytest.fixture(autouse=True)
def _fresh_windows():
    throttle.reset_all()
    yield
    throttle.reset_all()


@pytest.fixture
def centre():
    return arrange_centre()


def form_data(centre, **overrides):
    data = {
        "report_type": ReportType.NEGLECT,
        "unit": str(centre.transport_dept.pk),
        "outside_body": "",
        "official_name": "",
        "what": WHAT,
        "occurred_on": "",
        "when_text": "",
        "prior_complaint": "",
        "website": "",
    }
    data.update(overrides)
    return data


def receipt_in(html: str) -> str:
    found = re.search(r'id="receipt">([\d ]{19})<', html)
    assert found is not None, "no receipt on the page"
    return found.group(1)


# --- The front page ------------------------------------------------------------------------------------------


def test_home_explains_the_four_kinds_what_is_not_passive_and_the_protections(client):
    response = client.get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("적당편의", "업무해태", "탁상행정", "관중심행정"):
        assert label in html
    assert "국민신문고" in html
    assert "IP 주소" in html
    assert f'href="{FILE}"' in html
    assert f'href="{FILE}?named=1"' in html
    assert f'href="{FOLLOW}"' in html


def test_the_menu_offers_the_centre_to_everyone_and_my_reports_to_those_who_can_file_named(centre):
    from django.contrib.auth.models import AnonymousUser

    def urls(user):
        return {item["url"] for section in menu_for(user) for item in section["items"]}

    assert {HOME, FOLLOW} <= urls(AnonymousUser())
    assert MINE not in urls(AnonymousUser())
    assert MINE in urls(centre.citizen)


# --- Anonymous filing ----------------------------------------------------------------------------------------


def test_the_form_lists_units_grouped_by_body_and_explains_each_kind(client, centre):
    OrgUnitFactory(name="폐지된과", parent=centre.city, is_active=False)
    html = client.get(FILE).content.decode()
    assert '<optgroup label="부산광역시">' in html
    assert '<optgroup label="해운대구">' in html
    assert "교통정책과" in html
    assert "건축과" in html
    assert "폐지된과" not in html
    assert "현장" in html  # the explanation of 적당편의
    assert 'name="website"' in html  # the anti-spam field, hidden


def test_an_anonymous_report_shows_the_receipt_once_in_the_post_body_only(client, centre):
    response = client.post(FILE, form_data(centre))
    assert response.status_code == 200
    html = response.content.decode()
    shown = receipt_in(html)
    digits = shown.replace(" ", "")
    assert "신고가 접수되었습니다" in html
    report = Report.objects.get()
    assert report.is_anonymous
    assert report.reporter is None
    assert report.state == ReportState.RECEIVED
    assert report.receipt_hash == receipts.receipt_hash(digits)
    assert response["Cache-Control"] == "no-store"
    assert digits not in str(response.headers)
    assert shown not in str(response.headers)
    assert not response.cookies or all(digits not in m.value for m in response.cookies.values())
    assert content_of(report)["what"] == WHAT


def test_a_report_about_a_body_outside_the_org_chart_goes_to_the_city(client, centre):
    response = client.post(FILE, form_data(centre, unit="", outside_body="부산항만공사 민원실"))
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.body, report.unit, report.outside_body) == (centre.city, None, True)
    assert content_of(report)["outside_body"] == "부산항만공사 민원실"


def test_files_are_stored_sealed_with_their_names(client, centre):
    data = form_data(centre)
    data["attachments"] = [upload("민원회신.pdf", pdf_bytes(author="홍길동"), "application/pdf")]
    response = client.post(FILE, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert attachment_name(attachment) == "민원회신.pdf"
    assert attachment.from_reporter


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client, centre):
    data = form_data(centre, what="너무 짧음", unit="", when_text="3월 초순", official_name="김담당")
    response = client.post(FILE, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "20자 이상" in html
    assert "관련 부서를 고르거나" in html
    assert "너무 짧음" in html
    assert "3월 초순" in html
    assert "김담당" in html
    assert 'value="neglect" id="id_report_type_1"' in html
    assert "checked" in html
    assert "파일을 다시 선택해 주세요" in html
    assert Report.objects.count() == 0


def test_a_future_date_and_a_missing_kind_are_refused(client, centre):
    response = client.post(FILE, form_data(centre, report_type="", occurred_on="2999-01-01"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "소극행정 유형을 골라 주십시오." in html
    assert "발생일은 오늘 이후일 수 없습니다." in html


def test_a_filled_anti_spam_field_files_nothing(client, centre):
    response = client.post(FILE, form_data(centre, website="http://spam.example"))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_too_many_anonymous_reports_give_429_and_keep_the_text(client, centre, settings):
    settings.PROACTIVE_REPORT_THROTTLE = {"anonymous_reports": (2, 600)}
    throttle.reset_all()
    for _ in range(2):
        assert client.post(FILE, form_data(centre)).status_code == 200
    response = client.post(FILE, form_data(centre, when_text="작년 겨울"))
    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "분 뒤에 다시 보내 주십시오" in html
    assert "작년 겨울" in html
    assert WHAT in html
    assert Report.objects.count() == 2


# --- Named filing --------------------------------------------------------------------------------------------


def test_a_named_report_needs_sign_in_and_links_to_both_sign_ins(client, centre):
    response = client.get(FILE + "?named=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("accounts:citizen-start") in html
    assert reverse("accounts:login") in html
    assert "next=%2Freport%2Fnew%2F%3Fnamed%3D1" in html
    assert client.post(FILE + "?named=1", form_data(centre)).status_code == 403
    assert Report.objects.count() == 0


def test_a_citizen_who_has_not_confirmed_their_address_is_told_so(client, centre):
    unconfirmed = CitizenFactory(email_verified_at=None)
    assert unconfirmed.kind == UserKind.CITIZEN
    client.force_login(unconfirmed)
    response = client.get(FILE + "?named=1")
    assert response.status_code == 403
    assert "이메일 주소가 아직 확인되지 않아" in response.content.decode()
    assert client.post(FILE + "?named=1", form_data(centre)).status_code == 403
    assert Report.objects.count() == 0


def test_a_verified_citizen_files_a_named_report_and_lands_on_it(client, centre):
    client.force_login(centre.citizen)
    response = client.post(FILE + "?named=1", form_data(centre, report_type=ReportType.DESK_BOUND))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("report:mine-detail", args=[report.pk])
    assert (report.is_anonymous, report.reporter, report.receipt_hash) == (False, centre.citizen, None)
    page = client.get(response.url)
    assert "신고가 접수되었습니다" in page.content.decode()


def test_an_anonymous_report_by_a_signed_in_person_is_not_linked_to_them(client, centre):
    client.force_login(centre.citizen)
    response = client.post(FILE, form_data(centre))
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.is_anonymous, report.reporter) == (True, None)


# --- Following with the receipt ------------------------------------------------------------------------------


def test_the_follow_form_does_not_let_the_browser_remember_the_receipt(client):
    html = client.get(FOLLOW).content.decode()
    assert re.search(r'<input[^>]*name="receipt"[^>]*autocomplete="off"', html)


def test_the_status_page_shows_state_kind_dates_and_only_non_internal_messages(client, centre):
    report, receipt = anonymous_report(centre)
    Report.objects.filter(pk=report.pk).update(state=ReportState.INVESTIGATING, due_on=report.received_on)
    add_message(
        report=report, author_kind=MessageAuthor.HANDLER, text="언제 방문하셨는지 알려 주십시오.", author=centre.handler
    )
    add_message(
        report=report,
        author_kind=MessageAuthor.HANDLER,
        text="내부 검토 메모: 담당자 면담 예정",
        author=centre.handler,
        internal=True,
    )
    response = client.post(FOLLOW, {"receipt": receipts.display(receipt)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "조사 중" in html
    assert "업무해태" in html
    assert report.received_on.isoformat() in html
    assert "언제 방문하셨는지 알려 주십시오." in html
    assert "내부 검토 메모" not in html
    assert centre.handler.display_name not in html
    assert WHAT in html
    assert f'name="receipt" value="{receipt}"' in html  # the reply form posts it back


def test_a_closed_or_forwarded_report_shows_its_outcome_and_no_reply_form(client, centre):
    report, receipt = anonymous_report(centre)
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.FORWARDED,
        outcome=Outcome.FORWARDED,
        forwarded_to=centre.transport_dept,
        closed_on=report.received_on,
    )
    html = client.post(FOLLOW, {"receipt": receipt}).content.decode()
    assert "일반민원 이송" in html
    assert "교통정책과" in html
    assert 'name="action" value="reply"' not in html


def test_opening_keeps_the_receipt_alive(client, centre):
    report, receipt = anonymous_report(centre)
    earlier = report.received_on - timedelta(days=3)
    Report.objects.filter(pk=report.pk).update(reporter_last_active_on=earlier)
    client.post(FOLLOW, {"receipt": receipt})
    report.refresh_from_db()
    assert report.reporter_last_active_on == report.received_on


@pytest.mark.parametrize("kind", ["malformed", "unknown", "expired"])
def test_a_wrong_receipt_gets_one_generic_answer_whatever_is_wrong(client, centre, kind, monkeypatch):
    report, receipt = anonymous_report(centre)
    typed = {"malformed": "12ab", "unknown": "0000 0000 0000 0001", "expired": receipt}[kind]
    if kind == "expired":
        old = report.received_on.replace(year=report.received_on.year - 2)
        Report.objects.filter(pk=report.pk).update(reporter_last_active_on=old)
    hashed = []
    real = receipts.receipt_hash
    monkeypatch.setattr(receipts, "receipt_hash", lambda text: hashed.append(text) or real(text))
    response = client.post(FOLLOW, {"receipt": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert GENERIC in html
    assert len(hashed) == 1  # the same work every time
    assert "investigating" not in html
    assert WHAT not in html


def test_thirty_wrong_receipts_a_minute_give_429_and_the_right_one_works_after(client, centre, monkeypatch):
    report, receipt = anonymous_report(centre)
    clock = [1000.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: clock[0])
    for _ in range(30):
        assert client.post(FOLLOW, {"receipt": "1111 1111 1111 1111"}).status_code == 400
    response = client.post(FOLLOW, {"receipt": receipt})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "잠시" in response.content.decode() or "기다린" in response.content.decode()
    assert WHAT not in response.content.decode()
    clock[0] += 61
    response = client.post(FOLLOW, {"receipt": receipt})
    assert response.status_code == 200
    assert WHAT in response.content.decode()


def test_the_reporter_replies_with_a_file_and_the_receipt_is_checked_again(client, centre):
    report, receipt = anonymous_report(centre)
    response = client.post(
        FOLLOW,
        {
            "receipt": receipt,
            "action": "reply",
            "text": "3월 2일 오전에 방문했습니다.",
            "attachments": [upload("영수증.txt", "방문 영수증".encode(), "text/plain")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "메시지를 감사부서에 보냈습니다." in html
    assert "3월 2일 오전에 방문했습니다." in html
    assert "영수증.txt" in html
    message = Message.objects.get(report=report)
    assert (message.author_kind, message.author, message.internal) == (MessageAuthor.REPORTER, None, False)
    assert message_text(message) == "3월 2일 오전에 방문했습니다."
    # A reply with a receipt that does not open the report is refused like any wrong receipt.
    refused = client.post(FOLLOW, {"receipt": "0000 0000 0000 0002", "action": "reply", "text": "가짜"})
    assert refused.status_code == 400
    assert GENERIC in refused.content.decode()
    assert Message.objects.filter(report=report).count() == 1


def test_an_empty_reply_is_refused_and_the_page_stays(client, centre):
    report, receipt = anonymous_report(centre)
    response = client.post(FOLLOW, {"receipt": receipt, "action": "reply", "text": "  "})
    assert response.status_code == 400
    assert "메시지를 쓰거나 파일을 첨부해 주십시오." in response.content.decode()
    assert Message.objects.count() == 0


# --- A named reporter's reports ------------------------------------------------------------------------------


def test_my_reports_lists_only_my_named_reports(client, centre):
    mine = named_report(centre)
    named_report(centre, reporter=CitizenFactory())
    anonymous_report(centre)
    client.force_login(centre.citizen)
    response = client.get(MINE)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("report:mine-detail", args=[mine.pk]) in html
    assert html.count('id="report-') == 1


def test_my_reports_needs_sign_in_and_the_named_permission(client, centre):
    assert client.get(MINE).status_code == 302
    client.force_login(CitizenFactory(email_verified_at=None))
    assert client.get(MINE).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_my_reports_query_count_does_not_grow_with_rows(client, centre, django_assert_max_num_queries, rows):
    for _ in range(rows):
        named_report(centre)
    client.force_login(centre.citizen)
    with django_assert_max_num_queries(16):
        response = client.get(MINE)
    assert response.content.decode().count('id="report-') == rows


def test_someone_elses_report_is_a_404(client, centre):
    report = named_report(centre)
    url = reverse("report:mine-detail", args=[report.pk])
    assert client.get(url).status_code == 302  # sign in first
    for other in (CitizenFactory(), centre.official):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "남의 신고"}).status_code == 404
    login_verified(client, centre.handler)
    assert client.get(url).status_code == 404  # handlers use the staff pages
    anonymous, _receipt = anonymous_report(centre)
    client.force_login(centre.citizen)
    assert client.get(reverse("report:mine-detail", args=[anonymous.pk])).status_code == 404
    assert Message.objects.count() == 0


def test_a_named_reporter_reads_and_replies_from_my_reports(client, centre):
    report = named_report(centre)
    add_message(
        report=report, author_kind=MessageAuthor.HANDLER, text="자료를 더 보내 주십시오.", author=centre.handler
    )
    client.force_login(centre.citizen)
    url = reverse("report:mine-detail", args=[report.pk])
    html = client.get(url).content.decode()
    assert "자료를 더 보내 주십시오." in html
    assert "탁상행정" in html
    assert 'name="receipt"' not in html
    response = client.post(url, {"text": "관련 공문을 첨부합니다."})
    assert response.status_code == 302
    assert response.url == url
    assert message_text(Message.objects.get(author_kind=MessageAuthor.REPORTER)) == "관련 공문을 첨부합니다."
    assert client.post(url, {"text": ""}).status_code == 400
