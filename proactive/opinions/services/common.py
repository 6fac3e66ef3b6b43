"""What the opinion services share: today, the request's timeline, permission checks that refuse superusers,
text checks, and who works the queue."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.opinions.models import Event, OpinionRequest

MAX_TEXT = 20_000
MAX_REASON = 500


def today():
    return timezone.localdate()


def log(request: OpinionRequest, verb: str, *, actor: Any = None, data: dict | None = None) -> Event:
    """Append to the request's own timeline (shown on its page)."""
    return Event.objects.create(
        request=request,
        on=today(),
        verb=verb,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data or {},
    )


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``obj``); never a superuser: request content is not for system
    administrators (SECURITY.md AC-05), and Django would grant a superuser everything."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None, message: str = "") -> None:
    if not may(actor, permission, obj):
        raise PermissionDeniedError(message or _("You do not have permission to take this step."))


def text(value: str | None, *, required_message: str, code: str, limit: int = MAX_TEXT) -> str:
    """``value`` stripped; ``DomainError`` when it is empty or longer than ``limit``."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise DomainError(required_message, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned


def secretariat_users() -> list:
    """Everyone who holds the secretariat role today (the people who owe the next step of a waiting request)."""
    ids = RoleMembership.objects.active().filter(role=Role.SECRETARIAT).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
