"""The decision documents for real: the committee's decision commits, the task renders the PDF with Chromium and
the embedded PretendardGOV font, it is stored as a private document, and its text says what was decided. Slow (a
browser start each): keep the rendering tests in this file few."""

import subprocess

import pytest

from proactive.documents.pdf import PdfRenderingError
from proactive.legalsupport.enums import Outcome
from proactive.legalsupport.rules import DECISION_PURPOSE
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services import decisions
from tests.committee.support import decide
from tests.legalsupport.support import arrange, decided, invoice, item_of, pay, tabled

pytestmark = pytest.mark.django_db


def _text(document, tmp_path) -> tuple[str, str]:
    path = tmp_path / "decision.pdf"
    path.write_bytes(document.file.open("rb").read())
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return fonts, " ".join(text.split())


def test_the_approval_is_issued_as_a_numbered_korean_pdf(tmp_path, django_capture_on_commit_callbacks):
    people = arrange()
    application = tabled(people, proposed=2_000_000)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item_of(application), Outcome.APPROVED, resolution="공익을 위한 긴급 조치로 인정되어 원안대로 지원한다.")
    application.refresh_from_db()

    document = application.decision_document
    assert document is not None, "the task did not store the PDF"
    assert (document.purpose, document.owner) == (DECISION_PURPOSE, None)
    fonts, text = _text(document, tmp_path)
    assert "PretendardGOV" in fonts
    compact = text.replace(" ", "")
    assert "법률지원결정서" in compact
    assert application.decision_number in text
    assert "김안전" in compact
    assert "2,000,000원" in text
    assert "징계절차" in compact
    assert "공익을위한긴급조치로인정되어원안대로지원한다." in compact
    assert application.events.filter(verb="document_issued").exists()


def test_a_denial_and_a_cancellation_say_what_was_decided(tmp_path):
    people = arrange()
    denied = decided(people, Outcome.DENIED, resolution="사적 이해관계가 확인되어 지원하지 아니한다.")
    denied = decisions.render_decision(application_id=denied.pk)
    _fonts, text = _text(denied.decision_document, tmp_path)
    assert "지원하지아니한다" in text.replace(" ", "")

    cancelled = decided(people)
    pay(people, invoice(people, cancelled), 1_200_000)
    cancelled = services.cancel_support(actor=people.accountable, application=cancelled, reason="허위 청구서 제출")
    cancelled = decisions.render_decision(application_id=cancelled.pk, kind="cancellation")
    _fonts, text = _text(cancelled.cancellation_document, tmp_path)
    compact = text.replace(" ", "")
    assert "법률지원취소결정서" in compact
    assert "1,200,000원" in text
    assert "허위청구서제출" in compact


def test_a_failed_rendering_leaves_the_decision_to_be_rendered_again(monkeypatch, django_capture_on_commit_callbacks):
    def fail(html, **kwargs):
        raise PdfRenderingError("no browser")

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", fail)
    people = arrange()
    application = tabled(people)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item_of(application), Outcome.APPROVED)
    application.refresh_from_db()
    assert application.decision_number
    assert application.decision_document is None


def test_nothing_is_rendered_without_a_decision():
    people = arrange()
    assert decisions.render_decision(application_id=tabled(people).pk) is None
    assert decisions.render_decision(application_id=decided(people).pk, kind="cancellation") is None
