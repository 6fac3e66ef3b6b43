"""Reads of the programme's cumulative statistics and of the per-round exports for the committee and HR.

Definitions (also printed on the public statistics page):

* A **best practice found and shared** is a nomination that was verified (state ``verified``) in a round whose
  grades are confirmed (at least one award of the round has ``confirmed_at``): the cases the programme found
  and shared. Drafts, returned, rejected, withdrawn and merged nominations never count; neither do the
  nominations of a round whose grades are not confirmed yet.
* An **official selected** is a distinct official (``NominationMember.official``) on a case whose award is
  confirmed with a grade. An official on two winning cases counts once, in the round of their first win; the
  per-round column "officials selected in the round" counts each official once per round.
* A case counts for the top-level unit (실·국·본부, 구·군, 공사·공단, 출연기관: the level below the city) of the
  unit that nominated it, or, for a citizen's nomination, of its lead official's unit; an official counts for
  the top-level unit of their current unit.

``programme_statistics`` runs a fixed number of aggregate queries (nine) whatever the amount of data.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.accounts.models import OrgUnit
from proactive.accounts.services.org import PATH_STEP
from proactive.nominations.enums import CaseType, Grade, NominationState, RoundStatus, ScoredStage
from proactive.nominations.models import (
    Award,
    Nomination,
    NominationMember,
    ReviewAssignment,
    Score,
    SelectionRound,
    StageResult,
)

# Length of a depth-1 unit's path ("000001/000002/"): each level is PATH_STEP digits and a slash.
TOP_PATH_LENGTH = 2 * (PATH_STEP + 1)
GRADE_ORDER = [Grade.TOP, Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE]

Until = tuple[int, int] | None  # (year, half): count rounds up to and including this half


def _round_until(prefix: str, until: Until) -> Q:
    if until is None:
        return Q()
    year, half = until
    return Q(**{f"{prefix}year__lt": year}) | Q(**{f"{prefix}year": year, f"{prefix}half__lte": half})


def _confirmed_round(round_ref: str) -> Exists:
    """The round named by ``round_ref`` (an OuterRef path) has confirmed grades."""
    return Exists(Award.objects.filter(nomination__round=OuterRef(round_ref), confirmed_at__isnull=False))


def best_practices(until: Until = None) -> QuerySet[Nomination]:
    """Nominations that count as best practices found and shared (see the module docstring)."""
    return Nomination.objects.filter(
        _round_until("round__", until), _confirmed_round("round_id"), state=NominationState.VERIFIED
    )


def winning_members(until: Until = None) -> QuerySet[NominationMember]:
    """Team members of cases whose award is confirmed with a grade."""
    return NominationMember.objects.filter(
        _round_until("nomination__round__", until),
        nomination__award__confirmed_at__isnull=False,
    ).exclude(nomination__award__grade="")


def confirmed_rounds(until: Until = None) -> QuerySet[SelectionRound]:
    """Rounds with confirmed grades, oldest first, each with ``confirmed_on`` (the latest confirmation)."""
    return (
        SelectionRound.objects.filter(_round_until("", until), _confirmed_round("pk"))
        .annotate(confirmed_on=Max("nominations__award__confirmed_at"))
        .order_by("year", "half")
    )


@dataclass
class RoundRow:
    round: SelectionRound
    best_practices: int = 0
    awarded_cases: int = 0
    officials: int = 0  # distinct officials selected in this round
    new_officials: int = 0  # of whom selected for the first time
    cumulative_best_practices: int = 0
    cumulative_officials: int = 0


@dataclass
class UnitRow:
    unit: OrgUnit | None
    label: str
    best_practices: int = 0
    officials: int = 0


@dataclass
class KindRow:
    key: str
    label: str
    best_practices: int = 0
    awarded_cases: int = 0
    officials: int = 0


@dataclass
class Statistics:
    rounds: list[RoundRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    types: list[KindRow] = field(default_factory=list)
    grades: list[KindRow] = field(default_factory=list)

    @property
    def best_practices(self) -> int:
        return self.rounds[-1].cumulative_best_practices if self.rounds else 0

    @property
    def officials(self) -> int:
        return self.rounds[-1].cumulative_officials if self.rounds else 0

    @property
    def last_round(self) -> SelectionRound | None:
        return self.rounds[-1].round if self.rounds else None


def _top_path(expression: Any) -> Substr:
    return Substr(expression, 1, TOP_PATH_LENGTH)


def _round_rows(until: Until) -> list[RoundRow]:
    rows = [RoundRow(round=r) for r in confirmed_rounds(until)]
    by_pk = {row.round.pk: row for row in rows}
    for round_id, count in (
        best_practices(until).values("round_id").annotate(n=Count("pk")).values_list("round_id", "n").order_by()
    ):
        if round_id in by_pk:
            by_pk[round_id].best_practices = count
    winners = winning_members(until)
    for round_id, cases, officials in (
        winners.values("nomination__round_id")
        .annotate(cases=Count("nomination_id", distinct=True), officials=Count("official_id", distinct=True))
        .values_list("nomination__round_id", "cases", "officials")
        .order_by()
    ):
        if round_id in by_pk:
            by_pk[round_id].awarded_cases = cases
            by_pk[round_id].officials = officials
    # First wins: a winning membership with no winning membership of the same official in an earlier round.
    earlier = (
        winning_members(until)
        .filter(official_id=OuterRef("official_id"))
        .filter(
            Q(nomination__round__year__lt=OuterRef("nomination__round__year"))
            | Q(
                nomination__round__year=OuterRef("nomination__round__year"),
                nomination__round__half__lt=OuterRef("nomination__round__half"),
            )
        )
    )
    for round_id, count in (
        winners.filter(~Exists(earlier))
        .values("nomination__round_id")
        .annotate(n=Count("official_id", distinct=True))
        .values_list("nomination__round_id", "n")
        .order_by()
    ):
        if round_id in by_pk:
            by_pk[round_id].new_officials = count
    found = officials = 0
    for row in rows:
        found += row.best_practices
        officials += row.new_officials
        row.cumulative_best_practices = found
        row.cumulative_officials = officials
    return rows


def _unit_rows(until: Until) -> list[UnitRow]:
    lead_unit_path = Subquery(
        NominationMember.objects.filter(nomination=OuterRef("pk"))
        .order_by("-contribution", "pk")
        .values("official__unit__path")[:1]
    )
    found = dict(
        best_practices(until)
        .annotate(top=_top_path(Coalesce("nominating_unit__path", lead_unit_path, Value(""))))
        .values("top")
        .annotate(n=Count("pk"))
        .values_list("top", "n")
        .order_by()
    )
    officials = dict(
        winning_members(until)
        .annotate(top=_top_path(F("official__unit__path")))
        .values("top")
        .annotate(n=Count("official_id", distinct=True))
        .values_list("top", "n")
        .order_by()
    )
    paths = (set(found) | set(officials)) - {""}
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=paths)} if paths else {}
    rows = []
    for path in set(found) | set(officials):
        unit = units.get(path)
        label = unit.name if unit else _("Unit not recorded")
        rows.append(
            UnitRow(unit=unit, label=label, best_practices=found.get(path, 0), officials=officials.get(path, 0))
        )
    rows.sort(key=lambda r: (-r.best_practices, -r.officials, r.unit is None, r.label))
    return rows


def _type_rows(until: Until) -> list[KindRow]:
    won = Q(award__confirmed_at__isnull=False) & ~Q(award__grade="")
    counts = {
        case_type: (found, awarded, officials)
        for case_type, found, awarded, officials in Nomination.objects.filter(
            _round_until("round__", until), _confirmed_round("round_id")
        )
        .values("case_type")
        .annotate(
            found=Count("pk", filter=Q(state=NominationState.VERIFIED), distinct=True),
            awarded=Count("pk", filter=won, distinct=True),
            officials=Count("members__official", filter=won, distinct=True),
        )
        .values_list("case_type", "found", "awarded", "officials")
        .order_by()
    }
    return [KindRow(key, str(label), *counts.get(key, (0, 0, 0))) for key, label in CaseType.choices]


def _grade_rows(until: Until) -> list[KindRow]:
    counts = {
        grade: (cases, officials)
        for grade, cases, officials in Award.objects.filter(
            _round_until("nomination__round__", until), confirmed_at__isnull=False
        )
        .exclude(grade="")
        .values("grade")
        .annotate(cases=Count("pk", distinct=True), officials=Count("nomination__members__official", distinct=True))
        .values_list("grade", "cases", "officials")
        .order_by()
    }
    labels = dict(Grade.choices)
    return [KindRow(str(grade), str(labels[grade]), 0, *counts.get(grade, (0, 0))) for grade in GRADE_ORDER]


def programme_statistics(until: Until = None) -> Statistics:
    """Totals, per round (with cumulative running totals), per top-level unit, per case type and per grade, of
    every round with confirmed grades up to ``until`` (year, half) or all of them. Nine queries."""
    return Statistics(
        rounds=_round_rows(until), units=_unit_rows(until), types=_type_rows(until), grades=_grade_rows(until)
    )


# --- Exports for the committee and HR ---------------------------------------------------------------------

EXPORT_KINDS = ("scores", "tally", "results")
EXPORT_FORMATS = ("csv", "xlsx")


def _local(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_availability(selection_round: SelectionRound) -> dict[str, str]:
    """Kind → "" when the export is available, else the reason it is not yet (one query at most)."""
    reasons = {
        "scores": ""
        if selection_round.shortlist_confirmed_at
        else _("Available once the working-level shortlist is confirmed."),
        "tally": "" if selection_round.tally_frozen_at else _("Available once the vote tally is frozen."),
        "results": "",
    }
    if not Award.objects.filter(nomination__round=selection_round).exists():
        reasons["results"] = _("Available once the grades are proposed.")
    return reasons


def score_table(selection_round: SelectionRound) -> tuple[list[str], list[list[Any]]]:
    """One row per submitted score (stage, case, reviewer, criterion, points, maximum, comment, submitted) and
    one row per recused assignment, with the reason. Scores not yet submitted stay private. Two queries."""
    headers = [
        _("Stage"),
        _("Nomination ID"),
        _("Case"),
        _("Reviewer"),
        _("Criterion"),
        _("Points"),
        _("Maximum"),
        _("Comment"),
        _("Submitted at"),
        _("Recused"),
        _("Reason for recusal"),
    ]
    stages = dict(ScoredStage.choices)
    entries: list[tuple[tuple, list[Any]]] = []
    scores = Score.objects.filter(
        assignment__nomination__round=selection_round, assignment__submitted_at__isnull=False, assignment__recused=False
    ).select_related("assignment__nomination", "assignment__reviewer", "criterion")
    for score in scores:
        a = score.assignment
        key = (
            a.stage != ScoredStage.WORKING,
            a.nomination_id,
            a.reviewer.display_name,
            a.pk,
            0,
            score.criterion.order,
            score.criterion.pk,
        )
        entries.append(
            (
                key,
                [
                    str(stages.get(a.stage, a.stage)),
                    a.nomination_id,
                    a.nomination.title,
                    a.reviewer.display_name,
                    score.criterion.name,
                    score.points,
                    score.criterion.max_points,
                    score.comment,
                    _local(a.submitted_at),
                    "",
                    "",
                ],
            )
        )
    for a in ReviewAssignment.objects.filter(nomination__round=selection_round, recused=True).select_related(
        "nomination", "reviewer"
    ):
        key = (a.stage != ScoredStage.WORKING, a.nomination_id, a.reviewer.display_name, a.pk, 1, 0, 0)
        entries.append(
            (
                key,
                [
                    str(stages.get(a.stage, a.stage)),
                    a.nomination_id,
                    a.nomination.title,
                    a.reviewer.display_name,
                    "",
                    "",
                    "",
                    "",
                    "",
                    _("Yes"),
                    a.recusal_reason,
                ],
            )
        )
    entries.sort(key=lambda e: e[0])
    return headers, [row for _key, row in entries]


def tally_table(selection_round: SelectionRound) -> tuple[list[str], list[list[Any]]]:
    """Per shortlisted case: rank, votes and vote points, from the frozen tally. One query."""
    headers = [
        _("Place in the ranking"),
        _("Nomination ID"),
        _("Case"),
        _("Type"),
        _("Votes"),
        _("Vote points"),
        _("Ballots cast"),
    ]
    results = (
        StageResult.objects.filter(nomination__round=selection_round, nomination__shortlisted=True, stage="vote")
        .select_related("nomination")
        .order_by("rank", "nomination_id")
    )
    rows = [
        [
            r.rank,
            r.nomination_id,
            r.nomination.title,
            r.nomination.get_case_type_display(),
            int(r.raw),
            r.points,
            r.detail.get("ballots", ""),
        ]
        for r in results
    ]
    return headers, rows


def _points(value: Any) -> Decimal | str:
    return Decimal(str(value)) if value not in (None, "") else ""


def result_table(selection_round: SelectionRound) -> tuple[list[str], list[list[Any]]]:
    """Per shortlisted case: the three stage points, the total, the rank, the proposed and the final grade, the
    reason for an adjustment and when the grades were confirmed. One query."""
    headers = [
        _("Place in the ranking"),
        _("Nomination ID"),
        _("Case"),
        _("Type"),
        _("Working-level points"),
        _("Online vote points"),
        _("Committee points"),
        _("Total"),
        _("Proposed grade"),
        _("Grade"),
        _("Reason for adjustment"),
        _("Confirmed at"),
    ]
    grades = dict(Grade.choices)
    rows = []
    for award in (
        Award.objects.filter(nomination__round=selection_round).select_related("nomination").order_by("rank", "pk")
    ):
        final = award.grade if (award.confirmed_at or award.adjustment_reason) else award.proposed_grade
        rows.append(
            [
                award.rank,
                award.nomination_id,
                award.nomination.title,
                award.nomination.get_case_type_display(),
                _points(award.inputs.get("working")),
                _points(award.inputs.get("vote")),
                _points(award.inputs.get("committee")),
                award.total,
                str(grades.get(award.proposed_grade, "")),
                str(grades.get(final, "")),
                award.adjustment_reason,
                _local(award.confirmed_at),
            ]
        )
    return headers, rows


EXPORT_TABLES = {"scores": score_table, "tally": tally_table, "results": result_table}


def rounds_for_exports() -> QuerySet[SelectionRound]:
    """Published and closed rounds, newest first: those that may have something to export."""
    return SelectionRound.objects.exclude(status=RoundStatus.DRAFT).order_by("-year", "-half")
