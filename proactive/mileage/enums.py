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
