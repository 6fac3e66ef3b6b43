"""What every area of the pre-consulting audit shares: the timeline, permission checks, text checks, the settings
for reading, links, and the notification kinds."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.consulting.models import ConsultingRequest, ConsultingSettings, Event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.kinds import register_kind

MAX_TEXT = 20_000
MAX_REASON = 500

KIND_APPROVAL = "consulting.approval_requested"
KIND_SENT_BACK = "consulting.sent_back"
KIND_SUBMITTED = "consulting.submitted"
KIND_SCREENED = "consulting.screened"
KIND_ASSIGNED = "consulting.assigned"
KIND_EXTENDED = "consulting.deadline_extended"
KIND_COMMITTEE = "consulting.committee_decided"
KIND_OPINION = "consulting.opinion_issued"
KIND_OVERDUE = "consulting.overdue"
KIND_REMINDER = "consulting.implementation_reminder"
KIND_IMPLEMENTED = "consulting.implementation_reported"


def register_notification_kinds() -> None:
    """Declare the app's notification kinds (called from ``ConsultingConfig.ready``)."""
    register_kind(KIND_APPROVAL, gettext_lazy("A pre-consulting request awaits your approval"))
    register_kind(KIND_SENT_BACK, gettext_lazy("Your head sent your pre-consulting request back"))
    register_kind(KIND_SUBMITTED, gettext_lazy("A pre-consulting request was submitted to the audit office"))
    register_kind(KIND_SCREENED, gettext_lazy("The audit office screened your pre-consulting request"))
    register_kind(KIND_ASSIGNED, gettext_lazy("A pre-consulting request was assigned to you"))
    register_kind(KIND_EXTENDED, gettext_lazy("The deadline of your pre-consulting request was extended"))
    register_kind(KIND_COMMITTEE, gettext_lazy("The committee decided on a referred pre-consulting request"))
    register_kind(KIND_OPINION, gettext_lazy("A pre-consulting opinion was issued"))
    register_kind(KIND_OVERDUE, gettext_lazy("Pre-consulting requests are overdue"))
    register_kind(KIND_REMINDER, gettext_lazy("Please report how you acted on the pre-consulting opinion"))
    register_kind(KIND_IMPLEMENTED, gettext_lazy("The implementation of a pre-consulting opinion was reported"))


def today():
    return timezone.localdate()


def detail_url(req: ConsultingRequest) -> str:
    return reverse("consulting:request-detail", args=[req.pk])


def log(
    req: ConsultingRequest, verb: str, *, actor: Any = None, data: dict | None = None, shared: bool = True
) -> Event:
    """Append to the request's timeline (``shared=False``: the audit office's internal steps)."""
    return Event.objects.create(
        request=req,
        on=today(),
        verb=verb,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data or {},
        shared=shared,
    )


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``obj``); never for a superuser: Django would grant them every
    permission, and pre-consulting files are not for system administrators."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if not may(actor, permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def clean_text(value: str | None, *, required_message: str = "", code: str = "required", limit: int = MAX_TEXT) -> str:
    """The text stripped; ``DomainError`` when required and empty, or longer than ``limit``."""
    text = (value or "").strip()
    if required_message and not text:
        raise DomainError(required_message, code=code)
    if len(text) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return text


def current_settings() -> ConsultingSettings:
    """The office's rules for reading (the defaults, unsaved, until someone saves them: a GET writes nothing)."""
    return ConsultingSettings.objects.filter(pk=1).first() or ConsultingSettings(pk=1)


def later(message: Any, **values: Any) -> Any:
    """``message % values``, rendered when shown (in the recipient's language), not now."""
    return lazy(lambda: str(message) % values, str)()


class SystemActor:
    """Who takes the steps no person of this app takes (the committee's decision moving a referred request on).

    ``check_transition`` asks it for the step's permission; it holds every permission, and it is never a signed-in
    user (no pk), so the audit event records "system" with the committee's actor in its data."""

    pk = None
    is_authenticated = False
    is_superuser = False

    def has_perm(self, permission: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
