"""Reads of the audit office's records: the list of audits with their counts, one audit's findings and register,
the officials a finding may name, the sessions and the board's work."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from proactive.accounts.models import Official, OrgUnit
from proactive.protection.enums import DEAD_STATES, PENDING_STATES, ApplicationState, Auditor
from proactive.protection.models import Audit, BoardSession, Concerned, ExemptionApplication, Finding, SessionMember
from proactive.protection.queries import audits_visible_to, serves_the_city

S = ApplicationState


@dataclass(frozen=True)
class AuditFilter:
    auditor: str = ""
    year: int | None = None
    search: str = ""


def audit_list(user: Any, criteria: AuditFilter) -> QuerySet[Audit]:
    """``user``'s audits with the number of findings, officials concerned and applications pending; newest first."""
    qs = audits_visible_to(user)
    if criteria.auditor in Auditor.values:
        qs = qs.filter(auditor=criteria.auditor)
    if criteria.year:
        qs = qs.filter(ends_on__year=criteria.year)
    term = criteria.search.strip()
    if term:
        qs = qs.filter(Q(title__icontains=term) | Q(audited_unit__name__icontains=term))
    return (
        qs.select_related("audited_unit")
        .annotate(
            finding_count=Count("findings", distinct=True),
            concerned_count=Count("findings__concerned", distinct=True),
            pending_count=Count(
                "findings__concerned__applications",
                filter=Q(findings__concerned__applications__state__in=PENDING_STATES),
                distinct=True,
            ),
        )
        .order_by("-ends_on", "-pk")
    )


def get_audit(pk: int) -> Audit | None:
    return Audit.objects.select_related("audited_unit", "created_by").filter(pk=pk).first()


def findings_of(audit: Audit) -> list[Finding]:
    """The audit's findings with their register rows and each row's live application (a fixed number of queries)."""
    live = Prefetch(
        "applications",
        queryset=ExemptionApplication.objects.exclude(state__in=DEAD_STATES).order_by("-pk"),
        to_attr="live_applications",
    )
    rows = Prefetch(
        "concerned",
        queryset=Concerned.objects.select_related("official__unit").prefetch_related(live).order_by("pk"),
    )
    return list(audit.findings.prefetch_related(rows).order_by("sequence"))


def official_choices(audit: Audit) -> QuerySet[Official]:
    """Officials a finding of ``audit`` may name from a list: those of the audited unit's subtree."""
    return (
        Official.objects.filter(unit__path__startswith=audit.audited_unit.path)
        .select_related("unit")
        .order_by("unit__path", "name", "pk")
    )


def official_by_employee_no(employee_no: str) -> Official | None:
    return Official.objects.select_related("unit").filter(employee_no=employee_no.strip()).first()


def unit_choices(user: Any) -> QuerySet[OrgUnit]:
    """Units an audit of ``user``'s office may concern (the city's office: every active unit)."""
    qs = OrgUnit.objects.filter(is_active=True)
    if serves_the_city(user):
        return qs.order_by("path")
    from proactive.protection.queries import audit_scopes  # reason: keeps the package's public names short

    condition = Q()
    for path in audit_scopes(user):
        if path:
            condition |= Q(path__startswith=path)
    return qs.filter(condition).order_by("path") if condition else qs.none()


# --- Board sessions ------------------------------------------------------------------------------------------


def sessions_visible_to(user: Any) -> QuerySet[BoardSession]:
    """The city's audit office sees every session; a board member the sessions they are invited to."""
    if getattr(user, "is_superuser", False):
        return BoardSession.objects.none()
    qs = BoardSession.objects.all()
    if not serves_the_city(user):
        qs = qs.filter(members__member=user)
    return (
        qs.select_related("chair")
        .annotate(
            application_count=Count("applications", distinct=True),
            decided_count=Count("applications", filter=Q(applications__decided_on__isnull=False), distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


def get_session(pk: int) -> BoardSession | None:
    return BoardSession.objects.select_related("chair").filter(pk=pk).first()


def session_members(session: BoardSession) -> list[SessionMember]:
    return list(session.members.select_related("member__official__unit").order_by("member__name", "pk"))


def session_applications(session: BoardSession) -> list[ExemptionApplication]:
    return list(
        session.applications.select_related(
            "concerned__finding__audit", "concerned__official__unit", "protection_officer"
        )
        .prefetch_related("votes")
        .order_by("pk")
    )


def applications_to_table(user: Any) -> QuerySet[ExemptionApplication]:
    """Accepted applications without a session yet, oldest first."""
    return (
        ExemptionApplication.objects.filter(
            state=S.UNDER_REVIEW, session__isnull=True, concerned__finding__audit__in=audits_visible_to(user)
        )
        .select_related("concerned__finding__audit", "concerned__official__unit")
        .order_by("screened_on", "pk")
    )
