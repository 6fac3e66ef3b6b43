"""Incentive services: creation (idempotent, prize split, no-benefit grades), every transition and its denials,
audit events and notifications."""

import datetime

import pytest
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.nominations.enums import Benefit, Grade, IncentiveState
from proactive.nominations.models import Incentive
from proactive.nominations.services import incentives as services
from proactive.notifications.models import Notification
from tests.conftest import make_staff
from tests.mileage.test_catalogue_support import default_catalogue  # noqa: F401  (a fixture)
from tests.nominations.test_incentives_support import (  # noqa: F401  (_incentive_kinds is an autouse fixture)
    _incentive_kinds,
    chair,
    confirmed_award,
    grade_rule,
    hr,
    winner_of,
    winning_round,
)

pytestmark = pytest.mark.django_db
S = IncentiveState


def _at(incentive, state, **fields):
    Incentive.objects.filter(pk=incentive.pk).update(state=state, **fields)
    incentive.refresh_from_db()
    return incentive


# --- create_incentives -----------------------------------------------------------------------------------------


def test_create_incentives_splits_the_prize_and_asks_each_winner_to_choose():
    rnd, incentives = winning_round(contributions=(33, 33, 33), prize=1_000_000)
    assert [i.prize_amount for i in incentives] == [333_334, 333_333, 333_333]
    assert {i.state for i in incentives} == {S.AWAITING_CHOICE}
    for incentive in incentives:
        note = Notification.objects.get(recipient=winner_of(incentive), kind=services.KIND_CHOOSE)
        assert note.url == "/selection/my-awards/"
    assert AuditEvent.objects.filter(verb="nominations.incentive_created").count() == 3


@pytest.mark.usefixtures("default_catalogue")
def test_each_member_of_a_selected_case_gets_the_mileage_bonus_once():
    from proactive.mileage.enums import EntryKind
    from proactive.mileage.models import LedgerEntry
    from proactive.mileage.services.automatic import BEST_PRACTICE_SELECTED

    rnd, incentives = winning_round(contributions=(60, 40))
    entries = LedgerEntry.objects.filter(source__startswith="award:").select_related("account", "rule__activity")
    assert {e.account.official_id for e in entries} == {i.member.official_id for i in incentives}
    assert {(e.kind, e.year, e.rule.activity.code) for e in entries} == {
        (EntryKind.GRANT, rnd.year, BEST_PRACTICE_SELECTED)
    }
    services.create_incentives(actor=chair(), round=rnd)  # again: nothing more
    assert LedgerEntry.objects.filter(source__startswith="award:").count() == 2


def test_create_incentives_is_idempotent():
    rnd, incentives = winning_round()
    assert services.create_incentives(actor=chair(), round=rnd) == []
    assert Incentive.objects.count() == 2
    assert Notification.objects.filter(kind=services.KIND_CHOOSE).count() == 2


def test_create_incentives_adds_only_the_missing_and_skips_unconfirmed_or_ungraded_awards():
    award = confirmed_award(contributions=(100,))
    rnd = award.nomination.round
    grade_rule(rnd)
    confirmed_award(rnd, grade="", contributions=(100,), rank=2)
    confirmed_award(rnd, grade=Grade.EXCELLENT, contributions=(100,), rank=3, confirmed=False)
    created = services.create_incentives(actor=chair(), round=rnd)
    assert [i.award_id for i in created] == [award.pk]
    assert created[0].prize_amount == 2_000_000


def test_one_member_gets_the_whole_prize_and_zero_prize_gives_zero():
    award = confirmed_award(contributions=(100,))
    rnd = award.nomination.round
    grade_rule(rnd, prize=3_000_000)
    zero = confirmed_award(rnd, grade=Grade.ENCOURAGEMENT, contributions=(50, 50), rank=2)
    grade_rule(rnd, Grade.ENCOURAGEMENT, prize=0, benefits=[Benefit.REWARD_LEAVE.value])
    services.create_incentives(actor=chair(), round=rnd)
    assert list(Incentive.objects.filter(award=award).values_list("prize_amount", flat=True)) == [3_000_000]
    assert list(Incentive.objects.filter(award=zero).values_list("prize_amount", flat=True)) == [0, 0]


def test_a_grade_without_benefits_needs_no_choice():
    rnd, incentives = winning_round(benefits=[])
    assert {i.state for i in incentives} == {S.ELIGIBLE}
    assert {i.benefit for i in incentives} == {""}
    assert not Notification.objects.filter(kind=services.KIND_CHOOSE).exists()


