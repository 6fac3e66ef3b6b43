"""Writes of the certificates of commendation (상장) given to every winning official.

When the committee's grades are confirmed, every team member of a confirmed, graded award gets one ``Certificate``
(``issue_certificates``, idempotent: members who already have one, even a revoked one, are skipped). Everything
printed is frozen on the row at that moment: the recipient's name and unit, the grade, the case title, the round's
title in Korean and the issuing head (title and name) from the programme settings, so a later change to the org
chart or the settings never alters an issued certificate.

The serial number reads ``2025-1-007-K3F9``: year, half, the certificate's sequence in the round and four random
characters from an unambiguous alphabet (no 0/O, 1/I/L). The sequence keeps it readable and orderable; the random
part keeps the public verification page (``queries.certificates.verify``) from being walked serial by serial.

The PDFs are rendered after the transaction commits, by the background task ``task_render_certificates`` (one
browser session for the whole batch), and stored as private documents of purpose ``CERTIFICATE_PURPOSE``, readable
by the recipient, the secretariat and HR only (``rules.certificates``). The recipient is told when theirs is ready.

The secretariat may revoke a certificate with a reason (``revoke_certificate``); the verification page then answers
"revoked". Every change writes an audit event.
"""

import logging
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.documents.services import store_upload
from proactive.nominations.enums import Grade
from proactive.nominations.models import Award, Certificate, NominationMember, SelectionRound
from proactive.nominations.rules import certificates as rules_certificates
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify
from proactive.programme.queries import current_settings

logger = logging.getLogger(__name__)

CERTIFICATE_PURPOSE = rules_certificates.CERTIFICATE_PURPOSE
KIND_READY = "nominations.certificate_ready"
ISSUE = "nominations.issue_certificates"
REVOKE = "nominations.revoke_certificate"
# No 0/O, 1/I/L and no U/V pair confusion in handwriting: what a person can read back from paper without doubt.
SERIAL_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
SERIAL_RANDOM_LENGTH = 4
REASON_MAX = 300


def register_certificate_notification_kinds() -> None:
    """Declare this module's notification kinds. Called from ``views.certificates.register``."""
    register_kind(KIND_READY, gettext_lazy("Your certificate of commendation is ready"))


def _require_perm(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDeniedError(_("You do not have permission to do this."))


# --- Serial numbers ------------------------------------------------------------------------------------------


def make_serial(selection_round: SelectionRound, sequence: int) -> str:
    """``2025-1-007-K3F9``: year, half, the sequence in the round (3 digits or more), 4 random characters."""
    random_part = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_RANDOM_LENGTH))
    return f"{selection_round.year}-{selection_round.half}-{sequence:03d}-{random_part}"


def normalise_serial(value: str) -> str:
    """What a person typed or scanned, as stored: no spaces, upper case, without a surrounding 제 … 호."""
    text = "".join((value or "").split()).upper()
    if text.startswith("제"):
        text = text[1:]
    if text.endswith("호"):
        text = text[:-1]
    return text[:40]


def _sequence_of(serial: str) -> int:
    try:
        return int(serial.split("-")[2])
    except (IndexError, ValueError):
        return 0


def _last_sequence(selection_round: SelectionRound) -> int:
    serials = Certificate.objects.filter(award__nomination__round=selection_round).values_list("serial", flat=True)
    return max((_sequence_of(s) for s in serials), default=0)


def _unique_serial(selection_round: SelectionRound, sequence: int, taken: set[str]) -> str:
    for _attempt in range(20):
        serial = make_serial(selection_round, sequence)
        if serial not in taken and not Certificate.objects.filter(serial=serial).exists():
            taken.add(serial)
            return serial
    raise DomainError(_("No free serial number could be drawn. Try again."), code="serial")  # pragma: no cover


# --- Issuing -------------------------------------------------------------------------------------------------


def _korean(value: Any) -> str:
    with translation.override("ko"):
        return str(value)


