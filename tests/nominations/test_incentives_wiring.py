"""The incentives area's wiring: created inside the committee's confirmation, the dashboard panels and the menu."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.nominations.enums import Benefit, IncentiveState
from proactive.nominations.models import Incentive
from proactive.nominations.services import committee
from proactive.nominations.services.incentives import create_incentives
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import UserFactory
from tests.nominations.test_committee_support import (  # noqa: F401  (autouse fixtures)
    _committee_kinds,
    case,
    committee_round,
    member,
    score,
)
from tests.nominations.test_incentives_support import (  # noqa: F401  (_incentive_kinds is an autouse fixture)
    _incentive_kinds,
    grade_rule,
    hr,
    winner_of,
    winning_round,
)
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db
PANEL = '<h2 id="panel-nominations-incentive-choice">Choose your personnel benefit</h2>'


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_incentives_are_created_inside_the_confirmation_transaction():
    rnd = committee_round()
    grade_rule(rnd, prize=1_000_000, quota=1)
    first, second = case(rnd, members=3), case(rnd)
    m = member()
    score(first, m, 60, 40)
    score(second, m, 10, 10)
    staff = secretariat()
    committee.propose_grades(actor=staff, round=rnd)
    committee.record_meeting(actor=staff, round=rnd, held_at=timezone.now())
    chair = member(Role.COMMITTEE_CHAIR)
    with transaction.atomic():
        committee.confirm_grades(actor=chair, round=rnd, decision="원안 의결")  # creates them itself
    created = list(Incentive.objects.filter(award__nomination__round=rnd))
    assert sorted(i.prize_amount for i in created) == [330_000, 330_000, 340_000]
    assert {i.award.nomination_id for i in created} == {first.pk}
    assert create_incentives(actor=chair, round=rnd) == []


def test_a_failed_confirmation_leaves_no_incentive():
    rnd, _incentives = winning_round()
    Incentive.objects.all().delete()
    actor = make_staff(Role.COMMITTEE_CHAIR)

    def confirm_then_fail():
        with transaction.atomic():
            create_incentives(actor=actor, round=rnd)
            raise RuntimeError("the caller's transaction fails later")

    with pytest.raises(RuntimeError):
        confirm_then_fail()
    assert not Incentive.objects.exists()


def test_the_winner_sees_the_choice_panel_until_they_choose(client):
    _rnd, (first, _second) = winning_round()
    user = winner_of(first)
    login_verified(client, user)
    assert user.has_perm("nominations.choose_pending_benefit")
    page = client.get(reverse("web:dashboard")).content.decode()
    assert PANEL in page
    assert first.award.nomination.title in page
    Incentive.objects.filter(pk=first.pk).update(state=IncentiveState.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    assert PANEL not in client.get(reverse("web:dashboard")).content.decode()


def test_an_official_without_awards_sees_no_choice_panel_but_the_menu_item(client):
    login_verified(client, UserFactory())
    page = client.get(reverse("web:dashboard")).content.decode()
    assert PANEL not in page
    assert reverse("nominations:my-awards") in page


def test_hr_sees_the_waiting_incentives(client):
    rnd, (first, second) = winning_round()
    Incentive.objects.filter(pk__in=[first.pk, second.pk]).update(
        state=IncentiveState.CHOSEN, benefit=Benefit.SPECIAL_STEP
    )
    login_verified(client, hr())
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "2 incentives waiting for HR" in page
    assert reverse("nominations:incentive-list", args=[rnd.pk]) in page
    assert reverse("nominations:incentive-rounds") in page


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COMMITTEE_CHAIR])
def test_others_do_not_see_the_hr_panel(client, role):
    _rnd, (first, _second) = winning_round()
    Incentive.objects.filter(pk=first.pk).update(state=IncentiveState.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    login_verified(client, make_staff(role))
    assert "panel-nominations-incentives-hr" not in client.get(reverse("web:dashboard")).content.decode()


def test_a_citizen_has_no_my_awards_menu_item(client, citizen):
    client.force_login(citizen)
    assert reverse("nominations:my-awards") not in client.get(reverse("web:dashboard")).content.decode()
