#!/usr/bin/env python
"""Load test of the public gallery of selected cases and a case page with 200,000 selected cases in the database,
against a minimal Django page (``/healthz``) served the same way in the same run.

    .venv/bin/python bench/gallery.py [--cases 200000] [--rounds 100] [--concurrency 16] [--duration 10s]
        [--repeat 2] [--workers 2] [--threads 1] [--keep]

What it does, and nothing else:
1. makes a temporary folder with its own SQLite database (or uses DATABASE_URL, whose database name must start
   with ``proactive_bench``; it is dropped and re-created), migrates it and collects static files, as
   bench/run.py does (its helpers are imported);
2. writes ``--cases`` selected cases directly (bulk inserts, not services): 40 departments, 400 officials,
   ``--rounds`` closed rounds whose every case is shortlisted with a confirmed, graded award and 1–3 team
   members; the query count of each page is taken with the test client at a tenth of the cases and again with
   all of them (it must not grow);
3. starts gunicorn with production settings on a free loopback port (bench/selection.py's ``Server``) and drives
   it with wrk at ``--concurrency`` connections: ``/healthz``, the gallery (first page and a deep page with
   filters) and a case page, alternating, ``--repeat`` times each;
4. prints a table with each page's share of ``/healthz``'s requests/s (target: at least 25 %) and writes
   bench/results/gallery-latest.json; stops gunicorn and removes the temporary folder.

The gallery and case pages cache their content block per process for up to a minute (core.public_cache), so the
steady-state figure is the cached one; the uncached cost is reported too (CPU ms per request in this process with
the cache cleared before each request). Only 127.0.0.1 is contacted; every wrk run is bounded (at most 300 s).
"""

import argparse
import base64
import datetime
import importlib.util
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_run = _load("bench_run", ROOT / "bench" / "run.py")
bench_sel = _load("bench_selection", ROOT / "bench" / "selection.py")
HOST = bench_run.HOST
PYTHON = bench_run.PYTHON
RESULTS = bench_run.RESULTS
SHARE_TARGET = 0.25  # gallery and case page requests/s ≥ 25 % of /healthz's
GRADES = ["top", "excellent", "excellent", "encouragement", "encouragement", "encouragement", "challenge"]
TOPICS = [
    "공장 증설 규제",
    "건축 인허가 민원",
    "복지 사각지대 발굴",
    "침수 취약 지하차도",
    "청년 창업 지원",
    "시내버스 노선",
    "미세먼지 배출 사업장",
    "체납 지방세",
    "원도심 골목 관광",
    "공공시설 에너지",
]


# --- data ----------------------------------------------------------------------------------------------------


def build_base(rng: random.Random) -> tuple[Any, list[Any], list[Any]]:
    from proactive.accounts.enums import OrgUnitKind, UserKind  # noqa: PLC0415
    from proactive.accounts.models import Official, OrgUnit, User  # noqa: PLC0415
    from proactive.accounts.services.org import refresh_paths  # noqa: PLC0415

    city = OrgUnit.objects.create(code="BENCH-CITY", name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY)
    refresh_paths(city)
    departments = []
    for i in range(40):
        unit = OrgUnit.objects.create(
            code=f"BENCH-D{i:03d}",
            name=f"벤치마크{i}과",
            name_en=f"Bench Division {i}",
            kind=OrgUnitKind.DEPARTMENT,
            parent=city,
        )
        refresh_paths(unit)
        departments.append(unit)
    officials = Official.objects.bulk_create(
        Official(employee_no=f"B{i:07d}", name=f"공무원{i}", rank="6급", grade=6, unit=rng.choice(departments))
        for i in range(400)
    )
    secretariat = User.objects.create(username="bench-secretariat", kind=UserKind.OFFICIAL, name="사무국")
    return secretariat, departments, officials


