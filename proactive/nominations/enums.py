"""Choices for selection rounds and nominations. Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Half(models.IntegerChoices):
    FIRST = 1, _("First half")
    SECOND = 2, _("Second half")


class RoundStatus(models.TextChoices):
    """What the secretariat has decided. Windows (nominations, vote…) open and close by their times."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Call published")
    CLOSED = "closed", _("Closed")


class RoundPhase(models.TextChoices):
    """Where a published round is now, derived from its dates (Asia/Seoul)."""

    DRAFT = "draft", _("Being prepared")
    ANNOUNCED = "announced", _("Call announced")
    NOMINATIONS_OPEN = "nominations_open", _("Nominations open")
    VERIFICATION = "verification", _("Results being verified")
    WORKING_REVIEW = "working_review", _("Working-level review")
    ONLINE_VOTE = "online_vote", _("Online vote")
    COMMITTEE_REVIEW = "committee_review", _("Committee review")
    ANNOUNCEMENT = "announcement", _("Results announced")
    CLOSED = "closed", _("Closed")


class Voters(models.TextChoices):
    CITIZENS = "citizens", _("Verified citizens")
    OFFICIALS = "officials", _("Officials")
    BOTH = "both", _("Citizens and officials")


class ScoredStage(models.TextChoices):
    WORKING = "working", _("Working-level review")
    COMMITTEE = "committee", _("Committee review")


class Grade(models.TextChoices):
    TOP = "top", _("Top award (최우수)")
    EXCELLENT = "excellent", _("Excellence award (우수)")
    ENCOURAGEMENT = "encouragement", _("Encouragement award (장려)")
    CHALLENGE = "challenge", _("Challenge award (도전)")


class Benefit(models.TextChoices):
    """Personnel benefits a winner may choose among, as the round's grade rules allow."""

    SPECIAL_PROMOTION = "special_promotion", _("Special promotion (특별승진)")
    EARLY_PROMOTION = "early_promotion", _("Fast-track promotion (조기승진)")
    SPECIAL_STEP = "special_step", _("Special step increase (특별승급)")
    TOP_BONUS = "top_bonus", _("Top performance-bonus grade (성과상여금 최고등급)")
    TRAINING_POINTS = "training_points", _("Policy-training bonus points (정책연수 가점)")
    REWARD_LEAVE = "reward_leave", _("Reward leave (포상휴가)")
    RATING_POINTS = "rating_points", _("Performance-rating bonus points (근무성적평정 가점)")


class TieBreak(models.TextChoices):
    COMMITTEE = "committee", _("Higher committee score")
    WORKING = "working", _("Higher working-level score")
    VOTE = "vote", _("More votes")
    EARLIER = "earlier", _("Submitted earlier")


class CaseType(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("Best practice (우수사례)")
    CHALLENGE = "challenge", _("Challenge case (도전사례)")


class NominatorType(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    CITIZEN = "citizen", _("Citizen")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for more information")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another nomination")


EDITABLE_STATES = frozenset({NominationState.DRAFT, NominationState.RETURNED})


class Consent(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    GIVEN = "given", _("Consents to publication")
    REFUSED = "refused", _("Refuses publication")


class IncentiveState(models.TextChoices):
    """A winner's personnel benefit, from their choice to HR applying it (DOMAIN.md §4.4)."""

    AWAITING_CHOICE = "awaiting_choice", _("Waiting for the winner's choice")
    CHOSEN = "chosen", _("Chosen by the winner")
    INELIGIBLE = "ineligible", _("Not eligible: to be chosen again")
    ELIGIBLE = "eligible", _("Eligibility checked")
    DECIDED = "decided", _("Decided")
    APPLIED = "applied", _("Applied")


class RenominationState(models.TextChoices):
    """A department's re-nomination of a case not selected, for special-promotion consideration."""

    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted for special-promotion review")
    DECLINED = "declined", _("Declined")
