"""Headless Chromium driven over its DevTools pipe: the few calls the server needs to print HTML to PDF and to shoot
PNG images, without a Node.js driver and without a listening debugging port.

Chromium is started with ``--remote-debugging-pipe``: it reads DevTools protocol commands (JSON, each ended by a NUL
byte) from file descriptor 3 and writes answers and events to descriptor 4. Nothing listens on a port, so no other
process on the host can drive the browser, and when this process ends the pipe closes and Chromium exits with it.
See docs/decisions/0023-chromium-over-the-devtools-pipe.md for why this replaced Playwright on the server.

Every page is opened in a browser context of its own with JavaScript off and every network request refused
(``Fetch`` interception, plus a proxy that does not exist for what ``Fetch`` does not see, such as WebSockets), so
a rendered document can neither run a script nor make the server fetch anything; fonts and images come as
``data:`` URLs. DevTools' own ``Runtime.evaluate`` still runs, which is how a body is swapped and fonts are awaited.

Not thread-safe: one thread at a time per ``Browser`` (``documents.pdf`` holds a lock).
"""

import base64
import contextlib
import fcntl
import json
import os
import select
import signal
import tempfile
import time
from collections.abc import Sequence
from typing import Any, Self

# What every launch gets besides the caller's arguments: the headless browser, the pipe, a profile of its own and
# nothing that runs in the background or shows a window. The ``--disable-features`` below keep Chromium from opening
# the omnibox's pop-up pages (two renderers of ~60 MB each for a window nobody sees) and a spare renderer.
BASE_ARGS = (
    "--headless",
    "--remote-debugging-pipe",
    "--no-startup-window",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-breakpad",
    "--disable-dev-shm-usage",
    "--disable-software-rasterizer",
    "--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,"
    "SpareRendererForSitePerProcess,Translate,MediaRouter,OptimizationHints",
    "--hide-scrollbars",
    "--mute-audio",
    "--force-color-profile=srgb",
    "--password-store=basic",
    "--proxy-server=127.0.0.1:9",  # nothing is fetched, even what Fetch interception does not see
    "--proxy-bypass-list=<-loopback>",
)
# Paper sizes in inches, as Chromium's printToPDF takes them.
PAPER = {"A3": (11.69, 16.54), "A4": (8.27, 11.7), "A5": (5.83, 8.27), "Letter": (8.5, 11.0), "Legal": (8.5, 14.0)}
TIMEOUT_S = 60.0  # for one call; printing a 100-page part takes well under a second
READ_SIZE = 1 << 20


class BrowserError(Exception):
    """Chromium failed, went away or did not answer in time; the ``Browser`` is unusable afterwards."""


class CallError(BrowserError):
    """Chromium answered a call with an error (the browser itself is still usable)."""


