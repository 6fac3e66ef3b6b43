"""The prize split: whole 원, largest remainder, always adding up to the grade's prize money."""

import pytest

from proactive.nominations.services.incentives import split_prize


@pytest.mark.parametrize(
    ("prize", "contributions", "expected"),
    [
        (2_000_000, [100], [2_000_000]),
        (1_000_000, [33, 33, 33], [333_334, 333_333, 333_333]),
        (100, [33, 33, 34], [33, 33, 34]),
        (0, [50, 50], [0, 0]),
        (0, [100], [0]),
        (1_000_000, [60, 40], [600_000, 400_000]),
        # Not adding up to 100: normalised (30:30 is half each).
        (1_000_001, [30, 30], [500_001, 500_000]),
        (10, [70, 20], [8, 2]),
        (7, [1, 1, 1], [3, 2, 2]),
        (1, [10, 90], [0, 1]),
    ],
)
def test_split_prize(prize, contributions, expected):
    shares = split_prize(prize, contributions)
    assert shares == expected
    assert sum(shares) == prize


def test_split_prize_gives_the_leftover_to_the_largest_remainder_not_the_first_member():
    # 101 by 10:45:45 → 10.1, 45.45, 45.45 → floors 10, 45, 45 (100); one 원 left for the largest remainder,
    # a tie between the two 45s goes to the larger contribution, then the earlier member.
    assert split_prize(101, [10, 45, 45]) == [10, 46, 45]
    assert split_prize(101, [45, 10, 45]) == [46, 10, 45]
    # 100 by 5:5:90 → 5.0, 5.0, 90.0 exactly: nothing to distribute.
    assert split_prize(100, [5, 5, 90]) == [5, 5, 90]


def test_split_prize_treats_all_zero_contributions_as_equal():
    assert split_prize(10, [0, 0]) == [5, 5]


@pytest.mark.parametrize("prize", [1, 2, 3, 99, 1_000_003, 3_333_333])
@pytest.mark.parametrize("contributions", [[33, 33, 33], [1, 2, 97], [17, 29, 31, 23], [50, 25, 24]])
def test_split_prize_always_adds_up(prize, contributions):
    shares = split_prize(prize, contributions)
    assert sum(shares) == prize
    exact = [prize * c / sum(contributions) for c in contributions]
    assert all(abs(s - e) < 1 for s, e in zip(shares, exact, strict=True))


def test_split_prize_of_no_team_is_empty():
    assert split_prize(500_000, []) == []
