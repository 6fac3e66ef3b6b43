"""What the bulletin's services share: the permission check and text checks."""

from typing import Any

from django.utils.translation import gettext as _

from proactive.core.exceptions import DomainError, PermissionDeniedError

MAX_TITLE = 200
MAX_TEXT = 20_000


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_perm(permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def text(value: Any, *, required_message: str, code: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise DomainError(required_message, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned
