"""What publication produces: the PDF (headless Chromium, embedded PretendardGOV fonts, Korean ``keep-all`` line
breaking) and the e-mail to every subscriber (HTML and plain text, in the subscriber's language, with a signed
unsubscribe link). Both run as background tasks queued when the edition is published; their progress is kept on
the edition (``pdf_state``; ``mail_state``, ``mail_total``, ``mail_sent``) for the staff page's progress bar.

Sending is idempotent: before an e-mail goes, its ``Delivery`` row (edition, subscription) is written and committed
under a unique constraint, so a retried or doubled task skips everyone already claimed: nobody receives the same
edition twice (at most once; a claim whose e-mail then failed shows as not sent on the staff page).
"""

import io
import logging
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.bulletins.enums import JobState, SubscriberKind
from proactive.bulletins.models import Delivery, Edition, Subscription
from proactive.bulletins.queries import get_edition, recipients, sections
from proactive.bulletins.queries.statistics import labelled
from proactive.bulletins.rules import PDF_PURPOSE
from proactive.bulletins.services.common import require
from proactive.bulletins.services.subscriptions import unsubscribe_token
from proactive.core.exceptions import DomainError
from proactive.documents.services import store_upload
from proactive.notifications.services import absolute_url
from proactive.programme.queries import current_settings

logger = logging.getLogger(__name__)

BATCH = 200
PLACEHOLDER = "__BULLETIN_UNSUBSCRIBE__"
TOKEN = "__TOKEN__"
RETRY = "bulletins.retry_jobs"


def edition_title(edition: Edition) -> str:
    """``적극행정 월보 2026년 11월호`` in the active language."""
    return _("Proactive administration bulletin, %(year)s-%(month)02d") % {"year": edition.year, "month": edition.month}


def file_name(edition: Edition) -> str:
    suffix = f"_v{edition.version}" if edition.version > 1 else ""
    return f"적극행정월보_{edition.year}년{edition.month:02d}월{suffix}.pdf"


def public_path(edition: Edition) -> str:
    return reverse("bulletins:edition-version", args=[edition.year, edition.month, edition.version])


# --- PDF ----------------------------------------------------------------------------------------------------


def _image_data(item: Any) -> str:
    from proactive.documents.pdf import data_url  # rendering only

    if not item.image_id:
        return ""
    try:
        with item.image.file.open("rb") as handle:
            return data_url(handle.read(), item.image.content_type)
    except OSError:
        return ""


def edition_html(edition: Edition, items: list | None = None) -> str:
    """The edition as one A4 HTML document for the PDF, always in Korean (the bulletin is published in Korean).
    ``items``: the items in order, when they are not the edition's saved ones (the benchmark)."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    with translation.override("ko"):
        parts = sections(edition, items)
        for section in parts:
            for item in section.items:
                item.image_src = _image_data(item)  # type: ignore[attr-defined]  # for the template only
        context = {
            "edition": edition,
            "title": edition_title(edition),
            "sections": parts,
            "statistics": labelled(edition.statistics),
            "organisation": current_settings().organisation_name,
            "font_css": font_face_css(),
            "page_url": absolute_url(public_path(edition)),
        }
        return render_to_string("bulletins/edition_pdf.html", context)


def _page_count(pdf: bytes) -> int:
    import pikepdf  # heavy; only here

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def render_pdf(*, edition_id: int) -> Edition | None:
    """Render and store the PDF of a published edition. Side effects: a Document (purpose ``bulletins.pdf``);
    ``pdf``, ``pdf_pages``, ``pdf_state``; audit event ``bulletins.pdf_rendered``."""
    from proactive.documents.pdf import html_to_pdf  # starts a browser; only the task needs it

    edition = get_edition(edition_id)
    if edition is None or not edition.is_published:
        return None
    Edition.objects.filter(pk=edition.pk).update(pdf_state=JobState.RUNNING)
    try:
        pdf = html_to_pdf(edition_html(edition))
    except Exception:
        Edition.objects.filter(pk=edition.pk).update(pdf_state=JobState.FAILED)
        raise
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        document = store_upload(
            actor=None, uploaded_file=ContentFile(pdf, name=file_name(locked)), purpose=PDF_PURPOSE, allowed={"pdf"}
        )
        locked.pdf, locked.pdf_pages, locked.pdf_state = document, _page_count(pdf), JobState.DONE
        locked.save(update_fields=["pdf", "pdf_pages", "pdf_state", "updated_at"])
        record_event(
            actor=None,
            verb="bulletins.pdf_rendered",
            target=locked,
            data={"document": str(document.pk), "pages": locked.pdf_pages, "size": document.size},
        )
    return locked


@task
def task_render_pdf(edition_id: int) -> bool:
    try:
        return render_pdf(edition_id=edition_id) is not None
    except Exception:
        logger.exception("Rendering the PDF of bulletin edition %s failed", edition_id)
        raise


# --- E-mail -------------------------------------------------------------------------------------------------


def _bodies(edition: Edition, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of the edition's e-mail in ``language``, with a placeholder for the unsubscribe link."""
    with translation.override(language):
        context = {
            "edition": edition,
            "title": edition_title(edition),
            "sections": sections(edition),
            "statistics": labelled(edition.statistics),
            "page_url": absolute_url(public_path(edition)),
            "pdf_url": absolute_url(
                reverse("bulletins:edition-pdf", args=[edition.year, edition.month, edition.version])
            ),
            "archive_url": absolute_url(reverse("bulletins:archive")),
            "unsubscribe_url": PLACEHOLDER,
        }
        subject = edition_title(edition)
        if edition.corrects_id:
            subject = _("[Correction] %(title)s") % {"title": subject}
        return (
            subject,
            render_to_string("bulletins/email/edition.txt", context),
            render_to_string("bulletins/email/edition.html", context),
        )


