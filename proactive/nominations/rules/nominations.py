"""Who may nominate, see, edit, submit, withdraw and verify nominations, and answer a consent request.

Object permissions take a ``Nomination`` (``answer_consent`` takes a ``NominationMember``). Lists use
``queries.nominations.nominations_visible_to`` with the same rule, so a page and its list never disagree.
"""

import rules

from proactive.accounts.rules import is_department_head, is_official, is_secretariat, is_sysadmin, is_verified_citizen
from proactive.documents.rules import register_access_rule
from proactive.nominations.enums import EDITABLE_STATES

EVIDENCE_PURPOSE = "nomination_evidence"


@rules.predicate
def is_nominator(user, nomination) -> bool:
    return nomination is not None and user.is_authenticated and nomination.nominated_by_id == user.pk


@rules.predicate
def is_team_member(user, nomination) -> bool:
    official_id = getattr(user, "official_id", None)
    if nomination is None or not user.is_authenticated or official_id is None:
        return False
    return nomination.members.filter(official_id=official_id).exists()


@rules.predicate
def nomination_is_editable(user, nomination) -> bool:
    return nomination is not None and nomination.state in EDITABLE_STATES


@rules.predicate
def is_member_official(user, member) -> bool:
    official_id = getattr(user, "official_id", None)
    return member is not None and official_id is not None and member.official_id == official_id


# Departments nominate through their head or an official of the department (the head's delegate); the service
# sets the nominating department to the nominator's own unit. Verified citizens nominate as citizens.
rules.add_perm("nominations.create_nomination", is_department_head | is_official | is_verified_citizen)
rules.add_perm("nominations.view_all_nominations", is_secretariat | is_sysadmin)
rules.add_perm("nominations.view_nomination", is_nominator | is_team_member | is_secretariat | is_sysadmin)
rules.add_perm("nominations.edit_nomination", is_nominator & nomination_is_editable)
rules.add_perm("nominations.submit_nomination", is_nominator)
rules.add_perm("nominations.withdraw_nomination", is_nominator)
rules.add_perm("nominations.verify_nomination", is_secretariat)
rules.add_perm("nominations.answer_consent", is_member_official)


def can_read_nomination_evidence(user, document) -> bool:
    """Evidence is readable by whoever may see a nomination it is attached to (nominator, team, secretariat)."""
    from proactive.nominations.models import Nomination  # rules load before models in the import order

    if not user.is_authenticated:
        return False
    return any(user.has_perm("nominations.view_nomination", n) for n in Nomination.objects.filter(evidence=document))


register_access_rule(EVIDENCE_PURPOSE, can_read_nomination_evidence)
