"""The exemption application's transition table (core.workflow). ``services.applications.transition_application``
applies it; the named steps (submit, screen, decide, withdraw) all go through it.

DRAFT ─submit─► SUBMITTED ─screen: complete and in time─► UNDER_REVIEW ─board decides─► EXEMPTED | MITIGATED | DENIED
                SUBMITTED ─screen: incomplete─► RETURNED ─resubmit─► SUBMITTED
                SUBMITTED | RETURNED ─screen: not admissible─► REJECTED                              [end]
DRAFT | SUBMITTED | RETURNED ─withdraw─► WITHDRAWN                                                 [end]
"""

from proactive.protection.enums import ApplicationState as S

SUBMIT = "protection.submit_application"
WITHDRAW = "protection.withdraw_application"
SCREEN = "protection.screen_application"
DECIDE = "protection.decide_application"

APPLICATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED: SUBMIT, S.WITHDRAWN: WITHDRAW},
    S.SUBMITTED: {S.UNDER_REVIEW: SCREEN, S.RETURNED: SCREEN, S.REJECTED: SCREEN, S.WITHDRAWN: WITHDRAW},
    S.RETURNED: {S.SUBMITTED: SUBMIT, S.REJECTED: SCREEN, S.WITHDRAWN: WITHDRAW},
    S.UNDER_REVIEW: {S.EXEMPTED: DECIDE, S.MITIGATED: DECIDE, S.DENIED: DECIDE},
}
