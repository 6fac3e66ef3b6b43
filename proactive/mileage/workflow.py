"""Transition tables of the mileage domain: state → {target: permission}."""

from proactive.mileage.enums import AppealState as A
from proactive.mileage.enums import ClaimState as C

CLAIM_TRANSITIONS = {
    C.CLAIMED: {
        C.GRANTED: "mileage.grant_claim",
        C.REJECTED: "mileage.grant_claim",
        C.WITHDRAWN: "mileage.withdraw_claim",
    },
    C.GRANTED: {C.CHECKED: "mileage.check_claim", C.REJECTED: "mileage.check_claim"},
    C.CHECKED: {C.APPROVED: "mileage.approve_claim", C.REJECTED: "mileage.approve_claim"},
    C.APPROVED: {},
    C.REJECTED: {},
    C.WITHDRAWN: {},
}

# An appeal (이의신청): the secretariat assigns a panel (→ under review); a panel member records the panel's
# decision (upheld or adjusted); the appellant may withdraw while it is open. Applied only by
# ``services.appeals.transition_appeal``.
APPEAL_TRANSITIONS = {
    A.FILED: {
        A.UNDER_REVIEW: "mileage.assign_appeal_panel",
        A.WITHDRAWN: "mileage.withdraw_appeal",
    },
    A.UNDER_REVIEW: {
        A.UPHELD: "mileage.decide_appeal",
        A.ADJUSTED: "mileage.decide_appeal",
        A.WITHDRAWN: "mileage.withdraw_appeal",
    },
    A.UPHELD: {},
    A.ADJUSTED: {},
    A.WITHDRAWN: {},
}
