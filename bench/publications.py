"""Benchmarks of the publications (issue 7): a 400-case casebook (about 800 A4 pages, Korean, keep-all, embedded
fonts) rendered to PDF, and 30 card-news cards (1080×1080 PNG).

Run: ``.venv/bin/python bench/publications.py [--cases 400] [--cards 30] [--chunk 50]``. Prints the wall time, the page count,
the peak RSS of this Python process, the peak RSS and PSS of the Chromium process tree, and the peak of Python's RSS
plus Chromium's PSS at one instant, the figure compared with the 600 MB budget (sampled every 50 ms; RSS counts the
pages the Chromium processes share once per process, PSS divides them).
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()


PARAGRAPH = (
    "부산광역시 해양수산국은 항만 배후 도로의 상습 정체를 해소하기 위하여 관계 기관과 협의를 거듭하였고, "
    "현장의 목소리를 반영하여 화물차 진출입 동선을 새로 설계하였습니다. 이 과정에서 규제를 개선하여 "
    "야간 하역 시간을 탄력적으로 운영하도록 하였으며, 주민 불편을 줄이기 위한 안내 체계도 함께 마련하였습니다. "
)


def rss(pid: int) -> int:
    """Resident set size in bytes (/proc; Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def pss(pid: int) -> int:
    """Proportional set size in bytes: shared pages divided among the processes sharing them (/proc; Linux)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(kids)
            stack.extend(kids)
    return found


class Sampler:
    """Peak RSS of this process and of the processes it started (children, recursively: Chromium's processes), and
    the peak of this process's RSS plus the children's PSS taken at the same instant."""

    def __init__(self) -> None:
        self.me = os.getpid()
        self.peak_python = 0
        self.peak_browser = 0
        self.peak_browser_pss = 0
        self.peak_total = 0  # Python RSS + the children's PSS, at the same instant
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(0.05)

    def sample(self) -> None:
        python = rss(self.me)
        children = descendants(self.me)
        browser_pss = sum(pss(pid) for pid in children)
        self.peak_python = max(self.peak_python, python)
        self.peak_browser = max(self.peak_browser, sum(rss(pid) for pid in children))
        self.peak_browser_pss = max(self.peak_browser_pss, browser_pss)
        self.peak_total = max(self.peak_total, python + browser_pss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def fake_book(n: int):
    from proactive.nominations.queries.awards import PublicMember
    from proactive.publications.models import Casebook
    from proactive.publications.services.rendering import Book, BookCase

    units = [
        "해양수산국 항만물류과",
        "복지정책과",
        "도시계획과",
        "교통정책과",
        "문화예술과",
        "기후환경정책과",
        "일자리경제과",
    ]
    cases = [
        BookCase(
            number=i,
            anchor=f"case-{i}",
            title=f"항만 배후 도로 정체 해소를 위한 화물차 동선 재설계 사례 {i}",
            unit=units[i % len(units)],
            round_title="2025년 상반기",
            grade="우수",
            case_type="업무 혁신",
            summary=PARAGRAPH[:140],
            problem=PARAGRAPH * 3,
            action=(PARAGRAPH * 3 + "\n") * 2,
            outcome=PARAGRAPH * 3,
            figures="통행 시간 32% 단축\n민원 1,240건 → 310건\n연간 물류비 18억 원 절감",
            regulation="",
            team=[PublicMember("김민준", "총괄", 50), PublicMember(None, "실무", 30)],
            withheld=1,
        )
        for i in range(1, n + 1)
    ]
    casebook = Casebook(
        title="2025 부산광역시 적극행정 우수사례집", subtitle="시민의 일상을 바꾼 공무원들", foreword=PARAGRAPH * 4
    )
    return Book(casebook=casebook, organisation="부산광역시", cases=cases)


def bench_casebook(n: int, chunk: int) -> None:
    from proactive.documents.pdf import html_to_pdf
    from proactive.publications.services import rendering
    from proactive.publications.services.rendering import casebook_pdf

    rendering.CHUNK_CASES = chunk

    html_to_pdf("<html><body>warm</body></html>")  # the browser start is not part of the figure
    book = fake_book(n)
    time.sleep(1)  # the warm-up's renderer exits
    idle = Sampler()
    idle.sample()
    with Sampler() as sampler:
        start = time.perf_counter()
        pdf, pages = casebook_pdf(book)
        elapsed = time.perf_counter() - start
    out = Path("/tmp/bench-casebook.pdf")
    out.write_bytes(pdf)
    print(
        f"casebook: {n} cases, {pages} pages, {len(pdf) / 1e6:.1f} MB, {elapsed:.2f} s; "
        f"peak RSS python {sampler.peak_python / 1e6:.0f} MB; chromium tree RSS {sampler.peak_browser / 1e6:.0f} MB, "
        f"PSS {sampler.peak_browser_pss / 1e6:.0f} MB (peak of python + chromium PSS at one instant "
        f"{sampler.peak_total / 1e6:.0f} MB; sum of the two peaks "
        f"{(sampler.peak_python + sampler.peak_browser_pss) / 1e6:.0f} MB; before rendering, idle: python "
        f"{idle.peak_python / 1e6:.0f} MB + chromium PSS {idle.peak_browser_pss / 1e6:.0f} MB = "
        f"{(idle.peak_python + idle.peak_browser_pss) / 1e6:.0f} MB); chunks of {chunk} cases; written to {out}"
    )


def bench_cards(n: int) -> None:
    from proactive.publications.services.cards import CardContent, render_cards

    contents = [
        CardContent(
            kind=["cover", "point_1", "point_2", "point_3", "figures", "closing"][i % 6],
            headline="항만 배후 도로 정체, 화물차 동선을 새로 그려 풀었습니다",
            body="야간 하역 시간을 탄력적으로 운영하도록 규제를 개선하여 통행 시간을 32% 줄였습니다.",
            grade="우수",
            unit="해양수산국 항만물류과",
            index=i % 6,
        )
        for i in range(n)
    ]
    render_cards(contents[:1])  # warm the browser
    with Sampler() as sampler:
        start = time.perf_counter()
        images = render_cards(contents)
        elapsed = time.perf_counter() - start
    print(
        f"card news: {len(images)} cards 1080×1080, {elapsed:.2f} s; peak RSS python "
        f"{sampler.peak_python / 1e6:.0f} MB; chromium tree RSS {sampler.peak_browser / 1e6:.0f} MB, "
        f"PSS {sampler.peak_browser_pss / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--cards", type=int, default=30)
    parser.add_argument("--chunk", type=int, default=50, help="cases per rendered chunk")
    args = parser.parse_args()
    if args.cases:
        bench_casebook(args.cases, args.chunk)
    if args.cards:
        bench_cards(args.cards)
