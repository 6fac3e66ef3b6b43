"""Models of the proactive-administration committee (적극행정위원회, issue #6).

The committee app owns the roster (members and their terms), meetings (invitations, attendance, recusals, votes,
minutes), the yearly reorganisation task and its settings. The matters it decides belong to other apps and reach
it as agenda items of a registered kind (``committee.agenda``). Workflow: docs/workflows/committee.md.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.committee.enums import (
    AgendaState,
    Attendance,
    DecisionRule,
    MeetingKind,
    MeetingState,
    MemberCategory,
    MemberField,
    QuorumBase,
    QuorumRule,
    RecusalKind,
    RecusalState,
    ReorganisationStepKind,
    VoteChoice,
)


class CommitteeSettings(models.Model):
    """The committee's rules, one row (pk=1), changed by the secretariat on the settings page (audited)."""

    term_months = models.PositiveSmallIntegerField(
        _("term of office (months)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    max_terms = models.PositiveSmallIntegerField(
        _("terms a member may serve"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("2: one reappointment (Busan ordinance). Ex-officio members are not counted."),
    )
    warn_days = models.PositiveSmallIntegerField(
        _("warn this many days before a term ends"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    quorum_base = models.CharField(
        _("the opening quorum counts"), max_length=20, choices=QuorumBase.choices, default=QuorumBase.INVITED
    )
    opening_quorum = models.CharField(
        _("quorum to open (or replies needed in writing)"),
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.MAJORITY,
    )
    decision_rule = models.CharField(
        _("a proposal is carried by"),
        max_length=30,
        choices=DecisionRule.choices,
        default=DecisionRule.MAJORITY_OF_VOTES,
    )
    written_days = models.PositiveSmallIntegerField(
        _("days a written deliberation stays open"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    pool_draw_per_field = models.PositiveSmallIntegerField(
        _("experts drawn from the pool per field"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("committee settings")
        verbose_name_plural = _("committee settings")

    def __str__(self) -> str:
        return str(_("Committee settings"))

    @classmethod
    def current(cls) -> "CommitteeSettings":
        return cls.objects.get_or_create(pk=1)[0]


class Member(models.Model):
    """A member of the committee: a sign-in account (an official's, or an external expert's without an official
    record), the category and field they sit in and whether they are in the expert pool. The member sits while one
    of their ``terms`` covers the day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_member", verbose_name=_("account")
    )
    category = models.CharField(
        pgettext_lazy("category of a committee member", "category"), max_length=20, choices=MemberCategory.choices
    )
    field = models.CharField(
        pgettext_lazy("field of a committee member", "field"), max_length=30, choices=MemberField.choices
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, help_text=_("e.g. Professor, Pusan National University")
    )
    in_pool = models.BooleanField(
        _("in the expert pool"),
        default=False,
        help_text=_("Pool members are called to the meetings whose agenda matches their field."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["user__name", "pk"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_external(self) -> bool:
        return self.user.official_id is None

    @property
    def counts_terms(self) -> bool:
        return self.category != MemberCategory.EX_OFFICIO


class Term(models.Model):
    """One term of office (임기). Private members, the chair and the vice-chair serve ``term_months`` (2 years by
    default) and may serve ``max_terms`` terms (one reappointment); an ex-officio member serves while in office
    (no end date). ``membership`` (and ``chair_membership`` for the chair) are the account's role memberships that
    the term granted, ended with it."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="terms", verbose_name=_("member"))
    number = models.PositiveSmallIntegerField(_("term"), default=1)
    category = models.CharField(
        pgettext_lazy("category of a committee member", "category"), max_length=20, choices=MemberCategory.choices
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(pgettext_lazy("term of office", "ends on"), null=True, blank=True)
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending early"), max_length=300, blank=True)
    membership = models.ForeignKey(
        "accounts.RoleMembership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chair_membership = models.ForeignKey(
        "accounts.RoleMembership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    warned_on = models.DateField(_("end of term warned on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["member_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "number"], name="committee_one_term_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="committee_term_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.number}"

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the member sits under this term (an early end wins), None while open-ended."""
        return self.ended_on or self.ends_on

    def covers(self, day: datetime.date) -> bool:
        last = self.last_day
        return self.starts_on <= day and (last is None or day <= last)


class Meeting(models.Model):
    """A meeting of the committee, in person or as a written deliberation (a window during which the members vote
    online). Numbered by year (``2026-05``). Closed meetings are records: nothing about them changes any more."""

    number = models.CharField(_("meeting number"), max_length=20, unique=True)  # e.g. 2026-05
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.IN_PERSON)
    state = models.CharField(_("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED)
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    closes_at = models.DateTimeField(_("replies due by"), null=True, blank=True)  # written deliberation
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    minutes_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-scheduled_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_written(self) -> bool:
        return self.kind == MeetingKind.WRITTEN

    @property
    def is_closed(self) -> bool:
        return self.state in (MeetingState.CLOSED, MeetingState.CANCELLED)


class MeetingMember(models.Model):
    """A member called to a meeting (the invitation) and their attendance. ``drawn_for`` is the agenda field for
    which an expert was drawn from the pool (empty for standing members)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="invitations")
    drawn_for = models.CharField(_("drawn for the field"), max_length=30, choices=MemberField.choices, blank=True)
    attendance = models.CharField(
        pgettext_lazy("attendance at a meeting", "attendance"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting_id", "member__user__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="committee_invited_once")]

    def __str__(self) -> str:
        return f"{self.meeting.number} · {self.member}"


class AgendaItem(models.Model):
    """A matter before the committee: ``kind`` (a registered ``AgendaKind`` key) and ``subject_id`` name it.

    PENDING (in the queue) → TABLED (on a meeting's agenda; back to PENDING if carried over) → DECIDED (a record:
    decision number, outcome, resolution, tally, the resolution PDF) | WITHDRAWN. The secretariat proposes a decision
    (``proposed_outcome``, ``proposed_resolution``); the members vote on it; each new proposal opens a new ``ballot``.
    """

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    title = models.CharField(_("title"), max_length=300)
    field = models.CharField(
        pgettext_lazy("field of an agenda item", "field"), max_length=30, choices=MemberField.choices, blank=True
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    state = models.CharField(_("state"), max_length=20, choices=AgendaState.choices, default=AgendaState.PENDING)
    proposed_outcome = models.CharField(_("proposed decision"), max_length=40, blank=True)
    proposed_resolution = models.TextField(_("proposed resolution"), blank=True)
    ballot = models.PositiveSmallIntegerField(pgettext_lazy("ballot on an agenda item", "ballot"), default=1)
    outcome = models.CharField(
        pgettext_lazy("committee decision on an agenda item", "decision"), max_length=40, blank=True
    )
    resolution = models.TextField(_("resolution"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    present = models.PositiveSmallIntegerField(_("members present and entitled to vote"), default=0)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=30, blank=True)
    resolution_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tabled_at = models.DateTimeField(auto_now_add=True)
    tabled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "position", "pk"]
        indexes = [models.Index(fields=["kind", "subject_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_number"], condition=~Q(decision_number=""), name="committee_unique_decision_number"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """One member's vote on one ballot of an item. A member may change it until the item is decided."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="votes")
    ballot = models.PositiveSmallIntegerField(default=1)
    choice = models.CharField(pgettext_lazy("vote", "vote"), max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["item", "member", "ballot"], name="committee_one_vote_per_ballot"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.member_id} · {self.choice}"


class Recusal(models.Model):
    """A member kept out of one item (제척·기피·회피). An avoidance or an exclusion is effective at once; a challenge
    waits for the chair. A recused member cannot vote on the item and does not count towards its tally."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="recusals")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="recusals")
    kind = models.CharField(_("kind"), max_length=20, choices=RecusalKind.choices)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=20, choices=RecusalState.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("the chair's reasons"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["item_id", "raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                condition=Q(state__in=["pending", "effective"]),
                name="committee_one_live_recusal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.member} · {self.kind}"


class Reorganisation(models.Model):
    """The yearly reorganisation and reappointment of the members (seed 000 ①), as a tracked task of steps."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reorganisation of the committee")
        verbose_name_plural = _("reorganisations of the committee")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class ReorganisationStep(models.Model):
    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=30, choices=ReorganisationStepKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(pgettext_lazy("due date of a reorganisation step", "due on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("owner of a reorganisation step", "owner"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    flagged_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("reorganisation step")
        verbose_name_plural = _("reorganisation steps")
        ordering = ["reorganisation_id", "position"]
        constraints = [models.UniqueConstraint(fields=["reorganisation", "kind"], name="committee_one_step_each")]

    def __str__(self) -> str:
        return f"{self.reorganisation.year} · {self.get_kind_display()}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today