def test_a_grade_without_a_rule_gets_no_prize_and_no_choice():
    award = confirmed_award(grade=Grade.CHALLENGE, contributions=(100,))
    services.create_incentives(actor=chair(), round=award.nomination.round)
    incentive = Incentive.objects.get(award=award)
    assert (incentive.prize_amount, incentive.state) == (0, S.ELIGIBLE)


def test_a_winner_without_an_account_gets_an_incentive_but_no_notification():
    award = confirmed_award(contributions=(100,), accounts=False)
    grade_rule(award.nomination.round)
    services.create_incentives(actor=chair(), round=award.nomination.round)
    assert Incentive.objects.filter(award=award).count() == 1
    assert not Notification.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.COMMITTEE_MEMBER, Role.REVIEWER])
def test_create_incentives_is_refused_to_others(role):
    award = confirmed_award()
    user = make_staff(role) if role != Role.OFFICIAL else award.nomination.members.first().official.user
    with pytest.raises(PermissionDeniedError):
        services.create_incentives(actor=user, round=award.nomination.round)
    assert not Incentive.objects.exists()


@pytest.mark.parametrize("role", [Role.HR_OFFICER, Role.SECRETARIAT])
def test_hr_and_the_secretariat_may_create_missing_incentives(role):
    award = confirmed_award()
    grade_rule(award.nomination.round)
    assert len(services.create_incentives(actor=make_staff(role), round=award.nomination.round)) == 2


# --- choose_benefit --------------------------------------------------------------------------------------------


def test_the_winner_chooses_and_hr_is_told():
    officer = hr()
    rnd, (first, _second) = winning_round()
    done = services.choose_benefit(actor=winner_of(first), incentive=first, benefit=Benefit.SPECIAL_STEP)
    assert (done.state, done.benefit) == (S.CHOSEN, Benefit.SPECIAL_STEP)
    assert done.chosen_at is not None
    event = AuditEvent.objects.get(verb="nominations.incentive_chosen")
    assert event.changes["state"] == [S.AWAITING_CHOICE, S.CHOSEN]
    assert event.changes["benefit"] == ["", Benefit.SPECIAL_STEP]
    note = Notification.objects.get(recipient=officer, kind=services.KIND_CHOSEN)
    assert note.url == f"/selection/rounds/{rnd.pk}/incentives/?state=chosen"


def test_a_winner_cannot_choose_for_someone_else():
    _rnd, (first, second) = winning_round()
    with pytest.raises(PermissionDeniedError):
        services.choose_benefit(actor=winner_of(first), incentive=second, benefit=Benefit.SPECIAL_STEP)
    second.refresh_from_db()
    assert second.state == S.AWAITING_CHOICE


@pytest.mark.parametrize("role", [Role.HR_OFFICER, Role.SECRETARIAT])
def test_staff_cannot_choose_for_the_winner(role):
    _rnd, (first, _second) = winning_round()
    with pytest.raises(PermissionDeniedError):
        services.choose_benefit(actor=make_staff(role), incentive=first, benefit=Benefit.SPECIAL_STEP)


@pytest.mark.parametrize("benefit", [Benefit.REWARD_LEAVE, "bonus_cash", ""])
def test_a_benefit_the_grade_does_not_allow_is_refused(benefit):
    _rnd, (first, _second) = winning_round()
    with pytest.raises(DomainError) as exc:
        services.choose_benefit(actor=winner_of(first), incentive=first, benefit=benefit)
    assert exc.value.code == "benefit_not_allowed"
    first.refresh_from_db()
    assert first.state == S.AWAITING_CHOICE
    assert not AuditEvent.objects.filter(verb="nominations.incentive_chosen").exists()


@pytest.mark.parametrize("state", [S.CHOSEN, S.ELIGIBLE, S.DECIDED, S.APPLIED])
def test_choosing_is_refused_once_hr_has_it(state):
    _rnd, (first, _second) = winning_round()
    _at(first, state)
    with pytest.raises(InvalidTransitionError):
        services.choose_benefit(actor=winner_of(first), incentive=first, benefit=Benefit.SPECIAL_STEP)


def test_the_winner_chooses_again_after_ineligible():
    _rnd, (first, _second) = winning_round()
    _at(first, S.INELIGIBLE, benefit=Benefit.SPECIAL_STEP, hr_note="승급 제한")
    done = services.choose_benefit(actor=winner_of(first), incentive=first, benefit=Benefit.SPECIAL_PROMOTION)
    assert (done.state, done.benefit) == (S.CHOSEN, Benefit.SPECIAL_PROMOTION)


# --- HR steps ----------------------------------------------------------------------------------------------------


