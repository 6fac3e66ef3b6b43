"""Search in a real browser, keyboard first: the query 규제 개선 finds a case written 규제를 개선하여, marked in the
snippet; bad input is explained; the page is clean (axe, CSP) in Korean and English."""

import pytest

from tests.browser import press, says, settle, visit
from tests.search.factories import published_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_korean_search_finds_inflected_forms(make_page):
    published_case(
        "옥외광고물 기준 정비", "불합리한 규제를 개선하여 소상공인의 부담을 덜었습니다."
    )  # indexed on commit
    published_case("민원 처리 기간 단축", "관계부서 합동 검토로 처리 기간을 줄였습니다.")
    page = make_page()
    visit(page, "/search/")
    page.page.get_by_label("검색어").fill("규제 개선")
    press(page, "검색", scope=page.page.locator("main"))
    says(page, "검색 결과 1건", "옥외광고물 기준 정비")
    assert page.page.locator("main mark").first.inner_text() == "규제"
    page.screenshot("search-results-ko")

    settle(page)
    page.page.get_by_label("검색어").fill("을 는")
    press(page, "검색", scope=page.page.locator("main"))
    says(page, "조사나 어미")


def test_search_page_in_english(make_page):
    published_case("옥외광고물 기준 정비", "불합리한 규제를 개선하여 소상공인의 부담을 덜었습니다.")
    page = make_page(locale="en-US")
    page.goto("/")
    page.page.locator(".krds-language .drop-btn").click()
    page.page.locator("button[lang=en]").click()
    settle(page)
    visit(page, "/search/?q=%EA%B7%9C%EC%A0%9C")
    says(page, "1 result for", "Selected case")
    page.screenshot("search-results-en")
