"""Permissions of the mileage catalogue (DOMAIN.md §4.5): the activities that earn points, the rewards points buy
and the year's policy.

Every official may read the catalogue (what earns how many points, what the points buy, the caps and the
minimum to redeem); only the secretariat changes it. Citizens have no mileage.
"""

import rules

from proactive.accounts.rules import is_official, is_secretariat, is_staff_member

rules.add_perm("mileage.view_catalogue", is_official | is_staff_member)
rules.add_perm("mileage.manage_catalogue", is_secretariat)
