"""Reads of the online vote: the public list of shortlisted cases, a voter's ballot, the tally and the
anomaly flags the secretariat watches during the vote. See docs/workflows/online-vote.md.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from proactive.nominations.enums import CaseType, Consent
from proactive.nominations.models import VOTE_STRIPES, Ballot, BallotPick, Nomination, SelectionRound, VoteCount

BURST_WINDOW = datetime.timedelta(seconds=60)
DEFAULT_BURST_THRESHOLD = 30  # more ballots than this within any 60 seconds is a burst (VOTE_BURST_THRESHOLD)
NEW_ACCOUNT_AGE = datetime.timedelta(hours=24)
NEW_ACCOUNT_SHARE = 0.30
DEPARTMENT_SHARE = 0.25
DEPARTMENT_MIN_BALLOTS = 20


@dataclass
class PublicCase:
    """A shortlisted case as the public sees it: team names only when every member consented."""

    pk: int
    title: str
    summary: str
    case_type: str
    department: str
    team_names: list[str] | None = None
    _names: list[str] = field(default_factory=list, repr=False)
    _all_consented: bool = True

    @property
    def case_type_label(self) -> str:
        return str(CaseType(self.case_type).label) if self.case_type in CaseType.values else self.case_type


def public_cases(selection_round: SelectionRound) -> list[PublicCase]:
    """The round's shortlisted cases for the public vote page, in one query whatever their number.

    Only public fields are read (title, summary, type, departments, member names and consent); names are kept
    only where every member has given consent (Consent.GIVEN), otherwise the case shows its department only.
    """
    rows = (
        Nomination.objects.filter(round=selection_round, shortlisted=True)
        .order_by("pk", "-members__contribution", "members__pk")
        .values(
            "pk",
            "title",
            "summary",
            "case_type",
            "nominating_unit__name",
            "nominee_unit_given",
            "members__pk",
            "members__consent",
            "members__official__name",
            "members__official__unit__name",
        )
    )
    cases: dict[int, PublicCase] = {}
    for row in rows:
        case = cases.get(row["pk"])
        if case is None:
            department = (
                row["nominating_unit__name"] or row["members__official__unit__name"] or row["nominee_unit_given"]
            )
            case = cases[row["pk"]] = PublicCase(
                pk=row["pk"],
                title=row["title"],
                summary=row["summary"],
                case_type=row["case_type"],
                department=department or "",
            )
        if row["members__pk"] is not None:
            case._names.append(row["members__official__name"])
            case._all_consented = case._all_consented and row["members__consent"] == Consent.GIVEN
    for case in cases.values():
        case.team_names = list(case._names) if case._names and case._all_consented else None
        case._names = []
    return list(cases.values())


def shortlist_choices(selection_round: SelectionRound) -> list[tuple[int, str]]:
    """(id, title) of the round's shortlisted cases: what a ballot may pick (one query)."""
    return list(
        Nomination.objects.filter(round=selection_round, shortlisted=True).order_by("pk").values_list("pk", "title")
    )


def ballot_of(user: Any, selection_round: SelectionRound) -> Ballot | None:
    if not user.is_authenticated:
        return None
    return Ballot.objects.filter(round=selection_round, voter_id=user.pk).first()


def ballot_count(selection_round: SelectionRound) -> int:
    return Ballot.objects.filter(round=selection_round).count()


