"""What every part of outreach shares: permission checks (never a superuser), text checks, today in Seoul, and the
notification kind of overdue action items."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.kinds import register_kind

KIND_ACTION_OVERDUE = "outreach.action_overdue"
# What a campaign's material may be: documents, images, slides and short videos' stills.
MATERIAL_KINDS = ("pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpeg", "png")
MAX_FILES = 10
MAX_LINKS = 20


def register_notification_kinds() -> None:
    register_kind(KIND_ACTION_OVERDUE, gettext_lazy("Action items of liaison meetings are overdue"))


def today():
    return timezone.localdate()


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if not may(actor, permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def required_text(value: Any, *, message: str, code: str, limit: int) -> str:
    cleaned = str(value or "").strip()
    if not cleaned:
        raise DomainError(message, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned


def clean_links(value: Any) -> str:
    """One web address per line, each starting with http:// or https://."""
    lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise DomainError(_("Give at most %(count)d links.") % {"count": MAX_LINKS}, code="too_many_links")
    for line in lines:
        if not line.lower().startswith(("http://", "https://")) or len(line) > 500 or " " in line:
            raise DomainError(
                _("“%(link)s” is not a web address (it must start with https:// or http://).") % {"link": line[:80]},
                code="bad_link",
            )
    return "\n".join(lines)
