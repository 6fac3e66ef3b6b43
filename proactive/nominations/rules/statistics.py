"""Permissions of the programme's statistics and the per-round exports.

The statistics page is public (no permission). The per-round exports (scores by stage, reviewer and criterion;
the vote tally; the results) go to the programme secretariat, who runs the round, the committee chair, who
confirms the grades, and HR officers, who carry out the personnel benefits.
"""

import rules

from proactive.accounts.rules import is_committee_chair, is_hr_officer, is_secretariat

rules.add_perm("nominations.export_round_results", is_secretariat | is_committee_chair | is_hr_officer)
