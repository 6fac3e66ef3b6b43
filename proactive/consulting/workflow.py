"""The pre-consulting request's transition table (core.workflow). ``services.requests.transition_request`` applies it.

draft ─send─► awaiting_approval ─approve─► submitted          (an official; their department head approves)
draft ─submit─► submitted                                     (a requester who is the head of their own unit)
awaiting_approval ─send back─► draft                          (the head, with a comment)
submitted ─screen─► accepted (deadline starts) | returned (an exclusion reason)
returned ─revise─► draft                                      (only when returned for insufficient own review)
accepted ─assign─► under_review
under_review ─escalate─► escalated ─reply─► under_review      (BAI/MOIS; the clock pauses)
under_review ─refer─► referred ─decision─► under_review       (the committee; the clock pauses)
under_review ─opinion─► opinion_issued ─report─► implemented
draft | awaiting_approval | submitted | returned ─withdraw─► withdrawn

``referred → under_review`` is taken by the committee's decision (``services.review.on_committee_decided``), not by
a person of this app: its permission is the system's.
"""

from proactive.consulting.enums import RequestState as S

SEND = "consulting.send_request"
SUBMIT_DIRECTLY = "consulting.submit_request_directly"
APPROVE = "consulting.approve_request"
WITHDRAW = "consulting.withdraw_request"
REVISE = "consulting.revise_request"
SCREEN = "consulting.screen_request"
REVIEW = "consulting.review_request"
ISSUE = "consulting.issue_opinion"
REPORT = "consulting.report_implementation"
SYSTEM = "consulting.system_step"  # granted to no one: only the committee's decision callback takes it

REQUEST_TRANSITIONS = {
    S.DRAFT: {S.AWAITING_APPROVAL: SEND, S.SUBMITTED: SUBMIT_DIRECTLY, S.WITHDRAWN: WITHDRAW},
    S.AWAITING_APPROVAL: {S.SUBMITTED: APPROVE, S.DRAFT: APPROVE, S.WITHDRAWN: WITHDRAW},
    S.SUBMITTED: {S.ACCEPTED: SCREEN, S.RETURNED: SCREEN, S.WITHDRAWN: WITHDRAW},
    S.RETURNED: {S.DRAFT: REVISE, S.WITHDRAWN: WITHDRAW},
    S.ACCEPTED: {S.UNDER_REVIEW: REVIEW},
    S.UNDER_REVIEW: {S.ESCALATED: REVIEW, S.REFERRED: REVIEW, S.OPINION_ISSUED: ISSUE},
    S.ESCALATED: {S.UNDER_REVIEW: REVIEW},
    S.REFERRED: {S.UNDER_REVIEW: SYSTEM},
    S.OPINION_ISSUED: {S.IMPLEMENTED: REPORT},
}
