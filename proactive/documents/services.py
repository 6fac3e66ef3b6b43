"""Writes for documents: storing an upload, and recording a download of someone else's document."""

import hashlib
from collections.abc import Collection
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.audit.services import record_access, record_event
from proactive.core.exceptions import DomainError
from proactive.documents.cleaning import strip_metadata
from proactive.documents.models import Document
from proactive.documents.validators import check_upload, clean_file_name


def _sha256_of(file: Any) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def store_upload(*, actor: Any, uploaded_file: Any, purpose: str, allowed: Collection[str] | None = None) -> Document:
    """Accept one uploaded file as a Document owned by ``actor``.

    Rules: at most ``settings.DOCUMENT_MAX_BYTES``; the type is detected from the content and must be on the
    allow-list (``allowed`` narrows it) and match the file's extension. Raises ``DomainError`` otherwise.

    Side effects, in order: metadata stripped (images re-encoded, PDF info and XMP removed, OOXML properties
    blanked); the file written under a random name to the private storage; the Document row; an audit event
    ``documents.uploaded``. If the row cannot be written, the stored file is removed again.
    """
    if not purpose or len(purpose) > 80:
        raise ValueError("A document needs a purpose of at most 80 characters.")
    detected = check_upload(uploaded_file, allowed=allowed)
    cleaned = strip_metadata(uploaded_file, detected)
    if cleaned is not None:
        content: Any = ContentFile(cleaned)
        size, sha256 = len(cleaned), hashlib.sha256(cleaned).hexdigest()
    else:
        content = uploaded_file
        size, sha256 = uploaded_file.size, _sha256_of(uploaded_file)
    document = Document(
        owner=actor if getattr(actor, "pk", None) else None,
        original_name=clean_file_name(uploaded_file.name),
        content_type=detected.content_type,
        extension=detected.extension,
        size=size,
        sha256=sha256,
        purpose=purpose,
    )
    document.file.save("upload", content, save=False)
    try:
        document.save(force_insert=True)
        record_event(
            actor=actor,
            verb="documents.uploaded",
            target=document,
            data={"purpose": purpose, "content_type": detected.content_type, "size": size, "sha256": sha256},
        )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def record_download(*, actor: Any, document: Document, reason: str, ip_address: str | None) -> AccessRecord:
    """Record that ``actor`` downloads someone else's document, and why (안전조치 §8: reason for downloads).

    Owners downloading their own documents are not recorded. Raises ``DomainError`` without a reason.
    Side effect: an access record (action DOWNLOAD, subject = the document's owner).
    """
    if not (reason or "").strip():
        raise DomainError(_("Please give the reason for this download."), code="reason_required")
    return record_access(
        actor=actor,
        ip_address=ip_address,
        action=AccessAction.DOWNLOAD,
        subject=document.owner,
        resource=document.original_name,
        reason=reason,
    )
