"""The monthly bulletin from assembly to the subscriber's inbox, in Korean, in the browser: the secretariat
assembles the month's edition (a selected case and a committee answer are already there), adds a news item and
the editor's note and submits it; another secretariat member approves it (the author cannot); the edition is
published; the PDF is rendered and the e-mails are sent by the background tasks (the immediate backend here), with
the progress shown on the staff page. The PDF is rendered to PNG (pdftoppm) and its text checked (pdftotext); the
subscriber's e-mail is in the outbox. Every page is checked with axe and the CSP.
"""

import subprocess

import pytest
from django.core import mail
from django.utils import timezone

from proactive.bulletins.enums import JobState, SubscriberKind
from proactive.bulletins.models import Edition, Subscription
from proactive.publications.editorial import EditorialState
from tests.browser import press, says, visit
from tests.bulletins.support import arrange, material, this_month
from tests.e2e.test_roles_walk import sign_in_official

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
S = EditorialState


def new_page(make_page, **kwargs):
    page = make_page(**kwargs)
    page.page.set_default_timeout(60_000)
    return page


def test_a_bulletin_is_assembled_reviewed_approved_and_published_in_korean(make_page, tmp_path):
    people = arrange()
    material()
    Subscription.objects.create(
        kind=SubscriberKind.CITIZEN,
        email="reader@example.com",
        language="ko",
        consented_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    year, month = this_month()

    # 1. The secretariat assembles the month's edition and edits it.
    editor = new_page(make_page)
    sign_in_official(editor, people.editor, staff=True)
    visit(editor, "/bulletin/editions/")
    form = editor.page.locator("form:has(select[name=month])")
    form.locator("input[name=year]").fill(str(year))
    form.locator("select[name=month]").select_option(str(month))
    press(editor, "편성")
    says(
        editor,
        "월보를 초안으로 편성했습니다",
        "이달의 우수사례",
        "지하차도 침수 선제 통제로 인명 피해 예방",
        "위원회 의견",
    )
    news = editor.page.locator("form[action$='/news/']")
    news.locator("input[name=title]").fill("하반기 적극행정 교육 안내")
    news.locator("textarea[name=body]").fill(
        "12월 10일 시청 대회의실에서 적극행정 실무 교육을 엽니다. 많은 참여를 바랍니다."
    )
    press(editor, "소식 추가", scope=news)
    says(editor, "소식을 추가했습니다", "하반기 적극행정 교육 안내")
    note = editor.page.locator("form[action$='/editorial/']")
    note.locator("textarea[name=editorial]").fill(
        "현장의 적극행정이 시민의 삶을 바꿉니다. 이달에도 그 이야기를 전합니다."
    )
    press(editor, "발간사 저장", scope=note)
    press(editor, "검토 요청")
    says(editor, "검토를 요청했습니다", "편성하거나 검토를 요청한 사람이 아닌 다른 사무국 직원이 승인합니다")
    edition = Edition.objects.get(year=year, month=month)
    assert edition.state == S.REVIEW

    # 2. Another member of the secretariat approves.
    approver = new_page(make_page)
    sign_in_official(approver, people.approver, staff=True)
    visit(approver, f"/bulletin/editions/{edition.pk}/")
    press(approver, "승인")
    says(approver, "승인했습니다")

    # 3. The editor publishes: the PDF and the e-mails run in the background (at once with the test backend).
    visit(editor, f"/bulletin/editions/{edition.pk}/")
    mail.outbox.clear()
    press(editor, "발행")
    says(editor, "발행했습니다")
    edition.refresh_from_db()
    assert edition.state == S.PUBLISHED
    assert (edition.pdf_state, edition.mail_state, edition.mail_sent) == (JobState.DONE, JobState.DONE, 1)
    visit(editor, f"/bulletin/editions/{edition.pk}/")
    says(editor, "PDF와 이메일", "1명 중 1명 발송", "완료")

    # The subscriber got it once, in Korean, with the unsubscribe link.
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert message.subject == f"적극행정 월보 {year}년 {month}월호"
    assert "하반기 적극행정 교육 안내" in message.body
    assert "/bulletin/unsubscribe/" in message.body

    # 4. The public page and its PDF: pages rendered to PNG, the text checked.
    reader = new_page(make_page, width=390, height=844)  # a phone
    visit(reader, f"/bulletin/{year}/{month}/")
    says(reader, "현장의 적극행정이 시민의 삶을 바꿉니다", "숫자로 보는 이달의 적극행정", "PDF 내려받기")
    response = reader.page.request.get(reader.base_url + f"/bulletin/{year}/{month}/v1/pdf/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == edition.pdf_pages >= 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "적극행정 월보",
        "발간사",
        "하반기 적극행정 교육 안내",
        "지하차도 침수 선제 통제로",
        "위원회 답변",
    ):
        assert expected in text, expected
