"""What every area of the committee's services shares: permission checks, the transition check that also admits
the system (``actor=None``: management commands, the demo, other apps' tests through ``tests/committee/support``),
notification kinds and who gets them."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership, User
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.notifications.kinds import register_kind
from proactive.notifications.services import notify

KIND_INVITED = "committee.invited"
KIND_WRITTEN_OPEN = "committee.written_open"
KIND_MEETING_CANCELLED = "committee.meeting_cancelled"
KIND_TERM_ENDING = "committee.term_ending"
KIND_CHALLENGE_RAISED = "committee.challenge_raised"
KIND_CHALLENGE_DECIDED = "committee.challenge_decided"
KIND_MINUTES_READY = "committee.minutes_ready"
KIND_STEP_OVERDUE = "committee.step_overdue"

MANAGE_ROSTER = "committee.manage_roster"
MANAGE_MEETINGS = "committee.manage_meetings"
MANAGE_REORGANISATION = "committee.manage_reorganisation"
CHANGE_SETTINGS = "committee.change_settings"
APPROVE_MINUTES = "committee.approve_minutes"
VOTE = "committee.vote_in_meeting"
DECLARE_RECUSAL = "committee.declare_recusal"
DECIDE_CHALLENGE = "committee.decide_challenge"
CHALLENGE = "committee.challenge_member"

MAX_TEXT = 10_000
MAX_REASON = 500


def register_notification_kinds() -> None:
    """Declare the committee's notification kinds (called from ``CommitteeConfig.ready``)."""
    register_kind(KIND_INVITED, gettext_lazy("You are called to a committee meeting"))
    register_kind(KIND_WRITTEN_OPEN, gettext_lazy("A written deliberation of the committee is open for your vote"))
    register_kind(KIND_MEETING_CANCELLED, gettext_lazy("A committee meeting was cancelled"))
    register_kind(KIND_TERM_ENDING, gettext_lazy("A committee member's term of office ends soon"))
    register_kind(KIND_CHALLENGE_RAISED, gettext_lazy("A challenge against a committee member waits for a decision"))
    register_kind(KIND_CHALLENGE_DECIDED, gettext_lazy("A challenge against a committee member was decided"))
    register_kind(KIND_MINUTES_READY, gettext_lazy("Committee minutes wait for your approval"))
    register_kind(KIND_STEP_OVERDUE, gettext_lazy("A step of the committee's reorganisation is overdue"))


def today():
    return timezone.localdate()


def may(actor: Any, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds ``permission`` (on ``obj``). Never for a superuser: the committee deliberates
    officials' cases, which a system administrator does not see (SECURITY.md AC-05)."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    return bool(actor.has_perm(permission, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    """Refuse a person without ``permission``; ``actor=None`` is the system and passes."""
    if actor is None:
        return
    if not may(actor, permission, obj):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def check(table: TransitionTable, *, obj: Any, current: str, to: str, actor: Any) -> None:
    """``core.workflow.check_transition``, also for the system (``actor=None``: the table alone)."""
    if getattr(actor, "is_superuser", False):
        raise PermissionDeniedError(_("You do not have permission to take this step."))
    if actor is None:
        if to not in table.get(current, {}):
            from proactive.core.exceptions import InvalidTransitionError  # same error check_transition raises

            raise InvalidTransitionError(
                _("This step is not possible from the current state."), code="invalid_transition"
            )
        return
    check_transition(table, obj=obj, current=current, to=to, actor=actor)


def text(value: str | None, *, required: str, code: str, limit: int = MAX_TEXT) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise DomainError(required, code=code)
    if len(cleaned) > limit:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{limit:,}"}, code="too_long"
        )
    return cleaned


def secretariat_users() -> list[User]:
    """Everyone holding the secretariat role today (who runs the committee)."""
    ids = RoleMembership.objects.active().filter(role=Role.SECRETARIAT).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def tell(users: list[Any], *, kind: str, title: Any, body: Any = "", url: str = "", actor: Any = None) -> int:
    """Notify each active user once; returns how many were told."""
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(recipient=user, kind=kind, title=title, body=body, url=url, actor=actor)
    return len(seen)
