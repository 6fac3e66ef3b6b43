"""Models of the pre-consulting audit (사전컨설팅 감사, issue #6, DOMAIN.md §4.6).

A ``ConsultingRequest`` is an official's question to the audit office before they act: background, statutes, key
issues, the self-check list, the proposed handling, a private-interest declaration and files. It is approved by the
requester's head, screened against the exclusions, reviewed (reviewers, joint reviews, an escalation to BAI/MOIS, a
referral to the 적극행정위원회), answered by a numbered ``Opinion`` (a PDF), followed by the requester's report of how
they acted on it, and optionally published anonymised (``Publication``). Deadlines are data: ``received_on`` and
``due_on`` on the request, changes as ``DeadlineChange`` rows with their reason. ``Event`` is the request's own
timeline (the global audit trail records the same actions, but is not a feed).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from proactive.consulting.enums import (
    EscalationBody,
    ExclusionReason,
    ExtensionKind,
    PublicationState,
    RequestState,
)


class ConsultingSettings(models.Model):
    """The audit office's rules, one row (pk=1), changed by the audit office on the settings page (audited)."""

    review_days = models.PositiveSmallIntegerField(
        _("days to answer a request"),
        default=15,
        help_text=_("Counted from the day the audit office accepts the request (Busan: 15 days since 2021)."),
    )
    business_days = models.BooleanField(
        _("count business days"), default=True, help_text=_("Skip weekends and Korean public holidays.")
    )
    due_soon_days = models.PositiveSmallIntegerField(_("warn this many days before the due date"), default=3)
    implementation_reminder_days = models.PositiveSmallIntegerField(
        _("remind the requester to report the implementation after (days)"),
        default=30,
        help_text=_("Calendar days after the opinion was issued."),
    )

    class Meta:
        verbose_name = _("pre-consulting settings")
        verbose_name_plural = _("pre-consulting settings")
        constraints = [
            models.CheckConstraint(condition=Q(review_days__gte=1), name="consulting_review_days_positive"),
            models.CheckConstraint(
                condition=Q(implementation_reminder_days__gte=1), name="consulting_reminder_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Pre-consulting settings"))


class ConsultingRequest(models.Model):
    """One pre-consulting request. ``unit`` is the requester's unit when they drafted it (their head approves);
    ``body`` the body it belongs to (the city, a 구·군, a corporation or an affiliated body)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requester")
    )
    official = models.ForeignKey(
        "accounts.Official", on_delete=models.PROTECT, related_name="+", verbose_name=_("official")
    )
    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    body = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))

    title = models.CharField(_("title"), max_length=200)
    background = models.TextField(_("background and facts"), blank=True)
    statutes = models.TextField(_("statutes concerned"), blank=True)
    issues = models.TextField(_("key issues"), blank=True)
    proposed_handling = models.TextField(_("proposed handling (options)"), blank=True)
    # {item: {"checked": bool, "note": str}} for each SelfCheckItem.
    self_check = models.JSONField(_("self-check list"), default=dict, blank=True)
    has_private_interest = models.BooleanField(_("private interest declared"), default=False)
    private_interest_detail = models.TextField(_("private interest"), blank=True)
    contact_phone = models.CharField(_("contact phone number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)

    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_on = models.DateField(_("sent for approval on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, db_index=True)
    head_comment = models.TextField(_("head's comment"), blank=True)

    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.CharField(_("reason for return"), max_length=30, choices=ExclusionReason.choices, blank=True)
    return_note = models.TextField(_("explanation of the return"), blank=True)
    times_returned = models.PositiveSmallIntegerField(default=0)

    received_on = models.DateField(_("received on"), null=True, blank=True, db_index=True)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    paused_on = models.DateField(_("clock paused on"), null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ReviewerAssignment",
        through_fields=("request", "reviewer"),
        related_name="+",
        verbose_name=_("reviewers"),
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("pre-consulting request")
        verbose_name_plural = _("pre-consulting requests")
        indexes = [
            models.Index(fields=["requester", "state"], name="consulting_requester_state"),
            models.Index(fields=["state", "due_on"], name="consulting_state_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(has_private_interest=False) | ~Q(private_interest_detail=""),
                name="consulting_private_interest_explained",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """How staff refer to the request before it has an opinion number."""
        return f"#{self.pk}"


class ReviewerAssignment(models.Model):
    """An audit officer assigned to review a request; one of them leads (writes the opinion)."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("lead reviewer"), default=False)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField()

    class Meta:
        ordering = ["-lead", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "reviewer"], name="consulting_one_assignment_per_reviewer"),
        ]


