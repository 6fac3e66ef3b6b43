import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import Voters
from proactive.nominations.models import VOTE_STRIPES, Ballot, BallotPick, StageResult, VoteCount
from proactive.nominations.services.vote import AlreadyVotedError, cast_ballot, count_picks, freeze_tally, tally
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.nominations.test_nominations_support import nomination
from tests.nominations.test_vote_support import round_in_vote, shortlisted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("voters", "citizen_ok", "official_ok"),
    [(Voters.CITIZENS, True, False), (Voters.OFFICIALS, False, True), (Voters.BOTH, True, True)],
)
def test_cast_ballot_eligibility_follows_the_voters_setting(voters, citizen_ok, official_ok):
    rnd = round_in_vote(voters=voters)
    case = shortlisted(rnd)
    for user, ok in ((CitizenFactory(), citizen_ok), (UserFactory(), official_ok)):
        assert user.has_perm("nominations.cast_ballot", rnd) == ok
        if ok:
            cast_ballot(actor=user, round=rnd, nomination_ids=[case.pk])
        else:
            with pytest.raises(PermissionDeniedError):
                cast_ballot(actor=user, round=rnd, nomination_ids=[case.pk])


def test_unverified_citizens_and_retired_officials_may_not_vote():
    rnd = round_in_vote(voters=Voters.BOTH)
    case = shortlisted(rnd)
    retired = UserFactory()
    retired.official.status = OfficialStatus.RETIRED
    retired.official.save()
    for user in (CitizenFactory(email_verified_at=None), retired):
        assert not user.has_perm("nominations.cast_ballot", rnd)
        with pytest.raises(PermissionDeniedError):
            cast_ballot(actor=user, round=rnd, nomination_ids=[case.pk])


def test_cast_ballot_refused_outside_the_window():
    rnd = round_in_vote()
    case = shortlisted(rnd)
    voter = UserFactory()
    with time_machine.travel(rnd.vote_end_at + datetime.timedelta(seconds=1)):
        assert not voter.has_perm("nominations.cast_ballot", rnd)
        with pytest.raises(DomainError) as exc:
            cast_ballot(actor=voter, round=rnd, nomination_ids=[case.pk])
    assert exc.value.code == "window_closed"
    with time_machine.travel(rnd.vote_start_at - datetime.timedelta(seconds=1)), pytest.raises(DomainError):
        cast_ballot(actor=voter, round=rnd, nomination_ids=[case.pk])
    assert not Ballot.objects.exists()


def test_cast_ballot_picks_limits():
    rnd = round_in_vote(picks_per_ballot=2)
    cases = [shortlisted(rnd) for _ in range(3)]
    voter = UserFactory()
    with pytest.raises(DomainError) as exc:
        cast_ballot(actor=voter, round=rnd, nomination_ids=[])
    assert exc.value.code == "no_picks"
    with pytest.raises(DomainError) as exc:
        cast_ballot(actor=voter, round=rnd, nomination_ids=[c.pk for c in cases])
    assert exc.value.code == "too_many_picks"
    ballot = cast_ballot(actor=voter, round=rnd, nomination_ids=[cases[0].pk, cases[1].pk, cases[1].pk])
    assert ballot.picks.count() == 2


def test_cast_ballot_refuses_a_case_not_shortlisted_or_of_another_round():
    rnd = round_in_vote()
    shortlisted(rnd)
    plain = nomination(selection_round=rnd)
    other = shortlisted(round_in_vote())
    for case in (plain, other):
        with pytest.raises(DomainError) as exc:
            cast_ballot(actor=UserFactory(), round=rnd, nomination_ids=[case.pk])
        assert exc.value.code == "not_shortlisted"
    assert not Ballot.objects.exists()


def test_second_ballot_refused_and_audit_hides_the_picks():
    rnd = round_in_vote()
    a, b = shortlisted(rnd), shortlisted(rnd)
    voter = UserFactory()
    cast_ballot(actor=voter, round=rnd, nomination_ids=[a.pk, b.pk])
    with pytest.raises(AlreadyVotedError, match="이미 투표하셨습니다"):
        cast_ballot(actor=voter, round=rnd, nomination_ids=[a.pk])
    assert Ballot.objects.count() == 1
    assert BallotPick.objects.count() == 2
    event = AuditEvent.objects.get(verb="nominations.ballot_cast")
    assert event.data == {"picks": 2}
    assert str(a.pk) not in str(event.changes)


