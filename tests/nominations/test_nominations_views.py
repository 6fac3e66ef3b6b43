import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.nominations.enums import Consent, NominationState, NominatorType
from proactive.nominations.models import Nomination
from tests.conftest import login_verified
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.factories.documents import pdf_bytes, upload
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import (  # noqa: F401  (_kinds is an autouse fixture)
    COMPLETE,
    _kinds,
    nomination,
    secretariat,
)

pytestmark = pytest.mark.django_db
S = NominationState

OBJECT_VIEWS = [
    ("nominations:nomination-detail", "get"),
    ("nominations:nomination-edit", "get"),
    ("nominations:nomination-evidence", "get"),
    ("nominations:nomination-submit", "post"),
    ("nominations:nomination-withdraw", "post"),
    ("nominations:nomination-verify", "get"),
    ("nominations:nomination-match", "get"),
]


def form_data(**overrides):
    data = {f"details-{k}": v for k, v in COMPLETE.items()}
    data["section"] = "details"
    data.update(overrides)
    return data


def team_data(rows, initial=0):
    data = {
        "section": "team",
        "members-TOTAL_FORMS": str(len(rows)),
        "members-INITIAL_FORMS": str(initial),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for i, (number, role, share) in enumerate(rows):
        data.update({f"members-{i}-employee_no": number, f"members-{i}-role": role, f"members-{i}-contribution": share})
    return data


# --- who may open what -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), OBJECT_VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, method):
    item = nomination()
    response = getattr(client, method)(reverse(name, args=[item.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "method"), OBJECT_VIEWS)
@pytest.mark.parametrize("stranger", [CitizenFactory, UserFactory])
def test_someone_elses_nomination_is_not_found(client, name, method, stranger):
    item = nomination()
    login_verified(client, stranger())
    assert getattr(client, method)(reverse(name, args=[item.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["nominations:nomination-edit", "nominations:nomination-verify", "nominations:nomination-match"]
)
def test_team_member_sees_but_may_not_act(client, name):
    item = nomination()
    member = item.members.get().official.user
    login_verified(client, member)
    assert client.get(reverse("nominations:nomination-detail", args=[item.pk])).status_code == 200
    assert client.get(reverse(name, args=[item.pk])).status_code == 403


def test_nominator_may_not_verify(client):
    item = nomination(state=S.SUBMITTED)
    login_verified(client, item.nominated_by)
    response = client.post(reverse("nominations:nomination-verify", args=[item.pk]), {"decision": S.VERIFIED})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == S.SUBMITTED


def test_round_list_is_for_the_secretariat_only(client):
    selection_round = SelectionRoundFactory()
    login_verified(client, UserFactory())
    assert client.get(reverse("nominations:nomination-list", args=[selection_round.pk])).status_code == 403


def test_consent_page_is_only_for_the_member(client):
    item = nomination()
    member = item.members.get()
    login_verified(client, UserFactory())
    assert client.get(reverse("nominations:nomination-consent", args=[member.pk])).status_code == 404
    client.logout()
    login_verified(client, member.official.user)
    response = client.post(reverse("nominations:nomination-consent", args=[member.pk]), {"consent": Consent.REFUSED})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.consent == Consent.REFUSED


# --- nominating --------------------------------------------------------------------------------------------


def test_official_nominates_then_edits_team_and_submits(client):
    user = UserFactory()
    colleague = UserFactory()
    selection_round = SelectionRoundFactory()
    login_verified(client, user)
    data = {k: v for k, v in COMPLETE.items()}
    response = client.post(reverse("nominations:nomination-create", args=[selection_round.pk]), data)
    item = Nomination.objects.get()
    assert response.url == reverse("nominations:nomination-edit", args=[item.pk])
    response = client.post(
        reverse("nominations:nomination-edit", args=[item.pk]),
        team_data([(user.official.employee_no, "총괄", "60"), (colleague.official.employee_no, "실무", "40")]),
    )
    assert response.status_code == 302
    assert sorted(item.members.values_list("contribution", flat=True)) == [40, 60]
    client.post(reverse("nominations:nomination-submit", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == S.SUBMITTED


def test_closed_window_keeps_every_value_and_explains(client):
    now = timezone.now()
    selection_round = SelectionRoundFactory(
        nominations_open_at=now - datetime.timedelta(days=20), nominations_close_at=now - datetime.timedelta(days=1)
    )
    login_verified(client, UserFactory())
    response = client.post(reverse("nominations:nomination-create", args=[selection_round.pk]), COMPLETE)
    assert response.status_code == 400
    content = response.content.decode()
    assert COMPLETE["problem"] in content
    assert COMPLETE["summary"] in content
    assert response.context["form"].non_field_errors()
    assert Nomination.objects.count() == 0


def test_invalid_draft_is_shown_again_with_values(client):
    item = nomination()
    login_verified(client, item.nominated_by)
    response = client.post(
        reverse("nominations:nomination-edit", args=[item.pk]),
        form_data(**{"details-title": "", "details-problem": "새로 쓴 문제"}),
    )
    assert response.status_code == 400
    assert "새로 쓴 문제" in response.content.decode()
    assert response.context["form"].errors["title"]


def test_team_not_adding_up_to_100_is_refused(client):
    item = nomination(members=0)
    a, b = UserFactory(), UserFactory()
    login_verified(client, item.nominated_by)
    response = client.post(
        reverse("nominations:nomination-edit", args=[item.pk]),
        team_data([(a.official.employee_no, "총괄", "50"), (b.official.employee_no, "실무", "30")]),
    )
    assert response.status_code == 400
    assert response.context["team"].non_form_errors()
    assert b.official.employee_no in response.content.decode()
    assert item.members.count() == 0


def test_unknown_employee_number_is_refused(client):
    item = nomination(members=0)
    login_verified(client, item.nominated_by)
    response = client.post(reverse("nominations:nomination-edit", args=[item.pk]), team_data([("X999", "", "100")]))
    assert response.status_code == 400
    assert response.context["team"].forms[0].errors["employee_no"]


def test_submitting_incomplete_nomination_lists_what_is_missing(client):
    item = nomination(summary="", members=0)
    login_verified(client, item.nominated_by)
    response = client.post(reverse("nominations:nomination-submit", args=[item.pk]), follow=True)
    text = response.content.decode()
    assert "요약" in text or "summary" in text
    item.refresh_from_db()
    assert item.state == S.DRAFT


def test_withdraw(client):
    item = nomination(state=S.SUBMITTED)
    login_verified(client, item.nominated_by)
    client.post(reverse("nominations:nomination-withdraw", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == S.WITHDRAWN


def test_evidence_upload_and_who_may_download(client):
    item = nomination()
    login_verified(client, item.nominated_by)
    response = client.post(
        reverse("nominations:nomination-evidence", args=[item.pk]),
        {"file": upload("실적보고.pdf", pdf_bytes(), "application/pdf")},
    )
    assert response.status_code == 302
    document = item.evidence.get()
    member = item.members.get().official.user
    assert member.has_perm("documents.view_document", document)
    assert secretariat().has_perm("documents.view_document", document)
    assert not UserFactory().has_perm("documents.view_document", document)
    assert not CitizenFactory().has_perm("documents.view_document", document)


# --- the secretariat ---------------------------------------------------------------------------------------


def test_secretariat_returns_with_reason_and_the_form_keeps_input_without_one(client):
    item = nomination(state=S.SUBMITTED)
    login_verified(client, secretariat())
    url = reverse("nominations:nomination-verify", args=[item.pk])
    response = client.post(url, {"decision": S.RETURNED, "reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"decision": S.RETURNED, "reason": "증빙 보완 필요"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.decision_reason) == (S.RETURNED, "증빙 보완 필요")
    client.logout()
    login_verified(client, item.nominated_by)
    assert "증빙 보완 필요" in client.get(reverse("nominations:nomination-detail", args=[item.pk])).content.decode()


def test_secretariat_matches_a_citizens_nominee(client):
    item = nomination(nominator=CitizenFactory(), nominator_type=NominatorType.CITIZEN, state=S.SUBMITTED, members=0)
    official_user = UserFactory()
    login_verified(client, secretariat())
    response = client.post(
        reverse("nominations:nomination-match", args=[item.pk]), {"employee_no": official_user.official.employee_no}
    )
    assert response.status_code == 302
    assert item.members.get().official == official_user.official


def _count_queries(client, url):
    client.get(url)  # the first request of a session does one-off work (session, second factor)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_round_list_query_count_does_not_grow(client):
    selection_round = SelectionRoundFactory()
    login_verified(client, secretariat())
    url = reverse("nominations:nomination-list", args=[selection_round.pk])
    first = nomination(state=S.SUBMITTED, selection_round=selection_round)
    one = _count_queries(client, url)
    for _ in range(2):
        nomination(state=S.SUBMITTED, selection_round=selection_round, duplicate_of=first, members=2)
    three = _count_queries(client, url)
    assert one == three
    assert len(client.get(url).context["page_obj"]) == 3


def test_round_list_filters_by_state_type_and_duplicates(client):
    selection_round = SelectionRoundFactory()
    first = nomination(state=S.SUBMITTED, selection_round=selection_round)
    nomination(state=S.VERIFIED, selection_round=selection_round, duplicate_of=first)
    nomination(state=S.DRAFT, selection_round=selection_round)
    login_verified(client, secretariat())
    url = reverse("nominations:nomination-list", args=[selection_round.pk])
    assert len(client.get(url).context["page_obj"]) == 2
    assert len(client.get(url, {"state": S.VERIFIED}).context["page_obj"]) == 1
    assert len(client.get(url, {"duplicates": "on"}).context["page_obj"]) == 1


def test_my_nominations_query_count_does_not_grow(client):
    user = UserFactory()
    login_verified(client, user)
    url = reverse("nominations:my-nominations")
    nomination(nominator=user)
    one = _count_queries(client, url)
    nomination(nominator=user)
    nomination(nominator=user, members=3)
    nomination()  # someone else's
    three = _count_queries(client, url)
    assert one == three
    assert len(client.get(url).context["page_obj"]) == 3


# --- languages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("ko", 'lang="ko"'), ("en", "Nominate a case")])
def test_nomination_form_renders_in_korean_and_english(client, language, expected):
    selection_round = SelectionRoundFactory()
    login_verified(client, UserFactory())
    client.cookies["django_language"] = language
    response = client.get(
        reverse("nominations:nomination-create", args=[selection_round.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_every_page_renders_for_those_who_may_use_it(client):
    first = nomination(state=S.SUBMITTED)
    item = nomination(selection_round=first.round, members=2)
    login_verified(client, item.nominated_by)
    for name in ("nominations:nomination-detail", "nominations:nomination-edit", "nominations:nomination-evidence"):
        response = client.get(reverse(name, args=[item.pk]))
        assert response.status_code == 200, name
        assert "style=" not in response.content.decode()
    assert client.get(reverse("nominations:nomination-create", args=[item.round_id])).status_code == 200
    client.logout()
    citizen_item = nomination(nominator=CitizenFactory(), nominator_type=NominatorType.CITIZEN, state=S.SUBMITTED)
    second = nomination(state=S.SUBMITTED, selection_round=first.round, duplicate_of=first)
    login_verified(client, secretariat())
    detail = client.get(reverse("nominations:nomination-detail", args=[second.pk])).content.decode()
    assert first.title in detail  # the duplicate flag
    for name, obj in (("nominations:nomination-verify", second), ("nominations:nomination-match", citizen_item)):
        assert client.get(reverse(name, args=[obj.pk])).status_code == 200, name


def test_removing_a_member_with_the_delete_box(client):
    item = nomination(members=2)
    keep, drop = list(item.members.select_related("official"))
    login_verified(client, item.nominated_by)
    data = team_data([(keep.official.employee_no, "총괄", "100"), (drop.official.employee_no, "", "1")], initial=2)
    data["members-1-DELETE"] = "on"
    response = client.post(reverse("nominations:nomination-edit", args=[item.pk]), data)
    assert response.status_code == 302
    assert list(item.members.values_list("official_id", "contribution")) == [(keep.official_id, 100)]
