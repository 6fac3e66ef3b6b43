import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proactive.accounts.enums import OrgUnitKind
from proactive.nominations.enums import CaseType, Grade, NominationState
from proactive.nominations.queries.statistics import programme_statistics
from tests.factories.accounts import OrgUnitFactory, UserFactory
from tests.nominations.test_statistics_support import an_official, award, case, past_round

pytestmark = pytest.mark.django_db


def test_only_verified_nominations_of_confirmed_rounds_are_best_practices():
    rnd = past_round(2021, 1)
    winner = case(rnd)
    award(winner)
    case(rnd)  # verified, not shortlisted: still found and shared
    for state in (
        NominationState.REJECTED,
        NominationState.WITHDRAWN,
        NominationState.DRAFT,
        NominationState.SUBMITTED,
        NominationState.RETURNED,
        NominationState.MERGED,
    ):
        case(rnd, state=state)
    unconfirmed = past_round(2021, 2)
    award(case(unconfirmed), confirmed=False)
    case(unconfirmed)

    stats = programme_statistics()

    assert stats.best_practices == 2
    assert [r.round for r in stats.rounds] == [rnd]


def test_an_official_on_two_winning_cases_counts_once():
    twice = an_official()
    first = past_round(2020, 1)
    award(case(first, members=1, officials=[twice]), rank=1)
    award(case(first, members=0, officials=[twice]), rank=2)
    second = past_round(2020, 2)
    award(case(second, members=2, officials=[twice]))

    stats = programme_statistics()

    assert stats.officials == 4  # twice + 1 in 2020 H1 + 2 in 2020 H2
    first_row, second_row = stats.rounds
    assert (first_row.officials, first_row.new_officials, first_row.cumulative_officials) == (2, 2, 2)
    assert (second_row.officials, second_row.new_officials, second_row.cumulative_officials) == (3, 2, 4)
    assert (first_row.awarded_cases, second_row.awarded_cases) == (2, 1)


def test_members_of_ungraded_or_unconfirmed_awards_are_not_selected():
    rnd = past_round(2022, 1)
    award(case(rnd, members=2), grade="")
    award(case(past_round(2022, 2), members=3), confirmed=False)

    stats = programme_statistics()

    assert stats.officials == 0
    assert stats.best_practices == 1


def test_cumulative_totals_run_over_the_halves_and_stop_at_until():
    for year, half, found in ((2019, 1, 2), (2019, 2, 3), (2020, 1, 1)):
        rnd = past_round(year, half)
        award(case(rnd))
        for _ in range(found - 1):
            case(rnd)

    stats = programme_statistics()
    upto = programme_statistics(until=(2019, 2))

    assert [r.cumulative_best_practices for r in stats.rounds] == [2, 5, 6]
    assert [r.cumulative_officials for r in stats.rounds] == [1, 2, 3]
    assert (upto.best_practices, upto.officials, upto.last_round.year, upto.last_round.half) == (5, 2, 2019, 2)


def test_per_unit_type_and_grade():
    city = OrgUnitFactory(kind=OrgUnitKind.CITY, name="부산광역시")
    bureau = OrgUnitFactory(kind=OrgUnitKind.BUREAU, parent=city, name="복지국")
    dept = OrgUnitFactory(parent=bureau, name="복지정책과")
    team = OrgUnitFactory(kind=OrgUnitKind.TEAM, parent=dept, name="복지기획팀")
    district = OrgUnitFactory(kind=OrgUnitKind.DISTRICT, parent=city, name="해운대구")
    rnd = past_round(2023, 1)
    in_team = UserFactory(official__unit=team)
    award(case(rnd, nominator=in_team, members=0, officials=[in_team.official]), grade=Grade.TOP)
    challenge = case(
        rnd,
        nominator=UserFactory(official__unit=district),
        case_type=CaseType.CHALLENGE,
        members=0,
        officials=[UserFactory(official__unit=district).official],
    )
    award(challenge, grade=Grade.CHALLENGE, rank=2)
    case(rnd, nominator=UserFactory(official__unit=dept))

    stats = programme_statistics()

    assert [(r.label, r.best_practices, r.officials) for r in stats.units] == [("복지국", 2, 1), ("해운대구", 1, 1)]
    types = {r.key: (r.best_practices, r.awarded_cases, r.officials) for r in stats.types}
    assert types == {CaseType.BEST_PRACTICE: (2, 1, 1), CaseType.CHALLENGE: (1, 1, 1)}
    grades = {r.key: (r.awarded_cases, r.officials) for r in stats.grades}
    assert grades == {Grade.TOP: (1, 1), Grade.EXCELLENT: (0, 0), Grade.ENCOURAGEMENT: (0, 0), Grade.CHALLENGE: (1, 1)}


def test_a_citizen_nomination_counts_for_its_lead_officials_unit():
    city = OrgUnitFactory(kind=OrgUnitKind.CITY)
    district = OrgUnitFactory(kind=OrgUnitKind.DISTRICT, parent=city, name="사하구")
    rnd = past_round(2023, 2)
    nom = case(rnd, members=0, officials=[UserFactory(official__unit=district).official], nominator_type="citizen")
    nom.nominating_unit = None
    nom.save(update_fields=["nominating_unit"])
    award(nom)

    assert [(r.label, r.best_practices) for r in programme_statistics().units] == [("사하구", 1)]


def _build(rounds: int, per_round: int) -> None:
    for index in range(rounds):
        rnd = past_round(2019 + index // 2, index % 2 + 1)
        for rank in range(1, per_round + 1):
            award(case(rnd, members=2), rank=rank)
        case(rnd, state=NominationState.REJECTED)


def test_statistics_take_the_same_number_of_queries_whatever_the_data():
    _build(1, 1)
    with CaptureQueriesContext(connection) as small:
        programme_statistics()
    for index in range(3):  # a larger data set on top: more rounds, cases and officials
        rnd = past_round(2025 + index, 1)
        for rank in range(1, 5):
            award(case(rnd, members=3), rank=rank)

    with CaptureQueriesContext(connection) as large:
        stats = programme_statistics()

    assert stats.best_practices == 13
    assert len(large.captured_queries) == len(small.captured_queries) == 9
