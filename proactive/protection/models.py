"""Models of the exemption reviews in audits (면책심사) and of the protection officer (면책보호관), issue #6.

* ``Audit`` → ``Finding`` → ``Concerned`` (an official a finding concerns: the row of the disposition register, with
  the proposed disposition, the application deadline and the review's outcome).
* ``ExemptionApplication`` (by the official or their department head) with its ``LinkedAnswer`` rows (the
  official's earlier opinions and pre-consultings, copied when linked so the file never changes), evidence
  (``ApplicationFile``), the protection officer's comments on the draft (``OfficerComment``), its timeline
  (``ApplicationEvent``) and deadline ``Extension`` rows.
* ``BoardSession`` (면책심사위원회) with ``SessionMember`` (attendance) and each member's ``BoardVote``.
* ``CounsellingCase`` and ``CounsellingNote`` (confidential: the official and the protection officers only).
* ``GuidePage`` and ``LegalContact``: the protection guide (적극행정 공무원 보호지침).
* ``ProtectionSettings``: the deadline rules and the tie rule, one row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.protection.enums import (
    DEAD_STATES,
    ApplicantKind,
    ApplicationState,
    Auditor,
    Category,
    CounsellingState,
    Deadline,
    Disposition,
    Ground,
    Outcome,
    TieRule,
)

USER = settings.AUTH_USER_MODEL


class ProtectionSettings(models.Model):
    """The rules of the exemption review, one row (pk=1), changed by the audit office on the settings page."""

    application_days = models.PositiveSmallIntegerField(
        _("days to apply after the audit ends"),
        default=20,
        help_text=_("An official may apply for exemption until this many days after the audit's last day."),
    )
    application_business_days = models.BooleanField(
        _("count the application period in business days"),
        default=False,
        help_text=_("Off: calendar days. On: weekends and Korean public holidays are skipped."),
    )
    screening_days = models.PositiveSmallIntegerField(_("days to screen an application"), default=7)
    screening_business_days = models.BooleanField(_("count screening in business days"), default=True)
    completion_days = models.PositiveSmallIntegerField(_("days to complete a returned application"), default=5)
    completion_business_days = models.BooleanField(_("count completion in business days"), default=True)
    review_days = models.PositiveSmallIntegerField(_("days for the board to decide"), default=30)
    review_business_days = models.BooleanField(_("count the review in business days"), default=False)
    tie_rule = models.CharField(
        _("when no outcome has a majority"), max_length=20, choices=TieRule.choices, default=TieRule.DISCIPLINARY
    )

    class Meta:
        verbose_name = _("exemption review settings")
        verbose_name_plural = _("exemption review settings")

    def __str__(self) -> str:
        return str(_("Exemption review settings"))

    @classmethod
    def current(cls) -> "ProtectionSettings":
        return cls.objects.get_or_create(pk=1)[0]


class Audit(models.Model):
    """An audit of a unit by the BAI, MOIS, the city's own audit office or another body."""

    auditor = models.CharField(_("auditor"), max_length=10, choices=Auditor.choices)
    auditor_other = models.CharField(_("name of the other auditor"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    audited_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("audited unit")
    )
    starts_on = models.DateField(_("first day of the audit"))
    ends_on = models.DateField(_("last day of the audit"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="protection_audit_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def auditor_display(self) -> str:
        if self.auditor == Auditor.OTHER and self.auditor_other:
            return self.auditor_other
        return str(self.get_auditor_display())


class Finding(models.Model):
    """One finding (지적사항) of an audit, concerning one or more officials."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    sequence = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the audit found"))
    disposed_on = models.DateField(_("disposition recorded on"), null=True, blank=True)
    disposition_note = models.TextField(_("note on the disposition"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "sequence"]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        constraints = [
            models.UniqueConstraint(fields=["audit", "sequence"], name="protection_finding_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.title}"


class Concerned(models.Model):
    """An official a finding concerns: the row of the disposition register (처분대장).

    ``apply_by`` is the application deadline computed when the official was notified (the audit's last day plus the
    configured days); extensions move it. ``outcome`` and ``mitigated_to`` are written by the board's decision;
    ``final_disposition`` when the audit office records the finding's disposition."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="concerned")
    official = models.ForeignKey(
        "accounts.Official",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("exemption review", "official concerned"),
    )
    proposed_disposition = models.CharField(
        _("proposed disposition"), max_length=20, choices=Disposition.choices, default=Disposition.CAUTION
    )
    notified_on = models.DateField(_("notified on"))
    apply_by = models.DateField(_("apply by"))
    outcome = models.CharField(
        pgettext_lazy("result of an exemption review", "outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    mitigated_to = models.CharField(_("mitigated to"), max_length=20, choices=Disposition.choices, blank=True)
    final_disposition = models.CharField(_("final disposition"), max_length=20, choices=Disposition.choices, blank=True)

    class Meta:
        ordering = ["finding", "pk"]
        verbose_name = pgettext_lazy("exemption review", "official concerned")
        verbose_name_plural = _("officials concerned")
        constraints = [
            models.UniqueConstraint(fields=["finding", "official"], name="protection_concerned_once"),
        ]

    def __str__(self) -> str:
        return f"{self.finding} · {self.official}"

    @property
    def disposition_now(self) -> str:
        """The disposition as the register stands: none when exempted, the lighter one when mitigated."""
        if self.final_disposition:
            return self.final_disposition
        if self.outcome == Outcome.EXEMPTED:
            return Disposition.NONE
        if self.outcome == Outcome.MITIGATED and self.mitigated_to:
            return self.mitigated_to
        return self.proposed_disposition

    def get_disposition_now_display(self) -> str:
        return str(Disposition(self.disposition_now).label)


class BoardSession(models.Model):
    """A session of the exemption review board (면책심사위원회); members are holders of ``Role.EXEMPTION_BOARD``."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("review board session")
        verbose_name_plural = _("review board sessions")

    def __str__(self) -> str:
        return self.title


class SessionMember(models.Model):
    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="protection_session_member_once")]


class ExemptionApplication(models.Model):
    """An application for exemption (면책 신청) by the official concerned or their department head."""

    concerned = models.ForeignKey(Concerned, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant"))
    applicant_kind = models.CharField(_("applied as"), max_length=10, choices=ApplicantKind.choices)
    state = models.CharField(
        pgettext_lazy("exemption application state", "state"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    facts = models.TextField(Ground.FACTS.label, blank=True)
    public_interest = models.TextField(Ground.PUBLIC_INTEREST.label, blank=True)
    reasonableness = models.TextField(Ground.REASONABLENESS.label, blank=True)
    no_gross_negligence = models.TextField(Ground.NO_GROSS_NEGLIGENCE.label, blank=True)
    procedure = models.TextField(Ground.PROCEDURE.label, blank=True)
    transparency = models.TextField(Ground.TRANSPARENCY.label, blank=True)
    no_private_interest = models.BooleanField(_("no private interest declared"), default=False)
    head_opinion = models.TextField(_("department head's opinion"), blank=True)

    protection_officer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("protection officer")
    )
    officer_opinion = models.TextField(_("protection officer's opinion for the board"), blank=True)
    officer_attends = models.BooleanField(_("the protection officer attends the review"), default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(pgettext_lazy("exemption review", "submitted on"), null=True, blank=True)
    screening_due_on = models.DateField(_("screening due on"), null=True, blank=True)
    completion_due_on = models.DateField(_("completion due on"), null=True, blank=True)
    screened_on = models.DateField(pgettext_lazy("exemption review", "screened on"), null=True, blank=True)
    screening_note = models.TextField(pgettext_lazy("exemption review", "screening note"), blank=True)
    review_due_on = models.DateField(_("decision due on"), null=True, blank=True)
    session = models.ForeignKey(
        BoardSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("board session"),
    )

    number = models.CharField(
        pgettext_lazy("exemption review", "decision number"), max_length=20, unique=True, null=True, blank=True
    )
    decided_on = models.DateField(pgettext_lazy("exemption review", "decided on"), null=True, blank=True)
    outcome = models.CharField(
        pgettext_lazy("result of an exemption review", "outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    mitigated_to = models.CharField(_("mitigated to"), max_length=20, choices=Disposition.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    tally = models.JSONField(default=dict, blank=True)  # {"exempted": n, …, "present": n, "rule": "majority"|tie rule}
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("exemption application")
        verbose_name_plural = _("exemption applications")
        constraints = [
            # One live application per official and finding; a withdrawn or rejected one leaves room for another.
            models.UniqueConstraint(
                fields=["concerned"],
                condition=~Q(state__in=sorted(s.value for s in DEAD_STATES)),
                name="protection_one_live_application",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Exemption application %(pk)s") % {"pk": self.pk})

    def ground(self, name: str) -> str:
        return str(getattr(self, name))


class LinkedAnswer(models.Model):
    """An earlier answer the official acted on (a committee opinion, a pre-consulting answer), copied from the
    register provider when linked, so the application's file stays as it was when it was made."""

    application = models.ForeignKey(ExemptionApplication, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=40)
    kind_label = models.CharField(max_length=100)
    subject_pk = models.PositiveBigIntegerField()
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(blank=True)
    answered_on = models.DateField(_("answered on"))
    url = models.CharField(max_length=300, blank=True)
    matched = models.BooleanField(default=False)  # pre-selected as the same matter
    linked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "subject_pk"], name="protection_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject_pk}"


class ApplicationFile(models.Model):
    application = models.ForeignKey(ExemptionApplication, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("what the file shows"), max_length=200, blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class OfficerComment(models.Model):
    """The protection officer's comment on a draft, optionally with suggested text for one ground; the applicant
    sees it and may take the suggestion over with one click."""

    application = models.ForeignKey(ExemptionApplication, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("on"), max_length=30, choices=Ground.choices, blank=True)
    text = models.TextField(_("comment"))
    suggested_text = models.TextField(_("suggested text"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]


class ApplicationEvent(models.Model):
    """The application's own timeline (verbs in ``services.common.log``); changes are also on the audit trail."""

    application = models.ForeignKey(ExemptionApplication, on_delete=models.CASCADE, related_name="events")
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    verb = models.CharField(max_length=60)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["verb", "on"], name="protection_event_verb_on")]


class Extension(models.Model):
    """A deadline moved later, with its reason: an official's application deadline (``concerned``) or one of an
    application's deadlines (``application``)."""

    concerned = models.ForeignKey(Concerned, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    application = models.ForeignKey(
        ExemptionApplication, on_delete=models.CASCADE, null=True, blank=True, related_name="extensions"
    )
    deadline = models.CharField(max_length=20, choices=Deadline.choices)
    previous_due_on = models.DateField()
    due_on = models.DateField()
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(concerned__isnull=False, application__isnull=True)
                | Q(concerned__isnull=True, application__isnull=False),
                name="protection_extension_of_one_thing",
            ),
        ]


class BoardVote(models.Model):
    """A board member's vote on an application, with reasons (and the disposition proposed when mitigating)."""

    application = models.ForeignKey(ExemptionApplication, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(pgettext_lazy("a board member's vote", "vote"), max_length=10, choices=Outcome.choices)
    reasons = models.TextField(pgettext_lazy("exemption review", "reasons"))
    mitigated_to = models.CharField(_("mitigate to"), max_length=20, choices=Disposition.choices, blank=True)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["application", "member"], name="protection_one_vote")]


class CounsellingCase(models.Model):
    """An official asks a protection officer for advice. The question and the notes are confidential: only the
    official and the protection officers read them."""

    client = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("official"))
    officer = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("protection officer")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    topic = models.CharField(_("topic"), max_length=200)
    question = models.TextField(_("question"))
    state = models.CharField(
        pgettext_lazy("counselling case state", "state"),
        max_length=10,
        choices=CounsellingState.choices,
        default=CounsellingState.OPEN,
        db_index=True,
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")

    def __str__(self) -> str:
        return self.topic


class CounsellingNote(models.Model):
    case = models.ForeignKey(CounsellingCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(pgettext_lazy("exemption review", "note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class GuidePage(models.Model):
    """A page of the protection guide (적극행정 공무원 보호지침), kept by the protection officers.

    ``body`` is plain text with light formatting (``templatetags.protection_guide``): blank lines separate
    paragraphs, ``## `` starts a subheading, ``- `` a bullet. Every change is on the audit trail (the history)."""

    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    body = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(pgettext_lazy("exemption review", "published"), default=False)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")

    def __str__(self) -> str:
        return self.title


class LegalContact(models.Model):
    """Where an official gets legal advice (법률 자문 연락처)."""

    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    note = models.CharField(_("what they advise on"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("shown in the guide"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("legal-advice contact")
        verbose_name_plural = _("legal-advice contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
