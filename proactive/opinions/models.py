"""Models of the committee's opinion requests (의견제시) and ex-post ratifications (사후 추인), DOMAIN.md §4.2.

One ``OpinionRequest`` row is one matter put to the committee: an **opinion** asked before acting (a case blocked
by a regulation tied to a permit, or by unclear law) or a **ratification** asked after urgent disaster or safety
action taken without the committee. The requester's name, rank, unit and body are frozen at submission, so a later
change of post never alters the file an audit will read. The committee's decision reaches the request through the
committee's agenda (``committee.agenda``) and is copied onto it (resolution, votes, meeting number and date),
numbered in this app's series (``의견-2026-0001``, ``추인-2026-0001``) and rendered as a PDF document.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.opinions.enums import AgencyKind, PermitType, PrivateInterest, RequestKind, RequestState


class OpinionSettings(models.Model):
    """The deadline rule, one row (pk=1), changed by the secretariat on the settings page (audited)."""

    sla_days = models.PositiveSmallIntegerField(
        _("days from acceptance to the committee's answer"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("No statute sets this deadline; 30 days follows the audit bodies' pre-consulting practice."),
    )
    business_days = models.BooleanField(
        _("count business days"), default=False, help_text=_("Skip weekends and Korean public holidays.")
    )

    class Meta:
        verbose_name = _("opinion request settings")
        verbose_name_plural = _("opinion request settings")

    def __str__(self) -> str:
        return str(_("Opinion request settings"))

    @classmethod
    def current(cls) -> "OpinionSettings":
        return cls.objects.get_or_create(pk=1)[0]


class OpinionRequest(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices, default=RequestKind.OPINION)
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.DRAFT, db_index=True
    )
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, blank=True)

    # Who asks (frozen at submission).
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("opinion request", "requester"),
    )
    requester_name = models.CharField(_("requester's name"), max_length=60, blank=True)
    requester_rank = models.CharField(pgettext_lazy("civil-service rank", "rank"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requesting department"),
    )
    unit_name = models.CharField(_("requesting department"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("body")
    )
    agency_kind = models.CharField(_("kind of body"), max_length=20, choices=AgencyKind.choices, blank=True)

    # The matter.
    title = models.CharField(_("case title"), max_length=200)
    permit_type = models.CharField(_("kind of permit"), max_length=20, choices=PermitType.choices, blank=True)
    facts = models.TextField(_("facts"), blank=True)
    question = models.TextField(_("the question to the committee"), blank=True)
    options = models.TextField(_("options considered"), blank=True)
    own_review = models.TextField(_("own review"), blank=True)
    # Ex-post ratification: what was done, when, why it could not wait.
    taken_on = models.DateField(_("date the action was taken"), null=True, blank=True)
    action_taken = models.TextField(_("action taken"), blank=True)
    urgency = models.TextField(_("urgency and necessity"), blank=True)
    disaster_context = models.TextField(_("disaster or safety situation"), blank=True)
    private_interest = models.CharField(
        _("private-interest declaration"), max_length=20, choices=PrivateInterest.choices, blank=True
    )
    private_interest_details = models.TextField(_("details of the private interest"), blank=True)
    files = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("files"))

    # Submission and screening.
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, db_index=True)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    in_scope = models.BooleanField(_("in scope"), default=False)
    interest_checked = models.BooleanField(_("private interest checked"), default=False)
    facts_sufficient = models.BooleanField(_("facts sufficient"), default=False)

    # The deadline (from acceptance).
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True, db_index=True)
    due_business = models.BooleanField(_("deadline in business days"), default=False)

    # The audit office's opinion (optional; since 2025 needed for the presumption at the BAI stage).
    audit_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("audit officer asked"),
    )
    audit_requested_on = models.DateField(_("audit opinion asked on"), null=True, blank=True)
    audit_question = models.TextField(_("what the audit office is asked"), blank=True)
    audit_opinion = models.TextField(_("audit office's opinion"), blank=True)
    audit_objects = models.BooleanField(_("the audit office objects"), null=True, blank=True)
    audit_given_on = models.DateField(_("audit opinion given on"), null=True, blank=True)

    # The committee.
    tabled_on = models.DateField(_("tabled on"), null=True, blank=True)
    decision_number = models.CharField(_("document number"), max_length=30, unique=True, null=True, blank=True)
    decision_outcome = models.CharField(
        pgettext_lazy("committee decision on an agenda item", "decision"), max_length=30, blank=True
    )
    decision_text = models.TextField(_("the committee's opinion"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    meeting_number = models.CharField(_("meeting number"), max_length=30, blank=True)
    meeting_title = models.CharField(_("meeting"), max_length=200, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    committee_decision_number = models.CharField(_("committee resolution number"), max_length=30, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    decision_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision document"),
    )

    # How the requester acted on the opinion.
    acted_on = models.DateField(_("acted on"), null=True, blank=True)
    acted_text = models.TextField(_("how the opinion was acted on"), blank=True)
    action_recorded_on = models.DateField(_("action recorded on"), null=True, blank=True)
    action_files = models.ManyToManyField(
        "documents.Document", blank=True, related_name="+", verbose_name=_("evidence of the action")
    )

    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        indexes = [
            models.Index(fields=["requester", "state"], name="opinions_requester_state_idx"),
            models.Index(fields=["kind", "state", "submitted_on"], name="opinions_kind_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_number__isnull=True) | Q(decided_on__isnull=False),
                name="opinions_numbered_decision_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ratification(self) -> bool:
        return self.kind == RequestKind.RATIFICATION

    @property
    def asks(self) -> str:
        """What the committee is asked, in one text: the question, or for a ratification the action taken."""
        return self.action_taken if self.is_ratification else self.question


class Statute(models.Model):
    """A statute or ordinance article the request concerns (several per request), with its text or reference."""

    request = models.ForeignKey(OpinionRequest, on_delete=models.CASCADE, related_name="statutes")
    law = models.CharField(_("statute or ordinance"), max_length=200)
    article = models.CharField(_("article"), max_length=100, blank=True)
    text = models.TextField(_("article text or reference"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("statute concerned")
        verbose_name_plural = pgettext_lazy("opinion request", "statutes concerned")

    def __str__(self) -> str:
        return f"{self.law} {self.article}".strip()


class Event(models.Model):
    """The request's own timeline (verbs in ``services.requests``); every change is also on the audit trail."""

    request = models.ForeignKey(OpinionRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(db_index=True)
    verb = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]


class Extension(models.Model):
    """A deadline extension, with its reason."""

    request = models.ForeignKey(OpinionRequest, on_delete=models.CASCADE, related_name="extensions")
    previous_due_on = models.DateField()
    due_on = models.DateField()
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField()

    class Meta:
        ordering = ["pk"]


class Publication(models.Model):
    """The anonymised summary of an answered request in the public register of past answers.

    The secretariat writes it (no requester, department or personal names), an editor confirms the anonymisation
    and publishes it; it can be taken down again. Public visitors see only this text, never the request.
    """

    request = models.OneToOneField(OpinionRequest, on_delete=models.CASCADE, related_name="publication")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("the case and the question (anonymised)"))
    answer = models.TextField(_("the committee's answer (anonymised)"))
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("published answer")
        verbose_name_plural = _("published answers")

    def __str__(self) -> str:
        return self.title
