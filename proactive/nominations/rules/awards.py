"""Permissions of the round's results: the public pages need none; re-nominating a case that was not selected for
special promotion is the nominating department's head's; HR officers and the secretariat decide.

``renominate_nomination`` takes a ``Nomination``: the user heads (Role.DEPARTMENT_HEAD membership scoped to a unit)
the nominating department or a unit above it. Whether the case may be re-nominated *now* (verified, grades
confirmed, no graded award, not yet re-nominated) is the service's rule (``services.awards``).
"""

import rules

from proactive.accounts.enums import Role
from proactive.accounts.queries import role_units
from proactive.accounts.rules import is_department_head, is_hr_officer, is_secretariat


@rules.predicate
def heads_nominating_unit(user, nomination) -> bool:
    if nomination is None or not user.is_authenticated or nomination.nominating_unit_id is None:
        return False
    path = nomination.nominating_unit.path
    return any(h.unit_path and path.startswith(h.unit_path) for h in role_units(user, Role.DEPARTMENT_HEAD))


# The department head's page of the unit's cases that may be re-nominated.
rules.add_perm("nominations.request_renomination", is_department_head)
rules.add_perm("nominations.renominate_nomination", is_department_head & heads_nominating_unit)
rules.add_perm("nominations.view_renominations", is_hr_officer | is_secretariat)
rules.add_perm("nominations.decide_renomination", is_hr_officer | is_secretariat)
