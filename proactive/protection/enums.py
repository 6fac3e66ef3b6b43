"""Choices of the exemption reviews (면책심사) and the protection officer (면책보호관). Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Auditor(models.TextChoices):
    """Who carried out the audit (DOMAIN.md §4.7: BAI / MOIS / the city)."""

    BAI = "bai", _("Board of Audit and Inspection (감사원)")
    MOIS = "mois", _("Ministry of the Interior and Safety (행정안전부)")
    CITY = "city", _("The city's own audit")
    OTHER = "other", pgettext_lazy("who audited", "Other")


class Disposition(models.TextChoices):
    """The personal disposition an audit finding proposes (신분상 처분 요구), from the heaviest to none.

    A mitigated decision lowers it to a lighter one; an exemption removes it (``NONE``)."""

    HEAVY_DISCIPLINE = "heavy_discipline", _("Heavy disciplinary action (중징계)")
    LIGHT_DISCIPLINE = "light_discipline", _("Light disciplinary action (경징계)")
    WARNING = "warning", _("Warning (경고)")
    CAUTION = "caution", _("Caution (주의)")
    NONE = "none", _("No personal disposition (불문)")


# Heavier first: a mitigation must move to a strictly lighter disposition than the one proposed, and not to NONE.
SEVERITY = {
    Disposition.HEAVY_DISCIPLINE: 4,
    Disposition.LIGHT_DISCIPLINE: 3,
    Disposition.WARNING: 2,
    Disposition.CAUTION: 1,
    Disposition.NONE: 0,
}


def lighter_than(disposition: str) -> list[str]:
    """The dispositions a mitigation of ``disposition`` may lead to (lighter, but still a disposition)."""
    level = SEVERITY.get(Disposition(disposition), 0) if disposition in Disposition.values else 0
    return [d for d in Disposition if 0 < SEVERITY[d] < level]


class Outcome(models.TextChoices):
    """The review board's decision, and each member's vote (면책 / 감경 / 면책 불인정)."""

    EXEMPTED = "exempted", pgettext_lazy("exemption outcome", "Exempted")
    MITIGATED = "mitigated", pgettext_lazy("exemption outcome", "Mitigated")
    DENIED = "denied", pgettext_lazy("exemption outcome", "Denied")


# From the least favourable to the official to the most favourable (the disciplinary rule adds votes in this order).
FAVOURABILITY = (Outcome.DENIED, Outcome.MITIGATED, Outcome.EXEMPTED)


class ApplicationState(models.TextChoices):
    """DRAFT → SUBMITTED → (RETURNED → SUBMITTED)* → UNDER_REVIEW → EXEMPTED | MITIGATED | DENIED; SUBMITTED or
    RETURNED → REJECTED (screened out); DRAFT, SUBMITTED, RETURNED → WITHDRAWN (workflow.py)."""

    DRAFT = "draft", pgettext_lazy("exemption application state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("exemption application state", "Submitted")
    RETURNED = "returned", pgettext_lazy("exemption application state", "Returned for completion")
    REJECTED = "rejected", pgettext_lazy("exemption application state", "Rejected at screening")
    UNDER_REVIEW = "under_review", pgettext_lazy("exemption application state", "Under review by the board")
    EXEMPTED = "exempted", pgettext_lazy("exemption application state", "Exempted")
    MITIGATED = "mitigated", pgettext_lazy("exemption application state", "Mitigated")
    DENIED = "denied", pgettext_lazy("exemption application state", "Denied")
    WITHDRAWN = "withdrawn", pgettext_lazy("exemption application state", "Withdrawn")


S = ApplicationState
OPEN_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_REVIEW})
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# Submitted and not finished: the audit office and the board have work on it.
PENDING_STATES = frozenset({S.SUBMITTED, S.RETURNED, S.UNDER_REVIEW})
DECIDED_STATES = frozenset({S.EXEMPTED, S.MITIGATED, S.DENIED})
# An application in one of these states no longer blocks a new one for the same official and finding.
DEAD_STATES = frozenset({S.WITHDRAWN, S.REJECTED})
STATE_OF_OUTCOME = {Outcome.EXEMPTED: S.EXEMPTED, Outcome.MITIGATED: S.MITIGATED, Outcome.DENIED: S.DENIED}


class ApplicantKind(models.TextChoices):
    SELF = "self", _("The official concerned")
    HEAD = "head", _("The official's department head")


class Ground(models.TextChoices):
    """The requirements an application argues (DOMAIN.md §4.7: public interest, reasonableness, transparency; no
    intent or gross negligence, presumed when there is no private interest and no major procedural defect)."""

    FACTS = "facts", _("What happened and why you acted")
    PUBLIC_INTEREST = "public_interest", _("Public interest, no private interest")
    REASONABLENESS = "reasonableness", _("Reasonableness and necessity")
    NO_GROSS_NEGLIGENCE = "no_gross_negligence", _("No intent or gross negligence")
    PROCEDURE = "procedure", _("No major procedural defect")
    TRANSPARENCY = "transparency", _("Transparency: the decision was recorded and approved")


GROUND_FIELDS = [g.value for g in Ground]


class TieRule(models.TextChoices):
    """What decides when no outcome has a majority of the members present."""

    DISCIPLINARY = (
        "disciplinary",
        _("Disciplinary rule: add votes from the least favourable outcome upwards until a majority is reached"),
    )
    DENIED = "denied", _("No majority means the exemption is denied")
    CHAIR = "chair", _("The session chair's vote decides")


class Deadline(models.TextChoices):
    APPLY = "apply", _("Application deadline")
    SCREENING = "screening", _("Screening deadline")
    COMPLETION = "completion", _("Completion deadline")
    REVIEW = "review", _("Review deadline")


class Category(models.TextChoices):
    """Categories of the protection guide's pages and of counselling cases."""

    EXEMPTION = "exemption", _("Exemption (면책 제도)")
    PRECONSULTING = "preconsulting", _("Pre-consulting (사전컨설팅)")
    OPINION = "opinion", _("Committee opinions (의견제시)")
    LITIGATION = "litigation", _("Litigation support (소송 지원)")
    DISCIPLINE = "discipline", _("Disciplinary procedure (징계 절차)")
    OTHER = "other", pgettext_lazy("guide category", "Other")


class CounsellingState(models.TextChoices):
    OPEN = "open", pgettext_lazy("counselling case state", "Open")
    CLOSED = "closed", pgettext_lazy("counselling case state", "Closed")
