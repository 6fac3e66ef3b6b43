"""Access policy of the mileage claims area (tests/mileage/test_claims_views.py tests each denial).

The claim's line: department head grants → bureau chief checks → secretariat approves; nobody decides on a claim
in which they hold a share.
"""

from proactive.accounts.enums import Role

R = Role

URLS: dict[str, str] = {
    "mileage:claim-create": "login",
    "mileage:claim-propose": "login",
    "mileage:partial-claim-split": "post-only",
    "mileage:claim-mine": "login",
    "mileage:claim-queue": "login",
    "mileage:claim-detail": "login",
    "mileage:claim-transition": "post-only",
    "mileage:claim-evidence": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official, who may claim for their own work.
    "mileage.create_claim": set(Role) - {R.CITIZEN},
    "mileage.view_my_claims": set(Role) - {R.CITIZEN},
    "mileage.propose_claim": {R.DEPARTMENT_HEAD},
    "mileage.view_claim_queue": {R.DEPARTMENT_HEAD, R.BUREAU_CHIEF, R.SECRETARIAT},
    "mileage.approve_claim": {R.SECRETARIAT},
}
OBJECT_PERMS: set[str] = {
    "mileage.view_claim",
    "mileage.grant_claim",
    "mileage.check_claim",
    "mileage.withdraw_claim",
    "mileage.add_claim_evidence",
}
