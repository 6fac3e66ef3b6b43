"""Choices of the mileage domain. Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a ledger entry records. Entries are never changed; a correction is a reversing entry."""

    GRANT = "grant", _("Points granted")
    DEDUCTION = "deduction", _("Points deducted")
    ADJUSTMENT = "adjustment", _("Adjustment")
    REVERSAL = "reversal", _("Reversal of an earlier entry")
    REDEMPTION = "redemption", _("Reserved for a reward")
    REDEMPTION_RETURN = "redemption_return", _("Returned from a cancelled or failed reward")
    EXPIRY = "expiry", _("Expired at the end of the year")


class RewardKind(models.TextChoices):
    DONGBAEK = "dongbaek", _("Dongbaekjeon (Busan local currency)")
    COUPON = "coupon", _("Mobile coupon")
    LEAVE = "leave", _("Reward leave")


class ClaimState(models.TextChoices):
    """A claim for points, up the line: department head grants → bureau chief checks → secretariat approves."""

    CLAIMED = "claimed", _("Claimed")
    GRANTED = "granted", _("Granted by the department head")
    CHECKED = "checked", _("Checked by the bureau chief")
    APPROVED = "approved", _("Approved and posted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RedemptionState(models.TextChoices):
    RESERVED = "reserved", _("Points reserved")
    IN_BATCH = "in_batch", _("Sent for payment")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled (points returned)")
    FAILED = "failed", _("Payment failed (points returned)")


class AppealState(models.TextChoices):
    FILED = "filed", _("Filed")
    UNDER_REVIEW = "under_review", _("Under review by the panel")
    UPHELD = "upheld", _("Original decision upheld")
    ADJUSTED = "adjusted", _("Adjusted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AppealGround(models.TextChoices):
    """What the official objects to."""

    REJECTION = "rejection", _("A claim was rejected")
    AMOUNT = "amount", _("The points granted are too few")
    DEDUCTION = "deduction", _("Points were deducted")
    OTHER = "other", _("Another decision on my points")
