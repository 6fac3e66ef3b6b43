"""Transition tables of the mileage domain: state → {target: permission}."""

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
