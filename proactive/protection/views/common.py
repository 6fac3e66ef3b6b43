"""What every screen of the protection app does the same way: no superuser, permission or 403, a refusal's status."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from proactive.core.exceptions import DomainError, InvalidTransitionError
from proactive.protection.services.common import may
from proactive.web.refusals import refused


def no_superuser(request) -> None:
    # Django grants a superuser every permission: an official's disciplinary matter is not for system administrators.
    if request.user.is_superuser:
        raise PermissionDenied


def require(request, permission: str, obj: Any = None) -> None:
    no_superuser(request)
    if not may(request.user, permission, obj):
        raise PermissionDenied


def refusal_status(exc: DomainError) -> int:
    """403 for a permission refusal (raised), 409 for a step not possible from the state, 400 otherwise."""
    refused(exc)
    return 409 if isinstance(exc, InvalidTransitionError) else 400


def done(request, message: str, to: str, *args: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(to, *args)


def no_store[R: HttpResponseBase](response: R) -> R:
    response["Cache-Control"] = "private, no-store"
    return response
