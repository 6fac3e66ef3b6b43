#!/usr/bin/env python
"""Load test of the mileage ledger: officials' statement pages and the year-end expiry with 10,000,000 entries.

    .venv/bin/python bench/mileage.py [--database postgres|sqlite] [--officials 100000] [--entries 100]
        [--sessions 2000] [--repeat 3] [--concurrency 16] [--duration 10s] [--workers 2] [--threads 1]

What it does, and nothing else:
1. makes a temporary folder; PostgreSQL (the default): drops and re-creates the database of DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/proactive_bench_mileage; the name must start with ``proactive_bench``);
   SQLite: a new database file in the folder; migrates it, loads the demo data set and collects static files;
2. writes ``--officials`` officials, each with an account (bulk inserts), and ``--entries`` ledger entries each
   inside the database (INSERT … SELECT over a generated series, 10,000 officials per statement): ten years of
   grants of 1–3 points under the catalogue's first activity rule, every tenth entry a redemption of 5, so no
   balance is ever below zero; then signed-in sessions for ``--sessions`` of them, made directly in the store;
3. counts the statement page's queries with the test client for an official with ``--entries`` entries and one
   with none (they must be equal);
4. starts gunicorn with production settings on a free loopback port and drives it with wrk and
   bench/lua/sessions.lua (each request as the next signed-in official): the statement page, its third page of
   history, and two floors (``/healthz`` signed in, the profile page: what any signed-in request, and any signed-in
   page, costs at least), ``--repeat`` runs each after a warm-up;
5. runs the year-end expiry of this year over every account through ``services.expiry.expire_year`` in this
   process, timed; checks that the sum of the entries equals the sum of the balances and that no balance is below
   zero; runs it again (idempotent: must post nothing) and times that too;
6. prints a table and writes bench/results/mileage-latest.json; stops gunicorn and removes the temporary folder.

Only 127.0.0.1 is contacted; every wrk run is bounded (at most 300 s).
"""

import argparse
import datetime
import importlib.util
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/proactive_bench_mileage"


def _load(name: str, file: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / file)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench: cannot load bench/{file}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sel = _load("bench_selection", "selection.py")  # shares the environment, server and wrk helpers
bench_run = sel.bench_run
HOST, PYTHON, RESULTS, MAX_DURATION_S = sel.HOST, sel.PYTHON, sel.RESULTS, sel.MAX_DURATION_S

P95_TARGET_MS = 50.0  # statement page at 16 concurrent clients, 10,000,000 entries on PostgreSQL
EXPIRY_TARGET_S = 60.0  # year-end expiry over 100,000 officials
CHUNK = 10_000  # officials per generating statement


# --- pure helpers (tests/bench/test_mileage_bench.py) ----------------------------------------------------------


def entry_points(g: int, account_id: int) -> tuple[str, int]:
    """The kind and points of an official's ``g``-th generated entry (1-based), as the SQL below computes them."""
    if g % 10 == 0:
        return "redemption", -5
    return "grant", 1 + (g * 7 + account_id) % 3


def expected_balance(entries: int, account_id: int) -> int:
    return sum(entry_points(g, account_id)[1] for g in range(1, entries + 1))


def entries_sql(vendor: str, *, entries: int, this_year: int, rule_id: int, first_id: int, last_id: int) -> str:
    """One INSERT … SELECT writing ``entries`` entries for each account of the officials first_id..last_id."""
    years = max(1, (entries + 9) // 10)
    first_year = this_year - years + 1
    year = f"({first_year} + (g.n - 1) / 10)"
    month = "(1 + (g.n - 1) % 10)"
    day = "(1 + a.id % 28)"
    if vendor == "postgresql":
        series = f"generate_series(1, {entries}) AS g(n)"
        created = f"make_timestamptz({year}::int, {month}::int, {day}::int, 9, 0, 0.0, 'Asia/Seoul')"
        head = ""
    else:
        series = "g"
        created = f"printf('%04d-%02d-%02d 00:00:00', {year}, {month}, {day})"
        head = f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {entries}) "
    return (
        f"{head}INSERT INTO mileage_ledgerentry (account_id, kind, points, year, rule_id, unit_id, source, memo, "
        "created_at) "
        "SELECT a.id, "
        "CASE WHEN g.n % 10 = 0 THEN 'redemption' ELSE 'grant' END, "
        "CASE WHEN g.n % 10 = 0 THEN -5 ELSE 1 + (g.n * 7 + a.id) % 3 END, "
        f"{year}, "
        f"CASE WHEN g.n % 10 = 0 THEN NULL ELSE {rule_id} END, "
        "CASE WHEN g.n % 10 = 0 THEN NULL ELSE o.unit_id END, "
        "'bench', '', "
        f"{created} "
        "FROM mileage_mileageaccount a JOIN accounts_official o ON o.id = a.official_id "
        f"CROSS JOIN {series} "
        f"WHERE a.official_id BETWEEN {first_id} AND {last_id}"
    )


