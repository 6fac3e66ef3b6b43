"""Who may review a nomination at the working-level stage and who manages the reviews.

``review_nomination`` takes a ``ReviewAssignment``: only its reviewer, while not recused, may open and score the
case. Conflicts found from the org chart are checked again by the view and the service (the chart may change
after the assignment was made).
"""

import rules

from proactive.accounts.rules import is_reviewer, is_secretariat


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    return (
        assignment is not None
        and user.is_authenticated
        and assignment.reviewer_id == user.pk
        and not assignment.recused
    )


rules.add_perm("nominations.view_my_reviews", is_reviewer)
rules.add_perm("nominations.review_nomination", is_assigned_reviewer & is_reviewer)
rules.add_perm("nominations.manage_reviews", is_secretariat)
