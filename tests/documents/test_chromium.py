"""The DevTools-pipe client (documents.chromium): what a rendered document may not do (fetch, run scripts), what
happens when Chromium fails or hangs, and that no browser outlives its owner. Slow: a browser start each test."""

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from proactive.documents import pdf as pdf_module
from proactive.documents.chromium import Browser, BrowserError, CallError, Page


@pytest.fixture
def browser():
    started = Browser(settings.PROACTIVE_CHROMIUM, pdf_module.CHROMIUM_ARGS)
    yield started
    started.close()


def _gone(pid: int) -> bool:
    """The process has ended (or is a zombie waiting for a parent that is not us)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith(("Z", "X"))
    except OSError:
        return True


class Listener:
    """A TCP port on loopback that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_a_document_fetches_nothing(browser):
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}"
    html = (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<link rel=stylesheet href='{url}/style.css'>"
        f"<style>@import url('{url}/import.css'); body {{ background: url('{url}/bg.png'); }}"
        f"@font-face {{ font-family: X; src: url('{url}/font.woff2'); }} p {{ font-family: X; }}</style></head>"
        f"<body><p>본문</p><img src='{url}/img.png' alt=''><iframe src='{url}/frame'></iframe>"
        f"<object data='{url}/object'></object><video src='{url}/video.mp4' autoplay></video></body></html>"
    )
    try:
        with Page(browser) as page:
            page.set_content(html)
            page.evaluate(pdf_module.READY)
            assert page.pdf().startswith(b"%PDF")
            page.set_content(f"<!doctype html><meta http-equiv=refresh content='0;url={url}/away'><p>x</p>")
            time.sleep(0.5)  # the refresh would fire at once
    finally:
        listener.close()
    assert listener.connections == 0
    assert browser.paused_requests >= 5  # refused by the page's Fetch interception, not only by the dead proxy


def test_a_document_runs_no_script(browser):
    with Page(browser) as page:
        page.set_content("<!doctype html><title>before</title><script>document.title = 'ran'</script>")
        assert page.evaluate("document.title") == "before"
        # the renderer's own calls still run, with their arguments passed as values
        assert page.evaluate("function (a, b) { return this.title + a + b; }", "·", "한글") == "before·한글"


def test_pages_share_nothing(browser):
    with Page(browser) as first, Page(browser) as second:
        first.set_content("<!doctype html><p>first</p>")
        assert first.evaluate("document.body.textContent") == "first"
        assert second.evaluate("document.body.textContent") == ""


def test_a_png_is_the_size_asked_for(browser):
    with Page(browser, width=300, height=200) as page:
        page.set_content("<!doctype html><body style='margin:0'><div style='height:400px;background:#0b50d0'>")
        image = page.png(x=0, y=200, width=300, height=200)
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(image[16:20]) == 300
    assert int.from_bytes(image[20:24]) == 200


def test_an_error_answer_leaves_the_browser_usable(browser):
    with pytest.raises(CallError, match="No.such"):
        browser.call("No.such")
    assert browser.alive
    assert "product" in browser.call("Browser.getVersion")


def test_a_browser_that_does_not_answer_in_time_is_killed():
    slow = Browser(settings.PROACTIVE_CHROMIUM, pdf_module.CHROMIUM_ARGS, timeout=1)
    page = Page(slow)
    started = time.monotonic()
    with pytest.raises(BrowserError, match="did not answer"):
        page.evaluate("new Promise(() => {})")  # never settles
    assert time.monotonic() - started < 10
    assert not slow.alive
    assert _gone(slow.pid)
    with pytest.raises(BrowserError):
        slow.call("Browser.getVersion")


def test_close_ends_the_process_and_removes_its_profile():
    started = Browser(settings.PROACTIVE_CHROMIUM, pdf_module.CHROMIUM_ARGS)
    profile = Path(started._profile.name)
    assert profile.is_dir()
    started.close()
    assert _gone(started.pid)
    assert not profile.exists()
    started.close()  # twice is harmless


def test_a_missing_executable_is_a_browser_error(tmp_path):
    with pytest.raises(BrowserError, match="could not be started"):
        Browser(str(tmp_path / "no-chromium"))


def test_the_browser_ends_with_the_process_that_started_it(tmp_path):
    """No browser is left behind by a worker that exits (or is killed) without closing it: the pipe closes."""
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from proactive.documents.chromium import Browser
        browser = Browser({settings.PROACTIVE_CHROMIUM!r}, ["--no-sandbox", "--disable-gpu"])
        print(browser.pid, flush=True)
        os._exit(0)  # no close, no clean-up
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(pid)


def test_the_renderer_starts_a_browser_again_after_a_crash():
    first = pdf_module.html_to_pdf("<!doctype html><meta charset=utf-8><p>하나</p>")
    browser = pdf_module._renderer._browser
    assert browser is not None
    os.kill(browser.pid, 9)
    second = pdf_module.html_to_pdf("<!doctype html><meta charset=utf-8><p>둘</p>")
    assert first.startswith(b"%PDF")
    assert second.startswith(b"%PDF")
    assert pdf_module._renderer._browser is not browser
