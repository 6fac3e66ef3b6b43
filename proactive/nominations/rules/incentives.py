"""Permissions of the winners' incentives (DOMAIN.md §4.4): the winner chooses a personnel benefit, HR processes it.

``choose_benefit`` takes an ``Incentive``: only the official it belongs to (through their sign-in account) may
choose. *When* a choice is possible (waiting for the choice, or sent back as ineligible) is the transition table's
rule (``services.incentives.INCENTIVE_TRANSITIONS``).

``choose_pending_benefit`` is data-driven, not role-driven: it holds while the signed-in official has an incentive
waiting for their choice. It decides whether the dashboard shows the "Choose your personnel benefit" panel.
"""

import rules

from proactive.accounts.rules import is_committee_chair, is_hr_officer, is_official, is_secretariat


@rules.predicate
def is_incentive_winner(user, incentive) -> bool:
    return (
        incentive is not None
        and user.is_authenticated
        and user.official_id is not None
        and incentive.member.official_id == user.official_id
    )


@rules.predicate
def has_benefit_to_choose(user) -> bool:
    # Imported here: rules load before models and queries in the app's import order.
    from proactive.nominations.queries.incentives import has_benefit_to_choose as query

    return query(user)


# Every signed-in official may open "My awards" (an official without awards sees an empty page).
rules.add_perm("nominations.view_my_awards", is_official)
rules.add_perm("nominations.choose_benefit", is_official & is_incentive_winner)
rules.add_perm("nominations.choose_pending_benefit", is_official & has_benefit_to_choose)
# HR and the secretariat see every incentive of a round and export the prize payments; only HR acts on them.
rules.add_perm("nominations.view_incentives", is_hr_officer | is_secretariat)
rules.add_perm("nominations.export_incentive_payments", is_hr_officer | is_secretariat)
rules.add_perm("nominations.process_incentives", is_hr_officer)
# The chair's confirmation of the grades creates them; HR and the secretariat may create any still missing.
rules.add_perm("nominations.create_incentives", is_committee_chair | is_hr_officer | is_secretariat)
