"""Permissions of the mileage appeals area (이의신청, issue #4).

Who may:
- **file** an appeal: any official (``file_appeal``); *what* they may appeal — their own rejected claim, their
  share of an approved claim, a deduction on their own ledger, within the window — is the service's rule
  (``services.appeals.appeal_subject``).
- **see** an appeal (``view_appeal``): the appellant, the members of its panel and the secretariat; nobody else
  (the screens answer 404). Its files follow the same rule, and so does the evidence of the claim in dispute,
  which the panel must weigh (``register_access_rule`` below; system administrators are not admitted).
- **assign the panel** (``assign_appeal_panel``): the secretariat.
- **decide** (``decide_appeal``): a member of the appeal's panel who still holds the appeals-panel role and who is
  not in the chain that decided what is appealed (``queries.appeals.deciding_chain``). The service refuses to
  put such a person on the panel; this rule is the second lock.
- **withdraw** (``withdraw_appeal``) and **add files** (``add_appeal_evidence``): the appellant, while it is open.

*When* each step is possible is ``workflow.APPEAL_TRANSITIONS``' rule.
"""

import rules

from proactive.accounts.enums import Role
from proactive.accounts.rules import is_official, is_secretariat, role_predicate
from proactive.documents.rules import register_access_rule
from proactive.mileage.enums import AppealState
from proactive.mileage.rules.claims import EVIDENCE_PURPOSE as CLAIM_EVIDENCE_PURPOSE

EVIDENCE_PURPOSE = "mileage_appeal_evidence"
OPEN_STATES = (AppealState.FILED, AppealState.UNDER_REVIEW)

is_appeals_panel_member = role_predicate(Role.APPEALS_PANEL)


@rules.predicate
def is_appellant(user, appeal) -> bool:
    if appeal is None or not getattr(user, "is_authenticated", False):
        return False
    official_id = getattr(user, "official_id", None)
    return appeal.filed_by_id == user.pk or (official_id is not None and appeal.official_id == official_id)


@rules.predicate
def sits_on_the_panel(user, appeal) -> bool:
    if appeal is None or not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(appeal, "_prefetched_objects_cache", {}).get("panel")
    if cached is not None:
        return any(member.pk == user.pk for member in cached)
    return appeal.panel.filter(pk=user.pk).exists()


@rules.predicate
def is_in_the_deciding_chain(user, appeal) -> bool:
    # Imported here: rules load before models and queries in the app's import order.
    from proactive.mileage.queries.appeals import deciding_chain

    return appeal is not None and getattr(user, "pk", None) in deciding_chain(appeal)


@rules.predicate
def appeal_is_open(user, appeal) -> bool:
    return appeal is not None and appeal.state in OPEN_STATES


rules.add_perm("mileage.file_appeal", is_official)
rules.add_perm("mileage.view_my_appeals", is_official)
rules.add_perm("mileage.view_all_appeals", is_secretariat)
rules.add_perm("mileage.view_panel_appeals", is_appeals_panel_member)
rules.add_perm("mileage.view_appeal", is_appellant | is_secretariat | (is_appeals_panel_member & sits_on_the_panel))
rules.add_perm("mileage.assign_appeal_panel", is_secretariat)
rules.add_perm(
    "mileage.decide_appeal", is_appeals_panel_member & sits_on_the_panel & ~is_appellant & ~is_in_the_deciding_chain
)
rules.add_perm("mileage.withdraw_appeal", is_appellant)
rules.add_perm("mileage.add_appeal_evidence", is_appellant & appeal_is_open)


def can_read_appeal_evidence(user, document) -> bool:
    """An appeal's files are readable by whoever may see an appeal they are attached to: the appellant, the
    panel and the secretariat."""
    from proactive.mileage.models import Appeal  # rules load before models in the import order

    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_perm("mileage.view_appeal", a) for a in Appeal.objects.filter(evidence=document))


def can_read_disputed_claim_evidence(user, document) -> bool:
    """The evidence of a claim in dispute is readable by whoever may see an appeal about that claim — above all
    its panel, which must weigh it (the claims area admits the claim's own line)."""
    from proactive.mileage.models import Appeal  # rules load before models in the import order

    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_perm("mileage.view_appeal", a) for a in Appeal.objects.filter(claim__evidence=document))


register_access_rule(EVIDENCE_PURPOSE, can_read_appeal_evidence, sysadmin_access=False)
register_access_rule(CLAIM_EVIDENCE_PURPOSE, can_read_disputed_claim_evidence, sysadmin_access=False)