# --- data -------------------------------------------------------------------------------------------------------


def build_officials(count: int, rng: random.Random) -> tuple[int, int]:
    """``count`` active officials of grade 6–9 with accounts and sign-in users; returns their first and last pk."""
    from proactive.accounts.enums import OrgUnitKind, UserKind  # noqa: PLC0415
    from proactive.accounts.models import Official, OrgUnit, User  # noqa: PLC0415
    from proactive.mileage.models import MileageAccount  # noqa: PLC0415

    units = list(OrgUnit.objects.filter(kind__in=[OrgUnitKind.DEPARTMENT, OrgUnitKind.TEAM], is_active=True))
    first = last = 0
    for start in range(0, count, CHUNK):
        officials = Official.objects.bulk_create(
            [
                Official(
                    employee_no=f"M{i:08d}",
                    name=f"직원{i}",
                    grade=rng.choice([6, 7, 8, 9]),
                    unit=rng.choice(units),
                )
                for i in range(start, min(count, start + CHUNK))
            ]
        )
        User.objects.bulk_create(
            [
                User(username=f"bench-m-{o.employee_no}", name=o.name, kind=UserKind.OFFICIAL, official=o, password="!")
                for o in officials
            ]
        )
        MileageAccount.objects.bulk_create([MileageAccount(official=o) for o in officials])
        first = first or officials[0].pk
        last = officials[-1].pk
    return first, last


def no_statement_timeout() -> None:
    """The bench's own bulk statements may take longer than the web requests' statement_timeout (PostgreSQL)."""
    from django.db import connection  # noqa: PLC0415

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


