import datetime

import pytest

from proactive.nominations.enums import RoundPhase, RoundStatus
from tests.factories.nominations import SelectionRoundFactory

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def rnd():
    return SelectionRoundFactory()


@pytest.mark.parametrize(
    ("boundary", "before", "at"),
    [
        ("nominations_open_at", RoundPhase.ANNOUNCED, RoundPhase.NOMINATIONS_OPEN),
        ("nominations_close_at", RoundPhase.NOMINATIONS_OPEN, RoundPhase.VERIFICATION),
        ("verification_end_at", RoundPhase.VERIFICATION, RoundPhase.WORKING_REVIEW),
        ("vote_start_at", RoundPhase.WORKING_REVIEW, RoundPhase.ONLINE_VOTE),
        ("vote_end_at", RoundPhase.ONLINE_VOTE, RoundPhase.COMMITTEE_REVIEW),
        ("announce_at", RoundPhase.COMMITTEE_REVIEW, RoundPhase.ANNOUNCEMENT),
    ],
)
def test_phase_changes_exactly_at_each_boundary(rnd, boundary, before, at):
    moment = getattr(rnd, boundary)
    assert rnd.phase(moment - SECOND) == before
    assert rnd.phase(moment) == at


def test_draft_and_closed_rounds_ignore_their_dates(rnd):
    rnd.status = RoundStatus.DRAFT
    assert rnd.phase(rnd.nominations_open_at) == RoundPhase.DRAFT
    rnd.status = RoundStatus.CLOSED
    assert rnd.phase(rnd.nominations_open_at) == RoundPhase.CLOSED


def test_the_factory_round_takes_nominations_now(rnd):
    assert rnd.nominations_open()
