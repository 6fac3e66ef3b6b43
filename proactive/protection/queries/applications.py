"""Reads of exemption applications: what an official or a head sees ("my exemptions"), the audit office's queue,
one application's page, and the running deadline of each state."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from proactive.accounts.enums import Role
from proactive.accounts.queries import role_units
from proactive.protection.enums import DEAD_STATES, ApplicationState, Auditor
from proactive.protection.models import (
    ApplicationEvent,
    Concerned,
    CounsellingCase,
    ExemptionApplication,
    ProtectionSettings,
)
from proactive.protection.queries import audits_visible_to

S = ApplicationState
APPLICATION_RELATED = (
    "concerned__finding__audit__audited_unit",
    "concerned__official__unit",
    "applicant",
    "protection_officer",
    "session",
)


@dataclass(frozen=True)
class RunningDeadline:
    """The deadline running in an application's state, who owes the next step, and how it is counted."""

    due_on: date | None
    business: bool
    kind: str  # "apply", "screening", "completion", "review" or ""


def running_deadline(application: ExemptionApplication, rules: ProtectionSettings) -> RunningDeadline:
    state = application.state
    if state == S.DRAFT:
        return RunningDeadline(application.concerned.apply_by, rules.application_business_days, "apply")
    if state == S.SUBMITTED:
        return RunningDeadline(application.screening_due_on, rules.screening_business_days, "screening")
    if state == S.RETURNED:
        return RunningDeadline(application.completion_due_on, rules.completion_business_days, "completion")
    if state == S.UNDER_REVIEW:
        return RunningDeadline(application.review_due_on, rules.review_business_days, "review")
    return RunningDeadline(None, False, "")


def overdue_q(day: date) -> Q:
    """Applications whose running deadline passed before ``day`` (a draft's: the official's application deadline)."""
    return (
        Q(state=S.DRAFT, concerned__apply_by__lt=day, concerned__finding__disposed_on__isnull=True)
        | Q(state=S.SUBMITTED, screening_due_on__lt=day)
        | Q(state=S.RETURNED, completion_due_on__lt=day)
        | Q(state=S.UNDER_REVIEW, review_due_on__lt=day)
    )


def get_application(pk: int) -> ExemptionApplication | None:
    return ExemptionApplication.objects.select_related(*APPLICATION_RELATED).filter(pk=pk).first()


def _live_applications() -> Prefetch:
    return Prefetch(
        "applications",
        queryset=ExemptionApplication.objects.exclude(state__in=DEAD_STATES).order_by("-pk"),
        to_attr="live_applications",
    )


def headed_paths(user: Any) -> list[str]:
    return [h.unit_path for h in role_units(user, Role.DEPARTMENT_HEAD) if h.unit_path]


def concerned_of(user: Any) -> QuerySet[Concerned]:
    """The register rows about ``user`` (as an official), newest first, with their live application."""
    official_id = getattr(user, "official_id", None)
    if official_id is None:
        return Concerned.objects.none()
    return (
        Concerned.objects.filter(official_id=official_id)
        .select_related("finding__audit", "official__unit")
        .prefetch_related(_live_applications())
        .order_by("-notified_on", "-pk")
    )


def concerned_in_units_of(user: Any) -> QuerySet[Concerned]:
    """The register rows about officials of the units ``user`` heads (not about ``user`` themself)."""
    paths = headed_paths(user)
    if not paths:
        return Concerned.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(official__unit__path__startswith=path)
    qs = Concerned.objects.filter(condition)
    own = getattr(user, "official_id", None)
    if own is not None:
        qs = qs.exclude(official_id=own)
    return (
        qs.select_related("finding__audit", "official__unit")
        .prefetch_related(_live_applications())
        .order_by("-notified_on", "-pk")
    )


def applications_of(user: Any) -> QuerySet[ExemptionApplication]:
    """The applications ``user`` acts for: filed by them, about them, or about an official of a unit they head."""
    condition = Q(applicant=user)
    own = getattr(user, "official_id", None)
    if own is not None:
        condition |= Q(concerned__official_id=own)
    for path in headed_paths(user):
        condition |= Q(concerned__official__unit__path__startswith=path)
    return (
        ExemptionApplication.objects.filter(condition)
        .select_related(*APPLICATION_RELATED)
        .order_by("-created_at", "-pk")
    )


def counselling_of(user: Any) -> QuerySet[CounsellingCase]:
    return CounsellingCase.objects.filter(client=user).select_related("officer").order_by("-opened_on", "-pk")


@dataclass(frozen=True)
class QueueFilter:
    state: str = ""
    auditor: str = ""
    overdue: bool = False
    search: str = ""


def queue_for(user: Any, criteria: QueueFilter, *, today: date) -> QuerySet[ExemptionApplication]:
    """The audit office's applications (never drafts), filtered; newest first."""
    qs = ExemptionApplication.objects.filter(concerned__finding__audit__in=audits_visible_to(user)).exclude(
        state=S.DRAFT
    )
    if criteria.state:
        qs = qs.filter(state=criteria.state)
    if criteria.auditor in Auditor.values:
        qs = qs.filter(concerned__finding__audit__auditor=criteria.auditor)
    if criteria.overdue:
        qs = qs.filter(overdue_q(today))
    term = criteria.search.strip()
    if term:
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(concerned__official__name__icontains=term)
            | Q(concerned__finding__title__icontains=term)
            | Q(concerned__finding__audit__title__icontains=term)
        )
    return qs.select_related(*APPLICATION_RELATED).order_by("-submitted_on", "-pk")


def timeline(application: ExemptionApplication) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("pk")
