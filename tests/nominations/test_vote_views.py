"""The online vote through HTTP: who may open what, and that nobody sees the tally before the window closes."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.models import Ballot, BallotPick
from proactive.nominations.queries.vote import anomaly_flags
from proactive.nominations.services.vote import cast_ballot
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, UserFactory
from tests.nominations.test_vote_support import round_in_vote, shortlisted

pytestmark = pytest.mark.django_db


def test_results_page_during_the_vote_shows_no_per_case_counts(client):
    selection_round = round_in_vote()
    case = shortlisted(selection_round, title="유일한제목케이스")
    voter = CitizenFactory()
    cast_ballot(actor=voter, round=selection_round, nomination_ids=[case.pk])
    secretariat = make_staff(Role.SECRETARIAT)
    login_verified(client, secretariat)

    html = client.get(reverse("nominations:vote-results", args=[selection_round.pk])).content.decode()

    assert "유일한제목케이스" not in html  # no per-case rows before the window closes
    assert not secretariat.has_perm("nominations.view_tally", selection_round)


def test_results_page_after_the_vote_shows_the_tally(client):
    selection_round = round_in_vote()
    case = shortlisted(selection_round, title="집계가보이는케이스")
    cast_ballot(actor=CitizenFactory(), round=selection_round, nomination_ids=[case.pk])
    secretariat = make_staff(Role.SECRETARIAT)
    with time_machine.travel(selection_round.vote_end_at + datetime.timedelta(minutes=1)):
        login_verified(client, secretariat)
        html = client.get(reverse("nominations:vote-results", args=[selection_round.pk])).content.decode()
    assert "집계가보이는케이스" in html


@pytest.mark.parametrize("role", [None, Role.REVIEWER, Role.AUDIT_OFFICER, Role.COMMITTEE_MEMBER])
def test_results_and_freeze_are_denied_to_everyone_but_the_secretariat(client, role):
    selection_round = round_in_vote()
    user = make_staff(role) if role else UserFactory()
    login_verified(client, user)
    assert client.get(reverse("nominations:vote-results", args=[selection_round.pk])).status_code == 403
    assert client.post(reverse("nominations:vote-freeze", args=[selection_round.pk])).status_code == 403


def test_results_and_freeze_require_sign_in(client):
    selection_round = round_in_vote()
    response = client.get(reverse("nominations:vote-results", args=[selection_round.pk]))
    assert response.status_code == 302
    assert client.post(reverse("nominations:vote-freeze", args=[selection_round.pk])).status_code == 302
    assert Ballot.objects.count() == 0


def test_a_citizen_votes_through_the_page_once(client):
    selection_round = round_in_vote()
    first, second = shortlisted(selection_round), shortlisted(selection_round)
    voter = CitizenFactory()
    client.force_login(voter)
    url = reverse("nominations:vote", args=[selection_round.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"picks": [first.pk, second.pk]})
    assert response.status_code == 302
    again = client.post(url, {"picks": [first.pk]})

    assert again.status_code == 409
    assert Ballot.objects.filter(voter=voter).count() == 1
    assert BallotPick.objects.filter(ballot__voter=voter).count() == 2


def test_a_ballot_after_the_window_is_refused(client):
    selection_round = round_in_vote()
    case = shortlisted(selection_round)
    voter = CitizenFactory()
    with time_machine.travel(selection_round.vote_end_at + datetime.timedelta(seconds=1)):
        client.force_login(voter)
        response = client.post(reverse("nominations:vote", args=[selection_round.pk]), {"picks": [case.pk]})
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


def test_anonymous_visitors_see_the_cases_but_cannot_vote(client):
    selection_round = round_in_vote()
    case = shortlisted(selection_round)
    assert client.get(reverse("nominations:vote", args=[selection_round.pk])).status_code == 200
    response = client.post(reverse("nominations:vote", args=[selection_round.pk]), {"picks": [case.pk]})
    assert response.status_code in (302, 403)
    assert Ballot.objects.count() == 0


def _page_queries(client, selection_round) -> int:
    client.get(reverse("nominations:vote", args=[selection_round.pk]))  # warm per-process caches first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("nominations:vote", args=[selection_round.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_public_vote_page_query_count_does_not_grow_with_cases(client):
    client.force_login(CitizenFactory())
    one = round_in_vote()
    shortlisted(one)
    other = round_in_vote(year=2031)
    for _ in range(3):
        shortlisted(other)
    assert _page_queries(client, one) == _page_queries(client, other)


def test_vote_page_in_korean(client):
    selection_round = round_in_vote()
    shortlisted(selection_round)
    html = client.get(reverse("nominations:vote", args=[selection_round.pk])).content.decode()
    assert '<html lang="ko">' in html
    assert "온라인심사" in html


def _ballots(selection_round, voters, *, at):
    case = shortlisted(selection_round)
    for voter in voters:
        ballot = Ballot.objects.create(round=selection_round, voter=voter, cast_at=at)
        BallotPick.objects.create(ballot=ballot, nomination=case)


def test_burst_of_ballots_is_flagged():
    selection_round = round_in_vote()
    now = timezone.now()
    _ballots(selection_round, [CitizenFactory() for _ in range(5)], at=now)
    codes = [flag.code for flag in anomaly_flags(selection_round, burst_threshold=4)]
    assert "burst" in codes
    assert "burst" not in [flag.code for flag in anomaly_flags(selection_round, burst_threshold=5)]


def test_many_new_accounts_are_flagged():
    selection_round = round_in_vote()
    now = timezone.now()
    old = [CitizenFactory(date_joined=now - datetime.timedelta(days=30)) for _ in range(2)]
    new = [CitizenFactory(date_joined=now - datetime.timedelta(hours=2)) for _ in range(3)]
    _ballots(selection_round, old + new, at=now)
    assert "new_accounts" in [flag.code for flag in anomaly_flags(selection_round, burst_threshold=100)]


def test_many_ballots_from_one_department_are_flagged():
    selection_round = round_in_vote()
    unit = OrgUnitFactory()
    now = timezone.now() - datetime.timedelta(days=3)
    same_unit = [
        UserFactory(official=OfficialFactory(unit=unit), date_joined=now - datetime.timedelta(days=90))
        for _ in range(8)
    ]
    others = [UserFactory(date_joined=now - datetime.timedelta(days=90)) for _ in range(14)]
    _ballots(selection_round, same_unit + others, at=now)
    flags = anomaly_flags(selection_round, burst_threshold=100)
    assert [flag.code for flag in flags] == ["one_department"]
