"""Browser-test fixtures (registered for the whole suite by tests/conftest.py): Playwright (Python) driving Debian's chromium against pytest-django's live server.

Every page a test visits is checked with axe-core (from npm, injected by Playwright) for serious or critical
accessibility violations, and for Content-Security-Policy violations reported on the console.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests themselves are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PROACTIVE_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package.")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class CheckedPage:
    """A Playwright page that records CSP violations and can run axe on demand."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.csp_violations: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return response

    def axe(self) -> list[dict]:
        """Serious or critical axe violations on the current page (an empty list when clean)."""
        # Served from our own origin (test settings add axe-core to the static files), so the page's strict CSP
        # stays enforced during the test and any violation of it is caught.
        self.page.add_script_tag(url=self.base_url + "/static/vendor/axe/axe.min.js")
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def assert_clean(self) -> None:
        # CSP first: only what the page itself did counts, not what the injected axe script does.
        page_violations = list(self.csp_violations)
        assert page_violations == [], f"CSP violations on {self.page.url}: {page_violations}"
        violations = self.axe()
        self.csp_violations.clear()
        assert violations == [], f"axe violations on {self.page.url}: {violations}"

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def make_page(browser, live_server):
    contexts = []

    def _make(width: int = 1280, height: int = 900, locale: str = "ko-KR") -> CheckedPage:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        return CheckedPage(context.new_page(), live_server.url)

    yield _make
    for context in contexts:
        context.close()


# --- Steps every browser test takes (keyboard first, each answer checked by CheckedPage) ----------------------


def settle(page) -> None:
    page.page.wait_for_load_state("load")


def visit(page, path: str, status: int = 200) -> None:
    """Open ``path``; it answers ``status``, and a 200 page is checked (axe, CSP)."""
    response = page.goto(path)
    assert response.status == status, (path, response.status)
    if status == 200:
        page.assert_clean()


def press(page, name: str, *, scope=None, exact: bool = True, check: bool = True) -> None:
    """Press the button named ``name`` (in ``scope``, a locator, or anywhere on the page) with the keyboard, wait
    for the page that answers, and check it (unless ``check`` is false)."""
    settle(page)
    # Keyboard activation, as a keyboard user does: on a loaded machine a mouse click can land after the layout
    # moved (the button got the press, not the release) and then nothing is submitted.
    with page.page.expect_navigation():
        (scope or page.page).get_by_role("button", name=name, exact=exact).first.press("Enter")
    if check:
        page.assert_clean()


def follow(page, name: str) -> None:
    """Follow the link named ``name`` with the keyboard and check the page it opens."""
    settle(page)
    with page.page.expect_navigation():
        page.page.get_by_role("link", name=name, exact=True).first.press("Enter")
    page.assert_clean()


def says(page, *texts: str) -> None:
    """The page shows every one of ``texts`` (visible text, so a missing translation shows up as English)."""
    body = page.page.locator("main").inner_text()
    for text in texts:
        assert text in body, f"{text!r} not on {page.page.url}:\n{body[:3000]}"


def row_says(row, *texts: str) -> None:
    """One table row (a locator) shows every one of ``texts``."""
    text = row.inner_text()
    for expected in texts:
        assert expected in text, f"{expected!r} not in the row: {text!r}"


def tick(locator) -> None:
    """Tick a radio button or checkbox as a keyboard user does: focus it and press Space. (KRDS draws the label over
    the input, so a mouse click at the input's place can land on the label's box, and on a loaded machine after the
    layout moved; the keyboard has no coordinates.) The label is clicked only if the key did not take."""
    locator.page.wait_for_load_state("load")
    if locator.is_checked():
        return
    locator.focus()
    locator.press("Space")
    try:
        expect(locator).to_be_checked(timeout=2_000)
    except AssertionError:
        locator.page.locator(f"label[for='{locator.get_attribute('id')}']").first.click()
        expect(locator).to_be_checked()


def disclose(summary) -> None:
    """Open the ``<details>`` of ``summary`` (a locator) as a keyboard user does: focus its summary and press Enter
    (a mouse click can land after the layout moved on a loaded machine, leaving it closed); then it is open."""
    summary.page.wait_for_load_state("load")
    details = summary.locator("xpath=..")
    if details.get_attribute("open") is None:
        summary.focus()
        summary.press("Enter")
    expect(details).to_have_attribute("open", "")
