"""Redemptions: points reserved at once through the ledger, the minimum to redeem, one effect per request key,
fulfilment with a reference, cancellation (points return once), the transition table and the notifications."""

import datetime
import itertools

import pytest
from django.db.models import Sum

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.mileage.enums import AppealState, EntryKind, RedemptionState
from proactive.mileage.models import Appeal, LedgerEntry, Redemption
from proactive.mileage.services.ledger import balance_of
from proactive.mileage.services.redemptions import (
    KIND_CANCELLED,
    KIND_FULFILLED,
    REDEMPTION_TRANSITIONS,
    cancel_redemption,
    fulfil_redemption,
    transition_redemption,
)
from proactive.notifications.models import Notification
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory
from tests.mileage.test_redemptions_support import (  # noqa: F401  (_redemption_kinds is an autouse fixture)
    YEAR,
    _redemption_kinds,
    catalogue,
    key,
    official_with,
    policy,
    redeem,
    secretariat,
)

pytestmark = pytest.mark.django_db
R = RedemptionState


@pytest.fixture
def rewards():
    policy()
    return catalogue()


def test_a_request_reserves_the_points_at_once(rewards):
    user = official_with(30)
    redemption = redeem(user, rewards["dongbaek"])
    assert (redemption.state, redemption.points, redemption.option) == (R.RESERVED, 10, rewards["dongbaek"])
    entry = redemption.reserve_entry
    assert (entry.kind, entry.points, entry.year) == (EntryKind.REDEMPTION, -10, YEAR)
    assert balance_of(user.official) == 20
    assert AuditEvent.objects.filter(verb="mileage.redemption_requested", target_id=str(redemption.pk)).exists()


def test_below_the_minimum_balance_nothing_can_be_redeemed_and_it_says_why(rewards):
    policy(min_redeem_points=10)
    user = official_with(7)
    with pytest.raises(DomainError) as refused:
        redeem(user, rewards["coupon"])  # 5 points would be affordable, but the minimum is 10
    assert refused.value.code == "below_minimum"
    assert "10" in refused.value.message
    assert "7" in refused.value.message
    assert not Redemption.objects.exists()
    assert balance_of(user.official) == 7


def test_points_held_by_an_open_appeal_count_against_the_minimum(rewards):
    user = official_with(25)
    Appeal.objects.create(
        official=user.official,
        filed_by=user,
        entry=LedgerEntry.objects.get(),
        points_disputed=18,
        reasons="점수 이의",
        due_on=datetime.date(YEAR, 12, 31),
    )
    with pytest.raises(DomainError) as refused:
        redeem(user, rewards["coupon"])
    assert refused.value.code == "below_minimum"
    assert "18" in refused.value.message  # the held points are explained
    Appeal.objects.update(state=AppealState.UPHELD)
    redeem(user, rewards["coupon"])
    assert balance_of(user.official) == 20


def test_a_reward_beyond_the_available_points_is_refused(rewards):
    user = official_with(30)
    with pytest.raises(DomainError) as refused:
        redeem(user, rewards["leave"])
    assert refused.value.code == "insufficient_balance"
    assert "50" in refused.value.message
    assert balance_of(user.official) == 30
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION).count() == 0


def test_a_reward_no_longer_offered_is_refused(rewards):
    user = official_with(30)
    rewards["coupon"].active = False
    rewards["coupon"].save()
    with pytest.raises(DomainError) as refused:
        redeem(user, rewards["coupon"])
    assert refused.value.code == "option_inactive"


def test_only_the_official_themself_may_redeem_their_points(rewards):
    owner = official_with(30)
    for actor in (official_with(30), secretariat(), CitizenFactory()):
        from proactive.mileage.services.redemptions import request_redemption

        with pytest.raises(PermissionDeniedError):
            request_redemption(actor=actor, official=owner.official, option=rewards["coupon"], idempotency_key=key())
    assert balance_of(owner.official) == 30


