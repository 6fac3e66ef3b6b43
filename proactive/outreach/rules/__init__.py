"""Permissions of outreach (django-rules autodiscovers this package).

Who may:
- **campaigns and promotion** (``view_activities``, ``manage_activities``), **training** (``view_training``,
  ``manage_training``) and **liaison meetings** with their action items (``view_liaison``, ``manage_liaison``):
  the secretariat (the programme's lead department runs outreach, DOMAIN.md §3).
- **one's own training history** (``view_my_training``): every official.
- **the programme's figures** and the **MOIS export** (``view_figures``, ``export_figures``): the secretariat and
  the accountable officer (적극행정 책임관, who leads the programme). Figures are counts and sums only.

A system administrator holds none of these; nor does a superuser (``is_not_superuser``).
"""

import rules

from proactive.accounts.enums import Role
from proactive.accounts.rules import is_official, is_secretariat, role_predicate
from proactive.documents.rules import register_access_rule

MATERIAL_PURPOSE = "outreach.material"  # campaign materials (posters, videos' stills, SNS cards)

is_accountable_officer = role_predicate(Role.ACCOUNTABLE_OFFICER)


@rules.predicate
def is_not_superuser(user) -> bool:
    return not getattr(user, "is_superuser", False)


staff = is_not_superuser & is_secretariat
leads = is_not_superuser & (is_secretariat | is_accountable_officer)

rules.add_perm("outreach.view_activities", staff)
rules.add_perm("outreach.manage_activities", staff)
rules.add_perm("outreach.view_training", staff)
rules.add_perm("outreach.manage_training", staff)
rules.add_perm("outreach.view_my_training", is_not_superuser & is_official)
rules.add_perm("outreach.view_liaison", staff)
rules.add_perm("outreach.manage_liaison", staff)
rules.add_perm("outreach.view_figures", leads)
rules.add_perm("outreach.export_figures", leads)


def can_read_material(user, document) -> bool:
    """A campaign's material is readable by whoever may see the campaigns."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("outreach.view_activities"))


register_access_rule(MATERIAL_PURPOSE, can_read_material)
