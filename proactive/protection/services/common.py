"""Helpers every service of the protection app shares: today's date, permission checks (never for a superuser),
text checks, the application's timeline, deadline arithmetic from the settings, and the notification kinds."""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.core import deadlines
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.kinds import register_kind
from proactive.protection.models import ApplicationEvent, ExemptionApplication, ProtectionSettings

MAX_TEXT = 20_000
MAX_REASON = 500

KIND_FINDING = "protection.finding_notified"
KIND_SUBMITTED = "protection.application_submitted"
KIND_ASSIGNED = "protection.officer_assigned"
KIND_COMMENT = "protection.officer_comment"
KIND_SCREENED = "protection.application_screened"
KIND_TABLED = "protection.application_tabled"
KIND_DECIDED = "protection.decision"
KIND_OVERDUE = "protection.overdue"
KIND_COUNSELLING = "protection.counselling"


def register_notification_kinds() -> None:
    """Declare the app's notification kinds. Called from ``ProtectionConfig.ready``."""
    register_kind(KIND_FINDING, gettext_lazy("An audit finding concerns you: you may apply for exemption"))
    register_kind(KIND_SUBMITTED, gettext_lazy("An exemption application was submitted"))
    register_kind(KIND_ASSIGNED, gettext_lazy("An exemption application was assigned to you"))
    register_kind(KIND_COMMENT, gettext_lazy("The protection officer commented on your application"))
    register_kind(KIND_SCREENED, gettext_lazy("Your exemption application was screened"))
    register_kind(KIND_TABLED, gettext_lazy("An exemption application is on a board session"))
    register_kind(KIND_DECIDED, gettext_lazy("An exemption review was decided"))
    register_kind(KIND_OVERDUE, gettext_lazy("An exemption review deadline has passed"))
    register_kind(KIND_COUNSELLING, gettext_lazy("Counselling with the protection officer"))


def today() -> date:
    return timezone.localdate()


def deny_superuser(actor: Any) -> None:
    # Django grants a superuser every permission; an official's disciplinary matter is not for system administrators.
    if getattr(actor, "is_superuser", False):
        raise PermissionDeniedError(_("System administrators have no access to exemption reviews."))


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``obj``); never for a superuser or an anonymous visitor."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    deny_superuser(actor)
    if not may(actor, permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def clean_text(value: str | None, *, required: str | None = None, code: str = "required", limit: int = MAX_TEXT) -> str:
    """``value`` stripped; ``DomainError(required)`` when empty and required, or when longer than ``limit``."""
    text = (value or "").strip()
    if required is not None and not text:
        raise DomainError(required, code=code)
    if len(text) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return text


def log(application: ExemptionApplication, verb: str, *, actor: Any = None, data: dict | None = None) -> None:
    """An entry on the application's own timeline."""
    ApplicationEvent.objects.create(
        application=application,
        on=today(),
        verb=verb,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data or {},
    )


def current_settings() -> ProtectionSettings:
    return ProtectionSettings.current()


def due(start: date, days: int, business: bool) -> date:
    return deadlines.add_days(start, days, business=business)


def application_url(application: ExemptionApplication) -> str:
    return f"/protection/applications/{application.pk}/"
