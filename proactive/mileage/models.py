"""Mileage (적극행정 마일리지): points for proactive work on an append-only ledger, redeemed as rewards.

The ledger is the truth: an official's balance is the sum of their entries (a query, never a stored number); a
correction is a reversing entry; expiry is an entry. Every write that may change a balance first locks the
official's ``MileageAccount`` row (``services.ledger``), so concurrent grants and redemptions against one balance
are serialised on both SQLite and PostgreSQL and the balance never goes below zero. A request may carry an
idempotency key, unique in the ledger, so a repeated request takes effect once. See docs/workflows/mileage.md.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from proactive.core.models import TimeStampedModel
from proactive.mileage.enums import AppealGround, AppealState, ClaimState, EntryKind, RedemptionState, RewardKind


class MileagePolicy(TimeStampedModel):
    """The year's rules: caps, who is eligible, the conversion rate and redemption minimum, expiry, appeal days."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    cap_per_person = models.PositiveIntegerField(_("cap per official per year (points)"), default=100)
    cap_per_department = models.PositiveIntegerField(_("cap per department per year (points)"), default=1000)
    eligible_from_grade = models.PositiveSmallIntegerField(
        _("eligible from grade"), default=4, help_text=_("Officials of this grade number and below (e.g. 4: 4급–9급).")
    )
    won_per_point = models.PositiveIntegerField(_("value of a point (원)"), default=1000)
    min_redeem_points = models.PositiveIntegerField(_("minimum balance to redeem (points)"), default=10)
    expires_at_year_end = models.BooleanField(_("unspent points expire at the end of the year"), default=True)
    appeal_window_days = models.PositiveSmallIntegerField(_("days to file an appeal"), default=14)
    appeal_decision_days = models.PositiveSmallIntegerField(_("days for the panel to decide"), default=14)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("mileage policy")
        verbose_name_plural = _("mileage policies")

    def __str__(self) -> str:
        return str(self.year)


