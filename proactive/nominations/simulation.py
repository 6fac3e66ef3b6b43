"""Simulate a whole selection round with realistic numbers, through the real services (``manage.py simulate_round``).

Busan's figures (DOMAIN.md §4.3): about 44 cases nominated, 20 shortlisted by the working-level review, about 2,600
people voting online, and 14 officials graded over 3/5/2/1 cases (최우수 3 cases/3 people, 우수 5/6, 장려 2/4,
도전 1/1). Every write goes through the domain services (so it is validated, audited and notified as in real use),
except two documented direct writes:

* **The round's clock.** Services check the round's phase against the real time, so the simulation moves the
  round instead of the clock: before each stage, the whole round — its schedule and every moment already recorded
  for it (submissions, reviews, ballots, results, the meeting, awards) — is shifted by a whole number of days so
  that *now* falls inside the stage (``_shift_round``). The shape of the schedule is Busan's calendar for that
  half-year (``busan_calendar``). A round that is finished ends on its real calendar if that is already past.
  Audit events and notifications are not shifted: they record when the simulation really ran.
* **Nothing else.** Scores are arranged so that the ranking is deterministic for a seed, and the cases that win
  have the team sizes that give the intended number of officials per grade.

Accounts the simulation needs and does not find are created: department heads of nominating units (with the
department-head role), team members and official voters (accounts without a usable password), verified citizen
voters and nominators (through ``accounts.services.citizens``), working-level reviewers and external committee
members (with their roles, through ``accounts.services.memberships``), a secretariat and a chair if none exist.
"""

import datetime
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, OrgUnitKind, Role, UserKind
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.queries import subtree
from proactive.accounts.services import citizens as citizen_services
from proactive.accounts.services import memberships as membership_services
from proactive.accounts.services.accounts import create_official_account
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.nominations.enums import (
    Benefit,
    CaseType,
    Consent,
    Grade,
    Half,
    NominationState,
    RoundPhase,
    ScoredStage,
    TieBreak,
    Voters,
)
from proactive.nominations.models import (
    Award,
    Ballot,
    Certificate,
    CommitteeMeeting,
    Incentive,
    Nomination,
    NominationMember,
    ReviewAssignment,
    RoundConfigSnapshot,
    SelectionRound,
    StageResult,
)
from proactive.nominations.queries import committee as committee_queries
from proactive.nominations.queries import reviews as review_queries
from proactive.nominations.services import committee as committee_services
from proactive.nominations.services import nominations as nomination_services
from proactive.nominations.services import reviews as review_services
from proactive.nominations.services import rounds as round_services
from proactive.nominations.services import vote as vote_services
from proactive.nominations.simulation_cases import (
    BEST_THEMES,
    CHALLENGE_THEMES,
    CITIZEN_THEMES,
    KINDNESS_REASON,
    RETURN_REASON,
)

STAGES = ("nominations", "verification", "working_review", "vote", "committee")
SIM_PREFIX = "sim-"
SEOUL = ZoneInfo(settings.TIME_ZONE)
DAY = datetime.timedelta(days=1)
HALF_POINT = Decimal("0.5")

# Grade → prize money per case (원) and the personnel benefits its winners may choose.
PRIZES = {
    Grade.TOP: (2_000_000, [Benefit.SPECIAL_PROMOTION, Benefit.SPECIAL_STEP, Benefit.TOP_BONUS]),
    Grade.EXCELLENT: (1_000_000, [Benefit.SPECIAL_STEP, Benefit.TOP_BONUS, Benefit.TRAINING_POINTS]),
    Grade.ENCOURAGEMENT: (500_000, [Benefit.TRAINING_POINTS, Benefit.REWARD_LEAVE]),
    Grade.CHALLENGE: (500_000, [Benefit.REWARD_LEAVE, Benefit.TRAINING_POINTS]),
}
# Team sizes of the winning cases, best first: Busan 2025 H1 (3/6/4/1 officials over 3/5/2/1 cases).
BUSAN_TEAMS: dict[str, list[int]] = {
    Grade.TOP: [1, 1, 1],
    Grade.EXCELLENT: [2, 1, 1, 1, 1],
    Grade.ENCOURAGEMENT: [2, 2],
    Grade.CHALLENGE: [1],
}
# For shortlists shorter than Busan's 11 awards (small simulations in tests): one case per grade.
SMALL_TEAMS: dict[str, list[int]] = {
    Grade.TOP: [1],
    Grade.EXCELLENT: [2],
    Grade.ENCOURAGEMENT: [2],
    Grade.CHALLENGE: [1],
}
GRADE_ORDER = [Grade.TOP, Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE]

COMMITTEE_NAMES = ["김도윤", "박서영", "이재훈", "최민정", "정우성", "강하늘", "조은비", "윤태호", "장서희"]
MEETING_PLACE = "부산시청 7층 영상회의실"


class SimulationError(DomainError):
    """The simulation cannot run with these options or on this database."""


@dataclass
class SimulationConfig:
    year: int
    half: int
    until: str | None = None  # stop after this stage (STAGES); None runs to the confirmed grades
    seed: int = 1
    nominations: int = 44
    citizen_nominations: int | None = None  # default: about one in fifteen, at least one
    shortlist: int = 20
    voters: int = 2600
    official_voter_share: float = 0.2
    reviewers: int = 6
    reviewers_per_case: int = 3
    committee: int = 7
    # Demo hooks: who nominates a featured case, who is on its team, which accounts do not vote (so they still
    # can), which committee members leave some cases unscored (until="committee").
    featured_nominator: User | None = None
    featured_member: Official | None = None
    featured_citizen: User | None = None
    non_voters: Sequence[User] = ()
    partial_scorers: Sequence[User] = ()
    log: Callable[[str], None] | None = None