def _address(subscription: Subscription) -> str:
    if subscription.kind == SubscriberKind.STAFF:
        return subscription.user.email if subscription.user is not None else ""
    return subscription.email


def send_edition(*, edition_id: int, batch: int = BATCH) -> int:
    """E-mail a published edition to every subscriber who has not had it yet; returns how many were sent.

    Each batch: claim (committed ``Delivery`` rows; subscribers already claimed are skipped), send over one
    connection, mark sent and advance the progress. Not atomic as a whole on purpose: each claim must be
    committed before its e-mail goes.
    """
    edition = get_edition(edition_id)
    if edition is None or not edition.is_published:
        return 0
    claim = uuid.uuid4().hex
    bodies: dict[str, tuple[str, str, str]] = {}
    already = Delivery.objects.filter(edition=edition, sent_at__isnull=False).count()
    pending = recipients().exclude(deliveries__edition=edition)
    total = already + pending.count()
    Edition.objects.filter(pk=edition.pk).update(mail_state=JobState.RUNNING, mail_total=total, mail_sent=already)
    sent = 0
    last_pk = 0
    connection = mailers.default  # one connection for the whole run
    unsubscribe_base = absolute_url(reverse("bulletins:unsubscribe", args=[TOKEN]))
    try:
        while True:
            chunk = list(pending.filter(pk__gt=last_pk)[:batch])
            if not chunk:
                break
            last_pk = chunk[-1].pk
            Delivery.objects.bulk_create(
                [Delivery(edition=edition, subscription=s, claim=claim) for s in chunk], ignore_conflicts=True
            )
            mine = dict(
                Delivery.objects.filter(edition=edition, claim=claim, subscription__in=chunk).values_list(
                    "subscription_id", "pk"
                )
            )
            messages, delivered = [], []
            for subscription in chunk:
                address = _address(subscription)
                if subscription.pk not in mine or not address:
                    continue
                if subscription.language not in bodies:
                    bodies[subscription.language] = _bodies(edition, subscription.language)
                subject, text_body, html_body = bodies[subscription.language]
                link = unsubscribe_base.replace(TOKEN, unsubscribe_token(subscription))
                message = EmailMultiAlternatives(
                    subject=subject,
                    body=text_body.replace(PLACEHOLDER, link),
                    to=[address],
                    headers={"List-Unsubscribe": f"<{link}>"},
                )
                message.attach_alternative(html_body.replace(PLACEHOLDER, escape(link)), "text/html")
                messages.append(message)
                delivered.append(mine[subscription.pk])
            if messages:
                connection.send_messages(messages)
                Delivery.objects.filter(pk__in=delivered).update(sent_at=timezone.now())
                Edition.objects.filter(pk=edition.pk).update(mail_sent=F("mail_sent") + len(delivered))
                sent += len(delivered)
    except Exception:
        Edition.objects.filter(pk=edition.pk).update(mail_state=JobState.FAILED)
        raise
    finally:
        connection.close()
    Edition.objects.filter(pk=edition.pk).update(mail_state=JobState.DONE)
    with transaction.atomic():
        record_event(actor=None, verb="bulletins.edition_sent", target=edition, data={"sent": sent, "total": total})
    return sent


@task
def task_send_edition(edition_id: int) -> int:
    try:
        return send_edition(edition_id=edition_id)
    except Exception:
        logger.exception("Sending bulletin edition %s failed", edition_id)
        raise


def queue_outputs(edition_id: int) -> None:
    task_render_pdf.enqueue(edition_id)
    task_send_edition.enqueue(edition_id)


@transaction.atomic
def retry_outputs(*, actor: Any, edition: Edition, what: str) -> None:
    """The secretariat runs the PDF or the sending again (after a failure); the sending skips everyone already
    claimed. Side effects: audit event ``bulletins.outputs_requested``; the task queued after commit."""
    require(actor, RETRY, edition)
    if what not in ("pdf", "mail"):
        raise DomainError(_("Choose what to run again."), code="what")
    field = "pdf_state" if what == "pdf" else "mail_state"
    Edition.objects.filter(pk=edition.pk).update(**{field: JobState.QUEUED})
    record_event(actor=actor, verb="bulletins.outputs_requested", target=edition, data={"what": what})
    job = task_render_pdf if what == "pdf" else task_send_edition
    transaction.on_commit(lambda: job.enqueue(edition.pk))