class ActivityType(TimeStampedModel):
    """A kind of proactive work that earns points (catalogue entry); its terms are versioned in ActivityRule."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None = None) -> str:
        """The name in ``language`` (the language being rendered by default): the English name when reading in
        English and there is one, else the Korean."""
        english = (language or translation.get_language() or "ko").startswith("en")
        return self.name_en if english and self.name_en else self.name


class ActivityRule(models.Model):
    """One version of an activity's terms. An entry keeps the rule it was granted under; changing the terms adds
    a version, never edits one."""

    activity = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="rules")
    version = models.PositiveIntegerField(_("version"))
    points_min = models.IntegerField(_("points at least"))
    points_max = models.IntegerField(_("points at most"))
    evidence_required = models.TextField(_("evidence required"), blank=True)
    team_split = models.BooleanField(_("team work is split by contribution"), default=True)
    automatic = models.BooleanField(
        _("posted by another workflow"), default=False, help_text=_("e.g. a case selected in a round")
    )
    valid_from = models.DateField(_("valid from"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["activity", "-version"]
        verbose_name = _("activity rule")
        verbose_name_plural = _("activity rules")
        constraints = [
            models.UniqueConstraint(fields=["activity", "version"], name="one_rule_per_version"),
            models.CheckConstraint(condition=Q(points_max__gte=models.F("points_min")), name="rule_points_range"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} v{self.version}"


class RewardOption(TimeStampedModel):
    """A reward points can buy: 동백전 credit, a mobile coupon in a price band, or reward leave."""

    kind = models.CharField(_("kind"), max_length=20, choices=RewardKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    points = models.PositiveIntegerField(_("points"), validators=[MinValueValidator(1)])
    value_won = models.PositiveIntegerField(_("value (원)"), default=0)
    leave_days = models.PositiveSmallIntegerField(_("days of leave"), default=0)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "points"]
        verbose_name = _("reward option")
        verbose_name_plural = _("reward options")

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None = None) -> str:
        """The name in ``language`` (the language being rendered by default): the English name when reading in
        English and there is one, else the Korean."""
        english = (language or translation.get_language() or "ko").startswith("en")
        return self.name_en if english and self.name_en else self.name


class MileageAccount(models.Model):
    """One row per official, locked by every balance-changing write. Holds no balance: the ledger does."""

    official = models.OneToOneField("accounts.Official", on_delete=models.PROTECT, related_name="mileage_account")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mileage account")
        verbose_name_plural = _("mileage accounts")

    def __str__(self) -> str:
        return str(self.official)


class LedgerEntry(models.Model):
    """An append-only line of an official's mileage ledger: points added (positive) or taken (negative)."""

    account = models.ForeignKey(MileageAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    points = models.IntegerField(_("points"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)  # the year the points count towards
    rule = models.ForeignKey(ActivityRule, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the department the points count against (department cap)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    source = models.CharField(_("source"), max_length=100, blank=True)  # e.g. "claim:12", "redemption:3"
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["account", "created_at", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["account", "year"]), models.Index(fields=["unit", "year", "kind"])]
        constraints = [models.CheckConstraint(condition=~Q(points=0), name="entry_points_not_zero")]

    def __str__(self) -> str:
        return f"{self.account} {self.points:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError("Ledger entries are append-only: post a reversing entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are append-only: post a reversing entry instead.")


class Claim(TimeStampedModel):
    """Points asked for proactive work: by an official for themselves, or proposed by a department head for one
    or many officials (shares split by contribution). Up the line: the department head grants, the bureau chief
    checks, the secretariat (or evaluation panel) approves — which posts a ledger entry per share — or anyone on
    the way rejects with a reason. Caps are checked at every step (``services.ledger``)."""

    rule = models.ForeignKey(ActivityRule, on_delete=models.PROTECT, related_name="claims", verbose_name=_("activity"))
    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    title = models.CharField(_("what was done"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    occurred_on = models.DateField(_("date of the work"))
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mileage_claims", verbose_name=_("claimed by")
    )
    proposed_by_head = models.BooleanField(_("proposed by the department head"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=ClaimState.choices, default=ClaimState.CLAIMED, db_index=True
    )
    points = models.PositiveIntegerField(_("points asked"), validators=[MinValueValidator(1)])
    evidence = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("evidence"))
    decision_reason = models.TextField(_("reason given"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mileage claim")
        verbose_name_plural = _("mileage claims")
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return self.title


class ClaimShare(models.Model):
    """One official's part of a claim: contribution and points; the ledger entry once approved."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="shares")
    official = models.ForeignKey(
        "accounts.Official", on_delete=models.PROTECT, related_name="mileage_shares", verbose_name=_("official")
    )
    contribution = models.PositiveSmallIntegerField(_("contribution (%)"), default=100)
    points = models.PositiveIntegerField(_("points"))
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="share")

    class Meta:
        verbose_name = _("claim share")
        verbose_name_plural = _("claim shares")
        constraints = [models.UniqueConstraint(fields=["claim", "official"], name="share_once_per_claim")]


class PayoutBatch(TimeStampedModel):
    """동백전 credits sent to the operator as one CSV; the operator's result file marks each line paid or failed."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("operator's batch reference"), max_length=100, blank=True)
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    result_imported_at = models.DateTimeField(_("result imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")


class Redemption(TimeStampedModel):
    """An official's request for a reward: the points are reserved at once (a ledger entry), then the secretariat
    fulfils it with a reference or cancels it (the points return); 동백전 credits go out in payout batches."""

    official = models.ForeignKey(
        "accounts.Official", on_delete=models.PROTECT, related_name="mileage_redemptions", verbose_name=_("official")
    )
    option = models.ForeignKey(
        RewardOption, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("reward")
    )
    points = models.PositiveIntegerField(_("points"))
    state = models.CharField(
        _("state"), max_length=20, choices=RedemptionState.choices, default=RedemptionState.RESERVED, db_index=True
    )
    reference = models.CharField(
        _("reference"), max_length=100, blank=True
    )  # transaction id, coupon code, leave record
    reserve_entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="+")
    return_entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="redemptions")
    note = models.CharField(_("note"), max_length=300, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")


class Appeal(TimeStampedModel):
    """An official's objection (이의신청) to a grant, a rejection, an amount or a deduction, within the policy's
    window; the disputed points are held; a panel of people outside the deciding chain decides within its deadline:
    upheld, or adjusted (which posts entries)."""

    official = models.ForeignKey(
        "accounts.Official", on_delete=models.PROTECT, related_name="mileage_appeals", verbose_name=_("official")
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals")
    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals")
    ground = models.CharField(
        _("what is appealed"), max_length=20, choices=AppealGround.choices, default=AppealGround.OTHER
    )
    points_disputed = models.PositiveIntegerField(_("points in dispute"), default=0)
    reasons = models.TextField(_("reasons"))
    evidence = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("evidence"))
    state = models.CharField(
        _("state"), max_length=20, choices=AppealState.choices, default=AppealState.FILED, db_index=True
    )
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("panel"))
    due_on = models.DateField(_("decision due"))
    decision = models.TextField(_("decision and reasons"), blank=True)
    adjustment = models.IntegerField(_("points adjusted"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False) | Q(entry__isnull=False), name="appeal_concerns_something"
            )
        ]
