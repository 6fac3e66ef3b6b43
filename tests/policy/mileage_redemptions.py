"""Access policy of the mileage redemptions area (tests/mileage/test_redemptions_views.py tests each denial)."""

from proactive.accounts.enums import Role

URLS: dict[str, str] = {
    "mileage:redeem": "login",
    "mileage:redemption-mine": "login",
    "mileage:redemption-cancel-mine": "post-only",
    "mileage:redemption-queue": "login",
    "mileage:redemption-fulfil": "post-only",
    "mileage:redemption-cancel": "post-only",
    "mileage:payout-batch-list": "login",
    "mileage:payout-batch-create": "post-only",
    "mileage:payout-batch-detail": "login",
    "mileage:payout-batch-export": "login",
    "mileage:payout-batch-import": "post-only",
}
GLOBAL_PERMS: dict[str, set[str]] = {
    # Every staff account in the matrix is also an official, who may spend their own points.
    "mileage.redeem_points": {r.value for r in Role if r != Role.CITIZEN},
    "mileage.handle_redemptions": {Role.SECRETARIAT},
}
OBJECT_PERMS: set[str] = {"mileage.cancel_redemption"}
