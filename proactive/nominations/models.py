"""Selection rounds of outstanding proactive officials and the nominations made to them.

A round (e.g. 2025년 상반기) is prepared by the secretariat as a draft, then published; its windows (nominations,
verification, working-level review, online vote, committee review, announcement) open and close by their times
in Asia/Seoul, so the round's ``phase`` is derived, never stored. Its configuration (weights, rubric, shortlist
size, ballot size, voters, grade quotas, tie-breaks, prize money, benefits) is frozen into a numbered snapshot
when nominations open; the round page shows the snapshot. See docs/workflows/selection-round.md.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proactive.core.models import TimeStampedModel
from proactive.nominations.enums import (
    Benefit,
    CaseType,
    Consent,
    Grade,
    Half,
    IncentiveState,
    NominationState,
    NominatorType,
    RenominationState,
    RoundPhase,
    RoundStatus,
    ScoredStage,
    TieBreak,
    Voters,
)


def default_tie_breaks() -> list[str]:
    return [TieBreak.COMMITTEE, TieBreak.WORKING, TieBreak.VOTE, TieBreak.EARLIER]


class SelectionRound(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2019), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(_("half"), choices=Half.choices)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    summary = models.TextField(_("call text"), blank=True)
    # The period whose results count.
    results_from = models.DateField(_("results from"))
    results_to = models.DateField(_("results until"))
    # Windows, as moments in time (stored in UTC, shown in Asia/Seoul).
    nominations_open_at = models.DateTimeField(_("nominations open"))
    nominations_close_at = models.DateTimeField(_("nominations close"))
    verification_end_at = models.DateTimeField(_("verification ends"))
    working_review_end_at = models.DateTimeField(_("working-level review ends"))
    vote_start_at = models.DateTimeField(_("online vote starts"))
    vote_end_at = models.DateTimeField(_("online vote ends"))
    committee_at = models.DateTimeField(_("committee meeting"))
    announce_at = models.DateTimeField(_("announcement"))
    # Configuration, frozen into a snapshot when nominations open.
    weight_working = models.DecimalField(
        _("working-level weight (points)"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    weight_vote = models.DecimalField(
        _("online vote weight (points)"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    weight_committee = models.DecimalField(
        _("committee weight (points)"), max_digits=5, decimal_places=2, default=Decimal("80")
    )
    shortlist_size = models.PositiveSmallIntegerField(
        _("shortlist size"), default=20, validators=[MinValueValidator(1)]
    )
    picks_per_ballot = models.PositiveSmallIntegerField(
        _("picks per ballot"), default=10, validators=[MinValueValidator(1)]
    )
    voters = models.CharField(_("who may vote"), max_length=20, choices=Voters.choices, default=Voters.BOTH)
    tie_breaks = models.JSONField(_("tie-break order"), default=default_tie_breaks)
    config_version = models.PositiveIntegerField(_("configuration version"), default=0)
    config_frozen_at = models.DateTimeField(_("configuration frozen at"), null=True, blank=True)
    shortlist_confirmed_at = models.DateTimeField(_("shortlist confirmed at"), null=True, blank=True)
    tally_frozen_at = models.DateTimeField(_("vote tally frozen at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-half"]
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="one_round_per_half"),
            models.CheckConstraint(condition=Q(results_to__gte=models.F("results_from")), name="round_results_period"),
            models.CheckConstraint(
                condition=Q(nominations_close_at__gt=models.F("nominations_open_at")), name="round_nomination_window"
            ),
            models.CheckConstraint(condition=Q(vote_end_at__gt=models.F("vote_start_at")), name="round_vote_window"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_of(self.year, self.half)

    @staticmethod
    def title_of(year: int, half: int) -> str:
        """A round's title from its year and half (``title`` without loading the round)."""
        return _("%(year)s, %(half)s") % {"year": year, "half": Half(half).label}

    def phase(self, now=None) -> str:
        """Where the round is at ``now`` (default: this moment), from its status and its dates."""
        if self.status == RoundStatus.DRAFT:
            return RoundPhase.DRAFT
        if self.status == RoundStatus.CLOSED:
            return RoundPhase.CLOSED
        now = now or timezone.now()
        steps = [
            (self.nominations_open_at, RoundPhase.ANNOUNCED),
            (self.nominations_close_at, RoundPhase.NOMINATIONS_OPEN),
            (self.verification_end_at, RoundPhase.VERIFICATION),
            (self.vote_start_at, RoundPhase.WORKING_REVIEW),
            (self.vote_end_at, RoundPhase.ONLINE_VOTE),
            (self.announce_at, RoundPhase.COMMITTEE_REVIEW),
        ]
        for until, phase in steps:
            if now < until:
                return phase
        return RoundPhase.ANNOUNCEMENT

    def nominations_open(self, now=None) -> bool:
        return self.phase(now) == RoundPhase.NOMINATIONS_OPEN

    @property
    def config_frozen(self) -> bool:
        return self.config_frozen_at is not None


