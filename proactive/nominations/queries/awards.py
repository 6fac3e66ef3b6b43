"""Reads of the round's results once the committee has confirmed the grades: the public announcement, the gallery of
selected cases and the case page (names only with the official's consent), and the special-promotion
re-nominations of cases that were not selected.

A case is *published* when its award is confirmed, carries a grade (최우수/우수/장려/도전) and its round is public
(published or closed). Everything public reads through ``published_awards``, so the announcement, the gallery and
the case page never disagree.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import get_language

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.models import OrgUnit
from proactive.accounts.queries import role_units
from proactive.nominations.enums import Consent, Grade, NominationState
from proactive.nominations.models import (
    Award,
    CommitteeMeeting,
    Nomination,
    NominationMember,
    SelectionRound,
    SpecialPromotionRequest,
)
from proactive.nominations.queries.rounds import PUBLIC_STATUSES

GRADE_ORDER = [Grade.TOP, Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE]
# Units offered by the gallery's department filter (a bureau filter covers its departments and teams).
FILTER_UNIT_KINDS = [OrgUnitKind.OFFICE, OrgUnitKind.BUREAU, OrgUnitKind.DEPARTMENT]


def grade_order_expression() -> Case:
    """0 for 최우수 … 3 for 도전, in the order of ``Grade``; used to sort by grade in the database."""
    return Case(
        *(When(grade=grade, then=Value(i)) for i, grade in enumerate(GRADE_ORDER)),
        default=Value(len(GRADE_ORDER)),
        output_field=IntegerField(),
    )


# --- Public cases --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicMember:
    """A team member as the public sees them: the name only if they consented to publication."""

    name: str | None  # None: withheld
    role: str
    contribution: int


@dataclass
class PublicCase:
    award: Award
    nomination: Nomination
    round: SelectionRound
    unit: OrgUnit | None
    team: list[PublicMember] = field(default_factory=list)

    @property
    def unit_name(self) -> str:
        if self.unit is None:
            return ""
        return self.unit.display_name(get_language() or "ko")

    @property
    def named(self) -> list[PublicMember]:
        return [m for m in self.team if m.name]

    @property
    def withheld_count(self) -> int:
        return sum(1 for m in self.team if not m.name)


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "nomination__members",
        queryset=NominationMember.objects.select_related("official__unit").order_by("-contribution", "pk"),
    )


def published_awards() -> QuerySet[Award]:
    """Confirmed awards with a grade, in public rounds, with everything a public page shows (three queries)."""
    return (
        Award.objects.filter(
            confirmed_at__isnull=False, grade__in=GRADE_ORDER, nomination__round__status__in=PUBLIC_STATUSES
        )
        .select_related("nomination__round", "nomination__nominating_unit")
        .prefetch_related(_members_prefetch())
    )


def case_unit(nomination: Nomination) -> OrgUnit | None:
    """The case's department: the nominating department, or for a citizen's nomination the unit of the official
    matched to the org chart (the main contributor). Uses the prefetched members."""
    if nomination.nominating_unit is not None:
        return nomination.nominating_unit
    members = list(nomination.members.all())
    return members[0].official.unit if members else None


def public_team(nomination: Nomination) -> list[PublicMember]:
    """The team in contribution order; a member's name appears only when their consent is ``GIVEN``."""
    english = (get_language() or "ko").startswith("en")
    team = []
    for member in nomination.members.all():
        name = None
        if member.consent == Consent.GIVEN:
            name = (member.official.name_en if english and member.official.name_en else "") or member.official.name
        team.append(PublicMember(name=name, role=member.role, contribution=member.contribution))
    return team


def as_public_case(award: Award) -> PublicCase:
    nomination = award.nomination
    return PublicCase(
        award=award,
        nomination=nomination,
        round=nomination.round,
        unit=case_unit(nomination),
        team=public_team(nomination),
    )


def gallery_awards(
    *,
    year: int | None = None,
    half: int | None = None,
    unit: OrgUnit | None = None,
    case_type: str = "",
    grade: str = "",
) -> QuerySet[Award]:
    """Published awards, newest round first, then rank; filtered. ``unit`` matches its whole subtree, by the
    nominating department or, for citizens' nominations, by the matched official's unit."""
    qs = published_awards()
    if year:
        qs = qs.filter(nomination__round__year=year)
    if half:
        qs = qs.filter(nomination__round__half=half)
    if case_type:
        qs = qs.filter(nomination__case_type=case_type)
    if grade:
        qs = qs.filter(grade=grade)
    if unit is not None:
        matched = NominationMember.objects.filter(
            nomination_id=OuterRef("nomination_id"), official__unit__path__startswith=unit.path
        )
        qs = qs.filter(
            Q(nomination__nominating_unit__path__startswith=unit.path)
            | Q(Exists(matched), nomination__nominating_unit__isnull=True)
        )
    return qs.order_by("-nomination__round__year", "-nomination__round__half", "rank", "pk")


