"""The round simulation (``manage.py simulate_round``) on a small configuration, and its planning on Busan's numbers."""

import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.nominations.enums import Grade, NominationState, RoundPhase, ScoredStage
from proactive.nominations.models import (
    Award,
    Ballot,
    CommitteeMeeting,
    Nomination,
    ReviewAssignment,
    SelectionRound,
    StageResult,
)
from proactive.nominations.simulation import (
    BUSAN_TEAMS,
    SimulationConfig,
    _ballots,
    _vote_targets,
    busan_calendar,
    grade_rules,
    plan_cases,
    split_points,
)
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

SMALL = ["--nominations", "8", "--voters", "30", "--shortlist", "5", "--reviewers", "3", "--committee", "3"]


@pytest.fixture
def organisation():
    """Six departments (no bureaus, so reviewers conflict only with their own department), each with a head and
    five staff, and a secretariat."""
    for d in range(6):
        unit = OrgUnitFactory(kind=OrgUnitKind.DEPARTMENT, name=f"시험{d}과")
        OfficialFactory(unit=unit, grade=4, rank="4급", position="과장")
        for _ in range(5):
            OfficialFactory(unit=unit)
    return make_staff(Role.SECRETARIAT)


def simulate(*extra: str) -> str:
    out = io.StringIO()
    call_command("simulate_round", "--year", "2025", "--half", "1", "--seed", "7", *SMALL, *extra, stdout=out)
    return out.getvalue()


def test_simulate_round_runs_every_stage_to_confirmed_grades(organisation):
    output = simulate()

    rnd = SelectionRound.objects.get(year=2025, half=1)
    assert rnd.phase() == RoundPhase.ANNOUNCEMENT
    assert rnd.announce_at == busan_calendar(2025, 1)["announce_at"]  # a past half-year ends on its calendar
    states = Counter(Nomination.objects.filter(round=rnd).values_list("state", flat=True))
    assert states == {NominationState.VERIFIED: 7, NominationState.REJECTED: 1}
    assert Nomination.objects.filter(round=rnd, shortlisted=True).count() == 5
    assert Ballot.objects.filter(round=rnd).count() == 30
    results = Counter(StageResult.objects.filter(nomination__round=rnd).values_list("stage", flat=True))
    assert results == {"working": 7, "vote": 5, "committee": 5}
    assert not ReviewAssignment.objects.filter(nomination__round=rnd, recused=False, submitted_at__isnull=True).exists()
    assert CommitteeMeeting.objects.get(round=rnd).decided_at is not None
    graded = Award.objects.filter(nomination__round=rnd).exclude(grade="").prefetch_related("nomination__members")
    people = Counter()
    for award in graded:
        assert award.confirmed_at is not None
        people[award.grade] += award.nomination.members.count()
    assert Counter(graded.values_list("grade", flat=True)) == {g: 1 for g in Grade.values}
    assert people == {Grade.TOP: 1, Grade.EXCELLENT: 2, Grade.ENCOURAGEMENT: 2, Grade.CHALLENGE: 1}
    # Every moment recorded lies in its window: the round was shifted as a whole.
    assert all(rnd.nominations_open_at <= n.submitted_at for n in Nomination.objects.filter(round=rnd))
    assert all(rnd.vote_start_at <= b.cast_at < rnd.vote_end_at for b in Ballot.objects.filter(round=rnd))
    assert "30 ballots" in output


