"""Choices of legal and litigation support (소송 지원, 변호사 선임비; DOMAIN.md §4.8). Imports nothing from the
project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    """The proceeding an official faces, which sets the cap (MOIS guideline 2019; 2025 amendment for trials)."""

    DISCIPLINARY = "disciplinary", _("Disciplinary proceedings (징계)")
    CRIMINAL_INVESTIGATION = "criminal_investigation", _("Criminal investigation, before indictment (수사)")
    CRIMINAL_TRIAL = "criminal_trial", _("Criminal trial, acquittal final (형사재판)")
    CIVIL = "civil", _("Civil suit (민사)")


class SupportKind(models.TextChoices):
    """What the official asks for; more than one may be asked."""

    LAWYER_FEE = "lawyer_fee", _("Lawyer's fee (변호사 선임비)")
    LITIGATION_COSTS = "litigation_costs", _("Litigation costs (소송비용)")
    OPINION = "opinion", _("Opinion to the investigators or the court (의견서 제출)")
    REFERRAL = "referral", _("Lawyer referral (변호사 추천)")


class ApplicationState(models.TextChoices):
    """DRAFT → SUBMITTED → FACTS_CHECKED → BEFORE_COMMITTEE → APPROVED → CLOSED | CANCELLED → CLOSED, or
    → DENIED; WITHDRAWN before the committee (workflow.py)."""

    DRAFT = "draft", pgettext_lazy("legal-support application state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("legal-support application state", "Submitted: facts being checked")
    FACTS_CHECKED = "facts_checked", pgettext_lazy("legal-support application state", "Facts checked")
    BEFORE_COMMITTEE = "before_committee", pgettext_lazy("legal-support application state", "Before the committee")
    APPROVED = "approved", pgettext_lazy("legal-support application state", "Support approved")
    DENIED = "denied", pgettext_lazy("legal-support application state", "Support denied")
    CANCELLED = "cancelled", pgettext_lazy("legal-support application state", "Cancelled: refund due")
    CLOSED = "closed", pgettext_lazy("legal-support application state", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("legal-support application state", "Withdrawn")


S = ApplicationState
# Applications past the draft: what the accountable officer, the secretariat and the protection officer see.
LODGED_STATES = frozenset(set(S) - {S.DRAFT})
# Still waiting for someone's step.
OPEN_STATES = frozenset({S.SUBMITTED, S.FACTS_CHECKED, S.BEFORE_COMMITTEE, S.APPROVED, S.CANCELLED})
# The applicant may still withdraw: before the matter goes to the committee.
WITHDRAWABLE_STATES = frozenset({S.SUBMITTED, S.FACTS_CHECKED})
# Decided by the committee (the decision document exists).
DECIDED_STATES = frozenset({S.APPROVED, S.DENIED, S.CANCELLED, S.CLOSED})


class Recommendation(models.TextChoices):
    """The accountable officer's recommendation to the committee after fact-finding."""

    SUPPORT = "support", _("Support as asked")
    SUPPORT_IN_PART = "support_in_part", _("Support in part")
    DENY = "deny", _("Do not support")


class PaymentMethod(models.TextChoices):
    TO_LAWYER = "to_lawyer", _("Bank transfer to the lawyer")
    TO_OFFICIAL = "to_official", _("Reimbursement to the official")
    OTHER = "other", pgettext_lazy("payment method", "Other")


class Outcome(models.TextChoices):
    """The committee's decisions on a legal-support agenda item (committee.agenda.AgendaKind outcomes)."""

    APPROVED = "approved", pgettext_lazy("committee decision on legal support", "Support approved")
    DENIED = "denied", pgettext_lazy("committee decision on legal support", "Support denied")
