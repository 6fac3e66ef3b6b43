"""Reads of liaison meetings and their action items: lists, the bodies one may invite, the overdue items."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind
from proactive.accounts.models import OrgUnit, RoleMembership, User
from proactive.outreach.enums import OPEN_ACTION_STATES, ActionState
from proactive.outreach.models import ActionItem, LiaisonMeeting

BODY_KINDS = (OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE)


def role_users(role: str) -> list[User]:
    """Active accounts holding ``role`` today."""
    holders = RoleMembership.objects.active().filter(role=role).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True).order_by("pk"))


def participating_bodies() -> QuerySet[OrgUnit]:
    """The 구·군, public corporations and affiliated bodies (the top of each; their sub-units are not invited)."""
    return OrgUnit.objects.filter(kind__in=BODY_KINDS, is_active=True).exclude(parent__kind__in=BODY_KINDS)


def action_owners() -> QuerySet[OrgUnit]:
    """Who may own an action item: a participating body or a unit of the city down to departments."""
    return OrgUnit.objects.filter(is_active=True).filter(
        Q(pk__in=participating_bodies().values("pk"))
        | Q(kind__in=[OrgUnitKind.CITY, OrgUnitKind.OFFICE, OrgUnitKind.BUREAU, OrgUnitKind.DEPARTMENT])
    )


def meetings_filtered(*, year: int | None = None, today: date | None = None) -> QuerySet[LiaisonMeeting]:
    """Meetings, newest first, with their count of action items still open and of those overdue."""
    open_q = Q(actions__state__in=OPEN_ACTION_STATES)
    qs = LiaisonMeeting.objects.annotate(
        action_count=Count("actions", distinct=True),
        open_count=Count("actions", filter=open_q, distinct=True),
        overdue_count=Count(
            "actions", filter=open_q & Q(actions__due_on__lt=today or timezone.localdate()), distinct=True
        ),
    ).prefetch_related("bodies")
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.order_by("-held_on", "-pk")


def meeting_years() -> list[int]:
    return sorted({d.year for d in LiaisonMeeting.objects.dates("held_on", "year")}, reverse=True)


def get_meeting(pk: int) -> LiaisonMeeting | None:
    return LiaisonMeeting.objects.prefetch_related("bodies").filter(pk=pk).first()


def actions_of(meeting: LiaisonMeeting) -> QuerySet[ActionItem]:
    return meeting.actions.select_related("owner").order_by("due_on", "pk")


def overdue_actions(day: date) -> QuerySet[ActionItem]:
    """Action items still open after their due date."""
    return ActionItem.objects.filter(state__in=OPEN_ACTION_STATES, due_on__lt=day)


def actions_filtered(*, state: str = "", overdue: bool = False, today: date) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.select_related("meeting", "owner")
    if overdue:
        qs = qs.filter(state__in=OPEN_ACTION_STATES, due_on__lt=today)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "pk")


def action_counts(today: date) -> dict[str, int]:
    """Action items per state, and the overdue ones; one query."""
    aggregates = {s.value: Count("pk", filter=Q(state=s)) for s in ActionState}
    aggregates["overdue"] = Count("pk", filter=Q(state__in=OPEN_ACTION_STATES, due_on__lt=today))
    return ActionItem.objects.aggregate(**aggregates)