def grade_label_ko(grade: str) -> str:
    """The grade as printed on the certificate: 최우수, 우수, 장려, 도전."""
    return _korean(Grade(grade).label) if grade in Grade.values else grade


@transaction.atomic
def issue_certificates(*, actor: Any, round: SelectionRound) -> list[Certificate]:
    """Issue a certificate to every team member of every confirmed, graded award of ``round`` who has none yet.

    Rules: ``nominations.issue_certificates`` (the chair, whose confirmation of the grades issues them; the
    secretariat, to issue any still missing). Idempotent and safe inside the caller's transaction
    (``committee.confirm_grades``): it locks the round row, so two calls never give one member two certificates
    or two certificates one sequence number. A revoked certificate is not issued again.
    Side effects: Certificate rows with everything printed frozen; one audit event
    ``nominations.certificate_issued`` per certificate; after commit, the task rendering the PDFs of the round's
    certificates still without one (which notifies each recipient once theirs is stored), so calling it again
    also retries a rendering that failed.
    """
    _require_perm(actor, ISSUE)
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    awards = list(
        Award.objects.filter(nomination__round=locked, confirmed_at__isnull=False)
        .exclude(grade="")
        .select_related("nomination")
        .order_by("rank", "pk")
    )
    members = (
        NominationMember.objects.filter(nomination__in=[a.nomination_id for a in awards], certificate__isnull=True)
        .select_related("official__unit")
        .order_by("-contribution", "pk")
    )
    members_of: dict[int, list[NominationMember]] = {}
    for member in members:
        members_of.setdefault(member.nomination_id, []).append(member)
    programme = current_settings()
    round_title = _korean(locked.title)
    sequence = _last_sequence(locked)
    taken: set[str] = set()
    issued: list[Certificate] = []
    now = timezone.now()
    for award in awards:
        for member in members_of.get(award.nomination_id, []):
            sequence += 1
            official = member.official
            certificate = Certificate.objects.create(
                serial=_unique_serial(locked, sequence, taken),
                award=award,
                member=member,
                recipient_name=official.name[:60],
                recipient_unit=official.unit.display_name("ko")[:200],
                grade=award.grade,
                case_title=award.nomination.title[:200],
                round_title=round_title[:60],
                issuer_title=programme.mayor_title[:60],
                issuer_name=programme.mayor_name[:60],
                issued_at=now,
            )
            record_event(
                actor=actor,
                verb="nominations.certificate_issued",
                target=certificate,
                data={
                    "serial": certificate.serial,
                    "award": award.pk,
                    "member": member.pk,
                    "grade": award.grade,
                    "issuer": f"{certificate.issuer_title} {certificate.issuer_name}",
                },
            )
            issued.append(certificate)
    # The new ones, and any whose rendering failed before: issuing again is also the retry.
    unrendered = Certificate.objects.filter(
        award__nomination__round=locked, document__isnull=True, revoked_at__isnull=True
    )
    ids = list(unrendered.order_by("serial").values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: task_render_certificates.enqueue(ids))
    return issued


@transaction.atomic
def revoke_certificate(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """The secretariat revokes an issued certificate, with the reason (e.g. the award was annulled).

    The row and its PDF are kept; the public verification page answers "revoked" with the date. Refused without a
    reason or when it is already revoked. Side effects: an audit event ``nominations.certificate_revoked``.
    """
    _require_perm(actor, REVOKE, certificate)
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Give the reason for the revocation."), code="reason_required")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Keep the reason to %(max)d characters or fewer.") % {"max": REASON_MAX}, code="reason_too_long"
        )
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise DomainError(_("This certificate is already revoked."), code="revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_reason"])
    record_event(
        actor=actor,
        verb="nominations.certificate_revoked",
        target=locked,
        changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
        data={"serial": locked.serial, "reason": reason},
    )
    return locked


# --- Rendering -----------------------------------------------------------------------------------------------


