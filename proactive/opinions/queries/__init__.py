"""Reads of the opinions app shared by its areas: one request with what its page needs, the body a requester
works for, the audit officers who may be asked, the secretariat's queue and the requester's own list."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit, RoleMembership, User
from proactive.core import deadlines
from proactive.opinions.enums import (
    ANSWERED_STATES,
    EDITABLE_STATES,
    SLA_STATES,
    AgencyKind,
    RequestState,
)
from proactive.opinions.models import Event, Extension, OpinionRequest, OpinionSettings, Statute

S = RequestState
# Bodies of their own below the city: the nearest one above a unit is the requester's body.
BODY_KINDS = {
    OrgUnitKind.DISTRICT: AgencyKind.DISTRICT,
    OrgUnitKind.CORPORATION: AgencyKind.PUBLIC_ENTERPRISE,
    OrgUnitKind.AFFILIATE: AgencyKind.AFFILIATE,
}


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def body_of(unit: OrgUnit) -> tuple[OrgUnit, str]:
    """The body ``unit`` belongs to and its kind: the nearest 구·군, public enterprise (공사·공단) or affiliated body
    above it (or itself), else the root of its tree (the city). One query."""
    ids = _path_ids(unit.path) or [unit.pk]
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        candidate = units.get(pk)
        if candidate is not None and candidate.kind in BODY_KINDS:
            return candidate, BODY_KINDS[OrgUnitKind(candidate.kind)]
    return units.get(ids[0], unit), AgencyKind.CITY


def settings() -> OpinionSettings:
    return OpinionSettings.current()


def get_request(pk: int) -> OpinionRequest | None:
    return (
        OpinionRequest.objects.select_related(
            "requester", "unit", "agency", "audit_officer", "screened_by", "decision_document"
        )
        .filter(pk=pk)
        .first()
    )


def statutes(request: OpinionRequest) -> list[Statute]:
    return list(request.statutes.all())


def files(request: OpinionRequest) -> list:
    return list(request.files.order_by("created_at"))


def action_files(request: OpinionRequest) -> list:
    return list(request.action_files.order_by("created_at"))


def timeline(request: OpinionRequest) -> list[Event]:
    return list(request.events.select_related("actor").order_by("pk"))


def extensions(request: OpinionRequest) -> list[Extension]:
    return list(request.extensions.select_related("granted_by").order_by("pk"))


def audit_officer_choices() -> QuerySet[User]:
    """Audit officers of the city's audit office today (memberships without a unit or within the city's own
    branches; a 구·군's or a corporation's audit officers serve their own body)."""
    memberships = list(
        RoleMembership.objects.active().filter(role=Role.AUDIT_OFFICER).values_list("user_id", "unit__path")
    )
    paths = {path for _user, path in memberships if path}
    wanted = {pk for path in paths for pk in _path_ids(path)}
    body_units = set(OrgUnit.objects.filter(pk__in=wanted, kind__in=list(BODY_KINDS)).values_list("pk", flat=True))
    ids = {user for user, path in memberships if not path or not (set(_path_ids(path)) & body_units)}
    return User.objects.filter(pk__in=ids, is_active=True).select_related("official__unit").order_by("name", "pk")


# --- Deadlines -----------------------------------------------------------------------------------------------


def days_left(request: OpinionRequest, *, today: date) -> int | None:
    """Days until the answer is due (negative when overdue), for a request whose deadline runs."""
    if request.due_on is None or request.state not in SLA_STATES:
        return None
    return deadlines.days_left(request.due_on, today, business=request.due_business)


def annotate_deadlines(requests: Any, *, today: date) -> None:
    for request in requests:
        request.days_left = days_left(request, today=today)
        request.is_overdue = request.days_left is not None and request.days_left < 0


def overdue_requests(day: date) -> QuerySet[OpinionRequest]:
    return OpinionRequest.objects.filter(state__in=SLA_STATES, due_on__lt=day).order_by("due_on", "pk")


# --- The requester's list ------------------------------------------------------------------------------------


def requests_of(user: Any) -> QuerySet[OpinionRequest]:
    """The requests ``user`` wrote, newest first."""
    return OpinionRequest.objects.filter(requester=user).order_by("-created_at", "-pk")


def requester_counts(user: Any) -> dict[str, int]:
    """The requester's dashboard panel: drafts and returned requests to finish, opinions waiting for the record of
    how they were acted on, requests in progress. One query."""
    counts = dict(
        OpinionRequest.objects.filter(requester=user)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {
        "to_finish": sum(counts.get(s, 0) for s in EDITABLE_STATES),
        "to_record": counts.get(S.OPINION_ISSUED, 0),
        "in_progress": sum(counts.get(s, 0) for s in (S.SUBMITTED, *SLA_STATES)),
    }


# --- The secretariat's queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    state: str = ""
    kind: str = ""
    overdue: bool = False
    search: str = ""


def queue(criteria: QueueFilter, *, today: date) -> QuerySet[OpinionRequest]:
    """Every submitted request (drafts are the requester's own): those waiting for the secretariat, the audit office
    or the committee first (the earliest due first, then the oldest submission), then those back with the requester,
    then the finished ones, newest first."""
    waiting = Case(
        When(state__in=[S.SUBMITTED, *SLA_STATES], then=Value(0)),
        When(state=S.RETURNED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    qs = (
        OpinionRequest.objects.exclude(state=S.DRAFT)
        .select_related("requester", "unit", "audit_officer")
        .annotate(waiting=waiting)
        .order_by("waiting", F("due_on").asc(nulls_last=True), "submitted_on", "-pk")
    )
    if criteria.state:
        qs = qs.filter(state=criteria.state)
    if criteria.kind:
        qs = qs.filter(kind=criteria.kind)
    if criteria.overdue:
        qs = qs.filter(state__in=SLA_STATES, due_on__lt=today)
    for word in criteria.search.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(reference__icontains=word)
            | Q(requester_name__icontains=word)
            | Q(unit_name__icontains=word)
            | Q(decision_number__icontains=word)
        )
    return qs


def state_counts() -> dict[str, int]:
    return dict(
        OpinionRequest.objects.exclude(state=S.DRAFT)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )


def secretariat_counts(*, today: date) -> dict[str, int]:
    """The secretariat's dashboard panel: what is waiting for them and what is overdue. Two queries."""
    counts = state_counts()
    return {
        "to_screen": counts.get(S.SUBMITTED, 0),
        "to_table": counts.get(S.ACCEPTED, 0) + counts.get(S.AUDIT_OPINION_GIVEN, 0),
        "audit_pending": counts.get(S.AUDIT_OPINION_REQUESTED, 0),
        "on_agenda": counts.get(S.ON_AGENDA, 0),
        "overdue": overdue_requests(today).count(),
    }


# --- The audit office ----------------------------------------------------------------------------------------


def audit_requests_for(user: Any) -> QuerySet[OpinionRequest]:
    """The requests whose audit opinion was asked of ``user``: waiting ones first."""
    return (
        OpinionRequest.objects.filter(audit_officer=user)
        .select_related("unit")
        .order_by("audit_given_on", "-audit_requested_on", "-pk")
    )


def audit_pending_count(user: Any) -> int:
    return OpinionRequest.objects.filter(audit_officer=user, state=S.AUDIT_OPINION_REQUESTED).count()


# --- Answered requests (the register, the exemption route) ---------------------------------------------------


def answered() -> QuerySet[OpinionRequest]:
    return OpinionRequest.objects.filter(state__in=ANSWERED_STATES)
