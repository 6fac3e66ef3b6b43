"""The transition tables of the action plan (core.workflow). ``services.plans.transition_plan`` and
``services.progress.transition_report`` apply them.

Plan::

    draft ─consult─► consultation ─back─► draft
    draft | consultation ─deliberated─► committee_deliberated ─sent back─► draft
    committee_deliberated ─adopted─► adopted ─started─► in_progress ─► mid_year_review ─► in_progress
    in_progress | mid_year_review ─► year_end_review ─► closed                                     [end]

Progress report (one per task and quarter)::

    submitted ─accept─► accepted                                                                    [end]
    submitted ─return with a comment─► returned ─reported again─► submitted
"""

from proactive.actionplan.enums import PlanState as P
from proactive.actionplan.enums import ReportState as R

CHANGE_STATE = "actionplan.change_plan_state"
REVIEW = "actionplan.review_progress"
RESUBMIT = "actionplan.report_progress"

PLAN_TRANSITIONS: dict[str, dict[str, str]] = {
    P.DRAFT: {P.CONSULTATION: CHANGE_STATE, P.COMMITTEE_DELIBERATED: CHANGE_STATE},
    P.CONSULTATION: {P.DRAFT: CHANGE_STATE, P.COMMITTEE_DELIBERATED: CHANGE_STATE},
    P.COMMITTEE_DELIBERATED: {P.ADOPTED: CHANGE_STATE, P.DRAFT: CHANGE_STATE},
    P.ADOPTED: {P.IN_PROGRESS: CHANGE_STATE},
    P.IN_PROGRESS: {P.MID_YEAR_REVIEW: CHANGE_STATE, P.YEAR_END_REVIEW: CHANGE_STATE},
    P.MID_YEAR_REVIEW: {P.IN_PROGRESS: CHANGE_STATE, P.YEAR_END_REVIEW: CHANGE_STATE},
    P.YEAR_END_REVIEW: {P.CLOSED: CHANGE_STATE},
}

REPORT_TRANSITIONS: dict[str, dict[str, str]] = {
    R.SUBMITTED: {R.ACCEPTED: REVIEW, R.RETURNED: REVIEW},
    R.RETURNED: {R.SUBMITTED: RESUBMIT},
}
