"""Reads of the roster: who sits on a day, the roster page, terms ending soon."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from proactive.committee.enums import MemberCategory
from proactive.committee.models import CommitteeSettings, MeetingMember, Member, Term


def covering(day: datetime.date, prefix: str = "") -> Q:
    """A term (``prefix`` = the path to it, e.g. ``"terms__"``) that covers ``day``: an early end wins."""
    p = prefix
    return Q(**{f"{p}starts_on__lte": day}) & (
        Q(**{f"{p}ended_on__gte": day})
        | (Q(**{f"{p}ended_on__isnull": True}) & (Q(**{f"{p}ends_on__isnull": True}) | Q(**{f"{p}ends_on__gte": day})))
    )


def sitting_member_ids(day: datetime.date) -> set[int]:
    return set(Term.objects.filter(covering(day)).values_list("member_id", flat=True))


def sitting_members(day: datetime.date | None = None) -> QuerySet[Member]:
    day = day or timezone.localdate()
    return (
        Member.objects.filter(Exists(Term.objects.filter(covering(day), member=OuterRef("pk"))))
        .select_related("user__official__unit")
        .order_by("user__name", "pk")
    )


def is_sitting_vice_chair(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    day = timezone.localdate()
    return Term.objects.filter(
        covering(day), member__user_id=user.pk, member__category=MemberCategory.VICE_CHAIR
    ).exists()


def sitting_chair(day: datetime.date | None = None) -> Member | None:
    day = day or timezone.localdate()
    return sitting_members(day).filter(category=MemberCategory.CHAIR).first()


def member_of(user: Any) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user_id=user.pk).select_related("user").first()


@dataclass(frozen=True)
class RosterFilter:
    state: str = "sitting"  # sitting | former | all
    category: str = ""
    field: str = ""
    pool: bool = False
    q: str = ""


def roster(criteria: RosterFilter, *, day: datetime.date | None = None) -> QuerySet[Member]:
    """Members for the roster page, each with its terms prefetched (``terms_list``) and ``meetings_attended``."""
    day = day or timezone.localdate()
    qs = Member.objects.select_related("user__official__unit").annotate(
        sitting=Exists(Term.objects.filter(covering(day), member=OuterRef("pk"))),
        invitations_count=Count("invitations", distinct=True),
    )
    if criteria.state == "sitting":
        qs = qs.filter(sitting=True)
    elif criteria.state == "former":
        qs = qs.filter(sitting=False)
    if criteria.category:
        qs = qs.filter(category=criteria.category)
    if criteria.field:
        qs = qs.filter(field=criteria.field)
    if criteria.pool:
        qs = qs.filter(in_pool=True)
    if criteria.q:
        qs = qs.filter(Q(user__name__icontains=criteria.q) | Q(affiliation__icontains=criteria.q))
    order = {
        MemberCategory.CHAIR: 0,
        MemberCategory.VICE_CHAIR: 1,
        MemberCategory.EX_OFFICIO: 2,
        MemberCategory.PRIVATE: 3,
    }
    rank = Case(*[When(category=k, then=Value(v)) for k, v in order.items()], output_field=IntegerField())
    return (
        qs.annotate(category_rank=rank)
        .order_by("category_rank", "field", "user__name", "pk")
        .prefetch_related(Prefetch("terms", queryset=Term.objects.order_by("number"), to_attr="terms_list"))
    )


@dataclass
class TermStatus:
    """A member's position on a day: the term covering it, the next one, days to the end, warned or not."""

    current: Term | None
    upcoming: Term | None
    days_left: int | None
    ending_soon: bool
    served: int


def term_status(member: Member, *, day: datetime.date, warn_days: int) -> TermStatus:
    terms = getattr(member, "terms_list", None)
    if terms is None:
        terms = list(member.terms.order_by("number"))
    current = next((t for t in terms if t.covers(day)), None)
    upcoming = next((t for t in terms if t.starts_on > day), None)
    days_left = None
    ending_soon = False
    if current is not None and current.last_day is not None:
        days_left = (current.last_day - day).days
        ending_soon = upcoming is None and days_left <= warn_days
    served = sum(1 for t in terms if t.category != MemberCategory.EX_OFFICIO)
    return TermStatus(current, upcoming, days_left, ending_soon, served)


def terms_ending(*, day: datetime.date | None = None, warn_days: int | None = None) -> list[Term]:
    """Running terms that end within ``warn_days`` and are not followed by another (soonest first)."""
    day = day or timezone.localdate()
    if warn_days is None:
        warn_days = CommitteeSettings.current().warn_days
    horizon = day + datetime.timedelta(days=warn_days)
    later = Term.objects.filter(member=OuterRef("member"), number__gt=OuterRef("number"))
    return list(
        Term.objects.filter(covering(day))
        .filter(
            (Q(ended_on__isnull=True) & Q(ends_on__lte=horizon)) | Q(ended_on__lte=horizon),
        )
        .exclude(Exists(later))
        .select_related("member__user")
        .order_by("ends_on", "pk")
    )


def member_meetings(member: Member) -> QuerySet[MeetingMember]:
    return member.invitations.select_related("meeting").order_by("-meeting__scheduled_at")
