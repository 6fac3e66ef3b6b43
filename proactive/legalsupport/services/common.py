"""What every part of legal support shares: permission checks (never a superuser), text checks, the application's
own timeline, the people to tell, the notification kinds, and money as people read it."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.legalsupport.models import Application, Event
from proactive.legalsupport.queries import role_users
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

MAX_TEXT = 10_000
MAX_REASON = 1_000
MAX_FILES = 10
# What an applicant may attach: office documents, scans and photos (HWP too: Korean public bodies write in it).
ATTACHMENT_KINDS = ("pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpeg", "png", "txt")
# Amounts above this are a typing mistake, not a lawyer's fee (10억 원).
MAX_AMOUNT = 1_000_000_000

KIND_SUBMITTED = "legalsupport.submitted"
KIND_FACTS_CHECKED = "legalsupport.facts_checked"
KIND_DECIDED = "legalsupport.decided"
KIND_PAYMENT = "legalsupport.payment_recorded"
KIND_CANCELLED = "legalsupport.cancelled"
KIND_CLOSED = "legalsupport.closed"
KIND_COMMENT = "legalsupport.comment"
KIND_OVERDUE = "legalsupport.overdue"


def register_notification_kinds() -> None:
    """Declare the notification kinds of legal support. Called from ``LegalsupportConfig.ready``."""
    register_kind(KIND_SUBMITTED, gettext_lazy("A legal-support application was submitted"))
    register_kind(KIND_FACTS_CHECKED, gettext_lazy("A legal-support application is ready for the committee"))
    register_kind(KIND_DECIDED, gettext_lazy("The committee decided on a legal-support application"))
    register_kind(KIND_PAYMENT, gettext_lazy("A payment of legal support was recorded"))
    register_kind(KIND_CANCELLED, gettext_lazy("Legal support was cancelled and a refund is due"))
    register_kind(KIND_CLOSED, gettext_lazy("A legal-support application was closed"))
    register_kind(KIND_COMMENT, gettext_lazy("A new comment on a legal-support application"), email_default=False)
    register_kind(KIND_OVERDUE, gettext_lazy("A legal-support fact-finding is overdue"))


def today():
    return timezone.localdate()


def detail_url(application: Application) -> str:
    return reverse("legalsupport:detail", args=[application.pk])


# --- Checks --------------------------------------------------------------------------------------------------


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``obj``); never a superuser (SECURITY.md AC-05)."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if not may(actor, permission, obj):
        raise PermissionDeniedError(_("You do not have permission to take this step."))


def text(value: Any, *, required_message: str, code: str, limit: int = MAX_TEXT) -> str:
    """``value`` stripped; refused when empty or longer than ``limit``."""
    cleaned = str(value or "").strip()
    if not cleaned:
        raise DomainError(required_message, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned


def amount(value: Any, *, required_message: str, code: str, allow_zero: bool = False) -> int:
    """A whole number of won, refused when missing, negative (or zero unless allowed) or absurdly large."""
    if value is None or value == "":
        raise DomainError(required_message, code=code)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the amount in won, as a whole number."), code="amount_invalid") from None
    if number < 0 or (number == 0 and not allow_zero):
        raise DomainError(_("The amount must be more than 0 won."), code="amount_not_positive")
    if number > MAX_AMOUNT:
        raise DomainError(
            _("The amount may be at most %(amount)s.") % {"amount": won(MAX_AMOUNT)}, code="amount_too_large"
        )
    return number


def won(value: int | None) -> str:
    """``2,000,000원`` (in the active language)."""
    return _("%(amount)s won") % {"amount": f"{value or 0:,}"}


# --- Timeline and people -------------------------------------------------------------------------------------


def log(application: Application, verb: str, *, actor: Any = None, data: dict | None = None) -> Event:
    """Append to the application's own timeline."""
    return Event.objects.create(
        application=application,
        verb=verb,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data or {},
    )


def parties(application: Application) -> list:
    """The official's own active account (if they have one) and whoever filed for them."""
    people = []
    user = getattr(application.official, "user", None)
    if user is not None and user.is_active:
        people.append(user)
    filer = application.filed_by
    if filer is not None and filer.is_active and all(p.pk != filer.pk for p in people):
        people.append(filer)
    return people


def staff(role: str, application: Application) -> list:
    """Holders of ``role`` except the official concerned (nobody handles their own application)."""
    return [u for u in role_users(role) if u.official_id is None or u.official_id != application.official_id]


def accountable_officers(application: Application) -> list:
    return staff(Role.ACCOUNTABLE_OFFICER, application)


def secretariat(application: Application) -> list:
    return staff(Role.SECRETARIAT, application)


def tell(
    recipients: list, *, kind: str, title: Any, application: Application, actor: Any = None, body: Any = ""
) -> None:
    """Notify each of ``recipients`` (never the actor themself), linking to the application's page."""
    url = detail_url(application)
    actor_pk = getattr(actor, "pk", None)
    for recipient in recipients:
        if recipient.pk == actor_pk:
            continue
        notify(recipient=recipient, kind=kind, title=title, body=body, url=url, actor=actor)
