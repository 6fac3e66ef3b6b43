"""Permissions of the mileage claims area (django-rules). Claims go up the line of the department they concern.

Who may:
- **claim** points for themselves (``mileage.create_claim``): an official with an official record (their own
  department is the claim's department);
- **propose** points for one or many officials (``mileage.propose_claim``): a department head, for officials of the
  unit they head or of a unit below it (``heads_unit`` says which units);
- **see** a claim (``mileage.view_claim``): who made it, the officials it names, the department heads and bureau
  chiefs over its department, and the secretariat — the same people who may read its evidence files;
- **grant** (department head over the claim's department), **check** (bureau chief over it), **approve**
  (secretariat): never someone who holds a share of the claim — nobody decides on their own points;
- **withdraw** it or **add evidence** while nobody has decided yet: who made it;
- open **my claims** (any official) and **claims to decide** (anyone with a role in a line).

Lists use ``queries.claims`` with the same rules, so a list and its pages never disagree.
"""

from typing import Any

import rules

from proactive.accounts.enums import Role
from proactive.accounts.queries import role_units
from proactive.accounts.rules import (
    _second_factor_done,
    is_bureau_chief,
    is_department_head,
    is_official,
    is_secretariat,
)
from proactive.documents.rules import register_access_rule
from proactive.mileage.enums import ClaimState

EVIDENCE_PURPOSE = "mileage_claim_evidence"


def heads_unit(user: Any, unit: Any, role: str = Role.DEPARTMENT_HEAD) -> bool:
    """True if ``user`` holds ``role`` (second factor done) for ``unit`` or a unit above it."""
    if unit is None or not getattr(user, "is_authenticated", False) or not _second_factor_done(user):
        return False
    return any(h.unit_path and unit.path.startswith(h.unit_path) for h in role_units(user, role))


@rules.predicate
def heads_the_claims_department(user, claim) -> bool:
    return claim is not None and heads_unit(user, claim.unit, Role.DEPARTMENT_HEAD)


@rules.predicate
def is_bureau_chief_over_the_claim(user, claim) -> bool:
    return claim is not None and heads_unit(user, claim.unit, Role.BUREAU_CHIEF)


@rules.predicate
def made_the_claim(user, claim) -> bool:
    return claim is not None and getattr(user, "pk", None) is not None and claim.claimed_by_id == user.pk


@rules.predicate
def holds_a_share(user, claim) -> bool:
    official_id = getattr(user, "official_id", None)
    if claim is None or official_id is None:
        return False
    shares = getattr(claim, "_prefetched_objects_cache", {}).get("shares")
    if shares is not None:
        return any(s.official_id == official_id for s in shares)
    return claim.shares.filter(official_id=official_id).exists()


@rules.predicate
def claim_is_open(user, claim) -> bool:
    return claim is not None and claim.state == ClaimState.CLAIMED


rules.add_perm("mileage.create_claim", is_official)
rules.add_perm("mileage.propose_claim", is_department_head)
rules.add_perm("mileage.view_my_claims", is_official)
rules.add_perm("mileage.view_claim_queue", is_department_head | is_bureau_chief | is_secretariat)
rules.add_perm(
    "mileage.view_claim",
    made_the_claim | holds_a_share | heads_the_claims_department | is_bureau_chief_over_the_claim | is_secretariat,
)
rules.add_perm("mileage.grant_claim", heads_the_claims_department & ~holds_a_share)
rules.add_perm("mileage.check_claim", is_bureau_chief_over_the_claim & ~holds_a_share)
rules.add_perm("mileage.approve_claim", is_secretariat & ~holds_a_share)
rules.add_perm("mileage.withdraw_claim", made_the_claim)
rules.add_perm("mileage.add_claim_evidence", made_the_claim & claim_is_open)


def can_read_claim_evidence(user: Any, document: Any) -> bool:
    """Claim evidence is readable by whoever may see a claim it is attached to; nobody else (not even system
    administrators, who are no part of a claim's line)."""
    from proactive.mileage.models import Claim  # rules load before models in the import order

    if not user.is_authenticated:
        return False
    claims = Claim.objects.filter(evidence=document).select_related("unit")
    return any(user.has_perm("mileage.view_claim", claim) for claim in claims)


register_access_rule(EVIDENCE_PURPOSE, can_read_claim_evidence, sysadmin_access=False)
