"""The opinion document: rendered once for real (Chromium, Korean fonts; slow: keep the real renderings few), stored
as a private document, downloaded by the requester at once and by their head and the audit office with a reason."""

import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.consulting.models import Opinion
from proactive.consulting.services import opinions as services
from proactive.consulting.services import review as review_services
from proactive.documents.pdf import PdfRenderingError
from tests.committee.support import decide
from tests.conftest import login_verified
from tests.consulting import support
from tests.factories.documents import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return support.arrange()


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "opinion.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_issuing_renders_a_numbered_korean_pdf_with_the_exemption_note(
    office, tmp_path, django_capture_on_commit_callbacks
):
    from proactive.committee.models import AgendaItem

    req = support.under_review(office)
    review_services.refer_to_committee(actor=office.auditor, req=req, reason="영향이 큼")
    decide(AgendaItem.objects.get(subject_id=req.pk, kind="preconsulting"), "advised", resolution="사용허가 방식 권고")
    with django_capture_on_commit_callbacks(execute=True):
        review_services.issue_opinion(
            actor=office.auditor,
            req=req,
            conclusion="사용허가를 받아 임시 개방할 수 있습니다.",
            reasons="공유재산법 제20조",
        )

    opinion = Opinion.objects.get(request=req)
    assert opinion.document is not None, "the task did not store the PDF"
    assert opinion.document.purpose == "consulting.opinion"
    assert opinion.document.owner is None
    pdf = opinion.document.file.open("rb").read()
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf, tmp_path)
    flat = text.replace(" ", "").replace("\n", "")
    assert opinion.number in text
    assert "사전컨설팅감사의견서" in flat
    assert "공공기관이전부지임시활용가능여부" in flat  # the request's title
    assert req.official.name in flat
    assert "사용허가를받아임시개방할수있습니다" in flat
    assert "사용허가방식권고" in flat  # the committee's view
    assert "고의또는중대한과실이없는것으로추정" in flat
    assert "사적인이해관계" in flat
    assert "부산광역시감사위원회" in flat

    client = Client()
    login_verified(client, office.official)
    response = client.get(reverse("consulting:opinion-pdf", args=[req.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", lambda html, **kw: pdf_bytes())


def test_the_head_and_the_office_give_a_reason(client, office, fake_pdf):
    req = support.answered(office)
    url = reverse("consulting:opinion-pdf", args=[req.pk])
    for person in (office.head, office.auditor):
        login_verified(client, person)
        form = client.get(url)
        assert form.status_code == 200
        assert "내려받는 사유" in form.content.decode()
        assert client.post(url, {"reason": ""}).status_code == 400
        response = client.post(url, {"reason": "이행결과 확인"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert AccessRecord.objects.filter(actor=person, action=AccessAction.DOWNLOAD, reason="이행결과 확인").exists()


def test_the_requester_downloads_at_once_rendering_it_if_needed(client, office, fake_pdf):
    req = support.answered(office)
    assert Opinion.objects.get(request=req).document is None  # the task did not run (no commit in tests)
    login_verified(client, office.official)
    response = client.get(reverse("consulting:opinion-pdf", args=[req.pk]))
    assert response.status_code == 200
    assert Opinion.objects.get(request=req).document is not None
    assert not AccessRecord.objects.filter(actor=office.official, action=AccessAction.DOWNLOAD).exists()


def test_nobody_else_downloads(client, office, fake_pdf):
    req = support.answered(office)
    url = reverse("consulting:opinion-pdf", args=[req.pk])
    for person in (
        office.colleague,
        office.other_head,
        office.district_auditor,
        office.sysadmin,
        office.committee_member,
    ):
        login_verified(client, person)
        assert client.get(url).status_code == 404


def test_no_download_before_the_opinion(client, office):
    req = support.under_review(office)
    login_verified(client, office.official)
    assert client.get(reverse("consulting:opinion-pdf", args=[req.pk])).status_code == 404


def test_a_failed_rendering_says_so(client, office, monkeypatch):
    def fail(html, **kwargs):
        raise PdfRenderingError("no browser")

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", fail)
    req = support.answered(office)
    login_verified(client, office.official)
    response = client.get(reverse("consulting:opinion-pdf", args=[req.pk]))
    assert response.status_code == 503
    assert req.opinion.number in response.content.decode()


def test_rendering_twice_stores_one_document(office, fake_pdf):
    req = support.answered(office)
    first = services.render_opinion(opinion_id=req.opinion.pk)
    second = services.render_opinion(opinion_id=req.opinion.pk)
    assert first.document_id == second.document_id
    assert services.render_opinion(opinion_id=999_999) is None
    assert services.file_name_of(first) == f"사전컨설팅_의견서_{first.number}.pdf"


def test_the_daily_command(office, capsys):
    import datetime

    from django.utils import timezone

    from proactive.consulting.models import ConsultingRequest

    late = support.under_review(office)
    ConsultingRequest.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    answered = support.answered(office, title="오래된 의견")
    Opinion.objects.filter(request=answered).update(issued_on=timezone.localdate() - datetime.timedelta(days=40))
    call_command("flag_overdue_consultings")
    out = capsys.readouterr().out
    assert "1 overdue request(s) flagged, 1 implementation reminder(s) sent." in out
    call_command("flag_overdue_consultings")
    assert "0 overdue request(s) flagged, 0 implementation reminder(s) sent." in capsys.readouterr().out