def test_hr_finds_the_choice_eligible_and_the_winner_is_told():
    _rnd, (first, _second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    done = services.check_eligibility(actor=hr(), incentive=first, eligible=True, note="")
    assert done.state == S.ELIGIBLE
    assert done.checked_at is not None
    assert Notification.objects.filter(recipient=winner_of(first), kind=services.KIND_UPDATED).count() == 1
    assert AuditEvent.objects.filter(verb="nominations.incentive_eligible", target_id=str(first.pk)).exists()


def test_hr_finds_the_choice_ineligible_with_a_note_and_the_winner_chooses_again():
    _rnd, (first, _second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    done = services.check_eligibility(actor=hr(), incentive=first, eligible=False, note="  특별승급 한도 초과  ")
    assert (done.state, done.hr_note) == (S.INELIGIBLE, "특별승급 한도 초과")
    notes = Notification.objects.filter(recipient=winner_of(first), kind=services.KIND_CHOOSE).order_by("pk")
    assert notes.count() == 2  # asked at creation, asked again now
    assert "특별승급 한도 초과" in notes.last().body


def test_ineligible_needs_a_note():
    _rnd, (first, _second) = winning_round()
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    with pytest.raises(DomainError) as exc:
        services.check_eligibility(actor=hr(), incentive=first, eligible=False, note="  ")
    assert exc.value.code == "note_required"
    first.refresh_from_db()
    assert first.state == S.CHOSEN


def test_hr_decides_with_a_reference_and_records_it_applied():
    _rnd, (first, _second) = winning_round()
    _at(first, S.ELIGIBLE, benefit=Benefit.SPECIAL_STEP)
    officer = hr()
    with pytest.raises(DomainError):
        services.decide(actor=officer, incentive=first, reference=" ")
    decided = services.decide(actor=officer, incentive=first, reference="인사과-1234")
    assert (decided.state, decided.decision_reference) == (S.DECIDED, "인사과-1234")
    today = timezone.localdate()
    with pytest.raises(DomainError) as exc:
        services.mark_applied(actor=officer, incentive=decided, applied_on=today + datetime.timedelta(days=1))
    assert exc.value.code == "date_future"
    with pytest.raises(DomainError) as exc:
        services.mark_applied(actor=officer, incentive=decided, applied_on=today - datetime.timedelta(days=1))
    assert exc.value.code == "date_early"
    applied = services.mark_applied(actor=officer, incentive=decided, applied_on=today)
    assert applied.state == S.APPLIED
    assert timezone.localdate(applied.applied_at) == today
    verbs = list(
        AuditEvent.objects.filter(target_id=str(first.pk), verb__startswith="nominations.")
        .values_list("verb", flat=True)
        .order_by("pk")
    )
    assert verbs == ["nominations.incentive_created", "nominations.incentive_decided", "nominations.incentive_applied"]
    kinds = list(Notification.objects.filter(recipient=winner_of(first)).values_list("kind", flat=True))
    assert kinds.count(services.KIND_UPDATED) == 2


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COMMITTEE_CHAIR, Role.OFFICIAL])
def test_hr_steps_are_refused_to_everyone_but_hr(role):
    _rnd, (first, _second) = winning_round()
    actor = winner_of(first) if role == Role.OFFICIAL else make_staff(role)
    _at(first, S.CHOSEN, benefit=Benefit.SPECIAL_STEP)
    with pytest.raises(PermissionDeniedError):
        services.check_eligibility(actor=actor, incentive=first, eligible=True)
    _at(first, S.ELIGIBLE)
    with pytest.raises(PermissionDeniedError):
        services.decide(actor=actor, incentive=first, reference="인사과-1")
    _at(first, S.DECIDED)
    with pytest.raises(PermissionDeniedError):
        services.mark_applied(actor=actor, incentive=first, applied_on=timezone.localdate())
    assert (
        not AuditEvent.objects.filter(verb__startswith="nominations.")
        .exclude(verb="nominations.incentive_created")
        .exists()
    )


ALL = list(S)


@pytest.mark.parametrize("state", ALL)
@pytest.mark.parametrize("to", ALL)
def test_the_transition_table_is_the_only_way(state, to):
    _rnd, (first, _second) = winning_round()
    _at(first, state, benefit=Benefit.SPECIAL_STEP)
    allowed = to in services.INCENTIVE_TRANSITIONS[state]
    actor = winner_of(first) if to == S.CHOSEN else hr()
    fields = {"benefit": Benefit.SPECIAL_STEP} if to == S.CHOSEN else {}
    if allowed:
        done = services.transition_incentive(actor=actor, incentive=first, to=to, fields=fields)
        assert done.state == to
    else:
        with pytest.raises(InvalidTransitionError):
            services.transition_incentive(actor=actor, incentive=first, to=to, fields=fields)


def test_the_transition_table_covers_every_state():
    assert set(services.INCENTIVE_TRANSITIONS) == set(S)