class Criterion(models.Model):
    """A rubric line of a scored stage: e.g. 국민체감도, up to 50 points, with guidance for reviewers."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="criteria")
    stage = models.CharField(_("stage"), max_length=20, choices=ScoredStage.choices)
    name = models.CharField(_("criterion"), max_length=100)
    name_en = models.CharField(_("criterion (English)"), max_length=150, blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["stage", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class GradeRule(models.Model):
    """How many cases a grade may have in a round, its prize money and the personnel benefits it allows."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="grade_rules")
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    quota = models.PositiveSmallIntegerField(_("number of cases"))
    prize_money = models.PositiveIntegerField(_("prize money per case (원)"), default=0)
    benefits = models.JSONField(_("benefits the winner may choose"), default=list, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("grade rule")
        verbose_name_plural = _("grade rules")
        constraints = [models.UniqueConstraint(fields=["round", "grade"], name="one_rule_per_grade")]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_grade_display()}"

    def benefit_labels(self) -> list[str]:
        labels = dict(Benefit.choices)
        return [str(labels.get(b, b)) for b in self.benefits]


class RoundConfigSnapshot(models.Model):
    """The round's configuration as frozen (version 1 when nominations open; later versions only by decision)."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["round", "-version"]
        constraints = [models.UniqueConstraint(fields=["round", "version"], name="one_snapshot_per_version")]


class Nomination(TimeStampedModel):
    """A case nominated to a round by a department or a verified citizen.

    Lifecycle (docs/workflows/nomination.md): draft → submitted → verified | returned (→ resubmitted) | rejected;
    withdrawn by the nominator before verification. Edited only while draft or returned and the window is open.
    """

    round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="nominations")
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=NominationState.choices, default=NominationState.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    problem = models.TextField(_("problem"), blank=True)
    action = models.TextField(_("what was done"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    quantified_results = models.TextField(_("results in figures"), blank=True)
    period_from = models.DateField(_("work from"), null=True, blank=True)
    period_to = models.DateField(_("work until"), null=True, blank=True)
    regulation_improved = models.BooleanField(_("a regulation was improved"), default=False)
    regulation_detail = models.TextField(_("which regulation, and how"), blank=True)
    nominator_type = models.CharField(_("nominated by"), max_length=20, choices=NominatorType.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominator")
    )
    nominating_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("nominating department"),
    )
    # A citizen names the official in words; the secretariat matches them to the org chart.
    nominee_name_given = models.CharField(_("official named by the citizen"), max_length=60, blank=True)
    nominee_unit_given = models.CharField(_("department named by the citizen"), max_length=120, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    shortlisted = models.BooleanField(_("shortlisted"), default=False, db_index=True)
    decision_reason = models.TextField(_("reason given to the nominator"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("possible duplicate of"),
    )
    evidence = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("evidence"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self) -> str:
        return self.title


class NominationMember(models.Model):
    """An official who did the work: role, contribution share, and consent to publishing name and photo."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="members")
    official = models.ForeignKey(
        "accounts.Official", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("official")
    )
    role = models.CharField(_("role in the work"), max_length=100, blank=True)
    contribution = models.PositiveSmallIntegerField(
        _("contribution (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    consent = models.CharField(
        _("publication consent"), max_length=20, choices=Consent.choices, default=Consent.PENDING
    )
    consent_at = models.DateTimeField(_("consent answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-contribution", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["nomination", "official"], name="member_once_per_nomination")]

    def __str__(self) -> str:
        return f"{self.official} ({self.contribution}%)"


class ReviewAssignment(TimeStampedModel):
    """A reviewer asked to score one nomination at a scored stage (working-level or committee).

    A reviewer with a conflict (found from the org chart, or declared: 제척·기피·회피) is recused and cannot open
    or score the case; the assignment stays as the record of the recusal. Scores are private to their reviewer
    until the reviewer submits.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ScoredStage.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("assigned by")
    )
    recused = models.BooleanField(_("recused"), default=False)
    recusal_reason = models.CharField(_("reason for recusal"), max_length=300, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["stage", "nomination", "reviewer"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "reviewer", "stage"], name="one_assignment_per_stage")
        ]
        indexes = [models.Index(fields=["reviewer", "stage", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.nomination}"


class Score(models.Model):
    """Points one reviewer gave one nomination for one criterion, with an optional comment."""

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["assignment", "criterion__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")]


class StageResult(models.Model):
    """A nomination's frozen result at one stage: the stage score (out of the stage's weight) and its inputs.

    Written when the secretariat confirms the stage (the shortlist after the working-level review, the tally after
    the vote, the committee's totals); never edited afterwards.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="stage_results")
    stage = models.CharField(_("stage"), max_length=20)  # working | vote | committee
    raw = models.DecimalField(_("raw result"), max_digits=12, decimal_places=4)
    points = models.DecimalField(_("stage points"), max_digits=7, decimal_places=4)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    detail = models.JSONField(_("inputs"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["stage", "rank"]
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")
        constraints = [models.UniqueConstraint(fields=["nomination", "stage"], name="one_result_per_stage")]


class Ballot(models.Model):
    """One person's ballot in a round's online vote. One per person per round, enforced by the database.

    Only the voter, the round and the moment are stored with the picks; the running tally is hidden until the
    vote window closes.
    """

    round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballots")
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_ballot_per_person_per_round")]


class BallotPick(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="picks")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="picks")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "nomination"], name="pick_once_per_ballot")]
        indexes = [models.Index(fields=["nomination"])]


