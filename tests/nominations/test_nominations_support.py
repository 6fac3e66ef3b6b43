"""Shared helpers for the nomination tests (no tests here): people, a complete nomination, the kinds fixture."""

import pytest

from proactive.accounts.enums import Role
from proactive.nominations.enums import CaseType, NominationState, NominatorType
from proactive.nominations.models import Nomination, NominationMember
from proactive.nominations.services.nominations import register_notification_kinds
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, UserFactory
from tests.factories.nominations import SelectionRoundFactory

COMPLETE = {
    "case_type": CaseType.BEST_PRACTICE,
    "title": "민원 처리기간 단축",
    "summary": "인허가 민원 처리기간을 30일에서 7일로 줄였다.",
    "problem": "중복 서류 제출",
    "action": "관계부서 협의로 서류를 통합",
    "outcome": "처리기간 단축",
    "quantified_results": "30일 → 7일",
}


@pytest.fixture(autouse=True)
def _kinds():
    register_notification_kinds()


def secretariat():
    return make_staff(Role.SECRETARIAT)


def nomination(*, state=NominationState.DRAFT, nominator=None, selection_round=None, members=1, **fields):
    """A complete department nomination written straight to the database, with ``members`` team members who
    each have a sign-in account (contributions split to 100)."""
    nominator = nominator or UserFactory()
    data = {**COMPLETE, **fields}
    obj = Nomination.objects.create(
        round=selection_round or SelectionRoundFactory(),
        state=state,
        nominated_by=nominator,
        nominator_type=data.pop("nominator_type", NominatorType.DEPARTMENT),
        nominating_unit=nominator.official.unit if nominator.official_id else None,
        **data,
    )
    shares = [100 // members] * members if members else []
    if shares:
        shares[0] += 100 - sum(shares)
    for share in shares:
        NominationMember.objects.create(nomination=obj, official=UserFactory().official, contribution=share)
    return obj


def official_without_account():
    return OfficialFactory()
