"""Reads of the case-study area: which case studies a user sees, searched and filtered."""

from typing import Any

from django.db.models import Q, QuerySet

from proactive.reporting.enums import CaseStudyState
from proactive.reporting.models import CaseStudy
from proactive.reporting.queries import bodies_handled_by

MANAGE = "reporting.manage_case_studies"


def case_studies_visible_to(user: Any) -> QuerySet[CaseStudy]:
    """Published case studies for everyone with ``reporting.view_case_studies``; for an audit officer also the
    drafts they wrote or that were written from a report of a body they handle (``rules.casestudies``)."""
    visible = Q(state=CaseStudyState.PUBLISHED)
    if getattr(user, "is_authenticated", False) and not user.is_superuser and user.has_perm(MANAGE):
        drafts = Q(created_by_id=user.pk) | Q(report__body_id__in=bodies_handled_by(user))
        visible |= Q(state=CaseStudyState.DRAFT) & drafts
    return CaseStudy.objects.filter(visible).select_related("report").order_by("state", "-published_on", "-pk")


def search_case_studies(
    queryset: QuerySet[CaseStudy], *, text: str = "", report_type: str = "", field: str = "", state: str = ""
) -> QuerySet[CaseStudy]:
    """Filter ``queryset`` by words in the title or texts (every word must occur), type, field and state."""
    for word in (text or "").split()[:10]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(finding__icontains=word)
            | Q(lesson__icontains=word)
        )
    if report_type:
        queryset = queryset.filter(report_type=report_type)
    if field:
        queryset = queryset.filter(field=field)
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def case_study_for(pk: int) -> CaseStudy | None:
    return CaseStudy.objects.select_related("report", "created_by").filter(pk=pk).first()
