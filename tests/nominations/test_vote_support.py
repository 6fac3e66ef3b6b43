"""Shared helpers for the online-vote tests (no tests here): a round in its vote window and shortlisted cases."""

import datetime

from django.utils import timezone

from proactive.nominations.enums import Consent, NominationState
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import nomination


def round_in_vote(**kwargs):
    """A published round whose online vote opened an hour ago and closes in a day."""
    now = timezone.now().replace(microsecond=0)
    start = now - datetime.timedelta(hours=1)
    return SelectionRoundFactory(
        nominations_open_at=start - datetime.timedelta(days=30),
        nominations_close_at=start - datetime.timedelta(days=20),
        verification_end_at=start - datetime.timedelta(days=10),
        working_review_end_at=start - datetime.timedelta(days=1),
        vote_start_at=start,
        vote_end_at=now + datetime.timedelta(days=1),
        **kwargs,
    )


def shortlisted(selection_round, *, consent=Consent.GIVEN, members=2, **fields):
    obj = nomination(state=NominationState.VERIFIED, selection_round=selection_round, members=members, **fields)
    obj.shortlisted = True
    obj.save(update_fields=["shortlisted"])
    obj.members.update(consent=consent)
    return obj
