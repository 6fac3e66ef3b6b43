"""The decision documents of legal support: the committee's decision (approved or denied) and the cancellation
of support obtained falsely, each a PDF in Korean with embedded fonts.

Decisions are numbered ``법률-2026-0001`` (a per-year series; ``Application.decision_number`` is unique, and the
number is drawn inside the deciding transaction). The PDFs are rendered after the transaction commits, by the
background task ``task_render_decision`` (a browser start takes seconds), and stored as private documents of
purpose ``legalsupport.decision``, readable by whoever may read the application (``rules``). Rendering again (the
amount corrected, or a failed rendering retried by the secretariat) stores a new document and points the
application at it; the old one stays in the documents table.
"""

import logging
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.documents.services import store_upload
from proactive.legalsupport.enums import Outcome, Stage
from proactive.legalsupport.models import Application, LegalSupportSettings
from proactive.legalsupport.rules import DECISION_PURPOSE
from proactive.legalsupport.services.common import log, require, won
from proactive.programme.queries import current_settings

logger = logging.getLogger(__name__)

PREFIX = "법률"
KINDS = ("decision", "cancellation")
RENDER = "legalsupport.render_decision"


def next_decision_number(year: int) -> str:
    """The next number of ``year``'s series: ``법률-2026-0001``. Call inside the deciding transaction."""
    prefix = f"{PREFIX}-{year}-"
    last = Application.objects.filter(decision_number__startswith=prefix).aggregate(last=Max("decision_number"))["last"]
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def korean_date(day: Any) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일" if day else ""


def file_name(application: Application, kind: str) -> str:
    title = "법률지원취소결정" if kind == "cancellation" else "법률지원결정"
    return f"{title}_{application.decision_number or application.pk}.pdf"


def decision_html(application: Application, kind: str = "decision") -> str:
    """The decision (or the cancellation) as a complete HTML document (A4), always in Korean."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    if kind not in KINDS:
        raise ValueError(f"unknown decision document {kind!r}")
    programme = current_settings()
    with translation.override("ko"):
        settings = LegalSupportSettings.objects.filter(pk=1).first() or LegalSupportSettings(pk=1)
        stage = application.approved_stage or application.stage
        cap = settings.cap_for(stage)
        context = {
            "application": application,
            "kind": kind,
            "approved": application.decision_outcome == Outcome.APPROVED,
            "organisation": programme.organisation_name,
            "official": application.official,
            "unit": application.official.unit.display_name("ko") if application.official.unit_id else "",
            "stage_label": str(Stage(application.stage).label),
            "approved_stage_label": str(Stage(stage).label),
            "support_kinds": application.support_kind_labels,
            "requested": won(application.amount_requested),
            "approved_amount": won(application.approved_amount),
            "cap": won(cap) if cap is not None else "한도 없음(법원의 소송비용 산입 기준에 따름)",
            "paid": won(application.paid_total),
            "refund_due": won(application.refund_due),
            "decided_on": korean_date(application.decided_on),
            "cancelled_on": korean_date(application.cancelled_on),
            "acquittal_final_on": korean_date(application.acquittal_final_on),
            "font_css": font_face_css(),
        }
        return render_to_string("legalsupport/decision_pdf.html", context)


def render_decision(*, application_id: int, kind: str = "decision") -> Application | None:
    """Render and store the PDF of ``kind`` for the application and point the application at it.

    Nothing is rendered for an application without that decision (no decision number; not cancelled). Side
    effects: a Document (purpose ``legalsupport.decision``, no owner: the access rule decides who reads it); audit
    event ``legalsupport.document_issued``; timeline entry ``document_issued``.
    """
    from proactive.documents.pdf import html_to_pdf  # starts a browser; only the task needs it

    application = Application.objects.select_related("official__unit").filter(pk=application_id).first()
    if application is None or not application.decision_number:
        return None
    if kind == "cancellation" and application.cancelled_on is None:
        return None
    pdf = html_to_pdf(decision_html(application, kind))
    field = "cancellation_document" if kind == "cancellation" else "decision_document"
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        document = store_upload(
            actor=None,
            uploaded_file=ContentFile(pdf, name=file_name(locked, kind)),
            purpose=DECISION_PURPOSE,
            allowed={"pdf"},
        )
        setattr(locked, field, document)
        locked.save(update_fields=[field, "updated_at"])
        data = {"kind": kind, "document": str(document.pk), "number": locked.decision_number, "size": document.size}
        record_event(actor=None, verb="legalsupport.document_issued", target=locked, data=data)
        log(locked, "document_issued", data={"kind": kind})
    return locked


@task
def task_render_decision(application_id: int, kind: str = "decision") -> bool:
    """Background wrapper of ``render_decision``; failures are logged (the secretariat may render again)."""
    try:
        return render_decision(application_id=application_id, kind=kind) is not None
    except Exception:
        logger.exception("Rendering the %s of legal-support application %s failed", kind, application_id)
        raise


def queue_rendering(application_id: int, kind: str) -> None:
    task_render_decision.enqueue(application_id, kind)


@transaction.atomic
def request_rendering(*, actor: Any, application: Application) -> None:
    """The secretariat asks for the decision documents to be rendered again (e.g. after a failed rendering).
    Side effects: audit event ``legalsupport.rendering_requested``; the task queued after commit."""
    require(actor, RENDER, application)
    if not application.decision_number:
        raise DomainError(_("This application has no decision yet."), code="no_decision")
    record_event(actor=actor, verb="legalsupport.rendering_requested", target=application)
    transaction.on_commit(partial(queue_rendering, application.pk, "decision"))
    if application.cancelled_on is not None:
        transaction.on_commit(partial(queue_rendering, application.pk, "cancellation"))
