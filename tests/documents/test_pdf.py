"""HTML → PDF with Chromium: one document, and several in one browser session. Slow (a browser start each test)."""

from proactive.documents.pdf import font_face_css, html_to_pdf, html_to_pdfs


def _page(text: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'><style>{font_face_css()}"
        f"body{{font-family:'PretendardGOV';word-break:keep-all}}</style></head><body><p>{text}</p>"
        "<img src='https://example.invalid/tracker.png' alt=''></body></html>"
    )


def test_html_to_pdfs_renders_each_document_in_order(tmp_path):
    import subprocess

    pdfs = html_to_pdfs([_page("첫째 문서"), _page("둘째 문서")])
    assert len(pdfs) == 2
    texts = []
    for i, pdf in enumerate(pdfs):
        assert pdf.startswith(b"%PDF")
        path = tmp_path / f"{i}.pdf"
        path.write_bytes(pdf)
        texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert "첫째" in texts[0]
    assert "둘째" not in texts[0]
    assert "둘째" in texts[1]


def test_html_to_pdfs_of_nothing_starts_no_browser(settings):
    settings.PROACTIVE_CHROMIUM = "/nonexistent/chromium"
    assert html_to_pdfs([]) == []


def test_renders_from_a_thread_where_an_event_loop_is_running():
    """Playwright's sync API refuses a thread with a running event loop (an ASGI worker, a test process already
    driving a browser); the renderer works from its own thread."""
    import asyncio
    import threading

    result: dict[str, object] = {}

    async def inside_a_loop() -> bytes:
        return html_to_pdf("<!doctype html><html lang=ko><meta charset=utf-8><p>상장</p></html>")

    def run() -> None:  # a thread of its own, so that this test runs whatever loop the test process has
        try:
            result["pdf"] = asyncio.run(inside_a_loop())
        except Exception as exc:  # noqa: BLE001  (reported by the assertion)
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert "error" not in result, result.get("error")
    assert isinstance(result.get("pdf"), bytes)
    assert result["pdf"].startswith(b"%PDF")
