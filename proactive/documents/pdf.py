"""PDF from HTML with headless Chromium (Playwright): Korean line breaking (``word-break: keep-all``) and embedded
Korean fonts exactly as the browser shows them. Used for certificates, decisions, casebooks and bulletins; the same
kept browser shoots the card-news and share images (``html_to_pngs``).

The page is rendered from a string with every network request refused, so nothing in the HTML can make the
server fetch anything (SSRF); fonts and images must be inlined as ``data:`` URLs (see ``font_face_css``).
See docs/decisions/0019-pdf-with-chromium.md.
"""

import base64
import concurrent.futures
import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

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
    """One Chromium per process, started on first use and kept, driven from one thread of its own.

    Playwright's sync API refuses a thread where an event loop already runs (an ASGI worker, a test process already
    driving a browser), so the browser lives in a dedicated thread; keeping it saves the ~2 s start on every render
    after the first (decisions, resolutions and certificates are rendered one at a time by the task worker). A
    forked process (a gunicorn worker) starts its own. A browser that fails is closed and started again once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pid = 0
        self._playwright: Any = None
        self._browser: Any = None

    def run[T](self, work: Callable[[Any], T], *, retry: bool = True) -> T:
        """``work(browser)`` in the renderer's thread, with the kept browser, started again and ``work`` repeated
        once if it fails (``retry``; without it a failure is a ``PdfRenderingError`` at once)."""
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")
                self._pid = os.getpid()
                self._playwright = self._browser = None
            pool = self._pool
        return pool.submit(self._with_retry, work, retry).result()

    # --- in the renderer's thread only ---

    def _browser_ready(self) -> Any:
        from playwright.sync_api import sync_playwright

        if self._browser is not None and self._browser.is_connected():
            return self._browser
        self._stop()
        executable = settings.PROACTIVE_CHROMIUM
        if not Path(executable).exists():
            raise PdfRenderingError(f"Chromium not found at {executable} (set PROACTIVE_CHROMIUM).")
        with _driver_node_options():
            self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        return self._browser

    def _stop(self) -> None:
        for closing in (self._browser, self._playwright):
            if closing is None:
                continue
            with contextlib.suppress(Exception):  # a broken browser is being thrown away
                closing.close() if closing is self._browser else closing.stop()
        self._browser = self._playwright = None

    def _with_retry[T](self, work: Callable[[Any], T], retry: bool) -> T:
        from playwright.sync_api import Error as PlaywrightError

        try:
            return work(self._browser_ready())
        except PlaywrightError as exc:
            self._stop()
            if not retry:
                raise PdfRenderingError(str(exc)) from exc
        try:
            return work(self._browser_ready())
        except PlaywrightError as exc:  # pragma: no cover - depends on the machine's browser
            self._stop()
            raise PdfRenderingError(str(exc)) from exc


_renderer = _Renderer()

# Playwright's driver is a Node.js process that carries every document and PDF between Python and Chromium; a
# young generation of 1 MB makes it collect those strings at once instead of growing by ~45 MB (bench/publications.py).
DRIVER_NODE_OPTIONS = "--max-semi-space-size=1"


@contextlib.contextmanager
def _driver_node_options() -> Iterator[None]:
    """``NODE_OPTIONS`` for the driver while it starts (Playwright hands the environment to the driver it starts)."""
    before = os.environ.get("NODE_OPTIONS")
    os.environ["NODE_OPTIONS"] = f"{before} {DRIVER_NODE_OPTIONS}" if before else DRIVER_NODE_OPTIONS
    try:
        yield
    finally:
        if before is None:
            del os.environ["NODE_OPTIONS"]
        else:
            os.environ["NODE_OPTIONS"] = before


def html_to_pdfs(documents: Sequence[str], *, landscape: bool = False, page_format: str = "A4") -> list[bytes]:
    """Render each complete HTML document in ``documents`` to PDF bytes, in order, on one page (``PdfSession``)."""
    if not documents:
        return []
    with PdfSession(landscape=landscape, page_format=page_format) as session:
        return [session.render(html) for html in documents]


class PdfSession:
    """Documents printed one after another on one fresh page of the kept browser, with every network request
    refused: ``with PdfSession() as session: session.render(html)``.

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
        self._context: Any = None
        self._page: Any = None
        self._head: str | None = None

    def __enter__(self) -> Self:
        def open_page(browser: Any) -> tuple[Any, Any]:
            context = browser.new_context()
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())  # data: URLs are not requests
            return context, page

        self._context, self._page = _renderer.run(open_page)
        return self

    def render(self, html: str) -> bytes:
        """``html`` (a complete document) as PDF bytes."""
        page = self._page
        head, found, rest = html.partition(self.BODY)
        body = rest.rpartition("</body>")[0] if found else ""
        swap = bool(found) and head == self._head and "</body>" in rest
        self._head = head if found else None

        def print_page(_browser: Any) -> bytes:
            if swap:
                page.evaluate("html => { document.body.innerHTML = html; }", body)
            else:
                page.set_content(html, wait_until="load")
            page.evaluate(READY)
            pdf: bytes = page.pdf(
                format=self.page_format, landscape=self.landscape, print_background=True, prefer_css_page_size=True
            )
            return pdf

        # No retry: a browser started again would not have this session's page.
        return _renderer.run(print_page, retry=False)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        context = self._context
        self._context = self._page = None

        def close(_browser: Any) -> None:
            with contextlib.suppress(Exception):  # the browser may be gone already
                context.close()

        if context is not None:
            _renderer.run(close, retry=False)


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


def _shoot(browser: Any, documents: list[str], width: int, height: int) -> list[bytes]:
    results: list[bytes] = []
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())  # data: URLs are not requests
        for html in documents:
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            count = html.count(SHEET_MARKER) or 1
            for i in range(count):
                clip = {"x": 0, "y": i * height, "width": width, "height": height}
                results.append(page.screenshot(type="png", clip=clip, full_page=count > 1))
    finally:
        context.close()
    return results