def _high_fd(fd: int) -> int:
    """``fd`` moved to a descriptor number above 4 (close-on-exec), so that placing the pipe ends on 3 and 4 in the
    child cannot overwrite one with the other."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """One Chromium process: ``call()`` sends a DevTools command and returns its result; ``close()`` ends it."""

    def __init__(self, executable: str, args: Sequence[str] = (), *, timeout: float | None = None) -> None:
        self.timeout = TIMEOUT_S if timeout is None else timeout
        self._profile = tempfile.TemporaryDirectory(prefix="proactive-chromium-")
        commands_read, commands_write = (_high_fd(fd) for fd in os.pipe())
        answers_read, answers_write = (_high_fd(fd) for fd in os.pipe())
        devnull = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
        argv = [executable, *BASE_ARGS, f"--user-data-dir={self._profile.name}", *args, "about:blank"]
        try:
            self.pid = os.posix_spawn(
                executable,
                argv,
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, devnull, 0),
                    (os.POSIX_SPAWN_DUP2, devnull, 1),
                    (os.POSIX_SPAWN_DUP2, devnull, 2),
                    (os.POSIX_SPAWN_DUP2, commands_read, 3),
                    (os.POSIX_SPAWN_DUP2, answers_write, 4),
                ],
                setsid=True,  # a Ctrl-C meant for the server does not reach the browser first
            )
        except OSError as exc:
            for fd in (commands_write, answers_read):
                os.close(fd)
            self._profile.cleanup()
            raise BrowserError(f"Chromium could not be started ({executable}): {exc}") from exc
        finally:
            for fd in (commands_read, answers_write, devnull):
                os.close(fd)
        self._write_fd, self._read_fd = commands_write, answers_read
        self._poll = select.poll()  # not select(): a busy process may hold descriptors above FD_SETSIZE
        self._poll.register(answers_read, select.POLLIN)
        self._buffer = bytearray()
        self._last_id = 0
        self._closed = False
        self.paused_requests = 0  # requests refused by Fetch interception (what a test can check)
        try:
            self.call("Browser.getVersion")  # answers once Chromium is up
        except BrowserError:
            self.close()
            raise

    @property
    def alive(self) -> bool:
        if self._closed:
            return False
        try:
            pid, _status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        return pid == 0

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> dict[str, Any]:
        """Send ``method`` and wait for its answer; events that arrive meanwhile are handled (``_on_event``)."""
        if self._closed:
            raise BrowserError("the browser is closed")
        self._last_id += 1
        call_id = self._last_id  # events handled meanwhile send calls of their own
        message: dict[str, Any] = {"id": call_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline, method)
            if answer.get("id") == call_id:
                if "error" in answer:
                    raise CallError(f"{method}: {answer['error'].get('message', answer['error'])}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self._on_event(answer)

    def close(self) -> None:
        """End the browser: politely, then by force; always reaped and its profile removed."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):  # it may be gone already; the pipe's end makes it exit anyway
            os.write(self._write_fd, b'{"id":0,"method":"Browser.close","params":{}}\0')
        for fd in (self._write_fd, self._read_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._reap()
        self._profile.cleanup()

    def kill(self) -> None:
        """End the browser at once (it did not answer): no polite close."""
        if not self._closed:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
        self.close()

    # --- the pipe ---

    def _send(self, message: dict[str, Any]) -> None:
        data = memoryview(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\0")
        try:
            while data:
                data = data[os.write(self._write_fd, data) :]
        except OSError as exc:
            self._fail(f"Chromium went away ({exc})")

    def _receive(self, deadline: float, method: str) -> dict[str, Any]:
        while True:
            end = self._buffer.find(b"\0")
            if end >= 0:
                message = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                decoded: dict[str, Any] = json.loads(message)
                return decoded
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail(f"Chromium did not answer {method} within {self.timeout:.0f} s")
            if not self._poll.poll(left * 1000):
                continue
            try:
                chunk = os.read(self._read_fd, READ_SIZE)
            except OSError as exc:
                self._fail(f"Chromium went away ({exc})")
            if not chunk:
                self._fail("Chromium went away (the pipe closed)")
            self._buffer += chunk

    def _fail(self, reason: str) -> None:
        self.kill()
        raise BrowserError(reason)

    def _reap(self) -> None:
        deadline = time.monotonic() + 5
        while True:
            try:
                pid, _status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if pid:
                return
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self.pid, 0)
                return
            time.sleep(0.02)

    def _on_event(self, event: dict[str, Any]) -> None:
        if event["method"] == "Fetch.requestPaused":  # every request of every page is refused
            self.paused_requests += 1
            self._last_id += 1
            self._send(
                {
                    "id": self._last_id,
                    "sessionId": event.get("sessionId"),
                    "method": "Fetch.failRequest",
                    "params": {"requestId": event["params"]["requestId"], "errorReason": "BlockedByClient"},
                }
            )


class Page:
    """A page in a browser context of its own (nothing shared with another page), JavaScript off, every network
    request refused. ``with Page(browser) as page: page.set_content(html); page.pdf()``."""

    def __init__(self, browser: Browser, *, width: int | None = None, height: int | None = None) -> None:
        self.browser = browser
        self._context = browser.call("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
        target = browser.call("Target.createTarget", {"url": "about:blank", "browserContextId": self._context})
        self._session = browser.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})[
            "sessionId"
        ]
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self.call("Emulation.setScriptExecutionDisabled", {"value": True})
        if width and height:
            self.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
        self._frame = self.call("Page.getFrameTree")["frameTree"]["frame"]["id"]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.call(method, params, session=self._session)

    def set_content(self, html: str) -> None:
        """Replace the page's document with ``html`` (a complete document)."""
        self.call("Page.setDocumentContent", {"frameId": self._frame, "html": html})

    def evaluate(self, expression: str, *args: Any) -> Any:
        """The value of ``expression`` (awaited if a promise); with ``args``, ``expression`` is a function called
        with them (passed as values, not as script text)."""
        if args:
            document = self.call("Runtime.evaluate", {"expression": "document"})["result"]["objectId"]
            try:
                answer = self.call(
                    "Runtime.callFunctionOn",
                    {
                        "objectId": document,
                        "functionDeclaration": expression,
                        "arguments": [{"value": a} for a in args],
                        "awaitPromise": True,
                        "returnByValue": True,
                    },
                )
            finally:
                self.call("Runtime.releaseObject", {"objectId": document})
        else:
            answer = self.call(
                "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}
            )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            raise CallError(details.get("exception", {}).get("description") or details.get("text", "script error"))
        return answer["result"].get("value")

    def pdf(self, *, page_format: str = "A4", landscape: bool = False) -> bytes:
        """The page printed to PDF: backgrounds printed, the CSS ``@page`` size preferred, no margins of the
        browser's own (the stylesheet sets them), streamed in chunks."""
        width, height = PAPER[page_format]
        stream = self.call(
            "Page.printToPDF",
            {
                "paperWidth": width,
                "paperHeight": height,
                "landscape": landscape,
                "marginTop": 0,
                "marginBottom": 0,
                "marginLeft": 0,
                "marginRight": 0,
                "printBackground": True,
                "preferCSSPageSize": True,
                "transferMode": "ReturnAsStream",
            },
        )["stream"]
        return self._read_stream(stream)

    def png(self, *, x: float, y: float, width: float, height: float) -> bytes:
        """A PNG of the rectangle at (``x``, ``y``), at scale 1, even where it lies below the viewport."""
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 1},
                "captureBeyondViewport": True,
            },
        )
        return base64.b64decode(shot["data"])

    def close(self) -> None:
        if self.browser.alive:
            with contextlib.suppress(BrowserError):
                self.browser.call("Target.disposeBrowserContext", {"browserContextId": self._context})

    def _read_stream(self, handle: str) -> bytes:
        parts = []
        try:
            while True:
                chunk = self.call("IO.read", {"handle": handle, "size": READ_SIZE})
                data = chunk.get("data", "")
                parts.append(base64.b64decode(data) if chunk.get("base64Encoded") else data.encode("latin-1"))
                if chunk.get("eof"):
                    break
        finally:
            with contextlib.suppress(CallError):
                self.call("IO.close", {"handle": handle})
        return b"".join(parts)