def build_rounds(
    secretariat: Any,
    departments: list[Any],
    officials: list[Any],
    slots: list[tuple[int, int]],
    per_round: int,
    rng: random.Random,
) -> list[int]:
    """Closed rounds, one per slot, each with ``per_round`` selected cases. Returns the case (nomination) ids."""
    from decimal import Decimal  # noqa: PLC0415

    from proactive.nominations.enums import CaseType, Consent, NominationState, NominatorType, RoundStatus  # noqa: PLC0415
    from proactive.nominations.models import (  # noqa: PLC0415
        Award,
        CommitteeMeeting,
        Nomination,
        NominationMember,
        SelectionRound,
    )

    ids: list[int] = []
    day = datetime.timedelta(days=1)
    for year, half in slots:
        opens = datetime.datetime(year, 7 if half == 1 else 12, 1, 9, tzinfo=datetime.UTC)
        rnd = SelectionRound.objects.create(
            year=year,
            half=half,
            status=RoundStatus.CLOSED,
            results_from=datetime.date(year, 1, 1),
            results_to=datetime.date(year, 12, 31),
            nominations_open_at=opens,
            nominations_close_at=opens + 15 * day,
            verification_end_at=opens + 25 * day,
            working_review_end_at=opens + 40 * day,
            vote_start_at=opens + 45 * day,
            vote_end_at=opens + 52 * day,
            committee_at=opens + 60 * day,
            announce_at=opens + 67 * day,
            config_version=1,
            config_frozen_at=opens,
        )
        decided = rnd.committee_at + datetime.timedelta(hours=2)
        CommitteeMeeting.objects.create(
            round=rnd, held_at=rnd.committee_at, place="시청", decision="등급 확정", decided_at=decided
        )
        rows = []
        for i in range(per_round):
            topic = rng.choice(TOPICS)
            rows.append(
                Nomination(
                    round=rnd,
                    case_type=CaseType.CHALLENGE if i % 7 == 6 else CaseType.BEST_PRACTICE,
                    state=NominationState.VERIFIED,
                    title=f"{topic} 개선으로 시민 불편 해소 ({year}-{half} #{i + 1})",
                    summary=f"{topic} 과정에서 반복되던 불편을 찾아 관계 부서와 협의하고 절차를 고쳐 처리 기간을 줄인 사례. "
                    * 2,
                    problem="기존 절차가 복잡했음.",
                    action="규정을 검토하고 온라인 신청을 도입함.",
                    outcome="처리 기간이 줄었음.",
                    nominator_type=NominatorType.DEPARTMENT,
                    nominated_by=secretariat,
                    nominating_unit=rng.choice(departments),
                    submitted_at=opens + datetime.timedelta(minutes=i),
                    shortlisted=True,
                )
            )
        nominations = Nomination.objects.bulk_create(rows, batch_size=2000)
        if any(n.pk is None for n in nominations):
            pks = Nomination.objects.filter(round=rnd).order_by("pk").values_list("pk", flat=True)
            for n, pk in zip(nominations, pks, strict=True):
                n.pk = pk
        Award.objects.bulk_create(
            (
                Award(
                    nomination=n,
                    total=Decimal("90"),
                    rank=rank,
                    proposed_grade=GRADES[rank % len(GRADES)],
                    grade=GRADES[rank % len(GRADES)],
                    inputs={},
                    confirmed_at=decided,
                )
                for rank, n in enumerate(nominations, start=1)
            ),
            batch_size=2000,
        )
        members = []
        for n in nominations:
            team = rng.sample(officials, rng.choice([1, 2, 3]))
            shares = {1: [100], 2: [60, 40], 3: [50, 30, 20]}[len(team)]
            members += [
                NominationMember(
                    nomination=n,
                    official=o,
                    contribution=s,
                    role="주무관",
                    consent=Consent.GIVEN if rng.random() < 0.8 else Consent.PENDING,
                )
                for o, s in zip(team, shares, strict=True)
            ]
        NominationMember.objects.bulk_create(members, batch_size=4000)
        ids += [n.pk for n in nominations]
    return ids


def page_paths(case_pk: int, year: int) -> dict[str, str]:
    from django.urls import reverse  # noqa: PLC0415

    gallery = reverse("nominations:gallery")
    return {
        "gallery": gallery,
        "gallery-deep": f"{gallery}?year={year}&grade=excellent&page=40",
        "case": reverse("nominations:case", args=[case_pk]),
    }


def count_queries(paths: dict[str, str]) -> dict[str, Any]:
    """Queries and status of one request per page with the test client (the cache cleared first)."""
    from django.core.cache import cache  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    counts: dict[str, Any] = {}
    for name, path in paths.items():
        client = Client(HTTP_HOST=HOST)
        client.get(path)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts[name] = {"queries": len(ctx.captured_queries), "status": response.status_code}
    return counts


def uncached_cpu_ms(paths: dict[str, str], requests: int = 10) -> dict[str, float]:
    """CPU milliseconds per request in this process with the content cache cleared before each (median)."""
    from django.core.cache import cache  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    out = {}
    for name, path in paths.items():
        client = Client(HTTP_HOST=HOST)
        client.get(path)
        times = []
        for _ in range(requests):
            cache.clear()
            start = time.process_time()
            client.get(path)
            times.append((time.process_time() - start) * 1000)
        out[name] = round(statistics.median(times), 1)
    return out


