"""Key rotation: everything sealed under the old key is re-sealed under the new one and still reads the same."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from proactive.reporting import crypto
from proactive.reporting.enums import MessageAuthor
from proactive.reporting.models import Attachment, Message, Report
from proactive.reporting.services.common import (
    add_message,
    attachment_bytes,
    attachment_name,
    content_of,
    identity_of,
    message_text,
)
from tests.reporting.support import WHAT, anonymous_report, arrange_centre, named_report

pytestmark = pytest.mark.django_db


def test_rotation_reseals_everything_and_the_old_key_can_then_go(settings):
    centre = arrange_centre()
    old_key = settings.PROACTIVE_REPORT_KEYS
    upload = SimpleUploadedFile("메모.txt", "파일 안의 CANARY".encode(), content_type="text/plain")
    report, _receipt = anonymous_report(centre, files=[upload])
    named = named_report(centre)
    add_message(report=report, author_kind=MessageAuthor.REPORTER, text="추가로 알려 드립니다.")

    settings.PROACTIVE_REPORT_KEYS = f"{crypto.new_key()},{old_key}"
    out = io.StringIO()
    call_command("rotate_report_key", stdout=out)
    assert "2 reports, 1 messages, 0 action notes, 1 files" in out.getvalue()
    call_command("rotate_report_key", stdout=io.StringIO())  # again: nothing left to do

    settings.PROACTIVE_REPORT_KEYS = settings.PROACTIVE_REPORT_KEYS.split(",")[0]  # the old key is gone
    report = Report.objects.get(pk=report.pk)
    assert content_of(report)["what"] == WHAT
    assert identity_of(Report.objects.get(pk=named.pk))["email"] == centre.citizen.email
    assert message_text(Message.objects.get(report=report)) == "추가로 알려 드립니다."
    attachment = Attachment.objects.get(report=report)
    assert attachment_name(attachment) == "메모.txt"
    assert attachment_bytes(attachment) == "파일 안의 CANARY".encode()
