"""Predicates and permissions for accounts, org units and role memberships.

Permission names describe actions (``accounts.manage_memberships``). Views declare them; templates use
``{% has_perm %}`` only to show or hide controls.
"""

import rules

from proactive.accounts.enums import STAFF_ROLES, Role
from proactive.accounts.queries import has_role


def _second_factor_done(user) -> bool:
    """False only for a request's user who holds a staff role but has not passed TOTP yet.

    Users loaded outside a request (services, tasks, tests of services) have no ``is_verified`` and count as
    verified; StaffVerificationMiddleware keeps unverified staff away from every page anyway, and this makes the
    menu and every permission agree with it.
    """
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())


def role_predicate(*roles: str):
    needs_second_factor = any(role in STAFF_ROLES for role in roles)

    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def _pred(user) -> bool:
        if not has_role(user, *roles):
            return False
        return not needs_second_factor or _second_factor_done(user)

    return _pred


is_citizen = role_predicate(Role.CITIZEN)
is_official = role_predicate(Role.OFFICIAL)
is_department_head = role_predicate(Role.DEPARTMENT_HEAD)
is_bureau_chief = role_predicate(Role.BUREAU_CHIEF)
is_secretariat = role_predicate(Role.SECRETARIAT)
is_reviewer = role_predicate(Role.REVIEWER)
is_committee_member = role_predicate(Role.COMMITTEE_MEMBER, Role.COMMITTEE_CHAIR)
is_committee_chair = role_predicate(Role.COMMITTEE_CHAIR)
is_audit_officer = role_predicate(Role.AUDIT_OFFICER)
is_protection_officer = role_predicate(Role.PROTECTION_OFFICER)
is_hr_officer = role_predicate(Role.HR_OFFICER)
is_sysadmin = role_predicate(Role.SYSADMIN)
is_staff_member = role_predicate(*STAFF_ROLES)


@rules.predicate
def is_verified_citizen(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_verified_citizen", False))


rules.add_perm("accounts.view_org", is_official | is_staff_member)
# The officials register holds work contact data: the whole register for the secretariat, HR, audit and system
# administrators; department heads and bureau chiefs see their own unit's subtree (queries.officials_visible_to).
can_view_register = (
    is_secretariat | is_hr_officer | is_audit_officer | is_sysadmin | is_department_head | is_bureau_chief
)
rules.add_perm("accounts.view_official", can_view_register)
rules.add_perm("accounts.import_org", is_sysadmin | is_hr_officer)
rules.add_perm("accounts.export_org", is_sysadmin | is_hr_officer | is_secretariat)
rules.add_perm("accounts.manage_memberships", is_sysadmin | is_secretariat)
# Only a system administrator may grant or end the system administrator role.
rules.add_perm("accounts.manage_sysadmin_memberships", is_sysadmin)
