#!/usr/bin/env python
"""Benchmarks of the monthly bulletin (issue 7): one edition with realistic content (10 selected cases, 5 committee
answers, the month's figures, 5 news items, an editor's note) rendered to PDF (target: under 3 s), and the edition
e-mailed to 5,000 subscribers with the in-memory (locmem) mail backend (time per 1,000 reported).

Run: ``.venv/bin/python bench/bulletins.py [--subscribers 5000] [--renders 3]``.

What it does: a temporary SQLite database whose tables are created from the models (no migrations: faster, and
nothing here needs their data); one published edition written directly; the PDF rendered ``--renders`` times with
the kept Chromium of ``documents.pdf`` (the first render includes the browser's start and is reported apart); then
``--subscribers`` confirmed subscribers (a tenth of them staff accounts, a fifth in English) and the real
``services.output.send_edition`` run (claims, rendering per language, sending in batches, progress), then run again
to show that a retry sends nothing. Prints the figures; removes the temporary folder.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-bulletins-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402

CASE = (
    "부산광역시 해양수산국은 항만 배후 도로의 상습 정체를 해소하기 위하여 관계 기관과 협의를 거듭하였고, 현장의 목소리를 "
    "반영하여 화물차 진출입 동선을 새로 설계하였습니다. 이 과정에서 규제를 개선하여 야간 하역 시간을 탄력적으로 운영하도록 "
    "하였으며, 주민 불편을 줄이기 위한 안내 체계도 함께 마련하였습니다."
)
ANSWER = (
    "관계 법령의 취지와 공익을 종합하면 적극적으로 처리할 수 있으며, 처리 과정과 판단 근거를 기록으로 남기기 바랍니다."
)
NEWS = "12월 10일 시청 대회의실에서 적극행정 실무 교육을 엽니다. 사전컨설팅 신청 방법과 면책 제도를 사례 중심으로 안내합니다."


def build_schema() -> None:
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def make_edition():
    from django.utils import timezone

    from proactive.bulletins.enums import STAT_KEYS, ItemKind
    from proactive.bulletins.models import Edition, Item
    from proactive.publications.editorial import EditorialState

    edition = Edition.objects.create(
        year=2026,
        month=11,
        state=EditorialState.PUBLISHED,
        published_at=timezone.now(),
        editorial=("현장의 적극행정이 시민의 삶을 바꿉니다. " * 12).strip(),
        statistics={key: (i + 3) * 7 for i, key in enumerate(STAT_KEYS)},
    )
    items = []
    grades = ["top", "excellent", "excellent", "encouragement", "encouragement", "challenge"]
    for i in range(10):
        items.append(
            Item(
                edition=edition,
                kind=ItemKind.CASE,
                position=i,
                title=f"항만 배후 도로 정체 해소를 위한 화물차 동선 재설계 사례 {i + 1}",
                body=CASE * 2,
                meta={
                    "unit": "해양수산국 항만물류과",
                    "unit_en": "Port Logistics Division",
                    "grade": grades[i % len(grades)],
                    "year": 2026,
                    "half": 2,
                    "team": ["김적극", "이행정", "박시민"],
                    "figures": "정체 시간 40% 감소, 민원 120건 → 35건",
                    "case_url": f"/cases/{i + 1}/",
                },
            )
        )
    for i in range(5):
        items.append(
            Item(
                edition=edition,
                kind=ItemKind.OPINION,
                position=100 + i,
                title=f"해수욕장 야간 개장 절차에 관한 의견 {i + 1}",
                body=CASE,
                meta={"answer": ANSWER * 2, "published_on": "2026-11-20"},
            )
        )
    for i in range(5):
        items.append(
            Item(
                edition=edition,
                kind=ItemKind.NEWS,
                position=200 + i,
                title=f"적극행정 소식 {i + 1}: 하반기 실무 교육 안내",
                body=NEWS,
                link_url="https://www.busan.go.kr/",
                link_text="부산광역시 누리집",
            )
        )
    Item.objects.bulk_create(items)
    return edition


def bench_pdf(edition, renders: int) -> None:
    from proactive.bulletins.queries import get_edition
    from proactive.bulletins.services.output import _page_count, edition_html
    from proactive.documents.pdf import html_to_pdf

    times = []
    pages = 0
    for _ in range(renders):
        start = time.perf_counter()
        loaded = get_edition(edition.pk)
        pdf = html_to_pdf(edition_html(loaded))
        times.append(time.perf_counter() - start)
        pages = _page_count(pdf)
    out = Path("/tmp/bench-bulletin.pdf")
    out.write_bytes(pdf)
    print(f"PDF: {pages} pages, {len(pdf):,} bytes; written to {out}")
    print(f"  first render (browser start included): {times[0]:.2f} s")
    if len(times) > 1:
        warm = times[1:]
        print(f"  warm renders: best {min(warm):.2f} s, mean {sum(warm) / len(warm):.2f} s (target < 3 s)")


def bench_mail(edition, count: int) -> None:
    from django.utils import timezone

    from proactive.accounts.models import User
    from proactive.bulletins.enums import SubscriberKind
    from proactive.bulletins.models import Edition, Subscription
    from proactive.bulletins.services.output import send_edition

    now = timezone.now()
    staff = count // 10
    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@busan.go.kr", name=f"직원{i}") for i in range(staff)
    )
    Subscription.objects.bulk_create(
        [Subscription(kind=SubscriberKind.STAFF, user=u, language="ko", confirmed_at=now) for u in users]
        + [
            Subscription(
                kind=SubscriberKind.CITIZEN,
                email=f"reader{i}@example.com",
                language="en" if i % 5 == 0 else "ko",
                consented_at=now,
                confirmed_at=now,
            )
            for i in range(count - staff)
        ],
        batch_size=1000,
    )
    mail.outbox = []
    start = time.perf_counter()
    sent = send_edition(edition_id=edition.pk)
    elapsed = time.perf_counter() - start
    edition = Edition.objects.get(pk=edition.pk)
    print(
        f"E-mail: {sent:,} sent to {count:,} subscribers in {elapsed:.2f} s ({elapsed / sent * 1000:.2f} s per 1,000)"
    )
    print(f"  outbox: {len(mail.outbox):,} messages; progress {edition.mail_sent:,}/{edition.mail_total:,}")
    start = time.perf_counter()
    again = send_edition(edition_id=edition.pk)
    print(f"  a retried task sends {again} (checked in {time.perf_counter() - start:.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--renders", type=int, default=3)
    args = parser.parse_args()
    try:
        start = time.perf_counter()
        build_schema()
        print(f"schema created in {time.perf_counter() - start:.1f} s")
        edition = make_edition()
        bench_pdf(edition, args.renders)
        bench_mail(edition, args.subscribers)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
