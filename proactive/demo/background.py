"""Accounts of officials who act in the demo without ever signing in ("background" accounts: a requester, an owner
department's head, an applicant). Each is made once, without a password, and audited as the demo's; an official who
already has an account (made by another demo area) keeps it."""

import datetime

from proactive.accounts.enums import Role
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.services.accounts import create_official_account


def new_background_account(official: Official, username: str) -> User:
    """A new account ``username`` for ``official``, without a password."""
    return create_official_account(
        actor=None, official=official, username=username, data={"source": "demo", "background": True}
    )


def background_account(official: Official, username: str) -> User:
    """``official``'s account, or a new background account ``username``."""
    return User.objects.filter(official=official).first() or new_background_account(official, username)


def unit_head_account(unit: OrgUnit, *, username: str, starts_on: datetime.date, note: str) -> User | None:
    """The account of ``unit``'s head (the official numbered …-001, else the highest grade), a department head
    scoped to the unit from ``starts_on``; loaded afresh, so no roles are cached on it. None for a unit without
    officials."""
    official = (
        Official.objects.filter(unit=unit, employee_no__endswith="-001").first()
        or Official.objects.filter(unit=unit).order_by("grade", "employee_no").first()
    )
    if official is None:
        return None
    user = background_account(official, username)
    if not RoleMembership.objects.active().filter(user=user, role=Role.DEPARTMENT_HEAD, unit=unit).exists():
        from proactive.accounts.services.memberships import grant_role  # noqa: PLC0415  (only the demo grants here)

        grant_role(actor=None, user=user, role=Role.DEPARTMENT_HEAD, unit=unit, starts_on=starts_on, note=note)
    return User.objects.get(pk=user.pk)