def count_picks(selection_round: SelectionRound) -> list[tuple[Nomination, int]]:
    """Votes per shortlisted nomination counted from the ballot picks themselves (the authority: what freezing
    the tally records), most votes first, in one aggregate query; shortlisted cases nobody picked count 0.

    A pick always belongs to a ballot of its nomination's round (``cast_ballot``, the only writer of picks,
    accepts only nominations of the ballot's round), so each case's picks are counted from the pick index alone
    (a ``COUNT(*)`` subquery per case: an index-only scan), without joining each pick to its ballot: with
    1,000,000 ballots that join took 63–84 s on PostgreSQL (bench/selection.py, docs/performance.md).
    """
    votes = (
        BallotPick.objects.filter(nomination=OuterRef("pk"))
        .order_by()
        .values("nomination")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = (
        Nomination.objects.filter(round=selection_round, shortlisted=True)
        .annotate(votes=Coalesce(Subquery(votes, output_field=IntegerField()), 0))
        .order_by("-votes", "pk")
    )
    return [(n, n.votes) for n in rows]  # type: ignore[attr-defined]


def running_counts(selection_round: SelectionRound) -> dict[int, int] | None:
    """Votes per shortlisted nomination from the running counts (``VoteCount``: a few rows per case, whatever
    the number of ballots), or None when the round has no complete set of counts (e.g. a shortlist marked
    before the counts existed), in which case callers count the picks."""
    rows = list(
        VoteCount.objects.filter(nomination__round=selection_round, nomination__shortlisted=True)
        .values("nomination_id")
        .annotate(stripes=Count("pk"), votes=Sum("votes"))
        .order_by()
    )
    shortlisted = Nomination.objects.filter(round=selection_round, shortlisted=True).count()
    if len(rows) != shortlisted or any(r["stripes"] != VOTE_STRIPES for r in rows):
        return None
    return {r["nomination_id"]: int(r["votes"]) for r in rows}


def tally(selection_round: SelectionRound) -> list[tuple[Nomination, int]]:
    """Votes per shortlisted nomination of the round, most votes first: from the running counts when the round
    has them (two small queries and the cases), else from the picks. Never call this for a page before the vote
    window closes (``nominations.view_tally``)."""
    counted = running_counts(selection_round)
    if counted is None:
        return count_picks(selection_round)
    cases = Nomination.objects.filter(round=selection_round, shortlisted=True)
    return sorted(((n, counted.get(n.pk, 0)) for n in cases), key=lambda row: (-row[1], row[0].pk))


@dataclass
class AnomalyFlag:
    code: str
    message: str
    figures: dict[str, Any]


def _max_in_window(moments: list[datetime.datetime]) -> tuple[int, datetime.datetime | None]:
    best, best_start, start = 0, None, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= BURST_WINDOW:
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, moments[start]
    return best, best_start


def anomaly_flags(selection_round: SelectionRound, *, burst_threshold: int | None = None) -> list[AnomalyFlag]:
    """Signs of organised or automated voting, computed on request (never stored), each with its figures.

    - burst: more than ``burst_threshold`` ballots (setting VOTE_BURST_THRESHOLD, default 30) within 60 seconds;
    - new accounts: more than 30 % of ballots cast by accounts created within 24 hours before casting;
    - one department: with at least 20 ballots, more than 25 % of them from officials of one unit.
    Reveals no picks.
    """
    if burst_threshold is None:
        burst_threshold = getattr(settings, "VOTE_BURST_THRESHOLD", DEFAULT_BURST_THRESHOLD)
    ballots = Ballot.objects.filter(round=selection_round)
    flags: list[AnomalyFlag] = []
    moments = list(ballots.order_by("cast_at").values_list("cast_at", flat=True))
    total = len(moments)
    if not total:
        return flags

    most, start = _max_in_window(moments)
    if most > burst_threshold:
        flags.append(
            AnomalyFlag(
                "burst",
                _("%(count)s ballots were cast within 60 seconds (threshold %(threshold)s).")
                % {"count": most, "threshold": burst_threshold},
                {"max_in_60s": most, "threshold": burst_threshold, "from": start.isoformat() if start else None},
            )
        )

    new = ballots.filter(
        voter__date_joined__gt=F("cast_at") - NEW_ACCOUNT_AGE, voter__date_joined__lte=F("cast_at")
    ).count()
    if new / total > NEW_ACCOUNT_SHARE:
        flags.append(
            AnomalyFlag(
                "new_accounts",
                _("%(share)s%% of ballots came from accounts created less than 24 hours before voting.")
                % {"share": round(100 * new / total, 1)},
                {"new_account_ballots": new, "ballots": total, "share": round(new / total, 4)},
            )
        )

    if total >= DEPARTMENT_MIN_BALLOTS:
        top = (
            ballots.filter(voter__official__isnull=False)
            .values("voter__official__unit_id", "voter__official__unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "voter__official__unit_id")
            .first()
        )
        if top and top["n"] / total > DEPARTMENT_SHARE:
            flags.append(
                AnomalyFlag(
                    "one_department",
                    _("%(share)s%% of ballots came from officials of %(unit)s.")
                    % {"share": round(100 * top["n"] / total, 1), "unit": top["voter__official__unit__name"]},
                    {
                        "unit": top["voter__official__unit__name"],
                        "unit_ballots": top["n"],
                        "ballots": total,
                        "share": round(top["n"] / total, 4),
                    },
                )
            )
    return flags
