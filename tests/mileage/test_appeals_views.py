"""Appeal screens: filing from a claim or an entry, my appeals, the secretariat's list, the panel's queue, one
appeal's page and its forms — each permission denial, what typed input survives a refusal, and constant query
counts for the lists."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.documents.models import Document
from proactive.mileage.enums import AppealState, EntryKind
from proactive.mileage.models import Appeal, LedgerEntry
from proactive.mileage.services.appeals import assign_appeal_panel, file_appeal
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, RoleMembershipFactory, UserFactory
from tests.factories.documents import DocumentFactory, exe_bytes, pdf_bytes, upload
from tests.mileage import test_appeals_support as support
from tests.mileage.test_appeals_support import approved_claim, at, deduction, rejected_claim

pytestmark = pytest.mark.django_db
A = AppealState
line = support.line  # fixtures
_appeal_kinds = support._appeal_kinds


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _appeal(line, claim=None, entry=None, actor=None):
    if claim is None and entry is None:
        claim = rejected_claim(line)
    return file_appeal(actor=actor or line["claimant"], claim=claim, entry=entry, reasons="기여도 재산정을 요청합니다.")


def _reviewed(line, appeal=None):
    return assign_appeal_panel(actor=line["secretariat"], appeal=appeal or _appeal(line), panel=[line["panel1"]])


def _create_url(**query):
    return reverse("mileage:appeal-create") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def _detail(appeal):
    return reverse("mileage:appeal-detail", args=[appeal.pk])


# --- Permission denials --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mileage:appeal-mine", "mileage:appeal-create"])
def test_citizens_cannot_open_the_officials_pages(client, line, name):
    client.force_login(CitizenFactory())
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("who", ["claimant", "panel1", "head"])
def test_the_secretariats_list_is_refused_to_others(client, line, who):
    login_verified(client, line[who])
    assert client.get(reverse("mileage:appeal-list")).status_code == 403


@pytest.mark.parametrize("who", ["claimant", "secretariat", "chief"])
def test_the_panel_queue_is_refused_to_non_members(client, line, who):
    login_verified(client, line[who])
    assert client.get(reverse("mileage:appeal-panel")).status_code == 403


def test_an_appeals_panel_member_without_second_factor_is_refused(client, line):
    client.force_login(line["panel1"])  # no TOTP step: the staff role does not count yet
    response = client.get(reverse("mileage:appeal-panel"))
    assert response.status_code in (302, 403)


def test_someone_elses_claim_or_entry_is_a_404_on_the_filing_page(client, line):
    claim, entry = rejected_claim(line), deduction(line)
    login_verified(client, UserFactory())
    assert client.get(_create_url(claim=claim.pk)).status_code == 404
    assert client.get(_create_url(entry=entry.pk)).status_code == 404
    assert client.post(_create_url(claim=claim.pk), {"reasons": "남의 신청"}).status_code == 404
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("query", [{"claim": "999999"}, {"entry": "abc"}, {"claim": "1", "entry": "1"}])
def test_unknown_or_malformed_subjects_are_a_404(client, line, query):
    login_verified(client, line["claimant"])
    assert client.get(_create_url(**query)).status_code == 404


@pytest.mark.parametrize("who", ["stranger", "panel2", "head", "chief"])
def test_an_appeal_is_a_404_to_everyone_but_appellant_panel_and_secretariat(client, line, who):
    appeal = _reviewed(line)
    user = UserFactory() if who == "stranger" else line[who]
    login_verified(client, user)
    assert client.get(_detail(appeal)).status_code == 404
    for action in ("assign", "decide", "withdraw", "evidence"):
        url = reverse(f"mileage:appeal-{action}", args=[appeal.pk])
        assert client.post(url, {"reasons": "x", "outcome": A.UPHELD}).status_code == 404


@pytest.mark.parametrize("who", ["claimant", "panel1", "secretariat"])
def test_appellant_panel_and_secretariat_see_the_appeal(client, line, who):
    appeal = _reviewed(line)
    login_verified(client, line[who])
    response = client.get(_detail(appeal))
    assert response.status_code == 200
    assert "기여도 재산정을 요청합니다." in response.content.decode()


@pytest.mark.parametrize("who", ["claimant", "panel1"])
def test_only_the_secretariat_assigns_the_panel(client, line, who):
    appeal = _appeal(line)
    appeal.panel.add(line["panel1"])  # so the panel member can see it
    login_verified(client, line[who])
    response = client.post(reverse("mileage:appeal-assign", args=[appeal.pk]), {"panel": [line["panel2"].pk]})
    assert response.status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).state == A.FILED


@pytest.mark.parametrize("who", ["claimant", "secretariat"])
def test_only_the_panel_decides(client, line, who):
    appeal = _reviewed(line)
    login_verified(client, line[who])
    url = reverse("mileage:appeal-decide", args=[appeal.pk])
    assert client.post(url, {"outcome": A.UPHELD, "reasons": "유지"}).status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).state == A.UNDER_REVIEW


def test_a_panel_member_who_granted_the_claim_can_neither_be_assigned_nor_decide(client, line):
    RoleMembershipFactory(user=line["head"], role=Role.APPEALS_PANEL)  # the head who granted also sits on panels
    appeal = _appeal(line)
    login_verified(client, line["secretariat"])
    page = client.get(_detail(appeal)).content.decode()
    assert f'value="{line["head"].pk}"' not in page  # not offered
    assert "granted the claim" in page  # and the page says why
    response = client.post(reverse("mileage:appeal-assign", args=[appeal.pk]), {"panel": [line["head"].pk]})
    assert response.status_code == 400
    assert Appeal.objects.get(pk=appeal.pk).state == A.FILED
    # Put on the panel behind the service's back, the rule still refuses the decision.
    appeal = _reviewed(line, appeal)
    appeal.panel.add(line["head"])
    client.logout()
    login_verified(client, line["head"])
    url = reverse("mileage:appeal-decide", args=[appeal.pk])
    assert client.post(url, {"outcome": A.UPHELD, "reasons": "유지"}).status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).state == A.UNDER_REVIEW


@pytest.mark.parametrize("who", ["panel1", "secretariat"])
def test_only_the_appellant_withdraws_or_adds_files(client, line, who):
    appeal = _reviewed(line)
    login_verified(client, line[who])
    assert client.post(reverse("mileage:appeal-withdraw", args=[appeal.pk])).status_code == 403
    url = reverse("mileage:appeal-evidence", args=[appeal.pk])
    assert client.post(url, {"evidence": upload("추가.pdf", pdf_bytes())}).status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).state == A.UNDER_REVIEW
    assert not Document.objects.filter(purpose="mileage_appeal_evidence").exists()


def test_get_is_refused_on_the_actions(client, line):
    appeal = _appeal(line)
    login_verified(client, line["claimant"])
    for action in ("assign", "decide", "withdraw", "evidence"):
        assert client.get(reverse(f"mileage:appeal-{action}", args=[appeal.pk])).status_code == 405


# --- Filing --------------------------------------------------------------------------------------------------


def test_the_filing_page_without_a_subject_explains_where_to_start(client, line):
    login_verified(client, line["claimant"])
    response = client.get(reverse("mileage:appeal-create"))
    assert response.status_code == 200
    assert "Appeal" in response.content.decode()


def test_filing_from_an_approved_claim_shows_the_terms_and_holds_the_points(client, line):
    claim = approved_claim(line, points=2)
    login_verified(client, line["claimant"])
    response = client.get(_create_url(claim=claim.pk))
    page = response.content.decode()
    closes = (timezone.localdate(claim.decided_at) + datetime.timedelta(days=14)).isoformat()
    assert response.status_code == 200
    assert closes in page
    assert "2 points: the panel may adjust them" in page
    response = client.post(
        _create_url(claim=claim.pk),
        {"reasons": "기여도가 낮게 평가되었습니다.", "evidence": [upload("근거.pdf", pdf_bytes())]},
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response.url == _detail(appeal)
    assert (appeal.points_disputed, appeal.evidence.count()) == (2, 1)


def test_filing_from_a_deduction_entry(client, line):
    entry = deduction(line)
    login_verified(client, line["claimant"])
    response = client.post(_create_url(entry=entry.pk), {"reasons": "소극행정이 아니었습니다."})
    assert response.status_code == 302
    assert Appeal.objects.get().entry == entry


def test_a_refused_file_keeps_the_reasons_typed(client, line):
    claim = rejected_claim(line)
    login_verified(client, line["claimant"])
    response = client.post(
        _create_url(claim=claim.pk), {"reasons": "제가 쓴 이유입니다", "evidence": [upload("x.pdf", exe_bytes())]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "제가 쓴 이유입니다" in page
    assert "choose them again" in page
    assert not Appeal.objects.exists()


def test_missing_reasons_are_explained(client, line):
    claim = rejected_claim(line)
    login_verified(client, line["claimant"])
    response = client.post(_create_url(claim=claim.pk), {"reasons": ""})
    assert response.status_code == 400
    assert "Please give your reasons" in response.content.decode()


def test_after_the_window_the_page_says_when_it_closed_and_offers_no_form(client, line):
    claim = rejected_claim(line)
    closes_on = timezone.localdate(claim.decided_at) + datetime.timedelta(days=14)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=16), tick=False):
        login_verified(client, line["claimant"])
        response = client.get(_create_url(claim=claim.pk))
        assert closes_on.isoformat() in response.content.decode()
        assert 'name="reasons"' not in response.content.decode()
        assert client.post(_create_url(claim=claim.pk), {"reasons": "늦었지만"}).status_code == 400
    assert not Appeal.objects.exists()


def test_an_open_appeal_is_linked_instead_of_a_second_one(client, line):
    appeal = _appeal(line)
    login_verified(client, line["claimant"])
    response = client.get(_create_url(claim=appeal.claim_id))
    assert _detail(appeal) in response.content.decode()
    assert 'name="reasons"' not in response.content.decode()


# --- One appeal's page and its forms -------------------------------------------------------------------------


def test_the_page_shows_the_chain_and_the_forms_each_viewer_may_use(client, line):
    appeal = _appeal(line)
    login_verified(client, line["secretariat"])
    page = client.get(_detail(appeal)).content.decode()
    assert line["head"].name in page  # who granted
    assert line["chief"].name in page  # who rejected
    assert reverse("mileage:appeal-assign", args=[appeal.pk]) in page
    assert reverse("mileage:appeal-decide", args=[appeal.pk]) not in page
    client.logout()
    login_verified(client, line["claimant"])
    page = client.get(_detail(appeal)).content.decode()
    assert reverse("mileage:appeal-withdraw", args=[appeal.pk]) in page
    assert reverse("mileage:appeal-evidence", args=[appeal.pk]) in page
    assert reverse("mileage:appeal-assign", args=[appeal.pk]) not in page


def test_the_secretariat_assigns_a_panel_through_the_page(client, line):
    appeal = _appeal(line)
    login_verified(client, line["secretariat"])
    url = reverse("mileage:appeal-assign", args=[appeal.pk])
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"panel": [line["panel1"].pk, line["panel2"].pk]})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == A.UNDER_REVIEW
    assert set(appeal.panel.all()) == {line["panel1"], line["panel2"]}


def test_a_panel_member_adjusts_through_the_page(client, line):
    appeal = _reviewed(line, _appeal(line, claim=approved_claim(line, points=2)))
    login_verified(client, line["panel1"])
    url = reverse("mileage:appeal-decide", args=[appeal.pk])
    response = client.post(url, {"outcome": A.ADJUSTED, "reasons": "기여도 재산정", "points": ""})
    assert response.status_code == 400  # adjusting needs the points
    response = client.post(url, {"outcome": A.ADJUSTED, "reasons": "기여도 재산정", "points": "1"})
    assert response.status_code == 302
    assert LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT).points == 1
    assert Appeal.objects.get(pk=appeal.pk).state == A.ADJUSTED


def test_a_refused_decision_keeps_what_the_panel_typed(client, line):
    appeal = _reviewed(line, _appeal(line, claim=approved_claim(line, points=2)))
    login_verified(client, line["panel1"])
    url = reverse("mileage:appeal-decide", args=[appeal.pk])
    response = client.post(url, {"outcome": A.ADJUSTED, "reasons": "활동 최고점 초과 검토", "points": "5"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "활동 최고점 초과 검토" in page
    assert "at most 3 points" in page
    assert Appeal.objects.get(pk=appeal.pk).state == A.UNDER_REVIEW


def test_the_appellant_withdraws_and_adds_files_through_the_page(client, line):
    appeal = _appeal(line)
    login_verified(client, line["claimant"])
    url = reverse("mileage:appeal-evidence", args=[appeal.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"evidence": [upload("추가.pdf", pdf_bytes())]}).status_code == 302
    assert appeal.evidence.count() == 1
    response = client.post(reverse("mileage:appeal-withdraw", args=[appeal.pk]), {"reason": "취하합니다"})
    assert response.status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).state == A.WITHDRAWN
    assert client.post(reverse("mileage:appeal-withdraw", args=[appeal.pk])).status_code == 400


def test_appeal_files_are_readable_by_appellant_panel_and_secretariat_only(client, line):
    claim = rejected_claim(line)
    claim_document = DocumentFactory(owner=line["claimant"], purpose="mileage_claim_evidence")
    claim.evidence.add(claim_document)
    appeal = _reviewed(line, _appeal(line, claim=claim))
    document = DocumentFactory(owner=line["claimant"], purpose="mileage_appeal_evidence")
    appeal.evidence.add(document)
    for who in ("claimant", "panel1", "secretariat"):
        assert line[who].has_perm("documents.view_document", document), who
    for user in (line["panel2"], UserFactory(), make_staff(Role.SYSADMIN)):
        assert not user.has_perm("documents.view_document", document)
    assert line["panel1"].has_perm("documents.view_document", claim_document)  # the panel weighs the evidence
    assert not line["panel2"].has_perm("documents.view_document", claim_document)
    login_verified(client, line["panel2"])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


# --- Lists ---------------------------------------------------------------------------------------------------


def test_overdue_appeals_are_flagged_and_filtered(client, line):
    late = _appeal(line)
    Appeal.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    _appeal(line, entry=deduction(line))
    login_verified(client, line["secretariat"])
    page = client.get(reverse("mileage:appeal-list")).content.decode()
    assert page.count('bg-danger">Overdue</span>') == 1
    page = client.get(reverse("mileage:appeal-list") + "?overdue=on").content.decode()
    assert f"appeal-{late.pk}" in page
    assert page.count('<tr id="appeal-') == 1
    page = client.get(reverse("mileage:appeal-list") + "?state=under_review").content.decode()
    assert page.count('<tr id="appeal-') == 0


def test_my_appeals_and_the_panel_queue_list_their_own(client, line):
    mine = _appeal(line)
    _reviewed(line, mine)
    login_verified(client, line["claimant"])
    assert f"appeal-{mine.pk}" in client.get(reverse("mileage:appeal-mine")).content.decode()
    client.logout()
    login_verified(client, line["panel1"])
    assert f"appeal-{mine.pk}" in client.get(reverse("mileage:appeal-panel")).content.decode()
    client.logout()
    login_verified(client, line["panel2"])
    assert f"appeal-{mine.pk}" not in client.get(reverse("mileage:appeal-panel")).content.decode()


def _queries(client, url) -> int:
    client.get(url)  # warm-up: the first request after sign-in renews the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_appeals(line, n):
    for i in range(n):
        official = UserFactory(official__unit=line["department"], official__grade=7)
        claim = rejected_claim(line, officials=[(official.official, 100)])
        appeal = _appeal(line, claim=claim, actor=official)
        assign_appeal_panel(actor=line["secretariat"], appeal=appeal, panel=[line["panel1"], line["panel2"]])
        if i % 2:
            at(appeal, A.UPHELD)


@pytest.mark.parametrize(("name", "who"), [("mileage:appeal-list", "secretariat"), ("mileage:appeal-panel", "panel1")])
def test_list_queries_do_not_grow_with_the_appeals(client, line, name, who):
    _more_appeals(line, 1)
    login_verified(client, line[who])
    one = _queries(client, reverse(name))
    _more_appeals(line, 3)
    assert _queries(client, reverse(name)) == one


def test_my_appeals_queries_do_not_grow(client, line, django_assert_max_num_queries):
    _appeal(line)
    login_verified(client, line["claimant"])
    one = _queries(client, reverse("mileage:appeal-mine"))
    for _i in range(3):
        _appeal(line, entry=deduction(line))
    assert _queries(client, reverse("mileage:appeal-mine")) == one
    with django_assert_max_num_queries(one):
        client.get(reverse("mileage:appeal-mine"))


# --- Menu ----------------------------------------------------------------------------------------------------


def _menu_urls(user) -> set[str]:
    return {item["url"] for section in menu_for(user) for item in section["items"]}


def test_each_role_sees_its_appeals_menu_items(line):
    mine, everyone, panel = (reverse(n) for n in ("mileage:appeal-mine", "mileage:appeal-list", "mileage:appeal-panel"))
    assert {mine} == _menu_urls(line["claimant"]) & {mine, everyone, panel}
    assert {mine, everyone} == _menu_urls(line["secretariat"]) & {mine, everyone, panel}
    assert {mine, panel} == _menu_urls(line["panel1"]) & {mine, everyone, panel}
    assert not _menu_urls(CitizenFactory()) & {mine, everyone, panel}


# --- Korean first --------------------------------------------------------------------------------------------


def test_every_page_renders_in_korean(client, line, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    claim = approved_claim(line, points=2)
    appeal = _reviewed(line, _appeal(line, entry=deduction(line)))
    pages = [
        (line["claimant"], reverse("mileage:appeal-create")),
        (line["claimant"], _create_url(claim=claim.pk)),
        (line["claimant"], reverse("mileage:appeal-mine")),
        (line["claimant"], _detail(appeal)),
        (line["secretariat"], reverse("mileage:appeal-list")),
        (line["secretariat"], _detail(appeal)),
        (line["panel1"], reverse("mileage:appeal-panel")),
        (line["panel1"], _detail(appeal)),
    ]
    for user, url in pages:
        login_verified(client, user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="ko">' in response.content.decode(), url
