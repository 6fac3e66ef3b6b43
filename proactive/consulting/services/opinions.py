"""The opinion document (사전컨설팅 의견서): a numbered PDF with Korean fonts.

The PDF is rendered after the opinion is issued, by the background task ``task_render_opinion`` (headless
Chromium, ``documents.pdf``), and stored as a private document of purpose ``consulting.opinion`` with no owner:
the rule ``consulting.download_opinion`` decides who reads it (the requester, their head, the audit office). The
download view renders it on the spot when the task has not run yet (``ensure_pdf``).

It prints the request's summary (requester, unit, title, background, statutes, issues, proposed handling), the
committee's view when the matter was referred, the opinion (conclusion and reasons) and the note on its effect:
acting as advised, the official is presumed to have acted without intent or gross negligence (no disciplinary
resolution, 공무원 징계령 시행규칙 제3조의2), unless they had a private interest or did not give enough information.
"""

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from proactive.audit.services import record_event
from proactive.consulting.enums import SelfCheckItem
from proactive.consulting.models import Opinion
from proactive.consulting.rules import OPINION_PURPOSE
from proactive.documents.services import store_upload
from proactive.programme.queries import current_settings as programme_settings

logger = logging.getLogger(__name__)


def korean_date(day: Any) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def file_name_of(opinion: Opinion) -> str:
    return f"사전컨설팅_의견서_{opinion.number}.pdf"


def opinion_html(opinion: Opinion) -> str:
    """The opinion as a complete HTML document (A4 portrait), in Korean."""
    from proactive.documents.pdf import font_face_css  # noqa: PLC0415  (reads the font files; only rendering needs it)

    req = opinion.request
    programme = programme_settings()
    with translation.override("ko"):
        checks = [
            {"label": str(item.label), "checked": (req.self_check.get(item.value) or {}).get("checked", False)}
            for item in SelfCheckItem
        ]
        referral = req.referrals.exclude(view="").order_by("-pk").first()
        context = {
            "opinion": opinion,
            "req": req,
            "checks": checks,
            "referral": referral,
            "issued_on": korean_date(opinion.issued_on),
            "received_on": korean_date(req.received_on) if req.received_on else "",
            "issuer": f"{programme.organisation_name} 감사위원회",
            "font_css": font_face_css(),
        }
        return render_to_string("consulting/opinion_pdf.html", context)


def render_opinion(*, opinion_id: int) -> Opinion | None:
    """Render and store the opinion's PDF if it has none yet; returns the opinion (None if it does not exist).

    Side effects: a Document (purpose ``consulting.opinion``, no owner); audit event ``consulting.opinion_rendered``.
    """
    from proactive.documents.pdf import html_to_pdf  # noqa: PLC0415  (starts a browser; only rendering needs it)

    opinion = (
        Opinion.objects.select_related("request__unit", "request__official", "request__body")
        .filter(pk=opinion_id)
        .first()
    )
    if opinion is None or opinion.document_id is not None:
        return opinion
    pdf = html_to_pdf(opinion_html(opinion))
    with transaction.atomic():
        locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if locked.document_id is not None:
            return locked
        document = store_upload(
            actor=None,
            uploaded_file=ContentFile(pdf, name=file_name_of(locked)),
            purpose=OPINION_PURPOSE,
            allowed={"pdf"},
        )
        locked.document = document
        locked.save(update_fields=["document"])
        record_event(
            actor=None,
            verb="consulting.opinion_rendered",
            target=locked,
            data={"number": locked.number, "document": str(document.pk), "size": document.size},
        )
    return locked


def ensure_pdf(opinion: Opinion) -> Opinion:
    """The opinion with its PDF, rendering it now if the task has not (yet)."""
    if opinion.document_id is None:
        opinion = render_opinion(opinion_id=opinion.pk) or opinion
    return opinion


@task
def task_render_opinion(opinion_id: int) -> bool:
    """Background wrapper of ``render_opinion``; failures are logged (the download view renders it again)."""
    try:
        return render_opinion(opinion_id=opinion_id) is not None
    except Exception:
        logger.exception("Rendering pre-consulting opinion %s failed", opinion_id)
        raise
