import rules

from proactive.accounts.rules import is_audit_officer, is_sysadmin

rules.add_perm("audit.view_audit", is_audit_officer | is_sysadmin)
