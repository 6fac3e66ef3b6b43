import rules

from proactive.accounts.rules import is_secretariat, is_sysadmin

rules.add_perm("programme.change_settings", is_secretariat | is_sysadmin)
