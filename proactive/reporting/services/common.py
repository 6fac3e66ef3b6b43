"""What every area of the reporting centre shares: sealed content, sealed files, the day-dated timeline.

Nothing here takes a request. Nothing here records a time of day, an address or a user agent.
"""

import io
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from proactive.documents.cleaning import strip_metadata
from proactive.documents.validators import check_upload, clean_file_name
from proactive.reporting import crypto
from proactive.reporting.models import Attachment, Event, Message, Report

# Kinds a reporter may attach: what a phone or an office produces (HWP is kept sealed but cannot be cleaned; the
# form warns that a document's content and properties can identify its author).
ATTACHMENT_KINDS = ("jpeg", "png", "gif", "webp", "pdf", "docx", "xlsx", "pptx", "hwp", "hwpx", "txt")


def today():
    return timezone.localdate()


def log(report: Report, verb: str, *, actor: Any = None, data: dict | None = None) -> Event:
    """Append to the report's own timeline (dated by day). ``actor`` is a handler, or None for the reporter."""
    return Event.objects.create(
        report=report, on=today(), verb=verb, actor=actor if getattr(actor, "pk", None) else None, data=data or {}
    )


def next_number(year: int) -> str:
    """The next staff-facing report number of ``year``: ``2026-000123``. Call inside the filing transaction
    (SQLite's IMMEDIATE transactions and PostgreSQL's unique constraint keep two filings from sharing one)."""
    prefix = f"{year}-"
    last = Report.objects.filter(number__startswith=prefix).aggregate(last=Max("number"))["last"]
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


# --- Sealed content ------------------------------------------------------------------------------------------


def content_of(report: Report) -> dict[str, Any]:
    """What the reporter wrote: ``what``, ``when``, ``prior_complaint``, ``outside_body``, ``official_name``."""
    return crypto.open_json(report.content, context=report.context("content"))


def identity_of(report: Report) -> dict[str, Any]:
    """A named reporter's name and contact as they were when filing ({} for an anonymous report). Callers check
    ``reporting.see_reporter_identity`` or record a reveal first (``services.handling.reveal_identity``)."""
    if report.identity is None:
        return {}
    return crypto.open_json(report.identity, context=report.context("identity"))


def add_message(*, report: Report, author_kind: str, text: str, author: Any = None, internal: bool = False) -> Message:
    message = Message(report=report, author_kind=author_kind, author=author, internal=internal, sent_on=today())
    message.body = crypto.seal_text(text, context=report.context(f"message:{message.uid}"))
    message.save(force_insert=True)
    return message


def message_text(message: Message) -> str:
    return crypto.open_text(message.body, context=message.report.context(f"message:{message.uid}"))


# --- Sealed files --------------------------------------------------------------------------------------------


def store_attachment(
    *, report: Report, uploaded_file: Any, from_reporter: bool, message: Message | None = None
) -> Attachment:
    """Check the file's type from its content, strip its metadata (REP-08), seal name and bytes, store them.

    Raises ``DomainError`` (with a message for the uploader) when the file is refused or cannot be cleaned. The
    stored file is removed again if the row cannot be written.
    """
    detected = check_upload(uploaded_file, allowed=ATTACHMENT_KINDS)
    cleaned = strip_metadata(uploaded_file, detected)
    if cleaned is None:
        uploaded_file.seek(0)
        cleaned = uploaded_file.read()
    attachment = Attachment(
        report=report,
        message=message,
        from_reporter=from_reporter,
        content_type=detected.content_type,
        extension=detected.extension,
        size=len(cleaned),
        added_on=today(),
    )
    attachment.name = crypto.seal_text(
        clean_file_name(uploaded_file.name), context=report.context(f"attachment-name:{attachment.uid}")
    )
    sealed = crypto.seal(cleaned, context=report.context(f"attachment:{attachment.uid}"))
    attachment.file.save("sealed", ContentFile(sealed), save=False)
    try:
        with transaction.atomic():
            attachment.save(force_insert=True)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_name(attachment: Attachment) -> str:
    return crypto.open_text(attachment.name, context=attachment.report.context(f"attachment-name:{attachment.uid}"))


def attachment_bytes(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        sealed = handle.read()
    return crypto.open_sealed(sealed, context=attachment.report.context(f"attachment:{attachment.uid}"))


def attachment_stream(attachment: Attachment) -> io.BytesIO:
    return io.BytesIO(attachment_bytes(attachment))
