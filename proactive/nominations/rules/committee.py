"""Who scores at the committee stage (위원회 심사), who manages it and who confirms the grades.

``committee_review`` takes a committee ``ReviewAssignment``: only its member, while not recused (제척·기피·회피),
may open and score the case.
"""

import rules

from proactive.accounts.rules import is_committee_chair, is_committee_member, is_secretariat
from proactive.nominations.enums import ScoredStage


@rules.predicate
def is_assigned_committee_member(user, assignment) -> bool:
    return (
        assignment is not None
        and user.is_authenticated
        and assignment.stage == ScoredStage.COMMITTEE
        and assignment.reviewer_id == user.pk
        and not assignment.recused
    )


rules.add_perm("nominations.view_committee_reviews", is_committee_member)
rules.add_perm("nominations.committee_review", is_assigned_committee_member & is_committee_member)
rules.add_perm("nominations.manage_committee", is_secretariat)
rules.add_perm("nominations.confirm_grades", is_committee_chair)
