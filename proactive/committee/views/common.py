"""What every screen of the committee does the same way: refuse a superuser, check a permission, show a refusal."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect

from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access
from proactive.committee.services.common import may
from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.web.refusals import refused


def need(request, permission: str, obj: Any = None) -> None:
    """403 unless the user holds ``permission`` (never a superuser: SECURITY.md AC-05)."""
    if not may(request.user, permission, obj):
        raise PermissionDenied


def done(request, message: str, to: str, *args: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(to, *args)


def failed(request, exc: DomainError, to: str, *args: Any) -> HttpResponse:
    """A refusal of a one-button action: the reason as an error message on the page it came from."""
    refused(exc)
    messages.error(request, exc.message)
    return redirect(to, *args)


def form_errors(request, form: Any, to: str, *args: Any) -> HttpResponse:
    """A small inline form that did not validate: its errors as messages on the page it came from."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(to, *args)


def pdf_response(request, document: Any, name: str, resource: str) -> FileResponse:
    """Send a stored committee document as a download; the access is recorded (no reason: the reader is entitled
    to the decision itself)."""
    record_access(actor=request.user, ip_address=client_ip(request), action=AccessAction.VIEW, resource=resource)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response
