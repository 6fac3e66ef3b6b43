"""Reads of the audit office: the queue with its filters, counts for the list and the dashboard (to screen, under
review, due soon, overdue)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from proactive.consulting.enums import CLOCK_STATES, OFFICE_STATES, RequestState
from proactive.consulting.models import ConsultingRequest
from proactive.consulting.queries import serves_audit_office
from proactive.core import deadlines

S = RequestState


def office_requests(user: Any) -> QuerySet[ConsultingRequest]:
    """Every request ever submitted to the office (none for someone outside it, or a superuser)."""
    if getattr(user, "is_superuser", False) or not serves_audit_office(user):
        return ConsultingRequest.objects.none()
    return ConsultingRequest.objects.filter(submitted_on__isnull=False, state__in=OFFICE_STATES)


def overdue_q(today: date) -> Q:
    return Q(state__in=CLOCK_STATES, due_on__lt=today)


def due_soon_q(today: date, *, days: int, business: bool) -> Q:
    """Due between today and ``days`` days ahead (counted as the rule counts)."""
    until = deadlines.add_days(today, days, business=business)
    return Q(state__in=CLOCK_STATES, due_on__gte=today, due_on__lte=until)


@dataclass(frozen=True)
class QueueFilter:
    state: str = ""
    mine: bool = False
    overdue: bool = False
    due_soon: bool = False
    search: str = ""


def queue(user: Any, criteria: QueueFilter, *, today: date, due_soon_days: int, business: bool) -> QuerySet:
    """The office's queue filtered by ``criteria``; the search looks at the number, title, unit and requester."""
    qs = office_requests(user).select_related("requester", "official", "unit", "body", "opinion")
    if criteria.state:
        qs = qs.filter(state=criteria.state)
    if criteria.mine:
        qs = qs.filter(assignments__reviewer=user)
    if criteria.overdue:
        qs = qs.filter(overdue_q(today))
    if criteria.due_soon:
        qs = qs.filter(due_soon_q(today, days=due_soon_days, business=business))
    term = criteria.search.strip()
    if term:
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(opinion__number__icontains=term)
            | Q(unit__name__icontains=term)
            | Q(body__name__icontains=term)
            | Q(official__name__icontains=term)
        )
    # Submitted first (to screen), then by due date, then newest.
    return qs.distinct().order_by("due_on", "-submitted_on", "-pk")


def state_counts(user: Any) -> dict[str, int]:
    rows = office_requests(user).order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def office_counts(user: Any, *, today: date, due_soon_days: int, business: bool) -> dict[str, int]:
    """To screen, under review (clock running or paused), due soon and overdue (one query)."""
    counts = office_requests(user).aggregate(
        to_screen=Count("pk", filter=Q(state=S.SUBMITTED)),
        in_review=Count("pk", filter=Q(state__in=[S.ACCEPTED, S.UNDER_REVIEW, S.ESCALATED, S.REFERRED])),
        due_soon=Count("pk", filter=due_soon_q(today, days=due_soon_days, business=business)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    return {key: value or 0 for key, value in counts.items()}
