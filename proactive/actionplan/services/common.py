"""What the action plan's services share: permission checks (never a superuser by virtue of being one), text and
number checks, and the changed-fields record for the audit trail."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from proactive.core.exceptions import DomainError, PermissionDeniedError

MAX_TEXT = 5_000
MAX_VALUE = Decimal("999999999999")


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``obj``) through their roles; Django grants a superuser every
    permission: a superuser is refused here, as in legal support (SECURITY.md AC-05)."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if not may(actor, permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def text(value: Any, *, required_message: str = "", code: str = "required", limit: int = MAX_TEXT) -> str:
    """``value`` stripped; refused when required and empty, or longer than ``limit``."""
    cleaned = str(value or "").strip()
    if required_message and not cleaned:
        raise DomainError(required_message, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned


def number(value: Any, *, required: bool = False, positive: bool = False) -> Decimal | None:
    """A figure (KPI value): empty allowed unless ``required``; never negative, absurdly large or not a number."""
    if value is None or value == "":
        if required:
            raise DomainError(_("Enter a number."), code="number_required")
        return None
    try:
        figure = Decimal(str(value))
    except InvalidOperation:
        raise DomainError(_("Enter a number."), code="number_invalid") from None
    if not figure.is_finite() or figure < 0 or figure > MAX_VALUE:
        raise DomainError(_("Enter a number from 0 to 999,999,999,999."), code="number_range")
    if positive and figure <= 0:
        raise DomainError(_("The target must be more than 0."), code="number_not_positive")
    return figure


def changes_of(obj: Any, values: dict[str, Any]) -> dict[str, list]:
    """Set ``values`` on ``obj``; return field → [old, new] for the fields that changed (as strings)."""
    changed: dict[str, list] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changed[field] = [None if old is None else str(old), None if new is None else str(new)]
            setattr(obj, field, new)
    return changed
