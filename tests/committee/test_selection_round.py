"""The committee's own agenda kind: the final evaluation of a selection round of outstanding officials."""

import pytest
from django.urls import reverse

from proactive.audit.models import AuditEvent
from proactive.committee.agenda import get_kind
from proactive.committee.enums import AgendaState
from proactive.committee.kinds import GRADES_CONFIRMED, SELECTION_ROUND, round_title, rounds_to_table
from proactive.committee.services.selection import table_selection_round
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import RoundStatus
from tests.committee import support
from tests.factories.accounts import UserFactory
from tests.factories.nominations import SelectionRoundFactory

pytestmark = pytest.mark.django_db


def test_the_kind_is_registered_with_its_outcome_and_the_rounds_committee_page():
    kind = get_kind(SELECTION_ROUND)
    assert [value for value, _label in kind.outcomes] == [GRADES_CONFIRMED]
    assert kind.subject_url(12) == reverse("nominations:committee-ranking", args=[12])
    assert not kind.viewer(UserFactory(), 12)


def test_tabling_and_deciding_a_rounds_final_evaluation(committee):
    selection_round = SelectionRoundFactory(year=2025, half=1, status=RoundStatus.PUBLISHED)
    draft = SelectionRoundFactory(year=2026, half=2, status=RoundStatus.DRAFT)
    assert selection_round in rounds_to_table()
    assert draft not in rounds_to_table()

    item = table_selection_round(actor=committee.secretariat, round=selection_round)

    assert item.title == "2025년 상반기 적극행정 우수공무원 선발 최종 평가" == round_title(selection_round)
    assert selection_round not in rounds_to_table()
    with pytest.raises(DomainError):
        table_selection_round(actor=committee.secretariat, round=selection_round)
    with pytest.raises(DomainError):
        table_selection_round(actor=committee.secretariat, round=draft)

    decided = support.decide(item, GRADES_CONFIRMED, resolution="선발 등급을 원안대로 확정한다.")

    assert decided.state == AgendaState.DECIDED
    event = AuditEvent.objects.get(verb="committee.selection_round_evaluated")
    assert event.target_id == str(selection_round.pk)
    assert event.data["decision"] == decided.decision_number


def test_only_the_secretariat_tables_a_round():
    with pytest.raises(PermissionDeniedError):
        table_selection_round(actor=UserFactory(), round=SelectionRoundFactory(status=RoundStatus.PUBLISHED))