@pytest.mark.parametrize(
    ("until", "phase"),
    [
        ("nominations", RoundPhase.NOMINATIONS_OPEN),
        ("verification", RoundPhase.VERIFICATION),
        ("working_review", RoundPhase.WORKING_REVIEW),
        ("vote", RoundPhase.ONLINE_VOTE),
        ("committee", RoundPhase.COMMITTEE_REVIEW),
    ],
)
def test_simulate_round_until_leaves_the_round_in_that_stage(organisation, until, phase):
    simulate("--until", until)

    rnd = SelectionRound.objects.get(year=2025, half=1)
    assert rnd.phase() == phase
    states = Counter(Nomination.objects.filter(round=rnd).values_list("state", flat=True))
    working = ReviewAssignment.objects.filter(nomination__round=rnd, stage=ScoredStage.WORKING)
    if until == "nominations":
        assert states[NominationState.DRAFT] >= 1
        assert states[NominationState.SUBMITTED] >= 1
        assert states[NominationState.VERIFIED] >= 1  # verification is allowed while the window is open
        assert working.exists()
        assert not working.filter(submitted_at__isnull=False).exists()
        return
    assert states == {NominationState.VERIFIED: 7, NominationState.REJECTED: 1}
    if until == "verification":
        assert working.exists()
        assert not working.filter(submitted_at__isnull=False).exists()
        assert rnd.shortlist_confirmed_at is None
        return
    assert rnd.shortlist_confirmed_at is not None
    ballots = Ballot.objects.filter(round=rnd).count()
    if until == "working_review":
        assert ballots == 0
        return
    assert ballots == 30
    if until == "vote":
        assert rnd.tally_frozen_at is None
        return
    assert rnd.tally_frozen_at is not None
    committee = ReviewAssignment.objects.filter(nomination__round=rnd, stage=ScoredStage.COMMITTEE)
    assert committee.filter(submitted_at__isnull=False).exists()
    assert not Award.objects.filter(nomination__round=rnd).exists()


def test_simulate_round_refuses_an_existing_round(organisation):
    simulate("--until", "nominations")

    with pytest.raises(CommandError, match="already exists"):
        simulate()


def test_simulate_round_refuses_a_shortlist_longer_than_the_nominations(organisation):
    with pytest.raises(CommandError, match="three more cases"):
        call_command("simulate_round", "--year", "2025", "--half", "1", "--nominations", "6", "--shortlist", "5")
    assert not SelectionRound.objects.exists()


def test_busan_plan_gives_fourteen_officials_over_three_five_two_one_cases():
    config = SimulationConfig(year=2025, half=1)
    cases = plan_cases(config, random.Random(1))

    rules = {r["grade"]: r for r in grade_rules(20)}
    assert [rules[g]["quota"] for g in (Grade.TOP, Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE)] == [
        3,
        5,
        2,
        1,
    ]
    assert rules[Grade.TOP]["prize_money"] == 2_000_000
    assert rules[Grade.CHALLENGE]["prize_money"] == 500_000
    winners = cases[:11]
    assert [c.team_size for c in winners] == [s for g in BUSAN_TEAMS for s in BUSAN_TEAMS[g]]
    assert sum(c.team_size for c in winners) == 14
    assert winners[-1].case_type == "challenge"
    assert all(c.case_type == "best_practice" for c in winners[:-1])
    assert len(cases) == 44
    assert sum(c.citizen for c in cases) == 3
    assert Counter(c.fate for c in cases) == {"verified": 41, "returned": 2, "rejected": 1}


def test_busan_ballots_hold_one_to_ten_picks_and_keep_the_popularity_order():
    counts = _vote_targets(20, 2600, 10, random.Random(3))
    ballots = _ballots(2600, counts, 10)

    assert all(1 <= len(b) <= 10 and len(set(b)) == len(b) for b in ballots)
    tally = Counter(case for b in ballots for case in b)
    assert [tally[i] for i in range(20)] == counts
    assert all(a > b for a, b in zip(counts, counts[1:], strict=False))


def test_split_points_keeps_every_criterion_within_its_maximum():
    from decimal import Decimal

    maxima = [Decimal(50), Decimal(25), Decimal(15), Decimal(10)]
    rng = random.Random(5)
    for total in (Decimal(0), Decimal("37.5"), Decimal("88"), Decimal(100)):
        parts = split_points(total, maxima, rng)
        assert sum(parts) == total
        assert all(0 <= p <= m for p, m in zip(parts, maxima, strict=False))


def test_a_simulated_past_round_issues_its_certificates_on_its_own_dates(organisation):
    from proactive.nominations.models import Certificate, Incentive

    simulate()
    meeting = CommitteeMeeting.objects.get(round__year=2025, round__half=1)
    certificates = Certificate.objects.filter(award__nomination__round__year=2025)
    assert certificates.exists()
    assert {c.issued_at.date() for c in certificates} == {meeting.decided_at.date()}
    incentives = Incentive.objects.filter(award__nomination__round__year=2025)
    assert {i.created_at.date() for i in incentives} == {meeting.decided_at.date()}
