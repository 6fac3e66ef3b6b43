"""Permissions of the mileage domain (django-rules). Claims go up the line of the department they concern."""

import rules

from proactive.accounts.enums import Role
from proactive.accounts.queries import role_units
from proactive.accounts.rules import _second_factor_done, is_secretariat


def _heads(user, role: str, unit) -> bool:
    if unit is None or not getattr(user, "is_authenticated", False) or not _second_factor_done(user):
        return False
    return any(h.unit_path and unit.path.startswith(h.unit_path) for h in role_units(user, role))


@rules.predicate
def heads_the_claims_department(user, claim) -> bool:
    return claim is not None and _heads(user, Role.DEPARTMENT_HEAD, claim.unit)


@rules.predicate
def is_bureau_chief_over_the_claim(user, claim) -> bool:
    return claim is not None and _heads(user, Role.BUREAU_CHIEF, claim.unit)


@rules.predicate
def made_the_claim(user, claim) -> bool:
    return claim is not None and getattr(user, "pk", None) is not None and claim.claimed_by_id == user.pk


rules.add_perm("mileage.grant_claim", heads_the_claims_department)
rules.add_perm("mileage.check_claim", is_bureau_chief_over_the_claim)
rules.add_perm("mileage.approve_claim", is_secretariat)
rules.add_perm("mileage.withdraw_claim", made_the_claim)