@pytest.mark.parametrize("bad_key", ["", "   ", "x" * 65])
def test_a_request_without_a_usable_key_is_refused(rewards, bad_key):
    user = official_with(30)
    with pytest.raises(DomainError):
        redeem(user, rewards["coupon"], request_key=bad_key)


def test_a_repeated_request_returns_the_first_redemption_and_reserves_once(rewards):
    user = official_with(30)
    request_key = key()
    first = redeem(user, rewards["dongbaek"], request_key)
    again = redeem(user, rewards["dongbaek"], request_key)
    changed_mind = redeem(user, rewards["coupon"], request_key)  # the same form sent again with another choice
    assert first.pk == again.pk == changed_mind.pk
    assert Redemption.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION).count() == 1
    assert balance_of(user.official) == 20


def test_request_keys_belong_to_one_official(rewards):
    a, b = official_with(30), official_with(30)
    shared = key()
    first, second = redeem(a, rewards["coupon"], shared), redeem(b, rewards["coupon"], shared)
    assert first.pk != second.pk
    assert (balance_of(a.official), balance_of(b.official)) == (25, 25)


def test_fulfilment_needs_a_reference_and_tells_the_official(rewards):
    user = official_with(30)
    staff = secretariat()
    redemption = redeem(user, rewards["coupon"])
    with pytest.raises(DomainError) as refused:
        fulfil_redemption(actor=staff, redemption=redemption, reference="  ")
    assert refused.value.code == "reference_required"
    with pytest.raises(DomainError):
        fulfil_redemption(actor=staff, redemption=redemption, reference="x" * 101)
    done = fulfil_redemption(actor=staff, redemption=redemption, reference="CP-2026-0001")
    assert (done.state, done.reference, done.handled_by) == (R.FULFILLED, "CP-2026-0001", staff)
    assert done.handled_at is not None
    assert balance_of(user.official) == 25  # fulfilling spends the reserved points for good
    notice = Notification.objects.get(recipient=user, kind=KIND_FULFILLED)
    assert "CP-2026-0001" in notice.body
    assert "커피 쿠폰" in notice.title
    event = AuditEvent.objects.get(verb="mileage.redemption_fulfilled")
    assert event.changes["state"] == [R.RESERVED, R.FULFILLED]


def test_the_official_cancels_their_own_request_and_the_points_return(rewards):
    user = official_with(30)
    redemption = redeem(user, rewards["dongbaek"])
    cancelled = cancel_redemption(actor=user, redemption=redemption)
    assert cancelled.state == R.CANCELLED
    entry = cancelled.return_entry
    assert (entry.kind, entry.points, entry.source) == (EntryKind.REDEMPTION_RETURN, 10, f"redemption:{redemption.pk}")
    assert balance_of(user.official) == 30
    assert not Notification.objects.filter(recipient=user).exists()  # they did it themselves
    with pytest.raises(InvalidTransitionError):
        cancel_redemption(actor=user, redemption=cancelled)
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN).count() == 1


def test_the_official_cannot_cancel_once_it_is_sent_for_payment_nor_someone_elses(rewards):
    user, other = official_with(30), official_with(30)
    redemption = redeem(user, rewards["dongbaek"])
    with pytest.raises(PermissionDeniedError):
        cancel_redemption(actor=other, redemption=redemption)
    transition_redemption(actor=secretariat(), redemption=redemption, to=R.IN_BATCH)
    with pytest.raises(DomainError) as refused:
        cancel_redemption(actor=user, redemption=redemption)  # the stale object still says "reserved"
    assert refused.value.code == "already_sent"
    redemption.refresh_from_db()
    assert redemption.state == R.IN_BATCH
    assert balance_of(user.official) == 20


