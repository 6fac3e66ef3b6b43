"""Choices of the proactive-administration committee (적극행정위원회). Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberCategory(models.TextChoices):
    """How a member sits on the committee (Busan ordinance: chair, ex-officio and commissioned private members)."""

    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    EX_OFFICIO = "ex_officio", _("Ex-officio member")
    PRIVATE = "private", _("Private member")


class MemberField(models.TextChoices):
    """The fields of Busan's open call for private members (DOMAIN §2.2), and "other"."""

    ECONOMY_INDUSTRY = "economy_industry", _("Economy and industry")
    MARITIME_TRANSPORT = "maritime_transport", _("Maritime affairs and transport")
    URBAN_ARCHITECTURE = "urban_architecture", _("Urban planning and architecture")
    ENVIRONMENT = "environment", _("Environment and green spaces")
    WELFARE_SAFETY = "welfare_safety", _("Welfare and safety")
    LEGAL = "legal", pgettext_lazy("field of a committee member", "Law")
    REGULATION = "regulation", _("Regulation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", pgettext_lazy("field of a committee member", "Other")


class MeetingKind(models.TextChoices):
    IN_PERSON = "in_person", _("Meeting in person")
    WRITTEN = "written", _("Written deliberation")


class MeetingState(models.TextChoices):
    """PLANNED → HELD (opened with a quorum, or the written window opened) → CLOSED (minutes approved; immutable);
    PLANNED → CANCELLED. See ``workflow.MEETING_TRANSITIONS``."""

    PLANNED = "planned", pgettext_lazy("committee meeting state", "Planned")
    HELD = "held", pgettext_lazy("committee meeting state", "In session")
    CLOSED = "closed", pgettext_lazy("committee meeting state", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("committee meeting state", "Cancelled")


OPEN_MEETING_STATES = frozenset({MeetingState.PLANNED, MeetingState.HELD})


class AgendaState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("agenda item state", "Waiting for a meeting")
    TABLED = "tabled", pgettext_lazy("agenda item state", "On the agenda")
    DECIDED = "decided", pgettext_lazy("agenda item state", "Decided")
    WITHDRAWN = "withdrawn", pgettext_lazy("agenda item state", "Withdrawn")


OPEN_ITEM_STATES = frozenset({AgendaState.PENDING, AgendaState.TABLED})


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", pgettext_lazy("attendance at a meeting", "Not recorded")
    PRESENT = "present", pgettext_lazy("attendance at a meeting", "Present")
    ABSENT = "absent", pgettext_lazy("attendance at a meeting", "Absent")


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", pgettext_lazy("vote", "Against")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


class RecusalKind(models.TextChoices):
    """제척 (excluded by law: recorded by the secretariat), 기피 (challenged by the requester or the secretariat;
    the chair decides), 회피 (the member steps aside)."""

    EXCLUSION = "exclusion", _("Exclusion (제척)")
    CHALLENGE = "challenge", _("Challenge (기피)")
    AVOIDANCE = "avoidance", _("Avoidance (회피)")


class RecusalState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("recusal state", "Waiting for the chair")
    EFFECTIVE = "effective", pgettext_lazy("recusal state", "Recused")
    REJECTED = "rejected", pgettext_lazy("recusal state", "Challenge rejected")


class QuorumRule(models.TextChoices):
    """How many of the base must be there (present, or replied in writing)."""

    MAJORITY = "majority", _("More than half")
    TWO_THIRDS = "two_thirds", _("At least two thirds")
    ONE_THIRD = "one_third", _("At least one third")


class QuorumBase(models.TextChoices):
    """What the opening quorum counts against."""

    INVITED = "invited", _("The members called to the meeting")
    SERVING = "serving", _("Every member serving on the day")


class DecisionRule(models.TextChoices):
    """When a proposal is carried. In a written deliberation "present" means the members who replied."""

    MAJORITY_OF_VOTES = "majority_of_votes", _("More than half of the members present and voting")
    MAJORITY_OF_PRESENT = "majority_of_present", _("More than half of the members present")
    TWO_THIRDS_OF_PRESENT = "two_thirds_of_present", _("At least two thirds of the members present")


class ReorganisationStepKind(models.TextChoices):
    """The yearly reorganisation and reappointment of members (seed 000 ①), in order."""

    OPEN_CALL = "open_call", _("Open call for private members")
    SCREENING = "screening", _("Screening of the applicants")
    APPOINTMENT = "appointment", _("Appointment and reappointment")
    ORIENTATION = "orientation", _("Orientation of the members")
    ROSTER_PUBLISHED = "roster_published", _("Roster published")


REORGANISATION_STEPS: tuple[str, ...] = tuple(ReorganisationStepKind.values)
