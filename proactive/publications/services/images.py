"""PNG images from HTML with headless Chromium (card news, Open Graph images).

Like ``documents.pdf``: one browser per process, started on first use and kept, driven from a thread of its own
(Playwright's sync API refuses a thread where an event loop runs), every network request refused (fonts and
images must be ``data:`` URLs). Could move to ``documents`` next to ``html_to_pdfs`` (reported to the lead).
"""

import concurrent.futures
import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings

from proactive.core.exceptions import DomainError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


class ImageRenderingError(DomainError):
    pass


class _Shooter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pid = 0
        self._playwright: Any = None
        self._browser: Any = None

    def run(self, documents: list[str], width: int, height: int) -> list[bytes]:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="png")
                self._pid = os.getpid()
                self._playwright = self._browser = None
            pool = self._pool
        return pool.submit(self._shoot_with_retry, documents, width, height).result()

    def _ready(self) -> Any:
        from playwright.sync_api import sync_playwright

        if self._browser is not None and self._browser.is_connected():
            return self._browser
        self._stop()
        executable = settings.PROACTIVE_CHROMIUM
        if not Path(executable).exists():
            raise ImageRenderingError(f"Chromium not found at {executable} (set PROACTIVE_CHROMIUM).")
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

    def _shoot_with_retry(self, documents: list[str], width: int, height: int) -> list[bytes]:
        from playwright.sync_api import Error as PlaywrightError

        try:
            return _shoot(self._ready(), documents, width, height)
        except PlaywrightError:
            self._stop()
        try:
            return _shoot(self._ready(), documents, width, height)
        except PlaywrightError as exc:  # pragma: no cover - depends on the machine's browser
            self._stop()
            raise ImageRenderingError(str(exc)) from exc


def _shoot(browser: Any, documents: list[str], width: int, height: int) -> list[bytes]:
    """Each document is either a complete page, or a *sheet* (``SHEET_MARKER`` in it) of images stacked top to
    bottom, each ``height`` high, shot one clip at a time: the fonts are decoded once for the whole sheet."""
    results: list[bytes] = []
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())
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


# An element carrying this class is one image of a sheet (see ``_shoot``).
SHEET_MARKER = 'class="png-sheet-item'


_shooter = _Shooter()


def html_to_pngs(documents: Sequence[str], *, width: int, height: int) -> list[bytes]:
    """Each complete HTML document rendered at ``width``×``height`` CSS pixels (scale 1) as PNG bytes."""
    if not documents:
        return []
    return _shooter.run(list(documents), width, height)
