"""The helper other apps decide their matters with keeps working."""

import pytest

from proactive.committee.enums import AgendaState, MeetingState
from proactive.committee.services.agenda import table_item
from tests.committee import support
from tests.committee.conftest import DECIDED, TEST_KIND

pytestmark = pytest.mark.django_db


def test_decide_takes_a_tabled_matter_to_a_decision():
    item = table_item(actor=None, kind=TEST_KIND, subject_id=7, title="시험 안건 1")

    decided = support.decide(item, "approved", resolution="원안대로 의결")

    assert decided.state == AgendaState.DECIDED
    assert decided.outcome == "approved"
    assert decided.votes_for == 3
    assert decided.present == 3
    assert decided.decision_number.startswith("위원회-")
    assert decided.meeting.state == MeetingState.HELD
    assert [(None, decided.pk)] == DECIDED


def test_decide_twice_in_one_test_reuses_the_members():
    first = support.decide(table_item(actor=None, kind=TEST_KIND, subject_id=1, title="가"), "approved")
    second = support.decide(table_item(actor=None, kind=TEST_KIND, subject_id=2, title="나"), "rejected")

    assert first.meeting_id != second.meeting_id
    assert second.outcome == "rejected"
    assert first.decision_number != second.decision_number
