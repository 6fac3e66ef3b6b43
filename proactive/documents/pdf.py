"""PDF from HTML with headless Chromium (Playwright): Korean line breaking (``word-break: keep-all``) and embedded
Korean fonts exactly as the browser shows them. Used for certificates, casebooks and bulletins.

The page is rendered from a string with every network request refused, so nothing in the HTML can make the
server fetch anything (SSRF); fonts and images must be inlined as ``data:`` URLs (see ``font_face_css``).
See docs/decisions/0019-pdf-with-chromium.md.
"""

import base64
import concurrent.futures
import functools
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from proactive.core.exceptions import DomainError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FONTS = (("Regular", 400), ("Medium", 500), ("Bold", 700))


@functools.cache
def font_face_css() -> str:
    """@font-face rules embedding KRDS's PretendardGOV (woff2) as data URLs, family name ``PretendardGOV``."""
    rules = []
    for name, weight in FONTS:
        path = finders.find(f"vendor/krds/fonts/PretendardGOV-{name}.subset.woff2")
        if not path:
            continue
        data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        rules.append(
            "@font-face{font-family:'PretendardGOV';font-style:normal;"
            f"font-weight:{weight};src:url(data:font/woff2;base64,{data}) format('woff2');}}"
        )
    return "\n".join(rules)


def data_url(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


class PdfRenderingError(DomainError):
    pass


def html_to_pdf(html: str, *, landscape: bool = False, page_format: str = "A4") -> bytes:
    """Render ``html`` (a complete document) to PDF bytes. Slow (a browser start): call it from a task or once."""
    return html_to_pdfs([html], landscape=landscape, page_format=page_format)[0]


def _in_own_thread(function, *args):
    """Run ``function`` in a fresh thread: Playwright's sync API refuses a thread where an event loop already runs
    (e.g. an ASGI worker, or a test process already driving a browser)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def html_to_pdfs(documents: Sequence[str], *, landscape: bool = False, page_format: str = "A4") -> list[bytes]:
    """Render each complete HTML document in ``documents`` to PDF bytes, in order, in one browser session.

    A browser start costs about two seconds; a page in a running browser a fraction of that, so batches (all the
    certificates of a round) go through here. Each document gets a fresh page with every network request refused.
    The browser is driven from a thread of its own (see ``_in_own_thread``).
    """
    if not documents:
        return []
    return _in_own_thread(_render, list(documents), landscape, page_format)


def _render(documents: list[str], landscape: bool, page_format: str) -> list[bytes]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = settings.PROACTIVE_CHROMIUM
    if not Path(executable).exists():
        raise PdfRenderingError(f"Chromium not found at {executable} (set PROACTIVE_CHROMIUM).")
    results: list[bytes] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            try:
                for html in documents:
                    page = browser.new_page()
                    try:
                        page.route("**/*", lambda route: route.abort())  # data: URLs are not requests
                        page.set_content(html, wait_until="load")
                        page.evaluate("document.fonts.ready.then(() => true)")
                        results.append(
                            page.pdf(
                                format=page_format,
                                landscape=landscape,
                                print_background=True,
                                prefer_css_page_size=True,
                            )
                        )
                    finally:
                        page.close()
            finally:
                browser.close()
    except PlaywrightError as exc:  # pragma: no cover - depends on the machine's browser
        raise PdfRenderingError(str(exc)) from exc
    return results