# --- main ----------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--warmup", default="2s")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 150 or args.cases < args.rounds:
        parser.error("--rounds between 1 and 150, --cases at least --rounds")
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="proactive-bench-gallery-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if database_url.startswith("postgres"):
        if not bench_sel.postgres_database_name(database_url).startswith("proactive_bench"):
            raise SystemExit("bench: the PostgreSQL database name must start with proactive_bench")
        bench_sel.recreate_postgres_database(database_url)
    env = bench_sel.make_env(tmp, database_url, "config.settings.base")
    env.setdefault("PROACTIVE_REPORT_KEYS", base64.urlsafe_b64encode(os.urandom(32)).decode())  # as `make bench`
    rng = random.Random("proactive-bench-gallery")
    report: dict[str, Any] = {"cases": args.cases, "rounds": args.rounds, "database": database_url.split(":")[0]}
    print(f"Preparing in {tmp} (database: {database_url.split('@')[-1]})", flush=True)
    try:
        bench_run.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        bench_run.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
        bench_sel.setup_django(env)
        secretariat, departments, officials = build_base(rng)
        slots = bench_sel.free_round_slots(set(), args.rounds)
        per_round = args.cases // args.rounds
        first = max(1, args.rounds // 10)
        started = time.monotonic()
        ids = build_rounds(secretariat, departments, officials, slots[:first], per_round, rng)
        paths = page_paths(ids[len(ids) // 2], slots[0][0])
        report["queries_at_tenth"] = count_queries(paths)
        ids += build_rounds(secretariat, departments, officials, slots[first:], per_round, rng)
        report["write_s"] = round(time.monotonic() - started, 1)
        report["cases_written"] = len(ids)
        paths = page_paths(ids[len(ids) // 2], slots[0][0])
        report["queries_at_full"] = count_queries(paths)
        report["uncached_cpu_ms"] = uncached_cpu_ms(paths)
        print(f"  {len(ids)} cases written in {report['write_s']} s; queries {report['queries_at_full']}", flush=True)
        from django.db import connections  # noqa: PLC0415

        connections.close_all()

        runs: dict[str, list[dict[str, Any]]] = {"healthz": [], **{name: [] for name in paths}}
        with bench_sel.Server(env, tmp, args.workers, args.threads) as server:
            print(
                f"gunicorn on {server.base}: {args.workers} workers × {args.threads} threads; wrk "
                f"{args.concurrency} connections, {args.duration} per run, {args.repeat} rounds",
                flush=True,
            )
            targets = {"healthz": "/healthz", **paths}
            for path in targets.values():
                status = bench_run.fetch_status(server.base + path)
                if status != 200:
                    raise SystemExit(f"bench: {path} answers {status}")
                bench_run.wrk(server.base + path, concurrency=args.concurrency, duration=args.warmup, cookie="")
            for _ in range(args.repeat):
                for name, path in targets.items():
                    output = bench_run.wrk(
                        server.base + path, concurrency=args.concurrency, duration=args.duration, cookie=""
                    )
                    parsed = bench_run.parse_wrk(output)
                    runs[name].append(parsed)
                    print(
                        f"  {name}: {parsed['requests_per_s']} req/s, p50 {parsed['p50_ms']} ms, "
                        f"p99 {parsed['p99_ms']} ms",
                        flush=True,
                    )
        healthz = statistics.median(r["requests_per_s"] for r in runs["healthz"])
        pages = {}
        for name, results in runs.items():
            rps = statistics.median(r["requests_per_s"] for r in results)
            pages[name] = {
                "requests_per_s": round(rps, 1),
                "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 1),
                "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 1),
                "share_of_healthz": round(rps / healthz, 3) if healthz else None,
                "non_2xx": sum(r.get("non_2xx", 0) for r in results),
            }
        report["pages"] = pages
        report["target_share"] = SHARE_TARGET
        report["target_met"] = all(p["share_of_healthz"] >= SHARE_TARGET for n, p in pages.items() if n != "healthz")
        report["queries_constant"] = all(
            report["queries_at_tenth"][n]["queries"] == report["queries_at_full"][n]["queries"] for n in paths
        )
        report["machine"] = bench_run.machine()
        report["at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        print_table(report)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "gallery-latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        return 0 if report["target_met"] and report["queries_constant"] else 1
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def print_table(report: dict[str, Any]) -> None:
    print()
    print(f"{report['cases_written']:,} selected cases in {report['rounds']} rounds ({report['database']})")
    print(f"{'page':<14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'share':>9}{'queries':>10}{'cold CPU ms':>13}")
    for name, page in report["pages"].items():
        queries = report["queries_at_full"].get(name, {}).get("queries", "")
        cold = report["uncached_cpu_ms"].get(name, "")
        print(
            f"{name:<14}{page['requests_per_s']:>10}{page['p50_ms']:>10}{page['p99_ms']:>10}"
            f"{page['share_of_healthz']:>9}{queries!s:>10}{cold!s:>13}"
        )
    print(
        f"target: each page ≥ {report['target_share']:.0%} of /healthz's req/s: "
        f"{'met' if report['target_met'] else 'MISSED'}; query counts constant: {report['queries_constant']}"
    )


if __name__ == "__main__":
    sys.exit(main())
