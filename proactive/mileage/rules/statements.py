"""Permissions of the mileage statements area (DOMAIN.md §4.5).

- ``view_own_statement``: every official sees their own balance, history, pending, reserved and expiring points
  (the page only ever shows the signed-in official's own ledger, so there is no object to check).
- ``view_mileage_reports`` / ``export_mileage_reports``: aggregated figures by department, activity and month.
  Department heads and bureau chiefs see their own unit and the units below it; the secretariat sees every unit
  (the scope itself is ``queries.statements.report_scope``). The figures are aggregated: no per-official rows.
"""

import rules

from proactive.accounts.rules import is_bureau_chief, is_department_head, is_official, is_secretariat

can_see_reports = is_department_head | is_bureau_chief | is_secretariat

rules.add_perm("mileage.view_own_statement", is_official)
rules.add_perm("mileage.view_mileage_reports", can_see_reports)
rules.add_perm("mileage.export_mileage_reports", can_see_reports)
