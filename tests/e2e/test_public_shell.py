"""The public shell in a real browser: KRDS layout, keyboard skip link, language switch, 360 px, axe-clean."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_is_accessible_and_csp_clean_in_korean(make_page):
    page = make_page()
    page.goto("/")
    assert page.page.locator("html").get_attribute("lang") == "ko"
    assert page.page.get_by_role("heading", level=1).is_visible()
    page.assert_clean()
    page.screenshot("home-ko")


def test_skip_link_moves_focus_to_main_content(make_page):
    page = make_page()
    page.goto("/privacy/")
    page.page.keyboard.press("Tab")
    focused = page.page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main-content"
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("location.hash") == "#main-content"


def test_language_switch_is_remembered(make_page):
    page = make_page()
    page.goto("/")
    page.page.locator(".krds-language .drop-btn").click()
    page.page.locator("button[lang=en]").click()
    page.page.wait_for_load_state("load")
    assert page.page.locator("html").get_attribute("lang") == "en"
    page.goto("/privacy/")
    assert page.page.locator("html").get_attribute("lang") == "en"
    assert page.page.get_by_role("heading", level=1).inner_text() == "Privacy policy"
    page.assert_clean()
    page.screenshot("privacy-en")


def test_narrow_screen_has_no_horizontal_scroll_and_a_mobile_menu(make_page):
    page = make_page(width=360, height=740)
    page.goto("/")
    assert page.page.evaluate("document.documentElement.scrollWidth") <= 361
    page.page.locator("button.btn-navi.all").click()
    page.page.locator("#mobile-nav .gnb-wrap").wait_for(state="visible", timeout=5000)
    page.page.wait_for_timeout(700)  # the KRDS panel slides in
    page.screenshot("home-360")
    page.page.locator("#close-nav").click()
    page.assert_clean()