VOTE_STRIPES = 8


class VoteCount(models.Model):
    """A running count of a shortlisted case's votes, kept in ``VOTE_STRIPES`` rows so that concurrent ballots
    rarely wait for each other (a ballot adds one to stripe ``ballot.pk % VOTE_STRIPES`` of each case it picks).

    Created when the shortlist is confirmed; updated by ``cast_ballot`` in the ballot's transaction. The tally
    after the vote closes sums these rows (a handful per case, whatever the number of ballots); freezing the
    tally recounts the picks themselves and records that both agree. See docs/workflows/online-vote.md.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="vote_counts")
    stripe = models.PositiveSmallIntegerField()
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "stripe"], name="one_count_per_stripe")]


class CommitteeMeeting(TimeStampedModel):
    """The committee's evaluation meeting for a round (적극행정위원회 심사): attendance, minutes and decision."""

    round = models.OneToOneField(SelectionRound, on_delete=models.PROTECT, related_name="committee_meeting")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place or format"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("members present")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("grades confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")

    def __str__(self) -> str:
        return f"{self.round} · {self.held_at:%Y-%m-%d}"


class Award(TimeStampedModel):
    """A shortlisted case's final result: weighted total of the three stages, rank, and the grade (if any).

    Proposed by quota from the ranking, adjusted by the committee, then confirmed with the meeting's decision;
    a confirmed award is never edited (``confirmed_at`` set).
    """

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="award")
    total = models.DecimalField(_("total points"), max_digits=7, decimal_places=4)
    rank = models.PositiveIntegerField(_("rank"))
    proposed_grade = models.CharField(_("proposed grade"), max_length=20, choices=Grade.choices, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    adjustment_reason = models.CharField(_("reason for adjustment"), max_length=300, blank=True)
    inputs = models.JSONField(_("formula and inputs"), default=dict)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["nomination__round", "rank"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.nomination} · {self.get_grade_display() or '-'}"


class Incentive(TimeStampedModel):
    """What one winning official receives: a share of the prize money and the personnel benefit they choose.

    Created for every team member of a confirmed award (the prize split by contribution, in whole 원, frozen then).
    The winner chooses among the benefits their grade allows; HR checks eligibility (an ineligible choice goes back
    to the winner with the reason), decides (with the reference of the decision letter) and records it applied.
    """

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="incentives")
    member = models.OneToOneField(NominationMember, on_delete=models.PROTECT, related_name="incentive")
    prize_amount = models.PositiveIntegerField(_("prize money (원)"), default=0)
    state = models.CharField(
        _("state"), max_length=20, choices=IncentiveState.choices, default=IncentiveState.AWAITING_CHOICE
    )
    benefit = models.CharField(_("chosen benefit"), max_length=30, choices=Benefit.choices, blank=True)
    chosen_at = models.DateTimeField(_("chosen at"), null=True, blank=True)
    hr_note = models.TextField(_("HR note"), blank=True)
    checked_at = models.DateTimeField(_("eligibility checked at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["award", "-member__contribution", "pk"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_benefit_display() or '-'}"


class Certificate(models.Model):
    """A certificate of commendation (상장) for one winning official, verifiable in public by its serial number.

    Everything printed on it is frozen when it is issued (the recipient's name and unit, the grade, the case, the
    issuing head from the programme settings), so a later change elsewhere never alters an issued certificate.
    """

    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="certificates")
    member = models.OneToOneField(NominationMember, on_delete=models.PROTECT, related_name="certificate")
    recipient_name = models.CharField(_("awardee"), max_length=60)
    recipient_unit = models.CharField(_("recipient's unit"), max_length=200)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    case_title = models.CharField(_("case"), max_length=200)
    round_title = models.CharField(_("round"), max_length=60)
    issuer_title = models.CharField(_("issued by (title)"), max_length=60)
    issuer_name = models.CharField(_("issued by (name)"), max_length=60)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering = ["serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.serial


class SpecialPromotionRequest(TimeStampedModel):
    """A department re-nominates a case that was not selected, for special-promotion consideration (DOMAIN §4.3)."""

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="renomination")
    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    officials = models.ManyToManyField(
        NominationMember, related_name="renominations", verbose_name=_("officials proposed")
    )
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=20, choices=RenominationState.choices, default=RenominationState.SUBMITTED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("special-promotion re-nomination")
        verbose_name_plural = _("special-promotion re-nominations")

    def __str__(self) -> str:
        return str(self.nomination)
