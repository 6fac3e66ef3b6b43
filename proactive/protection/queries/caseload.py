"""The protection officer's caseload: the applications they support and the counselling cases, with filters."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from proactive.protection.enums import DEAD_STATES, DECIDED_STATES, OPEN_STATES, CounsellingState
from proactive.protection.models import CounsellingCase, ExemptionApplication

KINDS = ("", "applications", "counselling")
STATUSES = ("", "open", "closed")


@dataclass(frozen=True)
class CaseloadFilter:
    kind: str = ""  # "", "applications", "counselling"
    status: str = ""  # "", "open", "closed"
    mine_only: bool = True  # counselling: mine and the ones nobody took; False: every officer's
    search: str = ""


def caseload_applications(user: Any, criteria: CaseloadFilter) -> QuerySet[ExemptionApplication]:
    """Applications assigned to ``user``, with how many comments they wrote; open ones first."""
    if criteria.kind == "counselling":
        return ExemptionApplication.objects.none()
    qs = ExemptionApplication.objects.filter(protection_officer=user)
    if criteria.status == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif criteria.status == "closed":
        qs = qs.filter(state__in=DECIDED_STATES | DEAD_STATES)
    term = criteria.search.strip()
    if term:
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(concerned__official__name__icontains=term)
            | Q(concerned__finding__title__icontains=term)
        )
    return (
        qs.select_related("concerned__finding__audit", "concerned__official__unit", "session")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-created_at", "-pk")
    )


def caseload_counselling(user: Any, criteria: CaseloadFilter) -> QuerySet[CounsellingCase]:
    """Counselling cases of ``user`` (and those nobody took yet), or of every officer; newest first."""
    if criteria.kind == "applications":
        return CounsellingCase.objects.none()
    qs = CounsellingCase.objects.all()
    if criteria.mine_only:
        qs = qs.filter(Q(officer=user) | Q(officer__isnull=True))
    if criteria.status == "open":
        qs = qs.filter(state=CounsellingState.OPEN)
    elif criteria.status == "closed":
        qs = qs.filter(state=CounsellingState.CLOSED)
    term = criteria.search.strip()
    if term:
        qs = qs.filter(Q(topic__icontains=term) | Q(client__name__icontains=term))
    return (
        qs.select_related("client__official__unit", "officer")
        .annotate(note_count=Count("notes", distinct=True))
        .order_by("-opened_on", "-pk")
    )


def get_case(pk: int) -> CounsellingCase | None:
    return CounsellingCase.objects.select_related("client__official__unit", "officer").filter(pk=pk).first()


def case_notes(case: CounsellingCase) -> QuerySet:
    return case.notes.select_related("author").order_by("pk")


def counts_for(user: Any) -> dict[str, int]:
    """The dashboard panel's figures: drafts and open applications assigned, open counselling cases (2 queries)."""
    applications = ExemptionApplication.objects.filter(protection_officer=user).aggregate(
        drafts=Count("pk", filter=Q(state="draft")),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
    )
    counselling = CounsellingCase.objects.filter(
        Q(officer=user) | Q(officer__isnull=True), state=CounsellingState.OPEN
    ).count()
    return {"drafts": applications["drafts"], "open": applications["open"], "counselling": counselling}
