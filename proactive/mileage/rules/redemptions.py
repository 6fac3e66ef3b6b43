"""Permissions of the mileage redemptions area (DOMAIN.md §4.5).

- ``redeem_points``: every official may spend their own points and see their own rewards ("Redeem points",
  "My rewards"); an official without points sees what they would need.
- ``cancel_redemption`` (object: a ``Redemption``): the official it belongs to, or the secretariat. *When* each
  may cancel (the official only while the points are merely reserved; the secretariat any time before
  fulfilment) is the transition table's rule (``services.redemptions.REDEMPTION_TRANSITIONS``).
- ``handle_redemptions``: the secretariat works the queue (fulfils with a reference, cancels with a reason) and
  runs the 동백전 payout batches (create, export with a stated reason, import the operator's result file).
"""

import rules

from proactive.accounts.rules import is_official, is_secretariat


@rules.predicate
def owns_redemption(user, redemption) -> bool:
    return (
        redemption is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "official_id", None) is not None
        and redemption.official_id == user.official_id
    )


rules.add_perm("mileage.redeem_points", is_official)
rules.add_perm("mileage.cancel_redemption", (is_official & owns_redemption) | is_secretariat)
rules.add_perm("mileage.handle_redemptions", is_secretariat)