@dataclass
class SimulationResult:
    round: SelectionRound
    nominations: int = 0
    ballots: int = 0
    awards: dict[str, int] = field(default_factory=dict)  # grade → cases
    awarded_officials: dict[str, int] = field(default_factory=dict)  # grade → officials
    timings: dict[str, float] = field(default_factory=dict)


# --- The calendar ---------------------------------------------------------------------------------------------


def _seoul(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SEOUL)


def busan_calendar(year: int, half: int) -> dict[str, Any]:
    """Busan's schedule for a half-year (H1 2025: nominations 1–16 Jul, vote 22–28 Aug, committee 3 Sep,
    announcement 9 Sep), with the period whose results count."""
    if half == Half.FIRST:
        results, (y, m) = (datetime.date(year, 1, 1), datetime.date(year, 6, 30)), (year, 7)
    else:
        results, (y, m) = (datetime.date(year, 7, 1), datetime.date(year, 12, 31)), (year + 1, 1)
    vote_start = _seoul(y, m + 1, 22)
    return {
        "results_from": results[0],
        "results_to": results[1],
        "nominations_open_at": _seoul(y, m, 1, 9),
        "nominations_close_at": _seoul(y, m, 16, 18),
        "verification_end_at": _seoul(y, m, 31, 18),
        "working_review_end_at": _seoul(y, m + 1, 14, 18),
        "vote_start_at": vote_start,
        "vote_end_at": vote_start + 7 * DAY,
        "committee_at": _seoul(y, m + 2, 3, 14),
        "announce_at": _seoul(y, m + 2, 9, 10),
    }


def _days_between(later: datetime.datetime, earlier: datetime.datetime) -> int:
    """Whole days from ``earlier`` to ``later``, rounded down."""
    return (later - earlier) // DAY


def placement(calendar: dict[str, Any], anchor: str, margin: datetime.timedelta, now: datetime.datetime) -> int:
    """Days to add to ``calendar`` so that ``anchor`` lies between ``margin`` and ``margin`` + 1 day before now."""
    return _days_between(now - margin, calendar[anchor])


# Moments recorded for a round, shifted with it: model → (filter to the round, fields).
_ROUND_MOMENTS: list[tuple[Any, str, list[str]]] = [
    (RoundConfigSnapshot, "round", ["created_at"]),
    (Nomination, "round", ["submitted_at", "created_at", "updated_at"]),
    (NominationMember, "nomination__round", ["consent_at"]),
    (ReviewAssignment, "nomination__round", ["submitted_at", "created_at", "updated_at"]),
    (StageResult, "nomination__round", ["confirmed_at"]),
    (Ballot, "round", ["cast_at"]),
    (CommitteeMeeting, "round", ["held_at", "decided_at", "created_at", "updated_at"]),
    (Award, "nomination__round", ["confirmed_at", "created_at", "updated_at"]),
    (Incentive, "award__nomination__round", ["chosen_at", "checked_at", "decided_at", "applied_at", "created_at"]),
    (Certificate, "award__nomination__round", ["issued_at"]),  # before the PDFs are rendered, after commit
]
_ROUND_OWN_MOMENTS = [*round_services.SCHEDULE_FIELDS, "config_frozen_at", "shortlist_confirmed_at", "tally_frozen_at"]


def _shift_round(rnd: SelectionRound, days: int, *, reason: str) -> None:
    """Move the whole round ``days`` days (negative: earlier), its schedule and every moment recorded for it.

    A direct write, documented in the module docstring: the rounds service refuses to move dates that have
    passed, which is right for real rounds. Side effects: audit ``nominations.round_shifted_by_simulation``.
    """
    if days == 0:
        return
    delta = datetime.timedelta(days=days)
    SelectionRound.objects.filter(pk=rnd.pk).update(**{name: F(name) + delta for name in _ROUND_OWN_MOMENTS})
    for model, lookup, names in _ROUND_MOMENTS:
        for name in names:
            model.objects.filter(**{lookup: rnd, f"{name}__isnull": False}).update(**{name: F(name) + delta})
    record_event(
        actor=None,
        verb="nominations.round_shifted_by_simulation",
        target=rnd,
        data={"days": days, "reason": reason},
    )
    rnd.refresh_from_db()


# --- Cases ----------------------------------------------------------------------------------------------------

ROLES = ["총괄", "실무 추진", "대외 협의", "자료 분석"]


@dataclass
class CasePlan:
    quality: int  # 0 is the best case
    case_type: str
    citizen: bool = False
    team_size: int = 1
    fate: str = "verified"  # verified | returned | rejected | draft | submitted
    featured: str = ""  # "main": the featured nominator's winning case, with the featured member; "extra": another
    theme: tuple[str, ...] = ()
    numbers: tuple[int, int, int] = (0, 0, 0)


def team_plan(shortlist: int) -> dict[str, list[int]]:
    """Winning team sizes per grade for a shortlist of this length."""
    busan = sum(len(v) for v in BUSAN_TEAMS.values())
    return BUSAN_TEAMS if shortlist >= busan else SMALL_TEAMS


def grade_rules(shortlist: int) -> list[dict[str, Any]]:
    teams = team_plan(shortlist)
    return [
        {
            "grade": grade.value,
            "quota": len(teams[grade]),
            "prize_money": PRIZES[grade][0],
            "benefits": [b.value for b in PRIZES[grade][1]],
        }
        for grade in GRADE_ORDER
    ]