class RequestFile(models.Model):
    """A file the requester attached: with the request, or as evidence of the implementation."""

    class Purpose(models.TextChoices):
        REQUEST = "request", _("Request")
        IMPLEMENTATION = "implementation", _("Implementation evidence")

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.REQUEST)
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]


class DeadlineChange(models.Model):
    """A change of the due date: an extension with its reason (the requester is told), or the time the clock was
    paused for an escalation or a committee referral, added back when the review resumes."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="deadline_changes")
    kind = models.CharField(max_length=20, choices=ExtensionKind.choices, default=ExtensionKind.EXTENSION)
    previous_due_on = models.DateField()
    due_on = models.DateField()
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_on = models.DateField()

    class Meta:
        ordering = ["pk"]


class JointReview(models.Model):
    """A joint review session (합동 검토): who took part, and what was said."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="joint_reviews")
    held_on = models.DateField(_("held on"))
    participant_kinds = models.JSONField(_("taking part"), default=list)  # JointParticipant values
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]


class Escalation(models.Model):
    """The question sent on to the Board of Audit and Inspection or MOIS, and their reply."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="escalations")
    to = models.CharField(_("sent to"), max_length=10, choices=EscalationBody.choices)
    sent_on = models.DateField(_("escalated on"))
    question = models.TextField(_("question sent"))
    reply_on = models.DateField(_("reply received on"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]


class Referral(models.Model):
    """A referral to the 적극행정위원회 (a matter with wide impact, DOMAIN §2.1 item 4) and the committee's view."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="referrals")
    reason = models.TextField(_("why the committee should deliberate"))
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agenda_item_id = models.PositiveBigIntegerField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)
    decision_number = models.CharField(max_length=30, blank=True)
    view = models.TextField(_("the committee's view"), blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]


class Opinion(models.Model):
    """The audit office's answer: numbered ``사전-2026-0001``, frozen when issued, rendered as a PDF document."""

    request = models.OneToOneField(ConsultingRequest, on_delete=models.PROTECT, related_name="opinion")
    number = models.CharField(_("opinion number"), max_length=20, unique=True)
    conclusion = models.TextField(_("conclusion"))
    reasons = models.TextField(_("reasons of the opinion"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(_("implementation reminder sent on"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("pre-consulting opinion")
        verbose_name_plural = _("pre-consulting opinions")

    def __str__(self) -> str:
        return self.number


class Implementation(models.Model):
    """How the requester acted on the opinion: as advised, or not (with the reason)."""

    request = models.OneToOneField(ConsultingRequest, on_delete=models.CASCADE, related_name="implementation")
    followed = models.BooleanField(_("followed as advised"))
    acted_on = models.DateField(_("acted on"))
    note = models.TextField(_("what the requester did"))
    reported_on = models.DateField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="consulting_implementation_explained"),
        ]


class Publication(models.Model):
    """The anonymised summary the audit office publishes (no names of people; no department if identifying)."""

    request = models.OneToOneField(ConsultingRequest, on_delete=models.CASCADE, related_name="publication")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("the question (anonymised)"))
    answer = models.TextField(_("the answer (anonymised)"))
    state = models.CharField(max_length=20, choices=PublicationState.choices, default=PublicationState.DRAFT)
    masking_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("published on"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("published pre-consulting answer")
        verbose_name_plural = _("published pre-consulting answers")

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """The request's own timeline (verbs in ``views.requests.TIMELINE_LABELS``)."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="events")
    on = models.DateField()
    verb = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    # Seen by the requester (and their head) too; internal steps of the audit office are staff-only.
    shared = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["verb", "on"], name="consulting_event_verb_on")]
