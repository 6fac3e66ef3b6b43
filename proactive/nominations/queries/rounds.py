"""Reads of selection rounds for the secretariat's list, the public board and the round pages."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from proactive.nominations.enums import NominationState, RoundPhase, RoundStatus, TieBreak
from proactive.nominations.models import Criterion, GradeRule, RoundConfigSnapshot, SelectionRound

PUBLIC_STATUSES = [RoundStatus.PUBLISHED, RoundStatus.CLOSED]


def rounds_for_staff() -> QuerySet[SelectionRound]:
    """Every round, newest first, with ``nomination_count`` (submitted or further, drafts excluded) in one query."""
    return SelectionRound.objects.annotate(
        nomination_count=Count("nominations", filter=~Q(nominations__state=NominationState.DRAFT))
    ).order_by("-year", "-half")


def with_rules(queryset: QuerySet[SelectionRound]) -> QuerySet[SelectionRound]:
    """Prefetch the rubric and the grade rules (two extra queries, whatever the number of rounds)."""
    return queryset.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("stage", "order", "pk")),
        Prefetch("grade_rules", queryset=GradeRule.objects.order_by("pk")),
    )


def open_calls(now: datetime.datetime | None = None) -> QuerySet[SelectionRound]:
    """Published rounds whose nomination window is open or still ahead, soonest first, with their rules."""
    now = now or timezone.now()
    qs = SelectionRound.objects.filter(status=RoundStatus.PUBLISHED, nominations_close_at__gt=now)
    return with_rules(qs.order_by("nominations_open_at"))


def past_rounds(now: datetime.datetime | None = None) -> QuerySet[SelectionRound]:
    """Public rounds whose nomination window has ended, newest first."""
    now = now or timezone.now()
    return SelectionRound.objects.filter(status__in=PUBLIC_STATUSES, nominations_close_at__lte=now).order_by(
        "-year", "-half"
    )


def public_round(year: int, half: int) -> SelectionRound | None:
    """A published or closed round with its rules and snapshot versions; drafts are not public."""
    qs = with_rules(SelectionRound.objects.filter(status__in=PUBLIC_STATUSES, year=year, half=half))
    return qs.prefetch_related(Prefetch("snapshots", queryset=RoundConfigSnapshot.objects.order_by("-version"))).first()


def round_for_staff(pk: int) -> SelectionRound | None:
    qs = with_rules(rounds_for_staff().filter(pk=pk))
    return qs.prefetch_related(
        Prefetch("snapshots", queryset=RoundConfigSnapshot.objects.select_related("created_by").order_by("-version"))
    ).first()


def with_phase(rounds, now: datetime.datetime | None = None) -> list[SelectionRound]:
    """Set ``current_phase``, ``current_phase_label`` and ``tie_break_labels`` on each round, for templates."""
    now = now or timezone.now()
    out = list(rounds)
    tie_labels = dict(TieBreak.choices)
    for rnd in out:
        rnd.tie_break_labels = [str(tie_labels.get(t, t)) for t in rnd.tie_breaks]  # type: ignore[attr-defined]
        phase = RoundPhase(rnd.phase(now))
        rnd.current_phase = phase.value  # type: ignore[attr-defined]
        rnd.current_phase_label = phase.label  # type: ignore[attr-defined]
    return out