def test_the_secretariat_cancels_with_a_reason_the_official_sees(rewards):
    user = official_with(30)
    staff = secretariat()
    redemption = redeem(user, rewards["dongbaek"])
    transition_redemption(actor=staff, redemption=redemption, to=R.IN_BATCH)
    with pytest.raises(DomainError) as refused:
        cancel_redemption(actor=staff, redemption=redemption, reason=" ")
    assert refused.value.code == "reason_required"
    cancelled = cancel_redemption(actor=staff, redemption=redemption, reason="동백전 가맹 계좌 확인 불가")
    assert (cancelled.state, cancelled.note, cancelled.handled_by) == (R.CANCELLED, "동백전 가맹 계좌 확인 불가", staff)
    assert balance_of(user.official) == 30
    notice = Notification.objects.get(recipient=user, kind=KIND_CANCELLED)
    assert "동백전 가맹 계좌 확인 불가" in notice.body
    assert "10" in notice.title


def test_notifications_are_written_in_the_officials_language(rewards):
    user = official_with(30, preferred_language="en")
    redemption = redeem(user, rewards["coupon"])
    cancel_redemption(actor=secretariat(), redemption=redemption, reason="품절")
    notice = Notification.objects.get(recipient=user)
    assert notice.title.startswith("Your reward request was cancelled")
    assert notice.body == "Reason: 품절"


# --- The transition table, every state × every target × each kind of actor -------------------------------------


def _at(redemption, state):
    Redemption.objects.filter(pk=redemption.pk).update(state=state)
    redemption.refresh_from_db()
    return redemption


ACTORS = ("owner", "secretariat", "other_official", "hr_officer")


@pytest.mark.parametrize(("state", "to", "actor_kind"), list(itertools.product(R.values, R.values, ACTORS)))
def test_the_transition_table_decides_every_move(rewards, state, to, actor_kind):
    user = official_with(30)
    redemption = _at(redeem(user, rewards["dongbaek"]), state)
    actor = {
        "owner": lambda: user,
        "secretariat": secretariat,
        "other_official": lambda: official_with(0),
        "hr_officer": lambda: make_staff(Role.HR_OFFICER),
    }[actor_kind]()
    permission = REDEMPTION_TRANSITIONS[state].get(to)
    allowed = permission is not None and (
        actor_kind == "secretariat" or (actor_kind == "owner" and permission == "mileage.cancel_redemption")
    )
    if allowed:
        moved = transition_redemption(actor=actor, redemption=redemption, to=to, reason="사유")
        assert moved.state == to
        returned = LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN).count()
        assert returned == (1 if to in (R.CANCELLED, R.FAILED) else 0)
    else:
        with pytest.raises((InvalidTransitionError, PermissionDeniedError)):
            transition_redemption(actor=actor, redemption=redemption, to=to, reason="사유")
        redemption.refresh_from_db()
        assert redemption.state == state


def test_settled_states_are_final():
    for state in (R.FULFILLED, R.CANCELLED, R.FAILED):
        assert REDEMPTION_TRANSITIONS[state] == {}


def test_the_sum_of_entries_equals_the_sum_of_balances(rewards):
    staff = secretariat()
    users = [official_with(points) for points in (30, 60, 12)]
    first = redeem(users[0], rewards["dongbaek"])
    redeem(users[1], rewards["leave"])
    third = redeem(users[2], rewards["coupon"])
    fulfil_redemption(actor=staff, redemption=first, reference="TX-1")
    cancel_redemption(actor=users[2], redemption=third)
    total = LedgerEntry.objects.aggregate(s=Sum("points"))["s"]
    assert total == sum(balance_of(u.official) for u in users) == 20 + 10 + 12


def test_the_queue_shows_the_oldest_waiting_first_then_the_latest_settled(rewards):
    from proactive.mileage.queries.redemptions import redemption_queue

    staff = secretariat()
    users = [official_with(40) for _ in range(4)]
    first, second, third, fourth = (redeem(u, rewards["coupon"]) for u in users)
    fulfil_redemption(actor=staff, redemption=first, reference="C-1")
    cancel_redemption(actor=staff, redemption=third, reason="중복")
    assert list(redemption_queue()) == [second, fourth, third, first]
    assert list(redemption_queue(state=R.RESERVED, kind="coupon")) == [second, fourth]
    assert list(redemption_queue(kind="dongbaek")) == []
