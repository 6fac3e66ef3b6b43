"""How views answer a refusal: one place for what every area's views do the same way."""

from django.core.exceptions import PermissionDenied

from proactive.core.exceptions import DomainError, PermissionDeniedError


def refused(exc: DomainError) -> None:
    """Turn a service's permission refusal into a 403; other domain errors are for the caller to show on the form."""
    if isinstance(exc, PermissionDeniedError):
        raise PermissionDenied(exc.message)


def require(request, permission: str, obj=None) -> None:
    """403 unless the signed-in user holds ``permission`` (on ``obj`` for an object permission)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
