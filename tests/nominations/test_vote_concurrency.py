"""Many voters at once, and one voter submitting many times: the database keeps exactly one ballot each.

Runs on SQLite (WAL, IMMEDIATE transactions) by default and on PostgreSQL with DATABASE_URL=postgres://….
"""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from proactive.core.exceptions import DomainError
from proactive.nominations.models import VOTE_STRIPES, Ballot, BallotPick, VoteCount
from proactive.nominations.services.vote import AlreadyVotedError, cast_ballot
from tests.factories.accounts import UserFactory
from tests.nominations.test_nominations_support import _kinds  # noqa: F401
from tests.nominations.test_vote_support import round_in_vote, shortlisted


@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_one_per_voter():
    rnd = round_in_vote(picks_per_ballot=2)
    a, b = shortlisted(rnd), shortlisted(rnd)
    VoteCount.objects.bulk_create(VoteCount(nomination=n, stripe=s) for n in (a, b) for s in range(VOTE_STRIPES))
    voters = [UserFactory() for _ in range(50)]
    repeat = voters[0]
    jobs = [(v, [a.pk, b.pk]) for v in voters] + [(repeat, [a.pk, b.pk]) for _ in range(10)]
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(voter, ids):
        try:
            barrier.wait()
            try:
                cast_ballot(actor=voter, round=rnd, nomination_ids=ids)
                result = "ok"
            except AlreadyVotedError:
                result = "already"
            except DomainError as exc:
                result = f"error:{exc.code}"
            except Exception as exc:  # noqa: BLE001  (reported below, never swallowed)
                result = f"crash:{type(exc).__name__}:{exc}"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert set(outcomes) <= {"ok", "already"}, outcomes
    assert outcomes.count("ok") == 50
    assert outcomes.count("already") == 10
    assert Ballot.objects.filter(round=rnd).count() == 50
    assert Ballot.objects.filter(round=rnd, voter=repeat).count() == 1
    picks = BallotPick.objects.filter(ballot__round=rnd)
    assert picks.count() == 100  # no lost or doubled picks
    assert picks.filter(nomination=a).count() == 50
    assert picks.filter(nomination=b).count() == 50
    # The running counts were updated by 50 concurrent ballots without losing one.
    assert VoteCount.objects.filter(nomination=a).aggregate(total=Sum("votes"))["total"] == 50
    assert VoteCount.objects.filter(nomination=b).aggregate(total=Sum("votes"))["total"] == 50