def build_entries(first: int, last: int, entries: int) -> float:
    from django.db import connection, transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from proactive.mileage.models import ActivityRule  # noqa: PLC0415

    rule = ActivityRule.objects.filter(automatic=False, points_min__gt=0).order_by("pk").first()
    if rule is None:
        raise SystemExit("bench: the catalogue has no activity rule (did the migrations run?)")
    this_year = timezone.localdate().year
    no_statement_timeout()
    started = time.monotonic()
    for low in range(first, last + 1, CHUNK):
        high = min(last, low + CHUNK - 1)
        sql = entries_sql(
            connection.vendor, entries=entries, this_year=this_year, rule_id=rule.pk, first_id=low, last_id=high
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        done = high - first + 1
        if done % (CHUNK * 10) == 0 or high == last:
            print(f"  entries for {done:,} officials ({time.monotonic() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started


def official_session(user: Any) -> str:
    from importlib import import_module  # noqa: PLC0415

    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415

    from proactive.accounts.middleware import SESSION_STARTED_KEY  # noqa: PLC0415

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "proactive.accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_STARTED_KEY] = time.time()
    store.create()
    return store.session_key


def build_sessions(first: int, last: int, count: int, rng: random.Random) -> list[str]:
    from proactive.accounts.models import User  # noqa: PLC0415

    picks = rng.sample(range(first, last + 1), min(count, last - first + 1))
    users = User.objects.filter(official_id__in=picks)
    return [official_session(u) for u in users]


def count_queries(session_with: str, session_without: str, path: str) -> dict[str, Any]:
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    out = {}
    for label, session in (("with entries", session_with), ("without entries", session_without)):
        client = Client(HTTP_HOST=HOST)
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        out[label] = {"queries": len(ctx.captured_queries), "status": response.status_code}
    return out


def ledger_totals() -> dict[str, int]:
    from django.db.models import Sum  # noqa: PLC0415

    from proactive.mileage.models import LedgerEntry  # noqa: PLC0415

    no_statement_timeout()
    balances = LedgerEntry.objects.values("account").annotate(b=Sum("points"))
    below_zero = balances.filter(b__lt=0).count()
    total = int(LedgerEntry.objects.aggregate(t=Sum("points"))["t"] or 0)
    sum_of_balances = int(sum(row["b"] for row in balances.iterator(chunk_size=20_000)))
    return {
        "entries": LedgerEntry.objects.count(),
        "sum_of_entries": total,
        "sum_of_balances": sum_of_balances,
        "balances_below_zero": below_zero,
    }


# --- measurement --------------------------------------------------------------------------------------------------


def measure_pages(base_url: str, sessions: list[str], args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    from django.conf import settings  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    threads = str(min(2, args.concurrency))
    statement = reverse("mileage:statement")
    results = []
    pages = [
        ("statement", statement, False),
        ("statement, history page 3", statement + "?page=3", False),
        # The floors, driven the same way by the same officials: a signed-in request that reads its session and
        # account and does nothing else, and the smallest signed-in page with the site's shell (the profile).
        # The statement does all that and more, so its p95 cannot be lower than theirs.
        ("floor: /healthz signed in", "/healthz", True),
        ("floor: profile page", reverse("accounts:profile"), True),
    ]
    for name, path, floor in pages:
        lines = tmp / "sessions.txt"
        lines.write_text("".join(f"{s} {path}\n" for s in sessions))
        status = bench_run.fetch_status(base_url + path, f"{settings.SESSION_COOKIE_NAME}={sessions[0]}")
        if status != 200:
            results.append({"page": name, "measured": False, "note": f"answers {status}"})
            continue
        script_args = [str(lines), threads, settings.SESSION_COOKIE_NAME]
        sel.wrk_lua(base_url, "sessions.lua", script_args, concurrency=args.concurrency, duration=args.warmup)
        runs = []
        for _ in range(args.repeat):
            r = sel.wrk_lua(base_url, "sessions.lua", script_args, concurrency=args.concurrency, duration=args.duration)
            runs.append(r)
            print(
                f"  {name}: {r.get('requests_per_s')} req/s, p50 {r.get('p50_ms')} ms, p95 {r.get('p95_ms')} ms, "
                f"statuses {r.get('status')}",
                flush=True,
            )
        p95 = sel.summarise([r["p95_ms"] for r in runs if r.get("p95_ms") is not None])
        results.append(
            {
                "page": name,
                "path": path,
                "measured": True,
                "runs": runs,
                "rps": sel.summarise([r["requests_per_s"] for r in runs if r.get("requests_per_s")]),
                "p50_ms": sel.summarise([r["p50_ms"] for r in runs if r.get("p50_ms") is not None]),
                "p95_ms": p95,
                "floor": floor,
                "meets_target": None if floor else p95["median"] is not None and p95["median"] < P95_TARGET_MS,
            }
        )
    return results


def measure_expiry() -> dict[str, Any]:
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from proactive.mileage.enums import EntryKind  # noqa: PLC0415
    from proactive.mileage.models import LedgerEntry  # noqa: PLC0415
    from proactive.mileage.services.expiry import expire_year  # noqa: PLC0415

    actor = get_user_model().objects.get(username="secretariat")
    year = timezone.localdate().year
    started = time.monotonic()
    first = expire_year(actor=actor, year=year)
    first_s = time.monotonic() - started
    posted = LedgerEntry.objects.filter(kind=EntryKind.EXPIRY, year=year).count()
    started = time.monotonic()
    second = expire_year(actor=actor, year=year)
    second_s = time.monotonic() - started
    after = LedgerEntry.objects.filter(kind=EntryKind.EXPIRY, year=year).count()
    totals = ledger_totals()
    return {
        "year": year,
        "expiry_s": round(first_s, 2),
        "result": first,
        "expiry_entries": posted,
        "rerun_s": round(second_s, 2),
        "rerun_result": second,
        "rerun_posted": after - posted,
        "totals_after": totals,
        "meets_target": first_s < EXPIRY_TARGET_S,
        "consistent": totals["sum_of_entries"] == totals["sum_of_balances"]
        and totals["balances_below_zero"] == 0
        and after == posted,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--officials", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=100, help="entries per official (default 100)")
    parser.add_argument("--sessions", type=int, default=2000, help="signed-in officials driving the pages")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--warmup", default="2s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-pages", action="store_true", help="only the expiry")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--settings", default="config.settings.base")
    args = parser.parse_args()
    for value in (args.duration, args.warmup):
        if not re.fullmatch(r"\d+s", value) or not 1 <= int(value[:-1]) <= MAX_DURATION_S:
            parser.error(f"durations are whole seconds between 1s and {MAX_DURATION_S}s, like 10s")
    if not 1 <= args.officials <= 1_000_000 or not 1 <= args.entries <= 1000 or args.sessions < 1:
        parser.error("--officials 1–1,000,000, --entries 1–1,000, --sessions ≥ 1")
    if shutil.which("wrk") is None and not args.skip_pages:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="proactive-bench-mileage-"))
    if args.database == "postgres":
        database_url = os.environ.get("DATABASE_URL", "") or DEFAULT_POSTGRES_URL
        if not database_url.startswith("postgres"):
            database_url = DEFAULT_POSTGRES_URL
        sel.recreate_postgres_database(database_url)
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = sel.make_env(tmp, database_url, args.settings)
    print(f"Preparing in {tmp} (database: {database_url.split('@')[-1]})", flush=True)
    report: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": bench_run.machine(),
        "load_average_at_start": os.getloadavg()[0],
        "command": "bench/mileage.py " + " ".join(sys.argv[1:]),
        "database": "postgresql" if args.database == "postgres" else "sqlite",
        "server": {"workers": args.workers, "threads": args.threads, "settings": f"{args.settings}, DEBUG off"},
        "load": {
            "tool": "wrk (2 threads) + bench/lua/sessions.lua",
            "concurrency": args.concurrency,
            "duration": args.duration,
            "warmup": args.warmup,
            "repeat": args.repeat,
        },
        "targets": {"p95_ms": P95_TARGET_MS, "expiry_s": EXPIRY_TARGET_S},
    }
    rng = random.Random("proactive-bench-mileage")
    try:
        bench_run.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        bench_run.run(
            [PYTHON, "manage.py", "load_demo", "--accounts-file", str(tmp / "accounts.txt")], env, "load_demo"
        )
        bench_run.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
        sel.setup_django(env)
        from django.db import connections  # noqa: PLC0415
        from django.urls import reverse  # noqa: PLC0415

        started = time.monotonic()
        first, last = build_officials(args.officials, rng)
        officials_s = time.monotonic() - started
        print(f"  {args.officials:,} officials with accounts in {officials_s:.0f} s", flush=True)
        entries_s = build_entries(first, last, args.entries)
        sessions = build_sessions(first, last, args.sessions, rng)
        from proactive.accounts.models import Official, User  # noqa: PLC0415

        loner = Official.objects.create(
            employee_no="M-NONE", name="새내기", grade=9, unit=Official.objects.get(pk=first).unit
        )
        loner_user = User.objects.create(username="bench-m-none", name=loner.name, official=loner, password="!")
        report["data"] = {
            "officials": args.officials,
            "entries_per_official": args.entries,
            "build_officials_s": round(officials_s),
            "build_entries_s": round(entries_s),
            "totals": ledger_totals(),
            "sessions": len(sessions),
        }
        print(f"  data: {report['data']}", flush=True)
        report["query_counts"] = count_queries(sessions[0], official_session(loner_user), reverse("mileage:statement"))
        print(f"  query counts: {report['query_counts']}", flush=True)
        connections.close_all()
        if not args.skip_pages:
            with sel.Server(env, tmp, args.workers, args.threads) as server:
                print(
                    f"gunicorn on {server.base}: {args.workers} workers × {args.threads} threads; wrk "
                    f"{args.concurrency} connections, {args.repeat} × {args.duration} after {args.warmup} warm-up",
                    flush=True,
                )
                report["pages"] = measure_pages(server.base, sessions, args, tmp)
        report["expiry"] = measure_expiry()
        connections.close_all()
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "mileage-latest.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0