def verification_url(serial: str) -> str:
    """The public verification page for ``serial``, absolute (printed as a QR code on the certificate)."""
    path = reverse("nominations:certificate-verify") + "?" + urlencode({"serial": serial})
    return f"{settings.PROACTIVE_SITE_URL.rstrip('/')}{path}"


def _qr_svg_data_url(text: str) -> str:
    import qrcode  # only rendering needs it
    import qrcode.image.svg

    from proactive.documents.pdf import data_url

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=0, box_size=10)
    return data_url(image.to_string(encoding="unicode").encode("utf-8"), "image/svg+xml")


def korean_date(moment: Any) -> str:
    """``2025년 9월 9일`` in Asia/Seoul."""
    day = timezone.localtime(moment).date()
    return f"{day.year}년 {day.month}월 {day.day}일"


def organisation_of(issuer_title: str) -> str:
    """The body a head's title names: 부산광역시장 → 부산광역시 (a Korean head's title is the body + 장)."""
    return issuer_title[:-1] if len(issuer_title) > 1 and issuer_title.endswith("장") else ""


def certificate_html(certificate: Certificate) -> str:
    """The certificate as a complete HTML document (A4 portrait), from its frozen fields only."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    context = {
        "certificate": certificate,
        "grade_label": grade_label_ko(certificate.grade),
        "organisation": organisation_of(certificate.issuer_title),
        "issued_on": korean_date(certificate.issued_at),
        "verify_url": verification_url(certificate.serial),
        "qr": _qr_svg_data_url(verification_url(certificate.serial)),
        "font_css": font_face_css(),
    }
    with translation.override("ko"):
        return render_to_string("nominations/certificates/certificate_pdf.html", context)


def file_name_of(certificate: Certificate) -> str:
    return f"상장_{certificate.serial}.pdf"


def render_certificates(*, certificate_ids: Sequence[int]) -> list[Certificate]:
    """Render and store the PDF of each listed certificate that has none yet (revoked ones are skipped).

    One browser session renders the batch. Each stored PDF becomes a private Document (purpose
    ``CERTIFICATE_PURPOSE``, no owner: the access rule decides who reads it) linked to its certificate, in its own
    transaction, so a failure later in the batch keeps the ones already stored.
    Side effects: Documents; an audit event ``nominations.certificate_rendered`` each; the recipient (if they have
    an active sign-in account) is told their certificate is ready.
    """
    from proactive.documents.pdf import html_to_pdfs  # starts a browser; only the task needs it

    certificates = list(
        Certificate.objects.filter(pk__in=certificate_ids, document__isnull=True, revoked_at__isnull=True)
        .select_related("member__official__user")
        .order_by("serial")
    )
    if not certificates:
        return []
    pdfs = html_to_pdfs([certificate_html(c) for c in certificates])
    done = []
    for certificate, pdf in zip(certificates, pdfs, strict=True):
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.document_id is not None:
                continue
            document = store_upload(
                actor=None,
                uploaded_file=ContentFile(pdf, name=file_name_of(locked)),
                purpose=CERTIFICATE_PURPOSE,
                allowed={"pdf"},
            )
            locked.document = document
            locked.save(update_fields=["document"])
            record_event(
                actor=None,
                verb="nominations.certificate_rendered",
                target=locked,
                data={"serial": locked.serial, "document": str(document.pk), "size": document.size},
            )
            user = getattr(certificate.member.official, "user", None)
            if user is not None and user.is_active:
                notify(
                    recipient=user,
                    kind=KIND_READY,
                    title=gettext_lazy("Your certificate of commendation is ready"),
                    body=f"{locked.case_title} · {grade_label_ko(locked.grade)} · {locked.serial}",
                    url=reverse("nominations:my-certificates"),
                )
            done.append(locked)
    return done


@task
def task_render_certificates(certificate_ids: list[int]) -> int:
    """Background wrapper of ``render_certificates``: ids in, number stored out; failures are logged."""
    try:
        return len(render_certificates(certificate_ids=certificate_ids))
    except Exception:
        logger.exception("Rendering certificates %s failed", certificate_ids)
        raise
