"""What the screens of legal support share: access (404 for an application one may not read, 403 for a superuser),
refusals shown on the form, the timeline's labels."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import pgettext_lazy

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.core.http import client_ip
from proactive.legalsupport.models import Application
from proactive.legalsupport.queries import get_application
from proactive.legalsupport.rules import is_party
from proactive.legalsupport.services.common import may

VIEW = "legalsupport.view_application"

# Labels of the timeline's verbs (services); an unknown verb is shown as it is.
TIMELINE_LABELS: dict[str, Any] = {
    "drafted": pgettext_lazy("legal-support timeline", "Draft started"),
    "submitted": pgettext_lazy("legal-support timeline", "Application submitted; fact-finding started"),
    "deadline_extended": pgettext_lazy("legal-support timeline", "Fact-finding deadline extended"),
    "overdue_flagged": pgettext_lazy(
        "legal-support timeline", "Fact-finding overdue: the accountable officers were reminded"
    ),
    "facts_checked": pgettext_lazy("legal-support timeline", "Facts checked"),
    "tabled": pgettext_lazy("legal-support timeline", "Tabled before the committee"),
    "taken_off_agenda": pgettext_lazy("legal-support timeline", "Taken off the committee's agenda"),
    "approved": pgettext_lazy("legal-support timeline", "The committee approved support"),
    "denied": pgettext_lazy("legal-support timeline", "The committee denied support"),
    "document_issued": pgettext_lazy("legal-support timeline", "Decision document issued"),
    "amount_set": pgettext_lazy("legal-support timeline", "Approved amount corrected"),
    "invoice_added": pgettext_lazy("legal-support timeline", "Invoice recorded"),
    "payment_recorded": pgettext_lazy("legal-support timeline", "Payment recorded"),
    "closed": pgettext_lazy("legal-support timeline", "Closed: support settled"),
    "cancelled": pgettext_lazy("legal-support timeline", "Support cancelled; refund due"),
    "refund_recorded": pgettext_lazy("legal-support timeline", "Refund received"),
    "refunded": pgettext_lazy("legal-support timeline", "Closed: refund received"),
    "withdrawn": pgettext_lazy("legal-support timeline", "Withdrawn by the applicant"),
    "commented": pgettext_lazy("legal-support timeline", "Comment"),
    "files_added": pgettext_lazy("legal-support timeline", "Files added"),
}


def no_superuser(request) -> None:
    # Django grants a superuser every permission: these files are not for system administrators (AC-05).
    if request.user.is_superuser:
        raise PermissionDenied


def visible_or_404(request, pk: int) -> Application:
    """The application, if the user may read it; a 404 otherwise, as if it did not exist."""
    no_superuser(request)
    application = get_application(pk)
    if application is None or not may(request.user, VIEW, application):
        raise Http404
    return application


def require(request, permission: str, obj: Any = None) -> None:
    if not may(request.user, permission, obj):
        raise PermissionDenied


def done(request, message: str, url_name: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(url_name, pk)


def fresh(application: Application) -> Application:
    return get_application(application.pk) or application


def record_view(request, application: Application, what: str = "application") -> None:
    """A staff member opened someone's application (개인정보 접속기록); the official and the filer are not
    recorded reading their own."""
    if is_party(request.user, application):
        return
    record_access(
        actor=request.user,
        ip_address=client_ip(request),
        action=AccessAction.VIEW,
        subject=application.official,
        resource=f"legalsupport.{what}:{application.pk}",
    )


def no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response
