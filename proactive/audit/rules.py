import rules

from proactive.accounts.rules import is_audit_officer, is_sysadmin

rules.add_perm("audit.view_audit", is_audit_officer | is_sysadmin)
# Exporting access records is part of the monthly review; the export itself is recorded with its reason.
rules.add_perm("audit.export_access_records", is_audit_officer | is_sysadmin)
