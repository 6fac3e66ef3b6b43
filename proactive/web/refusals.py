"""How views answer a refusal: one place for what every area's views do the same way."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import BaseForm

from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError


def refused(exc: DomainError) -> None:
    """Turn a service's permission refusal into a 403; other domain errors are for the caller to show on the form."""
    if isinstance(exc, PermissionDeniedError):
        raise PermissionDenied(exc.message)


def refusal_status(exc: DomainError) -> int:
    """The status a page re-rendered after a refusal answers with: 409 for a step its state does not allow, 400 for
    any other refusal. A permission refusal raises ``PermissionDenied`` (a 403) instead."""
    refused(exc)
    return 409 if isinstance(exc, InvalidTransitionError) else 400


def submit(form: BaseForm, call: Callable[[dict[str, Any]], object], *, field: str | None = None) -> int | None:
    """Validate ``form`` and hand its cleaned data to ``call`` (one service).

    Returns None when the call went through, else the status to re-render the form with: 400 when the form is
    invalid; on a refusal (``DomainError``) its reason is added to the form (a non-field error, or on ``field``)
    and the status is ``refusal_status``'s. A permission refusal raises ``PermissionDenied``.
    """
    if not form.is_valid():
        return 400
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        status = refusal_status(exc)
        form.add_error(field, exc.message)
        return status
    return None


def require(request, permission: str, obj=None) -> None:
    """403 unless the signed-in user holds ``permission`` (on ``obj`` for an object permission)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
