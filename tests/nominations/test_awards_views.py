"""Results-area pages: the announcement, the gallery and the case page (public, consent masking, query counts,
English and Korean), and the re-nomination pages (who may open them, submitting and deciding through the pages)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.accounts.services.org import refresh_paths
from proactive.nominations.enums import CaseType, Consent, Grade, Half, RenominationState, RoundStatus
from proactive.nominations.models import NominationMember, SpecialPromotionRequest
from proactive.nominations.services import awards as services
from proactive.web.navigation import menu_for
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import OrgUnitFactory
from tests.nominations.test_awards_support import (  # noqa: F401  (_award_kinds is an autouse fixture)
    _award_kinds,
    confirmed_award,
    decided_round,
    head_of,
    hr_officer,
    not_selected_case,
)
from tests.nominations.test_committee_support import _committee_kinds  # noqa: F401
from tests.nominations.test_nominations_support import secretariat

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["proactive_language"] = "en"
    return {"HTTP_ACCEPT_LANGUAGE": "en"}


def _queries(client, url):
    client.get(url)  # warm up: the first request of a session does its own bookkeeping
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _results_url(rnd):
    return reverse("nominations:round-results", args=[rnd.year, rnd.half])


# --- The announcement -------------------------------------------------------------------------------------------


def test_results_list_winners_by_grade_with_counts_and_the_decision_date(client):
    rnd = decided_round()
    challenge = confirmed_award(rnd, grade=Grade.CHALLENGE, rank=1, title="새로운 시도", members=1)
    top = confirmed_award(rnd, grade=Grade.TOP, rank=2, title="민원 처리기간 단축", members=3)
    excellent = confirmed_award(rnd, grade=Grade.EXCELLENT, rank=3, title="규제 개선", members=2)
    loser = confirmed_award(rnd, grade="", rank=4, title="선정되지 않은 사례")
    response = client.get(_results_url(rnd), **_english(client))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(a.nomination.title) for a in (top, excellent, challenge)]
    assert positions == sorted(positions)  # 최우수, 우수, 장려, 도전 order, not rank order
    assert loser.nomination.title not in html
    assert reverse("nominations:case", args=[top.nomination_id]) in html
    assert timezone.localtime(rnd.committee_meeting.decided_at).strftime("%Y-%m-%d") in html  # shown in Seoul time
    results = response.context["results"]
    assert results.case_count == 3
    assert results.official_count == 6
    assert [(g.grade, len(g.cases), g.officials) for g in results.groups] == [
        (Grade.TOP, 1, 3),
        (Grade.EXCELLENT, 1, 2),
        (Grade.CHALLENGE, 1, 1),
    ]
    assert "The proactive administration committee decided the grades on" in html


def test_results_are_not_shown_before_the_grades_are_confirmed(client):
    rnd = decided_round(decided=False)
    award = confirmed_award(rnd, grade=Grade.TOP, confirmed=False)
    response = client.get(_results_url(rnd), **_english(client))
    assert response.status_code == 200
    html = response.content.decode()
    assert "have not been announced yet" in html
    assert award.nomination.title not in html


def test_results_of_a_draft_or_missing_round_are_404(client):
    draft = decided_round(status=RoundStatus.DRAFT)
    confirmed_award(draft)
    assert client.get(_results_url(draft)).status_code == 404
    assert client.get(reverse("nominations:round-results", args=[1999, Half.FIRST])).status_code == 404


def test_results_mask_names_without_consent(client):
    rnd = decided_round()
    award = confirmed_award(rnd, members=2)
    given, refused = award.nomination.members.order_by("pk")
    NominationMember.objects.filter(pk=refused.pk).update(consent=Consent.REFUSED)
    html = client.get(_results_url(rnd), **_english(client)).content.decode()
    assert given.official.name in html
    assert refused.official.name not in html
    assert "Name withheld" in html


def test_results_query_count_does_not_grow_with_winners(client):
    rnd = decided_round()
    confirmed_award(rnd)
    url = _results_url(rnd)
    one = _queries(client, url)
    for rank, grade in enumerate([Grade.EXCELLENT, Grade.ENCOURAGEMENT, Grade.CHALLENGE], start=2):
        confirmed_award(rnd, grade=grade, rank=rank, members=3)
    assert _queries(client, url) == one


# --- The gallery ------------------------------------------------------------------------------------------------


def test_gallery_shows_published_cases_newest_round_first_then_rank(client):
    old = decided_round()
    new = decided_round()
    assert (new.year, new.half) > (old.year, old.half)
    old_first = confirmed_award(old, rank=1, title="예전 회차 사례")
    new_second = confirmed_award(new, grade=Grade.EXCELLENT, rank=2, title="신규 회차 2위")
    new_first = confirmed_award(new, rank=1, title="신규 회차 1위")
    confirmed_award(new, grade="", rank=3, title="등급 없음")
    confirmed_award(decided_round(decided=False), confirmed=False, title="미확정")
    response = client.get(reverse("nominations:gallery"))
    assert response.status_code == 200
    assert [c.award for c in response.context["cases"]] == [new_first, new_second, old_first]
    html = response.content.decode()
    assert "등급 없음" not in html
    assert "미확정" not in html


def test_gallery_filters_by_year_half_type_grade_and_department(client):
    rnd = decided_round()
    other_round = decided_round()
    bureau = OrgUnitFactory(kind=OrgUnitKind.BUREAU)
    in_bureau = confirmed_award(rnd, rank=1, case_type=CaseType.CHALLENGE)
    unit = in_bureau.nomination.nominating_unit
    unit.parent = bureau
    unit.save()
    refresh_paths(unit)
    elsewhere = confirmed_award(other_round, grade=Grade.ENCOURAGEMENT, rank=2)
    url = reverse("nominations:gallery")

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [c.award for c in response.context["cases"]]

    assert listed(unit=bureau.pk) == [in_bureau]
    assert listed(unit=elsewhere.nomination.nominating_unit_id) == [elsewhere]
    assert listed(year=rnd.year, half=rnd.half) == [in_bureau]
    assert listed(case_type=CaseType.CHALLENGE) == [in_bureau]
    assert listed(grade=Grade.ENCOURAGEMENT) == [elsewhere]
    assert set(listed(grade="no-such-grade")) == {in_bureau, elsewhere}  # a bad filter is ignored, not an error


def test_gallery_department_filter_finds_a_citizens_case_by_the_matched_official(client):
    rnd = decided_round()
    award = confirmed_award(rnd, nominator_type="citizen")
    nomination = award.nomination
    nomination.nominating_unit = None
    nomination.save(update_fields=["nominating_unit"])
    matched_unit = nomination.members.order_by("-contribution", "pk").first().official.unit
    response = client.get(reverse("nominations:gallery"), {"unit": matched_unit.pk})
    assert [c.award for c in response.context["cases"]] == [award]
    assert response.context["cases"][0].unit == matched_unit


def test_gallery_masks_names_without_consent(client):
    rnd = decided_round()
    award = confirmed_award(rnd, consent=Consent.PENDING, members=1)
    html = client.get(reverse("nominations:gallery")).content.decode()
    assert award.nomination.title in html
    assert award.nomination.members.get().official.name not in html
    assert "비공개" in html or "Name withheld" in html


def test_gallery_query_count_does_not_grow_with_cases(client):
    rnd = decided_round()
    confirmed_award(rnd)
    url = reverse("nominations:gallery")
    one = _queries(client, url)
    other = decided_round()
    for rank in range(1, 15):  # more than a page, in two rounds, with bigger teams
        confirmed_award(other if rank % 2 else rnd, grade=Grade.EXCELLENT, rank=rank + 1, members=3)
    assert _queries(client, url) == one
    assert _queries(client, url + "?page=2") == one


def test_gallery_paginates(client):
    rnd = decided_round()
    for rank in range(1, 14):
        confirmed_award(rnd, rank=rank, members=1)
    first = client.get(reverse("nominations:gallery"))
    second = client.get(reverse("nominations:gallery"), {"page": 2})
    assert len(first.context["cases"]) == 12
    assert len(second.context["cases"]) == 1


# --- The case page ----------------------------------------------------------------------------------------------


def test_case_page_shows_the_case_and_masks_names(client):
    rnd = decided_round()
    award = confirmed_award(
        rnd,
        grade=Grade.EXCELLENT,
        members=2,
        regulation_improved=True,
        regulation_detail="건축 조례 제5조 개정",
    )
    nomination = award.nomination
    given, refused = nomination.members.order_by("pk")
    NominationMember.objects.filter(pk=refused.pk).update(consent=Consent.REFUSED, role="자료 분석")
    response = client.get(reverse("nominations:case", args=[nomination.pk]), **_english(client))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        nomination.title,
        nomination.summary,
        nomination.problem,
        nomination.action,
        nomination.outcome,
        nomination.quantified_results,
        "건축 조례 제5조 개정",
        nomination.nominating_unit.name_en,
        "자료 분석",
        given.official.name,
        "Excellence award",
        "Name withheld",
    ):
        assert text in html, text
    assert refused.official.name not in html
    assert _results_url(rnd) in html


@pytest.mark.parametrize("kind", ["unconfirmed", "ungraded", "draft", "missing", "no_award"])
def test_case_page_is_404_unless_the_award_is_confirmed_and_graded(client, kind):
    if kind == "unconfirmed":
        pk = confirmed_award(decided_round(decided=False), confirmed=False).nomination_id
    elif kind == "ungraded":
        pk = confirmed_award(decided_round(), grade="").nomination_id
    elif kind == "draft":
        pk = confirmed_award(decided_round(status=RoundStatus.DRAFT)).nomination_id
    elif kind == "no_award":
        pk = not_selected_case(decided_round()).pk
    else:
        pk = 999999
    assert client.get(reverse("nominations:case", args=[pk])).status_code == 404


def test_case_page_query_count_does_not_grow_with_the_team(client):
    rnd = decided_round()
    small = confirmed_award(rnd, members=1)
    large = confirmed_award(rnd, rank=2, members=6)
    assert _queries(client, reverse("nominations:case", args=[small.nomination_id])) == _queries(
        client, reverse("nominations:case", args=[large.nomination_id])
    )


@pytest.mark.parametrize("language", ["en", "ko"])
def test_public_pages_render_in_both_languages(client, language):
    rnd = decided_round()
    award = confirmed_award(rnd)
    client.cookies["proactive_language"] = language
    expected = {
        "en": ("Selected cases", "Top award"),
        "ko": ('<html lang="ko">', "최우수"),
    }[language]
    for url in (
        _results_url(rnd),
        reverse("nominations:gallery"),
        reverse("nominations:case", args=[award.nomination_id]),
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert expected[1] in html


def test_menu_offers_the_gallery_to_everyone_and_the_hr_list_to_hr():
    from django.contrib.auth.models import AnonymousUser

    def urls(user):
        return {i["url"] for s in menu_for(user) for i in s["items"]}

    assert reverse("nominations:gallery") in urls(AnonymousUser())
    assert reverse("nominations:renomination-list") not in urls(AnonymousUser())
    assert reverse("nominations:renomination-list") in urls(hr_officer())
    head = make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory())
    assert reverse("nominations:renomination-mine") in urls(head)
    assert reverse("nominations:renomination-list") not in urls(head)


# --- Re-nomination pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.HR_OFFICER, Role.SECRETARIAT, Role.OFFICIAL])
def test_mine_page_is_the_department_heads(client, role):
    user = make_staff(role) if role != Role.OFFICIAL else not_selected_case(decided_round()).nominated_by
    login_verified(client, user)
    assert client.get(reverse("nominations:renomination-mine")).status_code == 403


def test_mine_page_lists_the_units_cases_and_their_requests(client):
    rnd = decided_round()
    nom = not_selected_case(rnd, title="선정되지 않은 우리 과 사례")
    done = not_selected_case(rnd, nominator=nom.nominated_by, title="이미 재추천한 사례")
    other = not_selected_case(rnd, title="다른 과 사례")
    head = head_of(nom)
    services.renominate_for_special_promotion(
        actor=head, nomination=done, members=list(done.members.all()), reason="공적"
    )
    login_verified(client, head)
    response = client.get(reverse("nominations:renomination-mine"), **_english(client))
    html = response.content.decode()
    assert nom.title in html
    assert done.title in html
    assert other.title not in html
    assert reverse("nominations:renomination-create", args=[nom.pk]) in html
    assert reverse("nominations:renomination-create", args=[done.pk]) not in html


def test_mine_page_query_count_does_not_grow(client):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    login_verified(client, head)
    url = reverse("nominations:renomination-mine")
    one = _queries(client, url)
    for _ in range(3):
        extra = not_selected_case(rnd, nominator=nom.nominated_by)
        services.renominate_for_special_promotion(
            actor=head, nomination=extra, members=list(extra.members.all()), reason="공적"
        )
    assert _queries(client, url) == one


def test_head_renominates_through_the_page(client):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    login_verified(client, head)
    url = reverse("nominations:renomination-create", args=[nom.pk])
    assert client.get(url).status_code == 200
    member = nom.members.first()
    response = client.post(url, {"officials": [member.pk], "reason": "특별승진 심사를 요청합니다"})
    assert response.status_code == 302
    renomination = SpecialPromotionRequest.objects.get(nomination=nom)
    assert list(renomination.officials.all()) == [member]
    # once only: the page now explains, and a second post changes nothing
    html = client.get(url, **_english(client)).content.decode()
    assert "already been re-nominated" in html
    assert client.post(url, {"officials": [member.pk], "reason": "다시"}).status_code == 400
    assert SpecialPromotionRequest.objects.count() == 1


def test_renominate_form_keeps_the_input_on_an_error(client):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    login_verified(client, head_of(nom))
    url = reverse("nominations:renomination-create", args=[nom.pk])
    response = client.post(url, {"reason": "내가 쓴 사유"}, **_english(client))
    assert response.status_code == 400
    html = response.content.decode()
    assert "내가 쓴 사유" in html
    assert "Choose at least one official from the team." in html
    assert not SpecialPromotionRequest.objects.exists()


@pytest.mark.parametrize("who", ["other_head", "hr", "nominator"])
def test_renominate_page_is_denied_to_others(client, who):
    rnd = decided_round()
    nom = not_selected_case(rnd)
    user = {
        "other_head": lambda: make_staff(Role.DEPARTMENT_HEAD, unit=OrgUnitFactory()),
        "hr": hr_officer,
        "nominator": lambda: nom.nominated_by,
    }[who]()
    login_verified(client, user)
    url = reverse("nominations:renomination-create", args=[nom.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"officials": [nom.members.first().pk], "reason": "x"}).status_code == 403
    assert not SpecialPromotionRequest.objects.exists()


def _submitted(rnd=None):
    rnd = rnd or decided_round()
    nom = not_selected_case(rnd)
    head = head_of(nom)
    return services.renominate_for_special_promotion(
        actor=head, nomination=nom, members=list(nom.members.all()), reason="공적 재검토 요청"
    )


@pytest.mark.parametrize("name", ["nominations:renomination-list", "nominations:renomination-decide"])
@pytest.mark.parametrize("who", ["head", "official", "committee_chair"])
def test_hr_pages_are_denied_to_others(client, name, who):
    renomination = _submitted()
    user = {
        "head": lambda: renomination.requested_by,
        "official": lambda: renomination.nomination.nominated_by,
        "committee_chair": lambda: make_staff(Role.COMMITTEE_CHAIR),
    }[who]()
    login_verified(client, user)
    args = [renomination.pk] if name.endswith("decide") else []
    assert client.get(reverse(name, args=args)).status_code == 403
    if args:
        response = client.post(reverse(name, args=args), {"decision": "accepted", "reason": "x"})
        assert response.status_code == 403
        renomination.refresh_from_db()
        assert renomination.state == RenominationState.SUBMITTED


@pytest.mark.parametrize("decider", [hr_officer, secretariat])
def test_hr_lists_filters_and_decides_through_the_pages(client, decider):
    first = _submitted()
    second = _submitted()
    login_verified(client, decider())
    list_url = reverse("nominations:renomination-list")
    response = client.get(list_url, **_english(client))
    assert response.status_code == 200
    assert {r.pk for r in response.context["page_obj"]} == {first.pk, second.pk}
    filtered = client.get(list_url, {"round": first.nomination.round_id})
    assert [r.pk for r in filtered.context["page_obj"]] == [first.pk]
    url = reverse("nominations:renomination-decide", args=[first.pk])
    page = client.get(url, **_english(client))
    assert page.status_code == 200
    assert first.nomination.title in page.content.decode()
    assert client.post(url, {"decision": "declined", "reason": ""}).status_code == 400
    assert client.post(url, {"decision": "declined", "reason": "요건 미충족"}).status_code == 302
    first.refresh_from_db()
    assert first.state == RenominationState.DECLINED
    by_state = client.get(list_url, {"state": RenominationState.SUBMITTED})
    assert [r.pk for r in by_state.context["page_obj"]] == [second.pk]
    # a decided request has no form any more, and a second post is refused with a message
    assert b'name="decision"' not in client.get(url).content
    assert client.post(url, {"decision": "accepted", "reason": "번복"}).status_code == 400
    first.refresh_from_db()
    assert first.state == RenominationState.DECLINED


def test_hr_list_query_count_does_not_grow(client):
    _submitted()
    login_verified(client, hr_officer())
    url = reverse("nominations:renomination-list")
    one = _queries(client, url)
    _submitted()
    _submitted()
    assert _queries(client, url) == one


def test_renomination_pages_render_in_korean(client):
    renomination = _submitted()
    login_verified(client, hr_officer())
    for url in (
        reverse("nominations:renomination-list"),
        reverse("nominations:renomination-decide", args=[renomination.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="ko">' in response.content.decode()
    client.logout()
    login_verified(client, renomination.requested_by)
    response = client.get(reverse("nominations:renomination-mine"))
    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()


def test_gallery_and_case_page_content_is_cached_until_the_results_change(client):
    rnd = decided_round()
    award = confirmed_award(rnd, consent=Consent.PENDING, members=1)
    member = award.nomination.members.get()
    gallery = reverse("nominations:gallery")
    case = reverse("nominations:case", args=[award.nomination_id])
    for url in (gallery, case):
        with CaptureQueriesContext(connection) as first:
            assert member.official.name not in client.get(url).content.decode()
        with CaptureQueriesContext(connection) as again:
            assert member.official.name not in client.get(url).content.decode()
        assert len(again) < len(first)  # the content came from the cache: only the shell's queries remain
    member.consent = Consent.GIVEN
    member.save()  # any write to what the pages show invalidates the cached content at once
    for url in (gallery, case):
        assert member.official.name in client.get(url).content.decode()


def test_a_cached_case_title_is_still_escaped(client):
    rnd = decided_round()
    award = confirmed_award(rnd, title="<b>굵게</b> & 사례")
    url = reverse("nominations:case", args=[award.nomination_id])
    for _ in range(2):
        html = client.get(url).content.decode()
        assert "<b>굵게</b>" not in html
        assert "&lt;b&gt;굵게&lt;/b&gt; &amp; 사례" in html
