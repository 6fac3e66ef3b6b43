"""Reads of the requester's and the head's pages: my requests, the approvals waiting for a head, one request's page
(files, reviewers, timeline, deadline changes, joint reviews, escalations, referrals) and the dashboard counts."""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from proactive.consulting.enums import ANSWERED_STATES, CLOCK_STATES, IN_REVIEW_STATES, RequestState
from proactive.consulting.models import ConsultingRequest, Event, RequestFile
from proactive.consulting.queries import headed_units_q
from proactive.core import deadlines

S = RequestState


def get_request(pk: int) -> ConsultingRequest | None:
    return (
        ConsultingRequest.objects.select_related(
            "requester",
            "official",
            "unit",
            "body",
            "approved_by",
            "screened_by",
            "opinion",
            "implementation",
            "publication",
        )
        .filter(pk=pk)
        .first()
    )


def my_requests(user: Any) -> QuerySet[ConsultingRequest]:
    """The requests ``user`` asked, newest first, with what the list shows."""
    return ConsultingRequest.objects.filter(requester=user).select_related("unit", "opinion").order_by("-pk")


def approvals_for(user: Any) -> QuerySet[ConsultingRequest]:
    """Requests of the units ``user`` heads that were sent to the head (awaiting approval first)."""
    return (
        ConsultingRequest.objects.filter(headed_units_q(user))
        .exclude(requester=user)
        .filter(Q(sent_on__isnull=False) | Q(submitted_on__isnull=False))
        .select_related("requester", "official", "unit", "opinion")
        .order_by("-pk")
    )


def requester_counts(user: Any) -> dict[str, int]:
    """Drafts, requests with the head or the office, and opinions whose implementation is still to be reported."""
    counts = ConsultingRequest.objects.filter(requester=user).aggregate(
        drafts=Count("pk", filter=Q(state=S.DRAFT)),
        waiting=Count("pk", filter=Q(state__in=[S.AWAITING_APPROVAL, S.SUBMITTED, *IN_REVIEW_STATES])),
        returned=Count("pk", filter=Q(state=S.RETURNED)),
        to_report=Count("pk", filter=Q(state=S.OPINION_ISSUED)),
    )
    return {key: value or 0 for key, value in counts.items()}


def head_counts(user: Any) -> dict[str, int]:
    counts = approvals_for(user).aggregate(
        waiting=Count("pk", filter=Q(state=S.AWAITING_APPROVAL)),
        answered=Count("pk", filter=Q(state__in=ANSWERED_STATES)),
    )
    return {key: value or 0 for key, value in counts.items()}


def days_left(req: ConsultingRequest, *, today: date, business: bool) -> int | None:
    """Days until the answer is due (negative when overdue), counted as the rule counts; None when no clock runs
    (not accepted yet, paused, or answered)."""
    if req.due_on is None or req.state not in CLOCK_STATES:
        return None
    return deadlines.days_left(req.due_on, today, business=business)


def files_of(req: ConsultingRequest) -> list[RequestFile]:
    return list(req.files.select_related("document").order_by("pk"))


def timeline(req: ConsultingRequest, *, staff: bool) -> list[Event]:
    events = req.events.select_related("actor").order_by("pk")
    if not staff:
        events = events.filter(shared=True)
    return list(events)


def assignments(req: ConsultingRequest) -> list:
    return list(req.assignments.select_related("reviewer__official__unit").order_by("-lead", "pk"))


def deadline_changes(req: ConsultingRequest) -> list:
    return list(req.deadline_changes.select_related("granted_by").order_by("pk"))


def joint_reviews(req: ConsultingRequest) -> list:
    return list(req.joint_reviews.select_related("recorded_by").order_by("held_on", "pk"))


def escalations(req: ConsultingRequest) -> list:
    return list(req.escalations.select_related("sent_by").order_by("pk"))


def referrals(req: ConsultingRequest) -> list:
    return list(req.referrals.select_related("referred_by").order_by("pk"))
