"""Transition tables for the selection domain: state → {target: permission}."""

from proactive.nominations.enums import NominationState as S

NOMINATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED: "nominations.submit_nomination", S.WITHDRAWN: "nominations.withdraw_nomination"},
    S.RETURNED: {
        S.SUBMITTED: "nominations.submit_nomination",
        S.WITHDRAWN: "nominations.withdraw_nomination",
        S.MERGED: "nominations.verify_nomination",
    },
    S.SUBMITTED: {
        S.VERIFIED: "nominations.verify_nomination",
        S.RETURNED: "nominations.verify_nomination",
        S.REJECTED: "nominations.verify_nomination",
        S.WITHDRAWN: "nominations.withdraw_nomination",
        S.MERGED: "nominations.verify_nomination",
    },
    S.VERIFIED: {},
    S.REJECTED: {},
    S.WITHDRAWN: {},
    S.MERGED: {},
}
