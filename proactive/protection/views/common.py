"""What every screen of the protection app does the same way: no superuser, permission or 403."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from proactive.protection.services.common import may


def no_superuser(request) -> None:
    # Django grants a superuser every permission: an official's disciplinary matter is not for system administrators.
    if request.user.is_superuser:
        raise PermissionDenied


def require(request, permission: str, obj: Any = None) -> None:
    no_superuser(request)
    if not may(request.user, permission, obj):
        raise PermissionDenied


def done(request, message: str, to: str, *args: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(to, *args)


def no_store[R: HttpResponseBase](response: R) -> R:
    response["Cache-Control"] = "private, no-store"
    return response