def test_unique_constraint_is_the_final_guard(monkeypatch):
    """Even when the friendly pre-check misses the first ballot (a race), the database refuses the second."""
    rnd = round_in_vote()
    case = shortlisted(rnd)
    voter = UserFactory()
    cast_ballot(actor=voter, round=rnd, nomination_ids=[case.pk])
    from proactive.nominations.services import vote as module

    real = module.Ballot.objects.filter

    def no_precheck(*args, **kwargs):
        qs = real(*args, **kwargs)
        return qs.none() if kwargs.get("voter_id") else qs

    monkeypatch.setattr(module.Ballot.objects, "filter", no_precheck)
    with pytest.raises(AlreadyVotedError):
        cast_ballot(actor=voter, round=rnd, nomination_ids=[case.pk])
    monkeypatch.undo()
    assert Ballot.objects.count() == 1


def _vote(rnd, counts: dict):
    for case, n in counts.items():
        for _ in range(n):
            cast_ballot(actor=UserFactory(), round=rnd, nomination_ids=[case.pk])


def test_tally_counts_the_picks_in_one_query_when_the_round_has_no_running_counts(django_assert_num_queries):
    rnd = round_in_vote()
    a, b, c = shortlisted(rnd), shortlisted(rnd), shortlisted(rnd)
    _vote(rnd, {a: 1, b: 3})
    with django_assert_num_queries(1):
        assert [(n.pk, v) for n, v in count_picks(rnd)] == [(b.pk, 3), (a.pk, 1), (c.pk, 0)]
    with django_assert_num_queries(3):  # the (missing) counts, the shortlist size, then the picks
        rows = tally(rnd)
    assert [(n.pk, v) for n, v in rows] == [(b.pk, 3), (a.pk, 1), (c.pk, 0)]


def test_ballots_keep_running_counts_that_the_tally_reads_and_freezing_checks(django_assert_num_queries):
    rnd = round_in_vote()
    a, b, c = shortlisted(rnd), shortlisted(rnd), shortlisted(rnd)
    VoteCount.objects.bulk_create(
        VoteCount(nomination=n, stripe=s) for n in (a, b, c) for s in range(VOTE_STRIPES)
    )  # as confirming the shortlist creates them
    _vote(rnd, {a: 2, b: 5})
    assert VoteCount.objects.filter(nomination=b).aggregate(total=Sum("votes"))["total"] == 5
    assert VoteCount.objects.filter(nomination=b, votes__gt=0).count() > 1  # spread over stripes
    with django_assert_num_queries(3):  # the counts, the shortlist size, the cases: none counts the picks
        rows = tally(rnd)
    assert [(n.pk, v) for n, v in rows] == [(b.pk, 5), (a.pk, 2), (c.pk, 0)]
    rnd.vote_end_at = timezone.now() - datetime.timedelta(seconds=1)
    rnd.save(update_fields=["vote_end_at"])
    freeze_tally(actor=make_staff(Role.SECRETARIAT), round=rnd)
    event = AuditEvent.objects.get(verb="nominations.tally_frozen")
    assert event.data["running_counts_agree"] is True


def test_freeze_tally_math_and_refusal_twice():
    rnd = round_in_vote(weight_vote=Decimal("10"))
    a, b, c, d = (shortlisted(rnd) for _ in range(4))
    _vote(rnd, {a: 4, b: 3, c: 3})
    staff = make_staff(Role.SECRETARIAT)
    with pytest.raises(DomainError) as exc:
        freeze_tally(actor=staff, round=rnd)
    assert exc.value.code == "vote_open"
    after = rnd.vote_end_at + datetime.timedelta(minutes=1)
    with time_machine.travel(after):
        with pytest.raises(PermissionDeniedError):
            freeze_tally(actor=UserFactory(), round=rnd)
        freeze_tally(actor=staff, round=rnd)
        with pytest.raises(DomainError) as exc:
            freeze_tally(actor=staff, round=rnd)
    assert exc.value.code == "already_frozen"
    results = {r.nomination_id: r for r in StageResult.objects.filter(stage="vote")}
    assert results[a.pk].points == Decimal("10")
    assert results[b.pk].points == Decimal("7.5")
    assert results[c.pk].points == Decimal("7.5")
    assert results[d.pk].points == Decimal("0")
    assert [results[x.pk].rank for x in (a, b, c, d)] == [1, 2, 2, 4]
    assert results[b.pk].raw == 3
    assert results[b.pk].detail == {"votes": 3, "ballots": 10, "max_votes": 4, "formula": "votes / max votes × weight"}
    rnd.refresh_from_db()
    assert rnd.tally_frozen_at is not None
    assert StageResult.objects.count() == 4


def test_freeze_tally_without_votes_gives_zero_points():
    rnd = round_in_vote()
    case = shortlisted(rnd)
    with time_machine.travel(rnd.vote_end_at):
        freeze_tally(actor=make_staff(Role.SECRETARIAT), round=rnd)
    assert StageResult.objects.get(nomination=case).points == 0
