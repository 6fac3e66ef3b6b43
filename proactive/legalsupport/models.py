"""Models of legal and litigation support (소송 지원, 변호사 선임비; DOMAIN.md §4.8, issue #6).

An ``Application`` is one official's request for support in one proceeding (disciplinary, criminal investigation,
criminal trial once the acquittal is final, civil). The accountable officer (적극행정 책임관) checks the facts
(``FactFinding``, within the deadline of ``LegalSupportSettings``; ``Extension`` rows with reasons), the
secretariat tables it before the committee with the amount proposed (at most the stage's cap), the committee
approves or denies it (``committee.agenda``), the decision is numbered ``법률-2026-0001`` and issued as a PDF.
Support is paid against the lawyers' ``Invoice`` rows (``Payment`` rows, never changed), and the running
``paid_total`` on the application and on each invoice is held below the approved amount and the invoice amount by
database check constraints, besides the services' refusals. Support obtained falsely is cancelled with a refund
due, and closed once the refund is received.

Money is in won, as integers.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.core.models import TimeStampedModel
from proactive.legalsupport.enums import (
    ApplicationState,
    Outcome,
    PaymentMethod,
    Recommendation,
    Stage,
    SupportKind,
)

S = ApplicationState


class LegalSupportSettings(models.Model):
    """The rules of legal support, one row (pk=1), changed on the settings page by the accountable officer or the
    secretariat (audited). A cap left empty means no cap (civil suits: the court's fee rule decides)."""

    cap_disciplinary = models.PositiveBigIntegerField(
        _("cap for disciplinary proceedings (won)"), null=True, blank=True, default=2_000_000
    )
    cap_criminal_investigation = models.PositiveBigIntegerField(
        _("cap for a criminal investigation (won)"), null=True, blank=True, default=5_000_000
    )
    cap_criminal_trial = models.PositiveBigIntegerField(
        _("cap for a criminal trial (won)"), null=True, blank=True, default=5_000_000
    )
    cap_civil = models.PositiveBigIntegerField(_("cap for a civil suit (won)"), null=True, blank=True, default=None)
    fact_finding_days = models.PositiveSmallIntegerField(_("days to check the facts"), default=20)
    business_days = models.BooleanField(
        _("count business days"), default=True, help_text=_("Skip weekends and Korean public holidays.")
    )

    class Meta:
        verbose_name = _("legal-support settings")
        verbose_name_plural = _("legal-support settings")

    def __str__(self) -> str:
        return str(_("Legal-support settings"))

    @classmethod
    def current(cls) -> "LegalSupportSettings":
        return cls.objects.get_or_create(pk=1)[0]

    def cap_for(self, stage: str) -> int | None:
        """The most the committee may approve for ``stage`` (None: no cap)."""
        return {
            Stage.DISCIPLINARY: self.cap_disciplinary,
            Stage.CRIMINAL_INVESTIGATION: self.cap_criminal_investigation,
            Stage.CRIMINAL_TRIAL: self.cap_criminal_trial,
            Stage.CIVIL: self.cap_civil,
        }[Stage(stage)]

    def caps(self) -> list[tuple[str, object, int | None]]:
        """(stage, label, cap) for every stage, in order."""
        return [(value, label, self.cap_for(value)) for value, label in Stage.choices]


class Application(TimeStampedModel):
    """One official's application for legal support in one proceeding."""

    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True, null=True, blank=True)
    official = models.ForeignKey(
        "accounts.Official", on_delete=models.PROTECT, related_name="+", verbose_name=_("official supported")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    official_retired = models.BooleanField(
        _("retired official"), default=False, help_text=_("The official had retired when the application was made.")
    )
    stage = models.CharField(_("proceeding"), max_length=30, choices=Stage.choices)
    authority = models.CharField(
        _("body conducting the proceeding"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 부산광역시 인사위원회, 부산지방검찰청, 부산지방법원"),
    )
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    acquittal_final_on = models.DateField(
        _("acquittal final on"),
        null=True,
        blank=True,
        help_text=_("Criminal trial only: the day the acquittal became final (무죄 확정일)."),
    )
    act = models.TextField(_("the act concerned"), blank=True)
    proactive_reason = models.TextField(_("why it was proactive administration"), blank=True)
    facts = models.TextField(_("facts"), blank=True)
    wants_lawyer_fee = models.BooleanField(SupportKind.LAWYER_FEE.label, default=False)
    wants_litigation_costs = models.BooleanField(SupportKind.LITIGATION_COSTS.label, default=False)
    wants_opinion = models.BooleanField(SupportKind.OPINION.label, default=False)
    wants_referral = models.BooleanField(SupportKind.REFERRAL.label, default=False)
    amount_requested = models.PositiveBigIntegerField(_("amount requested (won)"), default=0)
    files = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("files"))

    state = models.CharField(_("state"), max_length=20, choices=S.choices, default=S.DRAFT, db_index=True)
    submitted_on = models.DateField(
        pgettext_lazy("legal-support application", "submitted on"), null=True, blank=True, db_index=True
    )
    due_on = models.DateField(_("facts due on"), null=True, blank=True, db_index=True)
    facts_checked_on = models.DateField(_("facts checked on"), null=True, blank=True)
    tabled_on = models.DateField(_("tabled on"), null=True, blank=True)
    proposed_amount = models.PositiveBigIntegerField(_("amount proposed to the committee (won)"), null=True, blank=True)
    proposed_stage = models.CharField(_("stage proposed"), max_length=30, choices=Stage.choices, blank=True)
    approved_stage = models.CharField(_("stage approved"), max_length=30, choices=Stage.choices, blank=True)
    approved_amount = models.PositiveBigIntegerField(_("amount approved (won)"), null=True, blank=True)

    decision_number = models.CharField(
        _("legal-support decision number"), max_length=20, unique=True, null=True, blank=True
    )
    decision_outcome = models.CharField(
        pgettext_lazy("committee decision on legal support", "decision"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_resolution = models.TextField(_("the committee's resolution"), blank=True)
    decision_meeting = models.CharField(_("committee meeting"), max_length=250, blank=True)
    committee_number = models.CharField(_("committee's decision number"), max_length=30, blank=True)
    decision_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    paid_total = models.PositiveBigIntegerField(_("paid (won)"), default=0)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True)
    refund_due = models.PositiveBigIntegerField(_("refund due (won)"), default=0)
    refund_received = models.PositiveBigIntegerField(_("refund received (won)"), default=0)
    refund_received_on = models.DateField(_("refund received on"), null=True, blank=True)
    refund_reference = models.CharField(_("refund reference"), max_length=100, blank=True)
    cancellation_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("legal-support application")
        verbose_name_plural = _("legal-support applications")
        indexes = [models.Index(fields=["state", "stage"], name="legalsupport_state_stage_idx")]
        constraints = [
            # The database's own guard against over-payment (besides the services' refusal).
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True, paid_total=0)
                | Q(approved_amount__isnull=False, paid_total__lte=F("approved_amount")),
                name="legalsupport_paid_within_approved",
            ),
            models.CheckConstraint(
                condition=Q(refund_due__lte=F("paid_total")), name="legalsupport_refund_within_paid"
            ),
            models.CheckConstraint(
                condition=Q(refund_received__lte=F("refund_due")), name="legalsupport_refund_received_within_due"
            ),
            # Trial-stage support only once the acquittal is final (2025 amendment).
            models.CheckConstraint(
                condition=~Q(stage=Stage.CRIMINAL_TRIAL) | Q(state=S.DRAFT) | Q(acquittal_final_on__isnull=False),
                name="legalsupport_trial_needs_final_acquittal",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or str(_("Draft application %(pk)s") % {"pk": self.pk})

    @property
    def support_kinds(self) -> list[str]:
        return [
            kind
            for kind, wanted in (
                (SupportKind.LAWYER_FEE, self.wants_lawyer_fee),
                (SupportKind.LITIGATION_COSTS, self.wants_litigation_costs),
                (SupportKind.OPINION, self.wants_opinion),
                (SupportKind.REFERRAL, self.wants_referral),
            )
            if wanted
        ]

    @property
    def support_kind_labels(self) -> list[str]:
        return [str(SupportKind(kind).label) for kind in self.support_kinds]

    @property
    def remaining(self) -> int:
        """What may still be paid under the approval."""
        return max((self.approved_amount or 0) - self.paid_total, 0)

    @property
    def refund_outstanding(self) -> int:
        return max(self.refund_due - self.refund_received, 0)

    @property
    def on_behalf(self) -> bool:
        """Filed by someone other than the official (the protection officer)."""
        official_id = getattr(self.filed_by, "official_id", None)
        return official_id != self.official_id


class FactFinding(models.Model):
    """The accountable officer's fact-finding report (사실조사 결과)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fact_finding")
    findings = models.TextField(_("findings"))
    private_interest = models.BooleanField(_("a private interest was found"))
    intent_or_gross_negligence = models.BooleanField(_("intent or gross negligence was found"))
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    recommended_amount = models.PositiveBigIntegerField(_("amount recommended (won)"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fact-finding report")
        verbose_name_plural = _("fact-finding reports")


class Extension(models.Model):
    """An extension of the fact-finding deadline, with its reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extensions")
    previous_due_on = models.DateField()
    due_on = models.DateField()
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField()

    class Meta:
        ordering = ["pk"]


class Invoice(models.Model):
    """A lawyer's (or court's) invoice the support pays. ``paid_total`` is the sum of its payments."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=60)
    issued_on = models.DateField(_("invoice date"))
    issuer = models.CharField(_("invoice issued by"), max_length=200, help_text=_("The lawyer or law firm."))
    amount = models.PositiveBigIntegerField(_("invoice amount (won)"))
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_total = models.PositiveBigIntegerField(_("paid (won)"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="legalsupport_invoice_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="legalsupport_invoice_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_total__lte=F("amount")), name="legalsupport_invoice_paid_within_amount"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self) -> int:
        return max(self.amount - self.paid_total, 0)


class Payment(models.Model):
    """A payment of support against an invoice. Never changed or deleted (money is a ledger)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveBigIntegerField(_("amount paid (won)"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The voucher or transfer number.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="legalsupport_payment_amount_positive"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("A recorded payment is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A recorded payment is never deleted.")


class Comment(models.Model):
    """A note on the application by the official, the filer or the staff handling it (all who read it see it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]


class RelatedAnswer(models.Model):
    """An earlier committee opinion or pre-consulting answer the official cites (``core.register`` entries,
    copied when linked so the application keeps them whatever happens to the register)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="related_answers")
    kind = models.CharField(max_length=40)
    kind_label = models.CharField(max_length=100)
    entry_pk = models.PositiveBigIntegerField()
    number = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    answered_on = models.DateField()

    class Meta:
        ordering = ["-answered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "entry_pk"], name="legalsupport_related_unique"),
        ]


class Event(models.Model):
    """The application's own timeline (verbs in ``views.TIMELINE_LABELS``). Staff actions are also on the audit
    trail; this is what the people following the application read."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    verb = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
