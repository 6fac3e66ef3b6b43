"""Choices of the pre-consulting audit (사전컨설팅 감사, DOMAIN.md §4.6). Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestState(models.TextChoices):
    """DRAFT → AWAITING_APPROVAL (the requester's head) → SUBMITTED (to the audit office) → RETURNED | ACCEPTED →
    UNDER_REVIEW (⇄ ESCALATED to BAI/MOIS, ⇄ REFERRED to the committee) → OPINION_ISSUED → IMPLEMENTED; a request
    not yet answered may be WITHDRAWN by its requester (``workflow.py``)."""

    DRAFT = "draft", pgettext_lazy("pre-consulting state", "Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the head's approval")
    SUBMITTED = "submitted", pgettext_lazy("pre-consulting state", "Submitted to the audit office")
    RETURNED = "returned", pgettext_lazy("pre-consulting state", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("pre-consulting state", "Accepted")
    UNDER_REVIEW = "under_review", pgettext_lazy("pre-consulting state", "Under review")
    ESCALATED = "escalated", _("Escalated to BAI or MOIS")
    REFERRED = "referred", _("Referred to the committee")
    OPINION_ISSUED = "opinion_issued", _("Opinion issued")
    IMPLEMENTED = "implemented", _("Implementation reported")
    WITHDRAWN = "withdrawn", pgettext_lazy("pre-consulting state", "Withdrawn")


S = RequestState
# The requester may still withdraw: nothing has been answered yet.
WITHDRAWABLE_STATES = frozenset({S.DRAFT, S.AWAITING_APPROVAL, S.SUBMITTED, S.RETURNED})
# The audit office's deadline runs (from acceptance); ESCALATED and REFERRED pause it.
CLOCK_STATES = frozenset({S.ACCEPTED, S.UNDER_REVIEW})
PAUSED_STATES = frozenset({S.ESCALATED, S.REFERRED})
# Accepted and not answered yet: the deadline exists.
IN_REVIEW_STATES = CLOCK_STATES | PAUSED_STATES
# The audit office has answered: an opinion exists.
ANSWERED_STATES = frozenset({S.OPINION_ISSUED, S.IMPLEMENTED})
# Ever sent to the audit office (what the office may see).
OFFICE_STATES = frozenset({S.SUBMITTED, S.RETURNED, *IN_REVIEW_STATES, *ANSWERED_STATES})


class SelfCheckItem(models.TextChoices):
    """The requester's own review (자체 검토): a fixed checklist, each item ticked and explained."""

    LAWS = "laws", _("Review of the relevant laws and ordinances")
    PRECEDENTS = "precedents", _("Review of similar cases and earlier interpretations")
    STAKEHOLDERS = "stakeholders", _("Views of stakeholders and departments concerned")
    BUDGET = "budget", _("Budget and fiscal impact")
    COMPLAINTS = "complaints", _("Risk of complaints or disputes")


# The relevant laws must always be reviewed before asking (an unreviewed request is returned).
REQUIRED_CHECKS = frozenset({SelfCheckItem.LAWS})


class ExclusionReason(models.TextChoices):
    """Why the audit office returns a request instead of reviewing it (BAI and Busan rules, DOMAIN §4.6)."""

    SETTLED_BY_LAW = "settled_by_law", _("The matter is clearly settled by law")
    INSUFFICIENT_REVIEW = "insufficient_review", _("The requester's own review is insufficient")
    ALREADY_DECIDED = "already_decided", _("It asks about the legality of a disposition already made")
    PROCEEDINGS = "proceedings", _("An investigation, lawsuit, administrative appeal or audit is pending or concluded")


# A request returned for one of these reasons may be revised and sent again.
REVISABLE_REASONS = frozenset({ExclusionReason.INSUFFICIENT_REVIEW})


class JointParticipant(models.TextChoices):
    """Who joins a joint review (Busan 2016: lawyers, the regulatory-reform team and the audit office)."""

    LAWYERS = "lawyers", _("Lawyers (legal advisers)")
    REGULATORY_REFORM = "regulatory_reform", _("Regulatory-reform team")
    DEPARTMENT = "department", _("The department concerned")
    OTHER = "other", pgettext_lazy("participant of a joint review", "Other experts")


class EscalationBody(models.TextChoices):
    BAI = "bai", _("Board of Audit and Inspection (BAI)")
    MOIS = "mois", _("Ministry of the Interior and Safety (MOIS)")


class ExtensionKind(models.TextChoices):
    EXTENSION = "extension", pgettext_lazy("kind of deadline change", "Extension")
    PAUSE = "pause", _("Clock paused")


class PublicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "Draft")
    PUBLISHED = "published", pgettext_lazy("publication state", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("publication state", "Taken down")


class CommitteeOutcome(models.TextChoices):
    """What the committee may decide on a pre-consulting matter referred to it (DOMAIN §2.1 item 4)."""

    ADVISED = "advised", _("Advised: the committee's view is given")
    DECLINED = "declined", _("Declined: returned to the audit office without a view")
