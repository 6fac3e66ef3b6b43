"""Incentive screens: the winner's "My awards" and choice, HR's list and row actions (plain and htmx), the
permission denials of every URL and constant query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import Benefit, IncentiveState
from proactive.nominations.models import Incentive
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.nominations.test_incentives_support import (  # noqa: F401  (_incentive_kinds is an autouse fixture)
    _incentive_kinds,
    confirmed_award,
    grade_rule,
    hr,
    winner_of,
    winning_round,
)

pytestmark = pytest.mark.django_db
S = IncentiveState


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _at(incentive, state, **fields):
    Incentive.objects.filter(pk=incentive.pk).update(state=state, **fields)
    incentive.refresh_from_db()
    return incentive


def _list_url(rnd, **query):
    url = reverse("nominations:incentive-list", args=[rnd.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- Permission denials --------------------------------------------------------------------------------------


def test_my_awards_is_refused_to_a_citizen(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("nominations:my-awards")).status_code == 403


@pytest.mark.parametrize("name", ["nominations:incentive-rounds"])
@pytest.mark.parametrize("role", [Role.COMMITTEE_CHAIR, Role.REVIEWER, Role.AUDIT_OFFICER])
def test_hr_index_is_refused_to_others(client, name, role):
    login_verified(client, make_staff(role))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", [Role.COMMITTEE_CHAIR, Role.REVIEWER, Role.OFFICIAL])
def test_round_list_and_payments_are_refused_to_others(client, role):
    rnd, (first, _second) = winning_round()
    user = winner_of(first) if role == Role.OFFICIAL else make_staff(role)
    login_verified(client, user)
    assert client.get(_list_url(rnd)).status_code == 403
    url = reverse("nominations:incentive-payments", args=[rnd.pk, "csv"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "지급"}).status_code == 403


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.OFFICIAL, Role.COMMITTEE_CHAIR])
def test_hr_row_actions_are_refused_to_everyone_but_hr(client, role):
    _rnd, (first, _second) = winning_round()
    user = winner_of(first) if role == Role.OFFICIAL else make_staff(role)
    login_verified(client, user)
    prefix = f"incentive-{first.pk}"
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    url = reverse("nominations:incentive-eligibility", args=[first.pk])
    assert client.post(url, {f"{prefix}-eligible": "yes"}).status_code == 403
    _at(first, S.ELIGIBLE)
    url = reverse("nominations:incentive-decide", args=[first.pk])
    assert client.post(url, {f"{prefix}-reference": "인사과-1"}).status_code == 403
    _at(first, S.DECIDED)
    url = reverse("nominations:incentive-applied", args=[first.pk])
    assert client.post(url, {f"{prefix}-applied_on": timezone.localdate().isoformat()}).status_code == 403
    first.refresh_from_db()
    assert first.state == S.DECIDED


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.REVIEWER])
def test_creating_incentives_is_refused_to_others(client, role):
    award = confirmed_award()
    grade_rule(award.nomination.round)
    login_verified(client, UserFactory() if role == Role.OFFICIAL else make_staff(role))
    assert client.post(reverse("nominations:incentive-create", args=[award.nomination.round_id])).status_code == 403
    assert not Incentive.objects.exists()


def test_choosing_for_someone_else_is_a_404(client):
    _rnd, (first, second) = winning_round()
    login_verified(client, winner_of(first))
    url = reverse("nominations:incentive-choose", args=[second.pk])
    response = client.post(url, {f"incentive-{second.pk}-benefit": Benefit.SPECIAL_STEP})
    assert response.status_code == 404
    second.refresh_from_db()
    assert second.state == S.AWAITING_CHOICE


def test_hr_cannot_choose_through_the_winners_page(client):
    _rnd, (first, _second) = winning_round()
    login_verified(client, hr())
    url = reverse("nominations:incentive-choose", args=[first.pk])
    assert client.post(url, {f"incentive-{first.pk}-benefit": Benefit.SPECIAL_STEP}).status_code == 404


# --- The winner ----------------------------------------------------------------------------------------------


def test_an_official_without_awards_sees_an_empty_page(client):
    login_verified(client, UserFactory())
    response = client.get(reverse("nominations:my-awards"))
    assert response.status_code == 200
    assert "You have no awards yet." in response.content.decode()


def test_the_winner_sees_the_award_and_chooses_a_benefit(client):
    _rnd, (first, second) = winning_round()
    login_verified(client, winner_of(first))
    page = client.get(reverse("nominations:my-awards")).content.decode()
    assert first.award.nomination.title in page
    assert "Top award (최우수)" in page
    assert "1,200,000 won" in page
    assert "Special step increase (특별승급)" in page
    assert "800,000 won" not in page  # the teammate's share is theirs
    url = reverse("nominations:incentive-choose", args=[first.pk])
    response = client.post(url, {f"incentive-{first.pk}-benefit": Benefit.SPECIAL_STEP})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.state, first.benefit) == (S.CHOSEN, Benefit.SPECIAL_STEP)


@pytest.mark.parametrize("benefit", ["", Benefit.REWARD_LEAVE])
def test_a_missing_or_disallowed_choice_is_shown_as_an_error(client, benefit):
    _rnd, (first, _second) = winning_round()
    login_verified(client, winner_of(first))
    url = reverse("nominations:incentive-choose", args=[first.pk])
    response = client.post(url, {f"incentive-{first.pk}-benefit": benefit})
    assert response.status_code == 400
    assert "Choose one of the benefits your grade allows." in response.content.decode()
    first.refresh_from_db()
    assert first.state == S.AWAITING_CHOICE


def test_the_winner_sees_hrs_note_when_ineligible_and_can_choose_again(client):
    _rnd, (first, _second) = winning_round()
    _at(first, S.INELIGIBLE, benefit=Benefit.SPECIAL_STEP, hr_note="특별승급 한도 초과")
    login_verified(client, winner_of(first))
    page = client.get(reverse("nominations:my-awards")).content.decode()
    assert "특별승급 한도 초과" in page
    assert reverse("nominations:incentive-choose", args=[first.pk]) in page


def test_a_grade_without_benefits_shows_no_choice(client):
    _rnd, (first, _second) = winning_round(benefits=[])
    login_verified(client, winner_of(first))
    page = client.get(reverse("nominations:my-awards")).content.decode()
    assert "This grade carries no personnel benefit to choose." in page
    assert reverse("nominations:incentive-choose", args=[first.pk]) not in page


# --- HR ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.HR_OFFICER, Role.SECRETARIAT])
def test_hr_and_secretariat_see_the_rounds_and_the_list(client, role):
    rnd, (first, _second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    login_verified(client, make_staff(role))
    index = client.get(reverse("nominations:incentive-rounds")).content.decode()
    assert _list_url(rnd) in index
    page = client.get(_list_url(rnd)).content.decode()
    assert first.member.official.employee_no in page
    form_action = reverse("nominations:incentive-eligibility", args=[first.pk])
    assert (form_action in page) == (role == Role.HR_OFFICER)


def test_the_state_filter_narrows_the_list(client):
    rnd, (first, second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    login_verified(client, hr())
    page = client.get(_list_url(rnd, state=S.CHOSEN)).content.decode()
    assert first.member.official.employee_no in page
    assert second.member.official.employee_no not in page


def test_hr_walks_an_incentive_through_with_plain_posts(client):
    rnd, (first, _second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    login_verified(client, hr())
    prefix = f"incentive-{first.pk}"
    response = client.post(
        reverse("nominations:incentive-eligibility", args=[first.pk]), {f"{prefix}-eligible": "yes", "filter": "chosen"}
    )
    assert response.status_code == 302
    assert response["Location"] == _list_url(rnd, state="chosen")
    response = client.post(reverse("nominations:incentive-decide", args=[first.pk]), {f"{prefix}-reference": "인사-7"})
    assert response.status_code == 302
    today = timezone.localdate().isoformat()
    response = client.post(reverse("nominations:incentive-applied", args=[first.pk]), {f"{prefix}-applied_on": today})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.state, first.decision_reference) == (S.APPLIED, "인사-7")


def test_ineligible_without_a_note_keeps_the_input(client):
    rnd, (first, _second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    login_verified(client, hr())
    prefix = f"incentive-{first.pk}"
    url = reverse("nominations:incentive-eligibility", args=[first.pk])
    response = client.post(url, {f"{prefix}-eligible": "no", f"{prefix}-note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Explain why the benefit is not possible." in page
    no_radio = re.search(rf'<input[^>]*name="{prefix}-eligible"[^>]*value="no"[^>]*>', page).group(0)
    assert "checked" in no_radio
    assert "<legend>Eligibility" in page
    first.refresh_from_db()
    assert first.state == S.CHOSEN


def test_a_refused_date_is_shown_with_what_was_typed(client):
    _rnd, (first, _second) = winning_round()
    _at(first, S.DECIDED, benefit=Benefit.SPECIAL_STEP, decided_at=timezone.now())
    login_verified(client, hr())
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    url = reverse("nominations:incentive-applied", args=[first.pk])
    response = client.post(url, {f"incentive-{first.pk}-applied_on": future})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The day it was applied cannot be in the future." in page
    assert f'value="{future}"' in page


def test_htmx_gets_the_row_back(client):
    _rnd, (first, _second) = winning_round()
    _at(first, S.ELIGIBLE, benefit=Benefit.SPECIAL_STEP)
    login_verified(client, hr())
    url = reverse("nominations:incentive-decide", args=[first.pk])
    response = client.post(url, {f"incentive-{first.pk}-reference": "인사-9"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    row = response.content.decode()
    assert row.strip().startswith(f'<tr id="incentive-{first.pk}"')
    assert "The decision was recorded." in row
    assert reverse("nominations:incentive-applied", args=[first.pk]) in row
    error = client.post(
        reverse("nominations:incentive-applied", args=[first.pk]),
        {f"incentive-{first.pk}-applied_on": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert "Enter a valid date." in error.content.decode()


def test_a_stale_step_is_refused_without_change(client):
    rnd, (first, _second) = winning_round()
    login_verified(client, hr())
    url = reverse("nominations:incentive-decide", args=[first.pk])
    response = client.post(url, {f"incentive-{first.pk}-reference": "인사-1"}, follow=True)
    assert "This step is not possible from the current state." in response.content.decode()
    first.refresh_from_db()
    assert first.state == S.AWAITING_CHOICE


def test_hr_creates_missing_incentives_from_the_list(client):
    award = confirmed_award()
    rnd = award.nomination.round
    grade_rule(rnd)
    login_verified(client, hr())
    response = client.post(reverse("nominations:incentive-create", args=[rnd.pk]))
    assert response.status_code == 302
    assert Incentive.objects.filter(award=award).count() == 2


# --- Query counts --------------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _round_with(n):
    rnd, incentives = winning_round(contributions=(100,))
    for rank in range(2, n + 1):
        confirmed_award(rnd, contributions=(100,), rank=rank)
    from proactive.nominations.services.incentives import create_incentives  # the helper made the first only

    create_incentives(actor=hr(), round=rnd)
    _at(incentives[0], S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    return rnd


def test_hr_list_query_count_does_not_grow_with_rows(client):
    one, three = _round_with(1), _round_with(3)
    assert Incentive.objects.filter(award__nomination__round=three).count() == 3
    login_verified(client, hr())
    _queries(client, _list_url(one))
    assert _queries(client, _list_url(one)) == _queries(client, _list_url(three))


def test_rounds_index_query_count_does_not_grow_with_rounds(client):
    login_verified(client, hr())
    _round_with(1)
    _queries(client, reverse("nominations:incentive-rounds"))
    before = _queries(client, reverse("nominations:incentive-rounds"))
    _round_with(2)
    _round_with(1)
    assert _queries(client, reverse("nominations:incentive-rounds")) == before


def test_my_awards_query_count_does_not_grow_with_awards(client):
    rnd, (first, _second) = winning_round()
    user = winner_of(first)
    login_verified(client, user)
    _queries(client, reverse("nominations:my-awards"))
    before = _queries(client, reverse("nominations:my-awards"))
    for rank in (2, 3):
        award = confirmed_award(rnd, contributions=(100,), rank=rank)
        Incentive.objects.create(award=award, member=award.nomination.members.get(), prize_amount=10)
        award.nomination.members.update(official=user.official)
    assert Incentive.objects.filter(member__official=user.official).count() == 3
    assert _queries(client, reverse("nominations:my-awards")) == before
