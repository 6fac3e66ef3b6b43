"""The real decision document, once: the decision commits, the task renders the PDF with Chromium and the embedded
PretendardGOV font, it is stored as a private document and the applicant downloads it. The text is read back with
pdftotext, as the nominations certificate tests do. Slow (a browser start): keep the rendering tests here few."""

import subprocess

import pytest
from django.urls import reverse

from proactive.documents.pdf import PdfRenderingError
from proactive.protection.enums import Disposition, Outcome
from proactive.protection.services import board
from tests.conftest import login_verified
from tests.protection.support import FakeProvider, concerned_of, draft, finding_of, providers, tabled, vote_all

pytestmark = pytest.mark.django_db


def test_the_decision_pdf_carries_the_number_the_outcome_and_the_advice_followed(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    opinions = FakeProvider("opinion", "의견제시")
    consulting = FakeProvider("preconsulting", "사전컨설팅")
    opinions.add(world.official, 3, "의견-2026-0003", "태풍 피해 상가 도로점용허가 수수료 감면 가능 여부")
    consulting.add(world.official, 12, "사전-2026-0012", "도로점용허가 수수료 감면 처리 방안")
    row = concerned_of(world, finding_of(world, disposition=Disposition.LIGHT_DISCIPLINE))
    with providers(opinions, consulting):
        application = tabled(world, draft(world, row))
    vote_all(
        world, application, [Outcome.MITIGATED, Outcome.MITIGATED, Outcome.EXEMPTED], mitigated_to=Disposition.CAUTION
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = board.decide_application(
            actor=world.auditor, application=application, reasons="사전 자문에 따른 처리로 감경이 타당합니다."
        )

    application.refresh_from_db()
    document = application.decision_document
    assert document is not None, "the task did not store the PDF"
    assert document.purpose == "protection.decision"
    assert document.owner is None
    pdf = document.file.open("rb").read()
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    assert application.number in text
    assert "면책심사결정서" in flat
    assert "감경" in text
    assert "주의(으)로감경" in flat
    assert "사전자문에따른업무처리" in flat
    assert "의견-2026-0003" in text
    assert "사전-2026-0012" in text
    assert "김주무" in text
    assert "사전자문에따른처리로감경이타당합니다." in flat
    assert "부산광역시면책심사위원회" in flat
    assert "Exempted" not in text
    assert "Mitigated" not in text

    login_verified(client, world.official)
    response = client.get(reverse("protection:decision-pdf", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf


def test_a_failed_rendering_leaves_the_decision_to_be_rendered_again(
    monkeypatch, world, django_capture_on_commit_callbacks
):
    def fail(html, **kwargs):
        raise PdfRenderingError("no browser")

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", fail)
    application = tabled(world)
    vote_all(world, application, [Outcome.DENIED] * 3)
    with django_capture_on_commit_callbacks(execute=True):  # the task fails; the decision stands
        board.decide_application(actor=world.auditor, application=application, reasons="이유")
    application.refresh_from_db()
    assert application.number
    assert application.decision_document is None
