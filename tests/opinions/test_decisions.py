"""The committee's decision as a document: its number, the effect notes, the HTML printed, storing the PDF after the
decision, the retry; and once, the real PDF read back with pdftotext."""

import subprocess

import pytest
from django.urls import reverse

from proactive.audit.models import AuditEvent
from proactive.committee.queries import open_item_of
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.documents.pdf import PdfRenderingError
from proactive.opinions.enums import CommitteeOutcome, RequestKind, RequestState
from proactive.opinions.models import OpinionRequest
from proactive.opinions.services import decisions
from proactive.opinions.services import requests as services
from tests.committee.support import decide
from tests.conftest import login_verified
from tests.factories.documents import pdf_bytes
from tests.opinions.support import OPINION, QUESTION, accepted, auditor, decided, on_agenda, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    """Render without a browser: the HTML is kept for the assertions, a small real PDF is stored."""
    rendered: list[str] = []

    def render(html, **kwargs):
        if "<title>적극행정위원회 의견서" in html or "<title>사후 추인 결정서" in html:
            rendered.append(html)  # ours; the committee renders its own resolution too
        return pdf_bytes()

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", render)
    return rendered


def test_numbers_run_per_kind_and_year():
    assert decisions.next_decision_number(RequestKind.OPINION, 2026) == "의견-2026-0001"
    OpinionRequest.objects.filter(pk=decided().pk).update(decision_number="의견-2026-0009")
    assert decisions.next_decision_number(RequestKind.OPINION, 2026) == "의견-2026-0010"
    assert decisions.next_decision_number(RequestKind.RATIFICATION, 2026) == "추인-2026-0001"
    assert decisions.next_decision_number(RequestKind.OPINION, 2027) == "의견-2027-0001"


def test_the_effect_notes_follow_the_audit_office(fake_pdf):
    plain = decided()
    assert decisions.EFFECT_NO_AUDIT in decisions.effect_notes(plain)
    handler = secretariat()
    officer = auditor()
    request = services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=officer)
    request = services.give_audit_opinion(actor=officer, request=request, opinion="이의 없음", objects=False)
    request = services.table_request(actor=handler, request=request)
    decide(open_item_of(request.kind, request.pk), CommitteeOutcome.OPINION_ISSUED, resolution=OPINION)
    request.refresh_from_db()
    notes = decisions.effect_notes(request)
    assert decisions.EFFECT_OPINION in notes
    assert decisions.EFFECT_AUDIT_GIVEN in notes
    assert decisions.effect_notes(decided(kind=RequestKind.RATIFICATION)) == [decisions.EFFECT_RATIFIED]
    refused = decided(kind=RequestKind.RATIFICATION, outcome=CommitteeOutcome.NOT_RATIFIED)
    assert decisions.effect_notes(refused) == [decisions.EFFECT_NOT_RATIFIED]


def test_the_document_prints_the_meeting_question_opinion_and_effect():
    request = decided()
    html = decisions.decision_html(request)
    for part in (
        "적극행정위원회 의견서",
        request.decision_number,
        request.meeting_number,
        QUESTION,
        OPINION,
        "징계의결등을 하지 않으며",
        request.requester_name,
        "PretendardGOV",
    ):
        assert part in html, part


def test_the_pdf_is_stored_after_the_decision(fake_pdf, django_capture_on_commit_callbacks):
    request = on_agenda()
    with django_capture_on_commit_callbacks(execute=True):
        decide(open_item_of(request.kind, request.pk), CommitteeOutcome.OPINION_ISSUED, resolution=OPINION)
    request.refresh_from_db()
    assert request.decision_document is not None
    assert request.decision_document.purpose == "opinions.decision"
    assert request.decision_document.original_name == f"{request.decision_number}.pdf"
    assert AuditEvent.objects.filter(verb="opinions.decision_rendered").exists()
    assert len(fake_pdf) == 1
    assert decisions.render_decision(request_id=request.pk) is None  # already there: nothing to do
    assert len(fake_pdf) == 1


def test_a_failed_rendering_is_retried_by_the_secretariat(monkeypatch, django_capture_on_commit_callbacks, client):
    def fail(html, **kwargs):
        raise PdfRenderingError("no browser")

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", fail)
    request = on_agenda()
    with django_capture_on_commit_callbacks(execute=True):  # the task's failure is logged, not raised
        decide(open_item_of(request.kind, request.pk), CommitteeOutcome.OPINION_ISSUED, resolution=OPINION)
    request.refresh_from_db()
    assert request.state == RequestState.OPINION_ISSUED
    assert request.decision_document is None
    with pytest.raises(PermissionDeniedError):
        decisions.render_decision_again(actor=request.requester, request=request)
    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", lambda html, **kwargs: pdf_bytes())
    handler = secretariat()
    login_verified(client, handler)
    assert "문서 다시 만들기" in client.get(reverse("opinions:request-detail", args=[request.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("opinions:decision-render", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decision_document is not None
    with pytest.raises(DomainError):
        decisions.render_decision_again(actor=handler, request=request)


def test_a_request_without_a_decision_is_not_rendered():
    with pytest.raises(DomainError):
        decisions.render_decision_again(actor=secretariat(), request=accepted())


def test_the_real_pdf_has_korean_text(tmp_path, django_capture_on_commit_callbacks):
    """Slow (a browser start): the one rendering test."""
    request = on_agenda()
    with django_capture_on_commit_callbacks(execute=True):
        decide(open_item_of(request.kind, request.pk), CommitteeOutcome.OPINION_ISSUED, resolution=OPINION)
    request.refresh_from_db()
    assert request.decision_document is not None
    pdf = request.decision_document.file.open("rb").read()
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert request.decision_number in flat
    assert "의견서" in flat
    assert "".join(OPINION.split()) in flat
    assert request.meeting_number in flat
    assert "징계의결등을하지않으며" in flat
