"""Granting and ending role memberships (who may do what, and where).

Memberships are never deleted: ending one sets its last day. Every grant and end is recorded on the audit
trail (안전조치 §5③, AC-06) and the member is notified.
"""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import MEMBERSHIP_ROLES, UNIT_SCOPED_ROLES, Role, UserKind
from proactive.accounts.models import OrgUnit, RoleMembership, User
from proactive.accounts.queries import forget_held_roles
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.services import notify

KIND_ROLE_GRANTED = "accounts.role_granted"
KIND_ROLE_ENDED = "accounts.role_ended"


def _check_actor(actor: Any, role: str) -> None:
    """``actor`` None means the system itself (a management command); a person needs the permissions."""
    if actor is None:
        return
    if not actor.has_perm("accounts.manage_memberships"):
        raise PermissionDeniedError(_("You may not manage role memberships."))
    if role == Role.SYSADMIN and not actor.has_perm("accounts.manage_sysadmin_memberships"):
        raise PermissionDeniedError(
            _("Only a system administrator may grant or end the system administrator role."), code="sysadmin_only"
        )


def _audit_data(membership: RoleMembership) -> dict[str, Any]:
    return {
        "user": membership.user.username,
        "role": membership.role,
        "unit": membership.unit.code if membership.unit is not None else None,
        "starts_on": membership.starts_on.isoformat(),
        "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
    }


@transaction.atomic
def grant_role(
    *,
    actor: Any,
    user: User,
    role: str,
    unit: OrgUnit | None = None,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> RoleMembership:
    """Give ``user`` ``role`` from ``starts_on`` to ``ends_on`` (inclusive; open-ended if None).

    Rules: only membership roles (not the base citizen/official roles); department heads and bureau chiefs need
    the unit they head, other roles may be scoped to a unit; citizens' accounts cannot hold staff roles; the
    same role in the same unit cannot overlap; only a system administrator may grant the system administrator
    role. Side effects: an ``accounts.role_granted`` audit event; the user's cached roles are forgotten; the user
    is notified.
    """
    _check_actor(actor, role)
    if role not in MEMBERSHIP_ROLES:
        raise DomainError(_("This role cannot be granted."), code="invalid_role")
    if role in UNIT_SCOPED_ROLES and unit is None:
        raise DomainError(_("Choose the unit for a %(role)s.") % {"role": Role(role).label}, code="unit_required")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The end date cannot be before the start date."), code="invalid_dates")
    if user.kind == UserKind.CITIZEN:
        raise DomainError(_("A citizen's account cannot hold a staff role."), code="citizen")
    if not user.is_active:
        raise DomainError(_("This account is disabled."), code="inactive_user")
    overlapping = RoleMembership.objects.filter(user=user, role=role, unit=unit).filter(
        **({"starts_on__lte": ends_on} if ends_on else {})
    )
    overlapping = overlapping.exclude(ends_on__lt=starts_on)
    if overlapping.exists():
        raise DomainError(
            _("%(user)s already holds this role in this unit for part of that period.") % {"user": user},
            code="overlap",
        )
    membership = RoleMembership.objects.create(
        user=user, role=role, unit=unit, starts_on=starts_on, ends_on=ends_on, note=note.strip()
    )
    record_event(actor=actor, verb="accounts.role_granted", target=membership, data=_audit_data(membership))
    forget_held_roles(user)
    notify(
        recipient=user,
        kind=KIND_ROLE_GRANTED,
        title=gettext_lazy("You have a new role"),
        body=RoleSentence(membership, granted=True),
        url=reverse("web:dashboard"),
        actor=actor,
    )
    return membership


@transaction.atomic
def end_membership(*, actor: Any, membership: RoleMembership, ends_on: datetime.date | None = None) -> RoleMembership:
    """End ``membership`` on ``ends_on`` (its last valid day; today if None). The row is kept.

    Rules: the last day cannot be before the first; a membership that already ended earlier stays as it is;
    only a system administrator may end a system administrator membership. Side effects: an
    ``accounts.role_ended`` audit event; the user's cached roles are forgotten; the user is notified.
    """
    _check_actor(actor, membership.role)
    day = ends_on or timezone.localdate()
    if day < membership.starts_on:
        raise DomainError(
            _("A membership cannot end before it starts (it starts on %(date)s).")
            % {"date": membership.starts_on.isoformat()},
            code="invalid_dates",
        )
    if membership.ends_on is not None and membership.ends_on <= day:
        raise DomainError(
            _("This membership already ends on %(date)s.") % {"date": membership.ends_on.isoformat()},
            code="already_ended",
        )
    old = membership.ends_on
    membership.ends_on = day
    membership.save(update_fields=["ends_on", "updated_at"])
    record_event(
        actor=actor,
        verb="accounts.role_ended",
        target=membership,
        changes={"ends_on": [old.isoformat() if old else None, day.isoformat()]},
        data=_audit_data(membership),
    )
    forget_held_roles(membership.user)
    notify(
        recipient=membership.user,
        kind=KIND_ROLE_ENDED,
        title=gettext_lazy("One of your roles ends"),
        body=RoleSentence(membership, granted=False),
        url=reverse("web:dashboard"),
        actor=actor,
    )
    return membership


class RoleSentence:
    """A lazily translated sentence, so the notification is rendered in the reader's language."""

    def __init__(self, membership: RoleMembership, *, granted: bool) -> None:
        self.role = Role(membership.role).label
        self.unit = membership.unit
        self.starts_on = membership.starts_on
        self.ends_on = membership.ends_on
        self.granted = granted

    def __str__(self) -> str:
        params = {
            "role": self.role,
            "unit": self.unit.display_name(translation.get_language() or "ko") if self.unit else "",
            "start": self.starts_on.isoformat(),
            "end": self.ends_on.isoformat() if self.ends_on else "",
        }
        if not self.granted:
            return _("Your role “%(role)s” ends on %(end)s.") % params
        if self.unit and self.ends_on:
            return _("You hold the role “%(role)s” in %(unit)s from %(start)s to %(end)s.") % params
        if self.unit:
            return _("You hold the role “%(role)s” in %(unit)s from %(start)s.") % params
        if self.ends_on:
            return _("You hold the role “%(role)s” from %(start)s to %(end)s.") % params
        return _("You hold the role “%(role)s” from %(start)s.") % params
