"""Redemption screens: the permission denials of every URL, the official's redeem and "My rewards" pages, the
secretariat's queue and payout batches (export with a reason, import all or nothing), menus, and constant query
counts on every list page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.models import AccessRecord
from proactive.mileage.enums import EntryKind, RedemptionState
from proactive.mileage.models import LedgerEntry, PayoutBatch, Redemption
from proactive.mileage.services.ledger import balance_of
from proactive.mileage.services.redemptions import create_payout_batch
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory
from tests.mileage.test_redemptions_support import (  # noqa: F401  (_redemption_kinds is an autouse fixture)
    _redemption_kinds,
    catalogue,
    key,
    official_with,
    policy,
    redeem,
    result_file,
    secretariat,
)

pytestmark = pytest.mark.django_db
R = RedemptionState


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def rewards():
    policy(min_redeem_points=10)
    return catalogue()


def _url(name, *args):
    return reverse(f"mileage:{name}", args=args)


# --- Permission denials --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["redeem", "redemption-mine"])
def test_a_citizen_cannot_redeem(client, rewards, name):
    client.force_login(CitizenFactory())
    assert client.get(_url(name)).status_code == 403
    assert client.post(_url("redeem"), {"option": rewards["coupon"].pk, "request_key": key()}).status_code == 403


def test_a_citizen_cannot_cancel(client, rewards):
    redemption = redeem(official_with(30), rewards["coupon"])
    client.force_login(CitizenFactory())
    assert client.post(_url("redemption-cancel-mine", redemption.pk)).status_code == 403


def test_nobody_cancels_someone_elses_request_through_my_rewards(client, rewards):
    redemption = redeem(official_with(30), rewards["coupon"])
    for user in (official_with(30), secretariat()):
        login_verified(client, user)
        assert client.post(_url("redemption-cancel-mine", redemption.pk)).status_code == 404
    redemption.refresh_from_db()
    assert redemption.state == R.RESERVED


STAFF_PAGES = ["redemption-queue", "payout-batch-list"]


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.HR_OFFICER, Role.DEPARTMENT_HEAD, Role.APPEALS_PANEL])
def test_the_secretariats_pages_and_actions_are_refused_to_others(client, rewards, role):
    owner = official_with(40)
    redemption = redeem(owner, rewards["dongbaek"])
    staff = secretariat()
    batch = create_payout_batch(actor=staff)
    other = redeem(owner, rewards["coupon"])
    user = owner if role == Role.OFFICIAL else make_staff(role)
    login_verified(client, user)
    for name in STAFF_PAGES:
        assert client.get(_url(name)).status_code == 403, name
    assert client.get(_url("payout-batch-detail", batch.pk)).status_code == 403
    assert client.get(_url("payout-batch-export", batch.pk)).status_code == 403
    assert client.post(_url("payout-batch-export", batch.pk), {"reason": "지급"}).status_code == 403
    assert client.post(_url("payout-batch-create")).status_code == 403
    upload = result_file([[redemption.pk, "paid", "TX-1", ""]])
    assert client.post(_url("payout-batch-import", batch.pk), {"file": upload}).status_code == 403
    prefix = f"redemption-{other.pk}"
    assert client.post(_url("redemption-fulfil", other.pk), {f"{prefix}-reference": "C-1"}).status_code == 403
    assert client.post(_url("redemption-cancel", other.pk), {f"{prefix}-reason": "사유"}).status_code == 403
    redemption.refresh_from_db(), other.refresh_from_db()
    assert (redemption.state, other.state) == (R.IN_BATCH, R.RESERVED)
    assert PayoutBatch.objects.count() == 1
    assert not AccessRecord.objects.exists()


def test_staff_without_the_second_factor_are_not_let_in(client, rewards):
    client.force_login(secretariat())  # password only
    assert client.get(_url("redemption-queue")).status_code in (302, 403)


def test_a_missing_redemption_or_batch_is_a_404(client, rewards):
    login_verified(client, secretariat())
    assert client.get(_url("payout-batch-detail", 9999)).status_code == 404
    assert client.post(_url("redemption-fulfil", 9999), {"redemption-9999-reference": "x"}).status_code == 404


# --- The official --------------------------------------------------------------------------------------------


def test_the_redeem_page_shows_the_catalogue_by_kind_and_the_available_points(client, rewards):
    user = official_with(30)
    login_verified(client, user)
    page = client.get(_url("redeem")).content.decode()
    assert "Dongbaekjeon (Busan local currency)" in page
    assert "Mobile coupon" in page
    assert "Reward leave" in page
    assert "Dongbaekjeon 10,000 won" in page  # the English name on the English page
    assert "10,000 won" in page
    assert "1 day of leave" in page
    assert "needs 50 points" in page  # the leave is out of reach
    assert "30 points" in page
    assert 'name="request_key"' in page


def test_redeeming_reserves_the_points_and_a_double_submit_reserves_once(client, rewards):
    user = official_with(30)
    login_verified(client, user)
    data = {"option": rewards["dongbaek"].pk, "request_key": key()}
    first = client.post(_url("redeem"), data)
    assert first.status_code == 302
    assert first.url == _url("redemption-mine")
    second = client.post(_url("redeem"), data)
    assert second.status_code == 302
    assert Redemption.objects.count() == 1
    assert balance_of(user.official) == 20
    page = client.get(_url("redemption-mine")).content.decode()
    assert "10 points are reserved for Dongbaekjeon 10,000 won" in page
    assert "Points reserved" in page


def test_below_the_minimum_the_page_explains_and_a_post_is_refused(client, rewards):
    user = official_with(7)
    login_verified(client, user)
    page = client.get(_url("redeem")).content.decode()
    assert "You can redeem points once at least 10 points are available. You have 7 available now." in page
    assert "Reserve my points" not in page
    response = client.post(_url("redeem"), {"option": rewards["coupon"].pk, "request_key": key()})
    assert response.status_code == 400
    assert not Redemption.objects.exists()


def test_a_refused_request_keeps_the_choice_and_the_key(client, rewards):
    user = official_with(30)
    login_verified(client, user)
    request_key = key()
    response = client.post(_url("redeem"), {"option": rewards["leave"].pk, "request_key": request_key})
    assert response.status_code == 400
    page = response.content.decode()
    assert "One day of reward leave" in page
    assert "needs 50 points, and you have 30 available" in page
    assert f'value="{rewards["leave"].pk}" id="option-{rewards["leave"].pk}" checked' in page
    assert f'value="{request_key}"' in page
    assert not Redemption.objects.exists()


def test_no_choice_or_a_tampered_key_is_shown_as_an_error(client, rewards):
    user = official_with(30)
    login_verified(client, user)
    response = client.post(_url("redeem"), {"request_key": key()})
    assert response.status_code == 400
    assert "Choose a reward." in response.content.decode()
    response = client.post(_url("redeem"), {"option": rewards["coupon"].pk, "request_key": "../../etc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This form has expired" in page
    assert f'id="option-{rewards["coupon"].pk}" checked' in page  # the choice is kept for one more click
    assert "../../etc" not in page
    assert not Redemption.objects.exists()


def test_my_rewards_lists_only_mine_and_cancels_while_reserved(client, rewards):
    user, other = official_with(40), official_with(40)
    mine = redeem(user, rewards["dongbaek"])
    theirs = redeem(other, rewards["coupon"])
    login_verified(client, user)
    page = client.get(_url("redemption-mine")).content.decode()
    assert "Dongbaekjeon 10,000 won" in page
    assert "Coffee coupon" not in page
    assert _url("redemption-cancel-mine", mine.pk) in page
    response = client.post(_url("redemption-cancel-mine", mine.pk), follow=True)
    assert "was cancelled and 10 points returned" in response.content.decode()
    mine.refresh_from_db()
    assert mine.state == R.CANCELLED
    assert balance_of(user.official) == 40
    theirs.refresh_from_db()
    assert theirs.state == R.RESERVED


def test_once_sent_for_payment_the_official_is_told_to_ask_the_secretariat(client, rewards):
    user = official_with(40)
    redemption = redeem(user, rewards["dongbaek"])
    create_payout_batch(actor=secretariat())
    login_verified(client, user)
    page = client.get(_url("redemption-mine")).content.decode()
    assert _url("redemption-cancel-mine", redemption.pk) not in page
    response = client.post(_url("redemption-cancel-mine", redemption.pk), follow=True)
    assert "Please contact the secretariat" in response.content.decode()
    redemption.refresh_from_db()
    assert redemption.state == R.IN_BATCH


# --- The secretariat: queue ----------------------------------------------------------------------------------


def test_the_queue_filters_by_state_and_kind(client, rewards):
    a, b = official_with(40), official_with(40)
    coupon = redeem(a, rewards["coupon"])
    dongbaek = redeem(b, rewards["dongbaek"])
    login_verified(client, secretariat())
    page = client.get(_url("redemption-queue")).content.decode()
    assert a.official.name in page
    assert b.official.name in page
    page = client.get(_url("redemption-queue") + "?kind=coupon").content.decode()
    assert a.official.name in page
    assert b.official.name not in page
    assert _url("redemption-fulfil", coupon.pk) in page
    page = client.get(_url("redemption-queue") + "?state=fulfilled").content.decode()
    assert "No reward request matches these filters." in page
    assert _url("redemption-fulfil", dongbaek.pk) not in page


def test_fulfilling_needs_the_reference_and_keeps_the_filters(client, rewards):
    user = official_with(40)
    redemption = redeem(user, rewards["coupon"])
    login_verified(client, secretariat())
    prefix = f"redemption-{redemption.pk}"
    url = _url("redemption-fulfil", redemption.pk)
    response = client.post(url, {f"{prefix}-reference": "", "kind": "coupon", "state": "reserved"})
    assert response.status_code == 400
    assert "Give the reference" in response.content.decode()
    response = client.post(url, {f"{prefix}-reference": "CP-7788", "kind": "coupon", "state": "bogus", "page": "1"})
    assert response.status_code == 302
    assert response.url == _url("redemption-queue") + "?kind=coupon&page=1"
    redemption.refresh_from_db()
    assert (redemption.state, redemption.reference) == (R.FULFILLED, "CP-7788")


def test_cancelling_needs_a_reason_and_returns_the_points(client, rewards):
    user = official_with(40)
    redemption = redeem(user, rewards["dongbaek"])
    login_verified(client, secretariat())
    prefix = f"redemption-{redemption.pk}"
    url = _url("redemption-cancel", redemption.pk)
    response = client.post(url, {f"{prefix}-reason": ""})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert client.post(url, {f"{prefix}-reason": "신청자 요청"}).status_code == 302
    redemption.refresh_from_db()
    assert (redemption.state, redemption.note) == (R.CANCELLED, "신청자 요청")
    assert balance_of(user.official) == 40
    again = client.post(url, {f"{prefix}-reason": "다시"}, follow=True)
    assert "This step is not possible from the current state." in again.content.decode()
    assert LedgerEntry.objects.filter(kind=EntryKind.REDEMPTION_RETURN).count() == 1


# --- The secretariat: payout batches -------------------------------------------------------------------------


def test_creating_exporting_and_importing_a_batch(client, rewards):
    users = [official_with(40) for _ in range(2)]
    lines = [redeem(u, rewards["dongbaek"]) for u in users]
    staff = secretariat()
    login_verified(client, staff)
    assert "2 Dongbaekjeon rewards (20 points) are waiting." in client.get(_url("payout-batch-list")).content.decode()
    response = client.post(_url("payout-batch-create"))
    batch = PayoutBatch.objects.get()
    assert response.url == _url("payout-batch-detail", batch.pk)
    page = client.get(response.url).content.decode()
    assert "10,000 won" in page
    assert users[0].official.employee_no in page
    # Export: a reason first, then the file.
    export = _url("payout-batch-export", batch.pk)
    assert client.get(export).status_code == 200
    assert client.post(export, {"reason": ""}).status_code == 400
    response = client.post(export, {"reason": "11월 1차 지급"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    assert f"dongbaek-payout-{batch.pk}-" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert users[1].official.name in text
    assert AccessRecord.objects.get().reason == "11월 1차 지급"
    # Import: one bad row → nothing changes, each bad row shown.
    bad = result_file([[lines[0].pk, "paid", "TX-1", ""], [lines[1].pk, "maybe", "", ""], [424242, "paid", "T", ""]])
    response = client.post(_url("payout-batch-import", batch.pk), {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 2 of 3 rows have a problem." in page
    assert '<th scope="row">3</th>' in page
    assert '<th scope="row">4</th>' in page
    assert "maybe" in page
    assert "there is no line 424242" in page
    assert set(Redemption.objects.values_list("state", flat=True)) == {R.IN_BATCH}
    good = result_file([[lines[0].pk, "paid", "TX-1", ""], [lines[1].pk, "failed", "", "카드 해지"]])
    response = client.post(_url("payout-batch-import", batch.pk), {"file": good, "reference": "OP-55"}, follow=True)
    page = response.content.decode()
    assert "1 paid, 1 failed (points returned), 0 already recorded. 0 lines still wait for a result." in page
    assert "TX-1" in page
    assert "카드 해지" in page
    assert balance_of(users[1].official) == 40


def test_an_import_without_a_file_is_shown_as_an_error(client, rewards):
    redeem(official_with(40), rewards["dongbaek"])
    batch = create_payout_batch(actor=secretariat())
    login_verified(client, secretariat())
    response = client.post(_url("payout-batch-import", batch.pk), {})
    assert response.status_code == 400
    assert "Choose the result file." in response.content.decode()
    response = client.post(_url("payout-batch-import", batch.pk), {"file": SimpleUploadedFile("r.pdf", b"%PDF-1.4")})
    assert response.status_code == 400


def test_creating_a_batch_with_nothing_waiting_says_so(client, rewards):
    login_verified(client, secretariat())
    response = client.post(_url("payout-batch-create"), follow=True)
    assert "No Dongbaekjeon reward is waiting for payment." in response.content.decode()
    assert not PayoutBatch.objects.exists()


# --- Menus ---------------------------------------------------------------------------------------------------


def _labels(user):
    return [str(item["label"]) for section in menu_for(user) for item in section["items"]]


def test_the_menu_offers_each_page_to_those_who_may_open_it(rewards):
    from django.utils import translation

    with translation.override("en"):
        official = _labels(official_with(0))
        staff_user = secretariat()
        staff = _labels(staff_user)
        citizen = _labels(CitizenFactory())
    assert {"Redeem points", "My rewards"} <= set(official)
    assert not {"Reward requests", "Dongbaekjeon payouts"} & set(official)
    assert {"Reward requests", "Dongbaekjeon payouts", "Redeem points"} <= set(staff)
    assert not {"Redeem points", "My rewards", "Reward requests"} & set(citizen)


# --- Query counts (after a warm-up request: the first one after sign-in renews the session) --------------------


def _count_queries(client, url, django_assert_max_num_queries, limit):
    client.get(url)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("count", [1, 3])
def test_the_officials_pages_take_a_fixed_number_of_queries(client, rewards, count, django_assert_max_num_queries):
    user = official_with(100)
    for _ in range(count):
        redeem(user, rewards["coupon"])
    login_verified(client, user)
    _count_queries(client, _url("redemption-mine"), django_assert_max_num_queries, 15)
    _count_queries(client, _url("redeem"), django_assert_max_num_queries, 14)


def test_list_pages_do_not_grow_with_their_rows(client, rewards):
    staff = secretariat()
    users = [official_with(60) for _ in range(4)]
    redeem(users[0], rewards["dongbaek"])
    redeem(users[0], rewards["coupon"])
    login_verified(client, users[0])
    mine_one = _queries(client, _url("redemption-mine"))
    login_verified(client, staff)
    queue_one = _queries(client, _url("redemption-queue"))
    create_payout_batch(actor=staff)
    list_one = _queries(client, _url("payout-batch-list"))
    detail_one = _queries(client, _url("payout-batch-detail", PayoutBatch.objects.get().pk))
    for user in users[1:]:
        redeem(user, rewards["dongbaek"])
        redeem(user, rewards["coupon"])
        redeem(user, rewards["dongbaek"])
    create_payout_batch(actor=staff)
    redeem(users[1], rewards["coupon"])
    batch = PayoutBatch.objects.order_by("-pk").first()
    assert _queries(client, _url("redemption-queue")) == queue_one
    assert _queries(client, _url("payout-batch-list")) == list_one
    assert _queries(client, _url("payout-batch-detail", batch.pk)) == detail_one
    login_verified(client, users[1])
    assert _queries(client, _url("redemption-mine")) == mine_one
    assert max(queue_one, mine_one, list_one, detail_one) <= 15, (queue_one, mine_one, list_one, detail_one)


def test_the_queue_takes_at_most_a_fixed_number_of_queries(client, rewards, django_assert_max_num_queries):
    for _ in range(3):
        redeem(official_with(40), rewards["coupon"])
    login_verified(client, secretariat())
    _count_queries(client, _url("redemption-queue"), django_assert_max_num_queries, 14)


# --- Korean first ------------------------------------------------------------------------------------------------


def test_every_page_works_in_korean(client, rewards, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    user = official_with(40)
    redeem(user, rewards["dongbaek"])
    staff = secretariat()
    batch = create_payout_batch(actor=staff)
    login_verified(client, user)
    page = client.get(_url("redeem")).content.decode()
    assert "동백전(부산 지역화폐)" in page
    assert "동백전 1만원" in page  # the Korean name on the Korean page
    assert '<html lang="ko"' in page
    assert client.get(_url("redemption-mine")).status_code == 200
    login_verified(client, staff)
    for url in (
        _url("redemption-queue"),
        _url("payout-batch-list"),
        _url("payout-batch-detail", batch.pk),
        _url("payout-batch-export", batch.pk),
    ):
        assert client.get(url).status_code == 200, url
