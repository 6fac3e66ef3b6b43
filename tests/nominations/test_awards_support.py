"""Shared helpers for the results-area tests (no tests here): a round whose grades the committee confirmed, confirmed
awards, cases not selected, and the people of a re-nomination (the unit's head, HR, the secretariat)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import Consent, Grade, NominationState
from proactive.nominations.models import Award, CommitteeMeeting
from proactive.nominations.services import committee as committee_services
from proactive.nominations.services.awards import register_award_notification_kinds
from tests.conftest import make_staff
from tests.nominations.test_committee_support import case, committee_round, member, quotas, score
from tests.nominations.test_nominations_support import nomination, secretariat


@pytest.fixture(autouse=True)
def _award_kinds():
    register_award_notification_kinds()


def decided_round(*, decided=True, **fields):
    """A round past its vote with the committee meeting recorded and (``decided``) the grades confirmed."""
    rnd = committee_round(**fields)
    now = timezone.now()
    CommitteeMeeting.objects.create(
        round=rnd,
        held_at=now - datetime.timedelta(hours=2),
        place="시청 회의실",
        decision="원안 의결" if decided else "",
        decided_at=now if decided else None,
    )
    return rnd


def confirmed_award(rnd, *, grade=Grade.TOP, rank=1, confirmed=True, consent=Consent.GIVEN, members=2, **fields):
    """A shortlisted case of ``rnd`` with an award of ``grade`` ("" for none), confirmed unless told otherwise."""
    nom = case(rnd, consent=consent, members=members, **fields)
    return Award.objects.create(
        nomination=nom,
        total=Decimal("90") - rank,
        rank=rank,
        proposed_grade=grade,
        grade=grade,
        confirmed_at=timezone.now() if confirmed else None,
    )


def not_selected_case(rnd, *, shortlisted=False, **fields):
    """A verified case of ``rnd`` that got no grade: shortlisted with an ungraded award, or not shortlisted."""
    if shortlisted:
        return confirmed_award(rnd, grade="", rank=99, **fields).nomination
    return nomination(state=NominationState.VERIFIED, selection_round=rnd, members=fields.pop("members", 2), **fields)


def head_of(nom):
    """The department head of ``nom``'s nominating unit (second factor set up)."""
    return make_staff(Role.DEPARTMENT_HEAD, unit=nom.nominating_unit)


def hr_officer():
    return make_staff(Role.HR_OFFICER)


def confirm_through_services(rnd, *noms, top=1):
    """Score, propose and confirm ``noms`` of ``rnd`` with the committee's own services (first ranks highest)."""
    quotas(rnd, top=top)
    m = member()
    for i, nom in enumerate(noms):
        score(nom, m, 60 - i * 5, 40 - i * 5)
    committee_services.propose_grades(actor=secretariat(), round=rnd)
    chair = member(Role.COMMITTEE_CHAIR)
    committee_services.record_meeting(actor=secretariat(), round=rnd, held_at=rnd.vote_end_at, place="회의실")
    return committee_services.confirm_grades(actor=chair, round=rnd, decision="원안 의결")
