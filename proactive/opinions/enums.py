"""Choices of the committee's opinion requests (의견제시) and ex-post ratifications (사후 추인). Imports nothing from
the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestKind(models.TextChoices):
    """An opinion asked before acting, or a ratification asked after urgent disaster or safety action."""

    OPINION = "opinion", _("Opinion request")
    RATIFICATION = "ratification", _("Ex-post ratification")


class RequestState(models.TextChoices):
    """DRAFT → SUBMITTED → (RETURNED → SUBMITTED …) | REJECTED | ACCEPTED → [AUDIT_OPINION_REQUESTED →
    AUDIT_OPINION_GIVEN] → ON_AGENDA → OPINION_ISSUED → ACTED_ON (opinions) | RATIFIED | NOT_RATIFIED
    (ratifications); WITHDRAWN by the requester before the agenda (workflow.py)."""

    DRAFT = "draft", pgettext_lazy("opinion request state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("opinion request state", "Submitted")
    RETURNED = "returned", pgettext_lazy("opinion request state", "Returned for more information")
    REJECTED = "rejected", pgettext_lazy("opinion request state", "Rejected as out of scope")
    ACCEPTED = "accepted", pgettext_lazy("opinion request state", "Accepted")
    AUDIT_OPINION_REQUESTED = "audit_requested", pgettext_lazy("opinion request state", "Audit office's opinion asked")
    AUDIT_OPINION_GIVEN = "audit_given", pgettext_lazy("opinion request state", "Audit office's opinion received")
    ON_AGENDA = "on_agenda", pgettext_lazy("opinion request state", "Before the committee")
    OPINION_ISSUED = "opinion_issued", pgettext_lazy("opinion request state", "Opinion issued")
    ACTED_ON = "acted_on", pgettext_lazy("opinion request state", "Acted on")
    RATIFIED = "ratified", pgettext_lazy("opinion request state", "Ratified")
    NOT_RATIFIED = "not_ratified", pgettext_lazy("opinion request state", "Not ratified")
    WITHDRAWN = "withdrawn", pgettext_lazy("opinion request state", "Withdrawn")


S = RequestState
# The requester may still change the text.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# Waiting for the secretariat, the audit office or the committee: the deadline runs.
SLA_STATES = frozenset({S.ACCEPTED, S.AUDIT_OPINION_REQUESTED, S.AUDIT_OPINION_GIVEN, S.ON_AGENDA})
# The committee has answered: the request is a past answer of the register.
ANSWERED_STATES = frozenset({S.OPINION_ISSUED, S.ACTED_ON, S.RATIFIED, S.NOT_RATIFIED})
# Still moving (not finished one way or another).
OPEN_STATES = frozenset({S.SUBMITTED, S.RETURNED, *SLA_STATES})
# The requester may withdraw the request until it is before the committee.
WITHDRAWABLE_STATES = frozenset(
    {S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.AUDIT_OPINION_REQUESTED, S.AUDIT_OPINION_GIVEN}
)


class PermitType(models.TextChoices):
    """The kind of permit the regulation in question is tied to (인가·허가·등록·신고, DOMAIN §4.2)."""

    AUTHORISATION = "authorisation", _("Authorisation (인가)")
    PERMIT = "permit", _("Permit (허가)")
    REGISTRATION = "registration", _("Registration (등록)")
    NOTIFICATION = "notification", _("Notification (신고)")
    OTHER = "other", pgettext_lazy("kind of permit", "Other (unclear law, no permit)")


class AgencyKind(models.TextChoices):
    """The kind of body the requester works for, from their unit (Busan opened the route to public enterprises in
    2021)."""

    CITY = "city", _("City")
    DISTRICT = "district", _("District (gu/gun)")
    PUBLIC_ENTERPRISE = "public_enterprise", _("Local public enterprise")
    AFFILIATE = "affiliate", _("Affiliated body")


class PrivateInterest(models.TextChoices):
    NONE = "none", _("I have no private interest in this matter")
    DECLARED = "declared", _("I declare a private interest (details below)")


class ScreeningDecision(models.TextChoices):
    ACCEPT = "accept", _("Accept: in scope, interest declared, facts sufficient")
    RETURN = "return", _("Return for more information")
    REJECT = "reject", _("Reject as out of scope")


class CommitteeOutcome(models.TextChoices):
    """The decisions the committee may record on this app's agenda items (``committee.agenda``)."""

    OPINION_ISSUED = "opinion_issued", pgettext_lazy("committee outcome", "Opinion issued")
    RETURNED = "returned", pgettext_lazy("committee outcome", "Returned to the requester")
    RATIFIED = "ratified", _("Ratified")
    NOT_RATIFIED = "not_ratified", _("Not ratified")