def plan_cases(config: SimulationConfig, rng: random.Random) -> list[CasePlan]:
    """Every case of the round, best first (index = quality), with its type, nominator, team size and fate."""
    n = config.nominations
    teams = team_plan(config.shortlist)
    winners = [size for grade in GRADE_ORDER for size in teams[grade]]
    cases = [CasePlan(quality=i, case_type=CaseType.BEST_PRACTICE) for i in range(n)]
    for index, size in enumerate(winners):
        cases[index].team_size = size
    challenge_slot = len(winners) - 1  # the challenge winner ranks after the graded best practices
    cases[challenge_slot].case_type = CaseType.CHALLENGE
    for index in range(len(winners), n):
        cases[index].team_size = rng.choices([1, 2, 3], weights=[5, 4, 2])[0]
    # A few more challenge cases below the shortlist.
    below = list(range(config.shortlist + 1, n - 1))
    for index in rng.sample(below, min(len(below), max(0, n // 15))):
        cases[index].case_type = CaseType.CHALLENGE
    # Citizens: one named a winner (team of one), one only praised kindness (rejected), the rest ranked lower.
    citizens = config.citizen_nominations if config.citizen_nominations is not None else max(1, round(n / 15))
    if citizens:
        cases[-1].citizen, cases[-1].fate, cases[-1].team_size = True, "rejected", 1
    single_winners = [i for i, size in enumerate(winners[:-1]) if size == 1]
    if citizens > 1 and single_winners:
        cases[single_winners[-1]].citizen = True
    for index in rng.sample(below, min(len(below), max(0, citizens - 2))):
        cases[index].citizen, cases[index].team_size = True, 1
    # Two cases returned for more figures, then verified: one shortlisted, one not.
    returnable = [i for i in range(len(winners), n - 1) if not cases[i].citizen]
    for index in (returnable[:1] + returnable[-1:]) if len(returnable) > 1 else returnable:
        cases[index].fate = "returned"
    # The featured nominator's case takes the first winning team of two; a second one of theirs ranks lower.
    if config.featured_nominator is not None:
        main = next((i for i, size in enumerate(winners) if size == 2), 0)
        cases[main].featured, cases[main].citizen = "main", False
        lower = [i for i in below if not cases[i].citizen and cases[i].fate == "verified"]
        if lower:
            cases[lower[len(lower) // 2]].featured = "extra"
    if config.until == "nominations":
        _nominations_stage_fates(cases, rng)
    return cases


def _nominations_stage_fates(cases: list[CasePlan], rng: random.Random) -> None:
    """While nominations are open: some drafts, the rest submitted; about half of those already verified."""
    for case in cases:
        case.fate = "submitted"
    open_cases = [c for c in cases if not c.featured]
    for case in rng.sample(open_cases, max(1, len(cases) // 7)):
        case.fate = "draft"
    submitted = [c for c in cases if c.fate == "submitted" and not c.citizen]
    for case in rng.sample(submitted, len(submitted) // 2):
        case.fate = "verified"


# --- Accounts -------------------------------------------------------------------------------------------------


def _official_account(official: Official, *, actor: Any = None) -> User:
    """The sign-in account of ``official``, created without a usable password if missing (audited)."""
    user = User.objects.filter(official=official).first()
    if user is not None:
        return user
    return create_official_account(
        actor=actor,
        official=official,
        username=f"{SIM_PREFIX}{official.employee_no}".lower(),
        data={"source": "simulation"},
    )


def _grant(user: User, role: str, unit: OrgUnit | None) -> None:
    if not RoleMembership.objects.active().filter(user=user, role=role, unit=unit).exists():
        membership_services.grant_role(
            actor=None, user=user, role=role, unit=unit, starts_on=timezone.localdate(), note="simulation"
        )


def _holders(role: str) -> list[User]:
    ids = RoleMembership.objects.active().filter(role=role).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).select_related("official").order_by("pk"))


def _active_officials() -> Any:
    return Official.objects.filter(status=OfficialStatus.ACTIVE)


def _secretariat() -> User:
    found = _holders(Role.SECRETARIAT)
    if found:
        return found[0]
    official = _active_officials().filter(user__isnull=True).order_by("employee_no").first()
    if official is None:
        raise SimulationError("The simulation needs officials in the organisation chart; load it first.")
    user = _official_account(official)
    _grant(user, Role.SECRETARIAT, None)
    return user


def _ensure_reviewers(count: int, rng: random.Random) -> list[User]:
    pool = list(review_queries.reviewer_pool())
    if len(pool) >= count:
        return pool
    taken_units = {u.official.unit_id for u in pool if u.official is not None}
    candidates = list(
        _active_officials()
        .filter(user__isnull=True, grade__in=[5, 6], unit__kind__in=[OrgUnitKind.TEAM, OrgUnitKind.DEPARTMENT])
        .exclude(unit_id__in=taken_units)
        .order_by("employee_no")
    )
    rng.shuffle(candidates)
    for official in candidates:
        if len(pool) >= count:
            break
        if official.unit_id in taken_units:
            continue
        user = _official_account(official)
        _grant(user, Role.REVIEWER, None)
        taken_units.add(official.unit_id)
        pool.append(user)
    return list(review_queries.reviewer_pool())


def _ensure_committee(count: int) -> tuple[list[User], User]:
    if not _holders(Role.COMMITTEE_CHAIR):
        _grant(_external("chair"), Role.COMMITTEE_CHAIR, None)
    index = 1
    while committee_queries.committee_pool().count() < count and index <= len(COMMITTEE_NAMES):
        user = _external(f"committee-{index:02d}", COMMITTEE_NAMES[index - 1])
        _grant(user, Role.COMMITTEE_MEMBER, None)
        index += 1
    return list(committee_queries.committee_pool()), _holders(Role.COMMITTEE_CHAIR)[0]


def _external(suffix: str, name: str = "정해룡") -> User:
    username = f"{SIM_PREFIX}{suffix}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, name=name, email=f"{username}@committee.example", kind=UserKind.OFFICIAL)
        user.set_unusable_password()
        user.save()
        record_event(actor=None, verb="accounts.user_created", target=user, data={"source": "simulation"})
    return user


def _citizen(email: str) -> User:
    return citizen_services.get_or_create_verified_citizen(actor=None, email=email)


@dataclass
class UnitPick:
    unit: OrgUnit
    head: Official
    staff: list[Official]


def _nominating_units(rng: random.Random, count: int, exclude: set[int]) -> list[UnitPick]:
    """Departments with an active head and at least three active staff in their subtree, drawn at random."""
    units = list(OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT).order_by("code"))
    rng.shuffle(units)
    picks: list[UnitPick] = []
    for unit in units:
        if len(picks) >= count:
            break
        head = _active_officials().filter(unit=unit).order_by("grade", "employee_no").first()
        if head is None:
            continue
        staff = [
            o
            for o in _active_officials().filter(unit__in=subtree(unit)).order_by("employee_no")
            if o.pk != head.pk and o.pk not in exclude
        ]
        if len(staff) >= 3:
            picks.append(UnitPick(unit, head, staff))
    if not picks:
        raise SimulationError("No department has a head and three active staff to nominate cases.")
    return picks


# --- Scores ---------------------------------------------------------------------------------------------------


def _half(value: float) -> Decimal:
    return (Decimal(str(value)) / HALF_POINT).quantize(Decimal(1)) * HALF_POINT


def split_points(total: Decimal, maxima: list[Decimal], rng: random.Random) -> list[Decimal]:
    """Split ``total`` over criteria with these maxima, in half points, each within 0…max; sums exactly."""
    total = min(max(total, Decimal(0)), sum(maxima, Decimal(0)))
    share = total / sum(maxima, Decimal(0))
    parts = [min(m, max(Decimal(0), _half(float(m * share) + rng.uniform(-1.5, 1.5)))) for m in maxima]
    rest = total - sum(parts, Decimal(0))
    order = list(range(len(maxima)))
    while rest != 0:
        moved = False
        for i in order:
            step = HALF_POINT if rest > 0 else -HALF_POINT
            if 0 <= parts[i] + step <= maxima[i]:
                parts[i] += step
                rest -= step
                moved = True
                if rest == 0:
                    break
        if not moved:  # cannot happen while total is within 0…sum(maxima)
            raise SimulationError("Cannot split the points over the criteria.")
    return parts


def zero_sum_offsets(count: int, rng: random.Random, spread: int = 8) -> list[Decimal]:
    """``count`` offsets in half points adding up to zero, so the mean of the sheets is the case's base."""
    offsets = [HALF_POINT * rng.randint(-spread, spread) for _ in range(count - 1)]
    offsets.append(-sum(offsets, Decimal(0)))
    return offsets


def _sheet(criteria, total: Decimal, rng: random.Random) -> dict[int, tuple[Decimal, str]]:
    parts = split_points(total, [c.max_points for c in criteria], rng)
    return {c.pk: (p, "") for c, p in zip(criteria, parts, strict=True)}


def _score_case(assignments: list[ReviewAssignment], base: Decimal, criteria, rng, submit) -> None:
    maximum = sum((c.max_points for c in criteria), Decimal(0))
    spread = int(min(8, (maximum - base) * 2, base * 2))
    offsets = zero_sum_offsets(len(assignments), rng, spread=max(0, spread // max(1, len(assignments) - 1)))
    for assignment, offset in zip(assignments, offsets, strict=True):
        submit(assignment, _sheet(criteria, base + offset, rng))


# --- The simulation -------------------------------------------------------------------------------------------


class _Run:
    def __init__(self, config: SimulationConfig) -> None:
        self.config = config
        self.rng = random.Random(f"simulate/{config.year}/{config.half}/{config.seed}")
        self.calendar = busan_calendar(config.year, config.half)
        self.result: SimulationResult | None = None
        self.by_quality: dict[int, Nomination] = {}
        self.plans: list[CasePlan] = []
        self.nominators: dict[int, User] = {}
        self.citizen_nominees: dict[int, Official] = {}

    def log(self, message: str) -> None:
        if self.config.log:
            self.config.log(message)

    def stops_after(self, stage: str) -> bool:
        return self.config.until == stage

    def place(self, anchor: str, margin: datetime.timedelta, reason: str) -> None:
        assert self.result is not None
        rnd = self.result.round
        current = {name: getattr(rnd, name) for name in round_services.SCHEDULE_FIELDS}
        _shift_round(rnd, placement(current, anchor, margin, timezone.now()), reason=reason)

    # Stage 1 -----------------------------------------------------------------------------------------------
    def create_round(self, secretariat: User) -> SelectionRound:
        config = self.config
        now = timezone.now()
        days = placement(self.calendar, "nominations_open_at", 2 * DAY, now)
        schedule = {
            k: (v + datetime.timedelta(days=days) if isinstance(v, datetime.datetime) else v)
            for k, v in self.calendar.items()
        }
        half_label = "상반기(1월~6월)" if config.half == Half.FIRST else "하반기(7월~12월)"
        data = {
            "year": config.year,
            "half": config.half,
            "summary": (
                f"{config.year}년 {half_label} 실적을 대상으로 적극행정 우수사례와 도전사례를 부서와 시민으로부터 "
                "추천받습니다. 실무심사(10점), 온라인 심사(10점), 적극행정위원회 심사(80점)를 거쳐 선발합니다."
            ),
            **schedule,
            "weight_working": Decimal("10"),
            "weight_vote": Decimal("10"),
            "weight_committee": Decimal("80"),
            "shortlist_size": config.shortlist,
            "picks_per_ballot": min(10, config.shortlist),
            "voters": Voters.BOTH.value,
            "tie_breaks": [t.value for t in (TieBreak.COMMITTEE, TieBreak.WORKING, TieBreak.VOTE, TieBreak.EARLIER)],
        }
        rnd = round_services.create_round(
            actor=secretariat,
            data=data,
            criteria=round_services.default_criteria(),
            grade_rules=grade_rules(config.shortlist),
        )
        round_services.publish_round(actor=secretariat, round=rnd)
        rnd.refresh_from_db()
        return rnd

    def nominate(self, rnd: SelectionRound) -> None:
        config, rng = self.config, self.rng
        self.plans = plan_cases(config, rng)
        best = BEST_THEMES[:]
        challenge = CHALLENGE_THEMES[:]
        rng.shuffle(best)
        rng.shuffle(challenge)
        used_members: set[int] = set()
        featured_unit = None
        featured_head = config.featured_nominator.official if config.featured_nominator is not None else None
        if featured_head is not None:
            featured_unit = featured_head.unit
        department_cases = [p for p in self.plans if not p.citizen]
        picks = _nominating_units(rng, max(1, len(department_cases) * 4 // 5), exclude=set())
        citizen_themes = CITIZEN_THEMES[:]
        # Submission order is random, not by quality.
        order = self.plans[:]
        rng.shuffle(order)
        citizen_count = 0
        titles: set[str] = set()
        for index, plan in enumerate(order):
            plan.numbers = (rng.randint(3, 40), rng.randint(10, 60), rng.randint(20, 300))
            if plan.citizen:
                is_kindness = plan.fate == "rejected"
                theme = citizen_themes[2] if is_kindness else citizen_themes[[0, 1, 3][citizen_count % 3]]
                plan.theme = theme
                citizen = config.featured_citizen if (config.featured_citizen and citizen_count == 0) else None
                citizen = citizen or _citizen(f"nominator{citizen_count + 1:02d}.{config.seed}@citizens.example")
                citizen_count += 1
                pick = picks[index % len(picks)]
                nominee = next(o for o in pick.staff if o.pk not in used_members)
                used_members.add(nominee.pk)
                nomination = self._citizen_nomination(rnd, citizen, plan, nominee, suffix=citizen_count)
                self.citizen_nominees[nomination.pk] = nominee
            else:
                if plan.featured and featured_unit is not None and featured_head is not None:
                    nominator = featured_head.user
                    pick = UnitPick(featured_unit, featured_head, self._unit_staff(featured_unit, nominator))
                else:
                    pick = next(
                        p
                        for k in range(len(picks))
                        for p in [picks[(index + k) % len(picks)]]
                        if len([o for o in p.staff if o.pk not in used_members]) >= plan.team_size
                    )
                    nominator = self._head_account(pick)
                themes = challenge if plan.case_type == CaseType.CHALLENGE else best
                plan.theme = next(
                    t
                    for k in range(len(themes))
                    for t in [themes[(index + k) % len(themes)]]
                    if t[0].format(area=pick.unit.name) not in titles
                )
                titles.add(plan.theme[0].format(area=pick.unit.name))
                staff = [o for o in pick.staff if o.pk not in used_members]
                if plan.featured == "main" and config.featured_member is not None:
                    staff = [config.featured_member] + [o for o in staff if o.pk != config.featured_member.pk]
                    team = staff[: plan.team_size]
                else:
                    team = rng.sample(staff, min(plan.team_size, len(staff)))
                used_members.update(o.pk for o in team)
                nomination = self._department_nomination(rnd, nominator, pick.unit, plan, team, index)
                self.nominators[nomination.pk] = nominator
            self.by_quality[plan.quality] = nomination
        self._consents()

    def _unit_staff(self, unit: OrgUnit, nominator: User) -> list[Official]:
        return [
            o
            for o in _active_officials().filter(unit__in=subtree(unit)).order_by("employee_no")
            if o.pk != nominator.official_id
        ]

    def _head_account(self, pick: UnitPick) -> User:
        user = _official_account(pick.head)
        _grant(user, Role.DEPARTMENT_HEAD, pick.unit)
        return user

    def _texts(self, plan: CasePlan, area: str) -> dict[str, Any]:
        a, b, c = plan.numbers
        title, summary, problem, action, outcome, figures, regulation = plan.theme
        fill = {"area": area, "a": a, "b": b, "c": c}
        half_start = datetime.date(self.config.year, 1 if self.config.half == Half.FIRST else 7, 1)
        return {
            "case_type": plan.case_type,
            "title": title.format(**fill)[:200],
            "summary": summary.format(**fill),
            "problem": problem.format(**fill),
            "action": action.format(**fill),
            "outcome": outcome.format(**fill),
            "quantified_results": figures.format(**fill),
            "period_from": half_start + datetime.timedelta(days=self.rng.randint(0, 60)),
            "period_to": half_start + datetime.timedelta(days=self.rng.randint(120, 175)),
            "regulation_improved": bool(regulation),
            "regulation_detail": regulation,
        }

    def _department_nomination(self, rnd, nominator, unit, plan, team, index) -> Nomination:
        data = self._texts(plan, unit.name)
        if plan.fate == "returned":
            data["quantified_results"] = ""
        nomination = nomination_services.create_draft(actor=nominator, selection_round=rnd, data=data)
        shares = _shares(len(team), self.rng)
        members: list[Mapping[str, Any]] = [
            {"official": official, "role": ROLES[i % len(ROLES)] if len(team) > 1 else "총괄", "contribution": share}
            for i, (official, share) in enumerate(zip(team, shares, strict=True))
        ]
        nomination_services.set_members(actor=nominator, nomination=nomination, members=members)
        for official in team:
            _official_account(official)
        if plan.fate != "draft":
            nomination_services.submit_nomination(actor=nominator, nomination=nomination)
        return nomination

    def _citizen_nomination(self, rnd, citizen, plan, nominee, suffix) -> Nomination:
        title, summary, problem, action, outcome = plan.theme
        if plan.fate != "rejected" and suffix > 1:
            title = f"{title} ({nominee.unit.name})"
        data = {
            "case_type": CaseType.BEST_PRACTICE,
            "title": title,
            "summary": summary,
            "problem": problem or "",
            "action": action or "",
            "outcome": outcome or "",
            "nominee_name_given": nominee.name,
            "nominee_unit_given": nominee.unit.name,
        }
        nomination = nomination_services.create_draft(actor=citizen, selection_round=rnd, data=data)
        if plan.fate != "draft":
            nomination_services.submit_nomination(actor=citizen, nomination=nomination)
        return nomination

    def _consents(self) -> None:
        members = NominationMember.objects.filter(
            nomination__in=list(self.by_quality.values()), nomination__state=NominationState.SUBMITTED
        ).select_related("official__user")
        for member in members:
            user = getattr(member.official, "user", None)
            if user is None:
                continue
            draw = self.rng.random()
            if draw < 0.06:
                continue  # not answered yet
            consent = Consent.REFUSED if draw < 0.12 else Consent.GIVEN
            nomination_services.answer_consent(actor=user, member=member, consent=consent)

    # Stage 2 -----------------------------------------------------------------------------------------------
    def verify(self, secretariat: User, reviewers: list[User]) -> None:
        partial = self.config.until == "nominations"
        if not partial:
            self.place("nominations_close_at", 2 * DAY, "verification")
        for plan in sorted(self.plans, key=lambda p: p.quality):
            nomination = self.by_quality[plan.quality]
            if plan.fate in ("draft", "submitted"):
                continue
            if plan.citizen and plan.fate != "rejected":
                nominee = self.citizen_nominees.get(nomination.pk)
                if nominee is not None:
                    nomination_services.match_citizen_nominee(
                        actor=secretariat, nomination=nomination, official=nominee
                    )
                    self._answer_consent(nomination)
            if plan.fate == "rejected":
                nomination_services.reject_nomination(actor=secretariat, nomination=nomination, reason=KINDNESS_REASON)
            elif plan.fate == "returned":
                nomination_services.return_nomination(actor=secretariat, nomination=nomination, reason=RETURN_REASON)
                a, b, c = plan.numbers
                figures = plan.theme[5].format(area="", a=a, b=b, c=c)
                nominator = self.nominators[nomination.pk]
                nomination_services.update_draft(
                    actor=nominator, nomination=nomination, data={"quantified_results": figures}
                )
                nomination_services.submit_nomination(actor=nominator, nomination=nomination)
                nomination_services.verify_nomination(actor=secretariat, nomination=nomination)
            else:
                nomination_services.verify_nomination(actor=secretariat, nomination=nomination)
        rnd = self.result.round  # type: ignore[union-attr]
        review_services.assign_in_bulk(
            actor=secretariat, round=rnd, reviewers=reviewers, per_nomination=self.config.reviewers_per_case
        )

    def _answer_consent(self, nomination: Nomination) -> None:
        for member in nomination.members.select_related("official__user"):
            user = getattr(member.official, "user", None) or _official_account(member.official)
            nomination_services.answer_consent(actor=user, member=member, consent=Consent.GIVEN)

    # Stage 3 -----------------------------------------------------------------------------------------------
    def working_review(self, secretariat: User) -> None:
        rnd = self.result.round  # type: ignore[union-attr]
        self.place("verification_end_at", 2 * DAY, "working-level review")
        rnd = self.result.round  # type: ignore[union-attr]
        criteria = review_queries.working_criteria(rnd)
        ranked = [self.by_quality[p.quality] for p in sorted(self.plans, key=lambda p: p.quality)]
        ranked = [n for n in ranked if Nomination.objects.get(pk=n.pk).state == NominationState.VERIFIED]
        assignments = _live_assignments(rnd, ScoredStage.WORKING)
        for position, nomination in enumerate(ranked):
            base = _half(93 - max(0.5, 40 / len(ranked)) * position)
            rows = assignments.get(nomination.pk, [])
            if not rows:
                continue

            def submit(assignment, sheet):
                review_services.submit_scores(actor=assignment.reviewer, assignment=assignment, scores=sheet)

            _score_case(rows, base, criteria, self.rng, submit)
        review_services.confirm_shortlist(actor=secretariat, round=rnd)

    # Stage 4 -----------------------------------------------------------------------------------------------
    def vote(self, secretariat: User, *, final: bool) -> int:
        config, rng = self.config, self.rng
        if final:
            self.place("vote_end_at", DAY, "committee review")
        else:
            self.place("vote_start_at", 2 * DAY, "online vote")
        rnd = self.result.round  # type: ignore[union-attr]
        shortlisted = [
            n
            for n in (self.by_quality[p.quality] for p in sorted(self.plans, key=lambda p: p.quality))
            if Nomination.objects.filter(pk=n.pk, shortlisted=True).exists()
        ]
        popularity = self._popularity_order(shortlisted)
        voters = self._voters(config.voters)
        counts = _vote_targets(len(popularity), len(voters), rnd.picks_per_ballot, rng)
        ballots = _ballots(len(voters), counts, rnd.picks_per_ballot)
        end = min(rnd.vote_end_at, timezone.now())
        span = (end - rnd.vote_start_at).total_seconds()
        moments = sorted(rnd.vote_start_at + datetime.timedelta(seconds=rng.uniform(0, span)) for _ in voters)
        for voter, picks, moment in zip(voters, ballots, moments, strict=True):
            ids = [popularity[i].pk for i in picks]
            vote_services.cast_ballot(actor=voter, round=rnd, nomination_ids=ids, now=moment)
        if final:
            vote_services.freeze_tally(actor=secretariat, round=rnd)
        return len(voters)

    def _popularity_order(self, shortlisted: list[Nomination]) -> list[Nomination]:
        """The shortlist in order of popularity: by quality, shuffled only within each grade's block, so that the
        vote never lifts a case over a better grade's case."""
        teams = team_plan(self.config.shortlist)
        blocks = [len(teams[g]) for g in GRADE_ORDER]
        order: list[Nomination] = []
        start = 0
        for size in [*blocks, len(shortlisted)]:
            block = shortlisted[start : start + size]
            self.rng.shuffle(block)
            order += block
            start += size
            if start >= len(shortlisted):
                break
        return order

    def _voters(self, count: int) -> list[User]:
        config, rng = self.config, self.rng
        excluded = {u.pk for u in config.non_voters}
        officials_wanted = round(count * config.official_voter_share)
        accounts = list(
            User.objects.filter(kind=UserKind.OFFICIAL, official__status=OfficialStatus.ACTIVE, is_active=True)
            .exclude(pk__in=excluded)
            .select_related("official")
            .order_by("pk")[:officials_wanted]
        )
        if len(accounts) < officials_wanted:
            extra = list(_active_officials().filter(user__isnull=True).order_by("employee_no")[: 4 * officials_wanted])
            rng.shuffle(extra)
            for official in extra[: officials_wanted - len(accounts)]:
                accounts.append(_official_account(official))
        citizens = count - len(accounts)
        existing = list(
            User.objects.filter(kind=UserKind.CITIZEN, email__endswith="@voters.example", is_active=True)
            .exclude(pk__in=excluded)
            .order_by("email")[:citizens]
        )
        for n in range(len(existing), citizens):
            existing.append(_citizen(f"voter{n + 1:05d}@voters.example"))
        voters = accounts + existing
        rng.shuffle(voters)
        return voters

    # Stage 5 -----------------------------------------------------------------------------------------------
    def committee(self, secretariat: User, members: list[User], chair: User) -> None:
        config, rng = self.config, self.rng
        rnd = self.result.round  # type: ignore[union-attr]
        committee_services.assign_committee(actor=secretariat, round=rnd)
        criteria = committee_queries.committee_criteria(rnd)
        ranked = [
            n
            for n in (self.by_quality[p.quality] for p in sorted(self.plans, key=lambda p: p.quality))
            if Nomination.objects.filter(pk=n.pk, shortlisted=True).exists()
        ]
        assignments = _live_assignments(rnd, ScoredStage.COMMITTEE)
        # One member declares a conflict (회피) on one case.
        recusing = [a for a in assignments.get(ranked[-1].pk, []) if a.reviewer_id != chair.pk]
        recused = len(recusing) > 2
        if recused:
            committee_services.declare_recusal(
                actor=recusing[0].reviewer,
                assignment=recusing[0],
                reason="추천 부서에서 최근 2년 안에 함께 근무했습니다.",
            )
            assignments = _live_assignments(rnd, ScoredStage.COMMITTEE)
        partial = {u.pk for u in config.partial_scorers} if config.until == "committee" else set()
        for position, nomination in enumerate(ranked):
            base = _half(92 - 1.5 * position * 20 / max(len(ranked), 20))
            rows = assignments.get(nomination.pk, [])
            # Partial scorers leave the second half of the list for later; everyone else's sheets count.
            waiting = [a for a in rows if a.reviewer_id in partial and position >= len(ranked) // 2]
            scoring = [a for a in rows if a not in waiting]

            def submit(assignment, sheet):
                committee_services.submit_committee_scores(
                    actor=assignment.reviewer, assignment=assignment, scores=sheet
                )

            if scoring:
                _score_case(scoring, base, criteria, rng, submit)
        if config.until == "committee":
            return
        self.place("committee_at", datetime.timedelta(hours=2), "committee meeting")
        rnd = self.result.round  # type: ignore[union-attr]
        committee_services.record_meeting(
            actor=secretariat,
            round=rnd,
            held_at=rnd.committee_at,
            place=MEETING_PLACE,
            attendees=members,
            minutes=(
                f"{rnd.title} 적극행정 우수공무원 선발 심사. 실무심사·온라인 심사 결과를 보고받고 본선 진출 "
                f"{len(ranked)}건을 심사함."
                + (" 위원 1명은 회피 신청에 따라 해당 안건 심사에서 제외함." if recused else "")
            ),
        )
        committee_services.propose_grades(actor=secretariat, round=rnd)
        committee_services.confirm_grades(
            actor=chair,
            round=rnd,
            decision="제안된 등급대로 최우수·우수·장려·도전 등급을 확정하고 시장 표창과 시상금 지급을 건의함.",
        )


def _shares(size: int, rng: random.Random) -> list[int]:
    if size == 1:
        return [100]
    presets = {2: [[60, 40], [50, 50], [70, 30]], 3: [[50, 30, 20], [40, 30, 30], [60, 20, 20]]}
    return rng.choice(presets.get(size, [[100 // size] * (size - 1) + [100 - 100 // size * (size - 1)]]))


def _live_assignments(rnd: SelectionRound, stage: str) -> dict[int, list[ReviewAssignment]]:
    rows: dict[int, list[ReviewAssignment]] = {}
    for assignment in (
        ReviewAssignment.objects.filter(nomination__round=rnd, stage=stage, recused=False)
        .select_related("reviewer", "nomination__round")
        .order_by("nomination_id", "reviewer_id")
    ):
        rows.setdefault(assignment.nomination_id, []).append(assignment)
    return rows


def _vote_targets(cases: int, voters: int, picks: int, rng: random.Random) -> list[int]:
    """Votes per case in popularity order: strictly decreasing (when voters allow), about picks - 0.6 per ballot."""
    if not cases or not voters:
        return [0] * cases
    wanted = min(picks - 0.6, cases * 0.47)
    top, low = 0.8, max(0.05, 2 * wanted / cases - 0.8)
    shares = [top - (top - low) * i / max(1, cases - 1) + rng.uniform(-0.008, 0.008) for i in range(cases)]
    counts = [max(1, min(voters, round(voters * s))) for s in sorted(shares, reverse=True)]
    for i in range(1, cases):  # keep the order strict where possible
        if counts[i] >= counts[i - 1]:
            counts[i] = max(0, counts[i - 1] - 1)
    return counts


def _ballots(voters: int, counts: list[int], picks: int) -> list[list[int]]:
    """Distribute the votes of each case (by index) over the ballots, round-robin: nobody picks a case twice,
    each ballot holds at most ``picks`` cases and at least one."""
    ballots: list[list[int]] = [[] for _ in range(voters)]
    pointer = 0
    for case, count in enumerate(counts):
        for step in range(count):
            ballots[(pointer + step) % voters].append(case)
        pointer = (pointer + count) % voters
    for ballot in ballots:
        if not ballot:
            ballot.append(len(counts) - 1)
    if any(len(b) > picks for b in ballots):
        raise SimulationError("Too many votes for the number of voters.")
    return ballots


def _grades_summary(rnd: SelectionRound, result: SimulationResult) -> None:
    for award in Award.objects.filter(nomination__round=rnd).exclude(grade="").prefetch_related("nomination__members"):
        result.awards[award.grade] = result.awards.get(award.grade, 0) + 1
        result.awarded_officials[award.grade] = result.awarded_officials.get(award.grade, 0) + len(
            award.nomination.members.all()
        )


def validate_config(config: SimulationConfig) -> None:
    errors = []
    if config.until is not None and config.until not in STAGES:
        errors.append(f"--until must be one of: {', '.join(STAGES)}.")
    if config.shortlist < 4:
        errors.append("The shortlist needs at least 4 cases (one per grade).")
    if not config.shortlist + 3 <= config.nominations <= 120:
        errors.append("Nominate at least three more cases than the shortlist holds, and at most 120.")
    if config.voters < 1:
        errors.append("At least one voter is needed.")
    if config.committee < 2 or config.reviewers < 1 or config.reviewers_per_case < 1:
        errors.append("At least two committee members and one reviewer per case are needed.")
    if SelectionRound.objects.filter(year=config.year, half=config.half).exists():
        errors.append(f"A round for {config.year} H{config.half} already exists.")
    if errors:
        raise SimulationError(" ".join(errors))


def simulate_round(config: SimulationConfig) -> SimulationResult:
    """Create the round ``config.year``/``config.half`` and walk it through every stage (or up to
    ``config.until``) with the real services. One transaction: on any error nothing is kept.

    Side effects: everything the services do (rows, audit events, notifications), the accounts it needs, and the
    documented shifts of the round (``_shift_round``).
    """
    validate_config(config)
    run = _Run(config)
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        assert run.result is not None
        run.result.timings[name] = round(now - clock, 2)
        run.log(f"{name}: {now - clock:.1f} s")
        clock = now

    with transaction.atomic():
        secretariat = _secretariat()
        reviewers = _ensure_reviewers(config.reviewers, run.rng)
        members, chair = _ensure_committee(config.committee)
        rnd = run.create_round(secretariat)
        run.result = SimulationResult(round=rnd)
        run.nominate(rnd)
        run.result.nominations = len(run.by_quality)
        lap("accounts and nominations")
        if config.until == "nominations":
            run.verify(secretariat, reviewers)
            lap("verification (partial)")
            return _finish(run)
        run.verify(secretariat, reviewers)
        lap("verification")
        if run.stops_after("verification"):
            return _finish(run)
        run.working_review(secretariat)
        lap("working-level review")
        if run.stops_after("working_review"):
            return _finish(run)
        run.result.ballots = run.vote(secretariat, final=not run.stops_after("vote"))
        lap("online vote")
        if run.stops_after("vote"):
            return _finish(run)
        run.committee(secretariat, members, chair)
        lap("committee")
        if run.stops_after("committee"):
            return _finish(run)
        rnd = run.result.round
        if run.calendar["announce_at"] <= timezone.now():  # a past half-year ends on its real calendar
            days = round((run.calendar["announce_at"] - rnd.announce_at) / DAY)
        else:
            days = placement({"announce_at": rnd.announce_at}, "announce_at", DAY, timezone.now())
        _shift_round(rnd, days, reason="results announced")
        _grades_summary(rnd, run.result)
        return _finish(run)


def _finish(run: _Run) -> SimulationResult:
    assert run.result is not None
    run.result.round.refresh_from_db()
    expected = {
        "nominations": RoundPhase.NOMINATIONS_OPEN,
        "verification": RoundPhase.VERIFICATION,
        "working_review": RoundPhase.WORKING_REVIEW,
        "vote": RoundPhase.ONLINE_VOTE,
        "committee": RoundPhase.COMMITTEE_REVIEW,
        None: RoundPhase.ANNOUNCEMENT,
    }[run.config.until]
    phase = run.result.round.phase()
    if phase != expected:
        raise SimulationError(f"The round ended in phase {phase}, not {expected}.")
    return run.result
