"""Reads about nominations: who sees which, the lists, and the look-ups the services and views share."""

import re
from typing import Any

from django.db.models import Count, Q, QuerySet

from proactive.accounts.models import Official
from proactive.accounts.rules import is_secretariat, is_sysadmin
from proactive.nominations.enums import NominationState
from proactive.nominations.models import Nomination, NominationMember, SelectionRound

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalised_title(title: str) -> str:
    """The title as compared for duplicates: case-folded, with whitespace and punctuation removed."""
    return _NOT_WORD.sub("", (title or "").casefold())


def nominations_visible_to(user: Any) -> QuerySet[Nomination]:
    """Nominations ``user`` may open: all for the secretariat and system administrators; otherwise the ones
    they nominated or whose team they are on."""
    qs = Nomination.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if is_secretariat(user) or is_sysadmin(user):
        return qs
    condition = Q(nominated_by=user)
    if getattr(user, "official_id", None):
        condition |= Q(members__official_id=user.official_id)
    return qs.filter(condition).distinct()


def get_nomination_for(user: Any, pk: int) -> Nomination | None:
    """The nomination ``pk`` with its round, if ``user`` may see it; ``None`` otherwise (the view answers 404)."""
    return (
        nominations_visible_to(user)
        .select_related("round", "nominated_by", "nominating_unit", "duplicate_of")
        .filter(pk=pk)
        .first()
    )


def nomination_members(nomination: Nomination) -> QuerySet[NominationMember]:
    return nomination.members.select_related("official", "official__unit", "official__user")


def my_nominations(user: Any) -> QuerySet[Nomination]:
    """``user``'s own nominations (nominated by them), newest first, in one query."""
    return (
        Nomination.objects.filter(nominated_by=user)
        .select_related("round")
        .annotate(member_count=Count("members"))
        .order_by("-created_at", "-pk")
    )


def round_nominations(
    selection_round: SelectionRound, *, state: str = "", case_type: str = "", duplicates_only: bool = False
) -> QuerySet[Nomination]:
    """The round's nominations for the secretariat's list (drafts excluded: they are the nominator's own).

    One query for the rows: nominator, department and the duplicate flag are joined, team size annotated.
    """
    qs = (
        Nomination.objects.filter(round=selection_round)
        .exclude(state=NominationState.DRAFT)
        .select_related("nominated_by", "nominating_unit", "duplicate_of")
        .annotate(member_count=Count("members"))
        .order_by("-submitted_at", "-pk")
    )
    if state:
        qs = qs.filter(state=state)
    if case_type:
        qs = qs.filter(case_type=case_type)
    if duplicates_only:
        qs = qs.filter(duplicate_of__isnull=False)
    return qs


def find_duplicate(nomination: Nomination) -> Nomination | None:
    """Another non-withdrawn, non-draft nomination of the same round that looks like the same achievement:
    the same normalised title, or a shared team member whose work period overlaps this one's."""
    others = (
        Nomination.objects.filter(round_id=nomination.round_id)
        .exclude(pk=nomination.pk)
        .exclude(state__in=[NominationState.WITHDRAWN, NominationState.DRAFT])
        .order_by("submitted_at", "pk")
    )
    key = normalised_title(nomination.title)
    if key:
        for pk, title in others.values_list("pk", "title"):
            if normalised_title(title) == key:
                return others.get(pk=pk)
    official_ids = list(nomination.members.values_list("official_id", flat=True))
    if official_ids and nomination.period_from and nomination.period_to:
        overlapping = others.filter(
            members__official_id__in=official_ids,
            period_from__lte=nomination.period_to,
            period_to__gte=nomination.period_from,
        ).distinct()
        return overlapping.first()
    return None


def official_by_employee_no(employee_no: str) -> Official | None:
    return Official.objects.filter(employee_no=(employee_no or "").strip()).select_related("unit").first()


def members_to_ask_for_consent(nomination: Nomination) -> QuerySet[NominationMember]:
    return nomination_members(nomination).filter(official__user__isnull=False)