def get_public_case(nomination_pk: int) -> PublicCase | None:
    """The case page's content, or None when the nomination has no published award."""
    award = published_awards().filter(nomination_id=nomination_pk).first()
    return as_public_case(award) if award is not None else None


def gallery_years() -> list[int]:
    """Years of public rounds, newest first (for the filter); one query."""
    return list(
        SelectionRound.objects.filter(status__in=PUBLIC_STATUSES)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def filter_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(is_active=True, kind__in=FILTER_UNIT_KINDS).order_by("path")


# --- The announcement ----------------------------------------------------------------------------------------


@dataclass
class GradeGroup:
    grade: str
    label: str
    cases: list[PublicCase]

    @property
    def officials(self) -> int:
        return sum(len(c.team) for c in self.cases)


@dataclass
class RoundResults:
    round: SelectionRound
    meeting: CommitteeMeeting | None
    groups: list[GradeGroup]

    @property
    def announced(self) -> bool:
        return self.meeting is not None and self.meeting.decided_at is not None

    @property
    def case_count(self) -> int:
        return sum(len(g.cases) for g in self.groups)

    @property
    def official_count(self) -> int:
        return sum(g.officials for g in self.groups)


def public_round_with_meeting(year: int, half: int) -> SelectionRound | None:
    return (
        SelectionRound.objects.filter(status__in=PUBLIC_STATUSES, year=year, half=half)
        .select_related("committee_meeting")
        .first()
    )


def round_meeting(selection_round: SelectionRound) -> CommitteeMeeting | None:
    try:
        return selection_round.committee_meeting
    except CommitteeMeeting.DoesNotExist:
        return None


def round_results(selection_round: SelectionRound) -> RoundResults:
    """The round's winners grouped by grade (최우수, 우수, 장려, 도전), each group by rank. Before the grades are
    confirmed the groups are empty, whatever the awards table holds."""
    meeting = round_meeting(selection_round)
    groups: list[GradeGroup] = []
    if meeting is not None and meeting.decided_at is not None:
        awards = published_awards().filter(nomination__round=selection_round).order_by("rank", "pk")
        by_grade: dict[str, list[PublicCase]] = {g: [] for g in GRADE_ORDER}
        for award in awards:
            by_grade[award.grade].append(as_public_case(award))
        labels = dict(Grade.choices)
        groups = [GradeGroup(g, str(labels[g]), by_grade[g]) for g in GRADE_ORDER if by_grade[g]]
    return RoundResults(round=selection_round, meeting=meeting, groups=groups)


# --- Special-promotion re-nominations ------------------------------------------------------------------------


def grades_confirmed(selection_round_id: int) -> bool:
    return CommitteeMeeting.objects.filter(round_id=selection_round_id, decided_at__isnull=False).exists()


def head_unit_paths(user) -> list[str]:
    """Unit paths where ``user`` is department head today (a head's scope is their unit and the units below)."""
    return sorted({h.unit_path for h in role_units(user, Role.DEPARTMENT_HEAD) if h.unit_path})


def not_selected(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Verified cases of rounds whose grades are confirmed that got no graded award (shortlisted or not)."""
    decided = CommitteeMeeting.objects.filter(round_id=OuterRef("round_id"), decided_at__isnull=False)
    return qs.filter(Exists(decided), state=NominationState.VERIFIED).filter(Q(award__isnull=True) | Q(award__grade=""))


def renominatable_for(user) -> QuerySet[Nomination]:
    """Cases of the departments ``user`` heads that were not selected, newest round first, each with its
    re-nomination (if already made). Two queries with the page's count."""
    paths = head_unit_paths(user)
    if not paths:
        return Nomination.objects.none()
    scope = Q()
    for path in paths:
        scope |= Q(nominating_unit__path__startswith=path)
    qs = not_selected(Nomination.objects.filter(scope))
    return qs.select_related("round", "nominating_unit", "renomination").order_by(
        "-round__year", "-round__half", "title", "pk"
    )


def renominations_for_staff(*, round_id: int | None = None, state: str = "") -> QuerySet[SpecialPromotionRequest]:
    """Every re-nomination, newest first, filtered by round and state, with the proposed officials (two queries)."""
    qs = SpecialPromotionRequest.objects.select_related(
        "nomination__round", "unit", "requested_by", "decided_by"
    ).prefetch_related(
        Prefetch("officials", queryset=NominationMember.objects.select_related("official").order_by("-contribution"))
    )
    if round_id:
        qs = qs.filter(nomination__round_id=round_id)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def get_renomination(pk: int) -> SpecialPromotionRequest | None:
    return renominations_for_staff().filter(pk=pk).first()


def rounds_with_renominations() -> QuerySet[SelectionRound]:
    return SelectionRound.objects.filter(nominations__renomination__isnull=False).distinct().order_by("-year", "-half")
