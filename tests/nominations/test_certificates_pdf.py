"""The real thing, once: issuing after commit runs the task (ImmediateBackend), Chromium renders the PDF with the
embedded PretendardGOV font, it is stored as a private document, the recipient is notified and downloads it.
Slow (a browser start): keep the rendering tests in this file few."""

import subprocess

import pytest
from django.urls import reverse

from proactive.documents.pdf import PdfRenderingError
from proactive.nominations.services import certificates as services
from proactive.notifications.models import Notification
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_certificates_support import (  # noqa: F401  (_certificate_kinds is an autouse fixture)
    _certificate_kinds,
    award,
    chair,
    recipient_of,
)

pytestmark = pytest.mark.django_db


def test_issuing_renders_stores_and_announces_a_real_pdf(client, tmp_path, django_capture_on_commit_callbacks):
    rnd = SelectionRoundFactory(year=2025, half=1)
    award(rnd, team=2, title="인허가 민원 처리기간 단축")
    with django_capture_on_commit_callbacks(execute=True):
        certificates = services.issue_certificates(actor=chair(), round=rnd)

    first = certificates[0]
    first.refresh_from_db()
    assert first.document is not None, "the task did not store the PDF"
    assert first.document.purpose == services.CERTIFICATE_PURPOSE
    assert first.document.owner is None
    pdf = first.document.file.open("rb").read()
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "상" in text
    assert first.recipient_name in text.replace(" ", "")
    assert first.serial in text
    assert "부산광역시장박형준" in text.replace(" ", "")  # letter-spaced in print

    for certificate in certificates[1:]:
        certificate.refresh_from_db()
        assert certificate.document is not None

    user = recipient_of(first)
    notice = Notification.objects.get(recipient=user, kind=services.KIND_READY)
    assert notice.url == reverse("nominations:my-certificates")

    client.force_login(user)
    response = client.get(reverse("nominations:certificate-pdf", args=[first.serial]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf


def test_a_failed_rendering_leaves_the_certificate_to_be_rendered_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    def fail(documents, **kwargs):
        raise PdfRenderingError("no browser")

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdfs", fail)
    rnd = SelectionRoundFactory()
    award(rnd)
    with django_capture_on_commit_callbacks(execute=True):
        (certificate,) = services.issue_certificates(actor=chair(), round=rnd)
    certificate.refresh_from_db()
    assert certificate.document is None
    assert not Notification.objects.filter(kind=services.KIND_READY).exists()
