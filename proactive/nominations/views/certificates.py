"""Certificate screens (상장). The winner: "My certificates" and the PDF download. The secretariat and HR: the rounds
with confirmed grades and a round's certificates (the secretariat issues missing ones and revokes). Anyone: the
public check of a serial number (also the target of the QR code printed on every certificate).

Downloading someone else's certificate (the secretariat, HR) first asks for the reason, which is kept in the access
records. A certificate the user may not download answers 404, as if it did not exist.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.nominations.forms.certificates import CertificateDownloadForm, RevokeForm, VerifyForm
from proactive.nominations.models import Certificate, SelectionRound
from proactive.nominations.queries import certificates as queries
from proactive.nominations.rules.certificates import is_certificate_recipient
from proactive.nominations.services import certificates as services
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

VIEW = "nominations.view_certificates"
ISSUE = services.ISSUE
REVOKE = services.REVOKE
DOWNLOAD = "nominations.download_certificate"
PER_PAGE = 50


def register() -> None:
    """Notification kinds, menu items and dashboard panels of this area (called from NominationsConfig.ready)."""
    services.register_certificate_notification_kinds()
    add_menu_items(
        "selection",
        [
            MenuItem(
                gettext_lazy("My certificates"), "nominations:my-certificates", "nominations.view_my_certificates"
            ),
            MenuItem(gettext_lazy("Certificates"), "nominations:certificate-rounds", VIEW),
            MenuItem(gettext_lazy("Verify a certificate"), "nominations:certificate-verify"),
        ],
    )


# --- The winner ----------------------------------------------------------------------------------------------


@login_required
@permission_required("nominations.view_my_certificates", raise_exception=True)
def my_certificates(request):
    certificates = list(queries.my_certificates(request.user))
    return render(request, "nominations/certificates/my_certificates.html", {"certificates": certificates})


def _pdf_response(certificate: Certificate) -> FileResponse:
    document = certificate.document
    assert document is not None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=services.file_name_of(certificate),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_pdf(request, serial: str):
    """The recipient downloads at once; the secretariat and HR give a reason first (kept in the access records).

    While the PDF is still being rendered, or once the certificate is revoked (for the recipient), a page says so.
    """
    certificate = queries.get_certificate(serial)
    if certificate is None or not request.user.has_perm(DOWNLOAD, certificate):
        raise Http404
    own = is_certificate_recipient(request.user, certificate)
    context: dict[str, Any] = {"certificate": certificate, "own": own}
    if certificate.revoked_at is not None and own:
        return render(request, "nominations/certificates/certificate_unavailable.html", context, status=410)
    if certificate.document_id is None:
        return render(request, "nominations/certificates/certificate_unavailable.html", context, status=409)
    if own:
        return _pdf_response(certificate)
    form = CertificateDownloadForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_access(
                actor=request.user,
                ip_address=client_ip(request),
                action=AccessAction.DOWNLOAD,
                subject=certificate.member.official,
                resource=services.file_name_of(certificate),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            return _pdf_response(certificate)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "nominations/certificates/certificate_download.html", context | {"form": form}, status=status
    )


# --- The secretariat and HR ----------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def certificate_rounds(request):
    rounds = list(queries.rounds_with_awards())
    return render(request, "nominations/certificates/certificate_rounds.html", {"rounds": rounds})


def _render_list(request, selection_round: SelectionRound, *, bound: Any = None, bound_pk=None, status=200):
    context = paginate(request, queries.round_certificates(selection_round), PER_PAGE)
    can_revoke = request.user.has_perm(REVOKE)
    for certificate in context["page_obj"]:
        certificate.revoke_form = None  # type: ignore[attr-defined]
        if can_revoke and certificate.revoked_at is None:
            form = bound if certificate.pk == bound_pk else RevokeForm(prefix=f"c{certificate.pk}")
            certificate.revoke_form = form  # type: ignore[attr-defined]
    context |= {
        "round": selection_round,
        "can_issue": request.user.has_perm(ISSUE),
        "missing": queries.members_without_certificate(selection_round),
    }
    return render(request, "nominations/certificates/certificate_list.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def certificate_list(request, round_pk: int):
    return _render_list(request, get_object_or_404(SelectionRound, pk=round_pk))


@require_POST
@login_required
@permission_required(ISSUE, raise_exception=True)
def certificate_issue(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk)
    try:
        issued = services.issue_certificates(actor=request.user, round=selection_round)
    except DomainError as exc:
        refused(exc)
        messages.error(request, exc.message)
    else:
        if issued:
            messages.success(
                request,
                _("Certificates issued: %(count)d. Their PDFs are being prepared.") % {"count": len(issued)},
            )
        else:
            messages.info(request, _("Every winner already has a certificate."))
    return redirect("nominations:certificate-list", selection_round.pk)


@require_POST
@login_required
@permission_required(REVOKE, raise_exception=True)
def certificate_revoke(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("award__nomination__round"), pk=pk)
    selection_round = certificate.award.nomination.round
    form = RevokeForm(request.POST, prefix=f"c{certificate.pk}")
    if form.is_valid():
        try:
            services.revoke_certificate(actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Certificate %(serial)s was revoked.") % {"serial": certificate.serial})
            return redirect("nominations:certificate-list", selection_round.pk)
    return _render_list(request, selection_round, bound=form, bound_pk=certificate.pk, status=400)


# --- Anyone --------------------------------------------------------------------------------------------------


@require_GET
def certificate_verify(request):
    """The public check: valid, revoked or not found, with the frozen facts and the recipient's name masked.

    Nothing about the visitor is stored (no IP address, no log of the serials asked for).
    """
    form = VerifyForm(request.GET if "serial" in request.GET else None)
    result = queries.verify(form.cleaned_data["serial"]) if form.is_valid() else None
    status = 400 if form.is_bound and not form.is_valid() else 200
    response = render(
        request, "nominations/certificates/certificate_verify.html", {"form": form, "result": result}, status=status
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