def print_table(report: dict[str, Any]) -> None:
    data = report["data"]
    print(
        f"\nMileage benchmark — {report['database']}, {report['machine']['cores']} cores, load average at start "
        f"{report['load_average_at_start']:.2f}; {data['totals']['entries']:,} entries over {data['officials']:,} "
        "officials"
    )
    counts = report["query_counts"]
    print(f"{'queries':<28} " + ", ".join(f"{k}: {v['queries']} ({v['status']})" for k, v in counts.items()))
    for page in report.get("pages", []):
        if not page["measured"]:
            print(f"{page['page']:<28} not measured: {page['note']}")
            continue
        verdict = (
            "a floor, no target)"
            if page["floor"]
            else f"target < {P95_TARGET_MS}) {'MET' if page['meets_target'] else 'MISSED'}"
        )
        print(
            f"{page['page']:<28} {page['rps']['median']:>8} req/s, p50 {page['p50_ms']['median']} ms, "
            f"p95 {page['p95_ms']['median']} ms (runs {page['p95_ms']['min']}–{page['p95_ms']['max']}; {verdict}"
        )
    e = report["expiry"]
    print(
        f"{'year-end expiry':<28} {e['expiry_s']} s for {e['expiry_entries']:,} expiry entries "
        f"(target < {EXPIRY_TARGET_S}) {'MET' if e['meets_target'] else 'MISSED'}; re-run {e['rerun_s']} s, "
        f"posted {e['rerun_posted']}; ledger {'consistent' if e['consistent'] else 'INCONSISTENT'}"
    )


if __name__ == "__main__":
    sys.exit(main())
