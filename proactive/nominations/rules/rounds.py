"""Who may prepare, publish and close selection rounds. Public pages of a round need no permission."""

import rules

from proactive.accounts.rules import is_secretariat, is_sysadmin

rules.add_perm("nominations.manage_rounds", is_secretariat | is_sysadmin)
