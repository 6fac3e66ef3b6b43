"""Permissions of search (issue 7).

- **The search page** is public: anyone finds the public documents (selected cases, published opinions and
  pre-consulting answers).
- **Staff documents** (anonymised reporting case studies, which ``reporting.view_case_studies`` shows to officials
  and staff only): ``search.view_staff_documents``, the same people.
"""

import rules

from proactive.accounts.rules import is_official, is_staff_member

rules.add_perm("search.view_staff_documents", is_official | is_staff_member)
