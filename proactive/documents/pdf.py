"""PDF from HTML with headless Chromium: Korean line breaking (``word-break: keep-all``) and embedded Korean fonts
exactly as the browser shows them. Used for certificates, decisions, casebooks and bulletins; the same kept browser
shoots the card-news and share images (``html_to_pngs``).

Chromium is driven over its DevTools pipe (``documents.chromium``). The page is rendered from a string with
JavaScript off and every network request refused, so nothing in the HTML can make the server fetch anything (SSRF);
fonts and images must be inlined as ``data:`` URLs (see ``font_face_css``). See docs/decisions/0019-pdf-with-chromium.md
and 0023-chromium-over-the-devtools-pipe.md.
"""

import base64
import functools
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from django.conf import settings
from django.contrib.staticfiles import finders

from proactive.core.exceptions import DomainError
from proactive.documents.chromium import Browser, BrowserError, Page

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
FONTS = (("Regular", 400), ("Medium", 500), ("Bold", 700))
# Fonts loaded and every image decoded: a body set by script has no load event to wait for.
READY = "Promise.all([document.fonts.ready, ...[...document.images].map(i => i.decode().catch(() => null))]).then(() => true)"


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


class _Renderer:
    """One Chromium per process, started on first use and kept: it saves the ~1 s start on every render after the
    first (decisions, resolutions and certificates are rendered one at a time by the task worker). One thread at a
    time drives it. A forked process (a gunicorn worker) starts its own. A browser that fails is closed and started
    again once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = 0
        self._browser: Browser | None = None

    def run[T](self, work: Callable[[Browser], T], *, retry: bool = True) -> T:
        """``work(browser)`` with the kept browser, started again and ``work`` repeated once if it fails (``retry``;
        without it a failure is a ``PdfRenderingError`` at once)."""
        with self._lock:
            if self._pid != os.getpid():  # a fork: the parent's browser is the parent's
                self._pid, self._browser = os.getpid(), None
            try:
                return work(self._browser_ready())
            except BrowserError as exc:
                self._stop()
                if not retry:
                    raise PdfRenderingError(str(exc)) from exc
            try:
                return work(self._browser_ready())
            except BrowserError as exc:  # pragma: no cover - depends on the machine's browser
                self._stop()
                raise PdfRenderingError(str(exc)) from exc

    def _browser_ready(self) -> Browser:
        if self._browser is not None and self._browser.alive:
            return self._browser
        self._stop()
        executable = settings.PROACTIVE_CHROMIUM
        if not Path(executable).exists():
            raise PdfRenderingError(f"Chromium not found at {executable} (set PROACTIVE_CHROMIUM).")
        self._browser = Browser(executable, CHROMIUM_ARGS)
        return self._browser

    def _stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
        self._browser = None


_renderer = _Renderer()


def html_to_pdfs(documents: Sequence[str], *, landscape: bool = False, page_format: str = "A4") -> list[bytes]:
    """Render each complete HTML document in ``documents`` to PDF bytes, in order, on one page (``PdfSession``)."""
    if not documents:
        return []
    with PdfSession(landscape=landscape, page_format=page_format) as session:
        return [session.render(html) for html in documents]


class PdfSession:
    """Documents printed one after another on one fresh page of the kept browser, with JavaScript off and every
    network request refused: ``with PdfSession() as session: session.render(html)``.

    A document whose head (everything before ``<body>``) is the previous document's replaces only the body of the
    page already loaded: its stylesheet and the fonts embedded as ``data:`` URLs are parsed and decoded once for
    all the parts of a casebook (a new page per part cost about 0.4 s more and the renderer's memory grew with
    every part). Each session gets a new browser context, so nothing carries over from one caller's documents to
    another's. The caller's thread keeps control between documents (a task can record its progress).
    """

    BODY = "<body>"

    def __init__(self, *, landscape: bool = False, page_format: str = "A4") -> None:
        self.landscape = landscape
        self.page_format = page_format
        self._page: Page | None = None
        self._head: str | None = None

    def __enter__(self) -> Self:
        self._page = _renderer.run(Page)
        return self

    def render(self, html: str) -> bytes:
        """``html`` (a complete document) as PDF bytes."""
        page = self._page
        assert page is not None, "render() outside the session's with-block"
        head, found, rest = html.partition(self.BODY)
        body = rest.rpartition("</body>")[0] if found else ""
        swap = bool(found) and head == self._head and "</body>" in rest
        self._head = head if found else None

        def print_page(_browser: Browser) -> bytes:
            if swap:
                page.evaluate("function (html) { this.body.innerHTML = html; }", body)
                # The previous part's DOM is garbage now; collecting it before printing keeps the renderer's peak
                # near one part's size (400 cases: 592 → 497 MB in all, for 0.3 s; bench/publications.py).
                page.call("HeapProfiler.collectGarbage")
            else:
                page.set_content(html)
            page.evaluate(READY)
            return page.pdf(page_format=self.page_format, landscape=self.landscape)

        # No retry: a browser started again would not have this session's page.
        return _renderer.run(print_page, retry=False)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        page, self._page = self._page, None
        if page is not None:
            _renderer.run(lambda _browser: page.close(), retry=False)


# --- PNG images (card news, Open Graph images), from the same kept browser ----------------------------------------

# An element carrying this class is one image of a *sheet* (see ``_shoot``).
SHEET_MARKER = 'class="png-sheet-item'


def html_to_pngs(documents: Sequence[str], *, width: int, height: int) -> list[bytes]:
    """Each complete HTML document rendered at ``width``×``height`` CSS pixels (scale 1) as PNG bytes; a document
    that is a sheet (``SHEET_MARKER`` in it: images stacked top to bottom, each ``height`` high) gives one PNG per
    image, shot one clip at a time, so its fonts are decoded once."""
    if not documents:
        return []
    pages = list(documents)
    return _renderer.run(lambda browser: _shoot(browser, pages, width, height))


def _shoot(browser: Browser, documents: list[str], width: int, height: int) -> list[bytes]:
    results: list[bytes] = []
    with Page(browser, width=width, height=height) as page:
        for html in documents:
            page.set_content(html)
            page.evaluate(READY)
            count = html.count(SHEET_MARKER) or 1
            results.extend(page.png(x=0, y=i * height, width=width, height=height) for i in range(count))
    return results
