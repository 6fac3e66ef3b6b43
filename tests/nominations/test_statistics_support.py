"""Shared helpers for the statistics tests (no tests here): rounds with nominations and confirmed awards."""

import datetime
from decimal import Decimal

from django.utils import timezone

from proactive.nominations.enums import Grade, NominationState, RoundStatus
from proactive.nominations.models import Award, NominationMember
from tests.factories.accounts import UserFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import nomination


def past_round(year: int, half: int, **fields):
    """A closed round of ``year``/``half`` whose windows all lie in the past."""
    start = timezone.now() - datetime.timedelta(days=400)
    return SelectionRoundFactory(
        year=year,
        half=half,
        status=fields.pop("status", RoundStatus.CLOSED),
        nominations_open_at=start,
        nominations_close_at=start + datetime.timedelta(days=14),
        **fields,
    )


def case(rnd, *, state=NominationState.VERIFIED, members=1, officials=(), **fields):
    """A nomination of ``rnd``; ``officials`` (Official rows) join its team besides ``members`` new ones."""
    nom = nomination(state=state, selection_round=rnd, members=members, **fields)
    for official in officials:
        NominationMember.objects.create(nomination=nom, official=official, contribution=10)
    return nom


def award(nom, *, grade=Grade.EXCELLENT, rank=1, confirmed=True, total="80"):
    nom.shortlisted = True
    nom.save(update_fields=["shortlisted"])
    return Award.objects.create(
        nomination=nom,
        total=Decimal(total),
        rank=rank,
        proposed_grade=grade,
        grade=grade if confirmed else "",
        inputs={"working": "8.5", "vote": "7.25", "committee": str(Decimal(total) - Decimal("15.75"))},
        confirmed_at=timezone.now() if confirmed else None,
    )


def an_official():
    return UserFactory().official
