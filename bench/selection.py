#!/usr/bin/env python
"""Load test of the selection round: ballots through HTTP, the tally of a million ballots, and the public and
reviewer pages with 200,000 nominations in the database.

    .venv/bin/python bench/selection.py [--database sqlite|postgres] [--part ballots|tally|pages|all]
        [--repeat 3] [--concurrency 16] [--duration 10s] [--voters 30000] [--tally-ballots 1000000]
        [--rounds 100] [--per-round 2000]

What it does, and nothing else:
1. makes a temporary folder; SQLite: a new database file in it; PostgreSQL: drops and re-creates the database of
   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/proactive_bench_sel; the name must start with
   ``proactive_bench``), migrates it, loads the demo data set and collects static files, as bench/run.py does;
2. writes the data of the parts asked for, directly (bulk inserts, not services):
   - ballots: a round in its online-vote window with a confirmed shortlist of 20, and ``--voters`` verified
     citizens, each with a signed-in session and a CSRF secret made directly in the stores;
   - pages: ``--rounds`` closed rounds of ``--per-round`` nominations (team members, 20 shortlisted and 11
     confirmed graded awards per round, the committee meeting decided) and a current round in its working-level
     review with a reviewer holding 10, then 30, assignments; the query count of each page is taken with the
     test client at the first tenth of the rounds and again with all of them;
   - tally: a closed vote of ``--tally-ballots`` ballots of 10 picks among 20 shortlisted cases (generated
     inside the database), then ``queries.vote.tally`` timed through Django, best of 3;
3. starts gunicorn with production settings on a free loopback port and drives it with wrk and the Lua scripts
   in bench/lua/ (ballots.lua sends each POST as the next voter; common.lua prints the 95th percentile);
   ``/healthz``, the same address signed in as the voters (the floor: a request that reads its session and
   account and does nothing else) and the ballot POSTs alternate, ``--repeat`` times each;
4. checks that the ballots in the database match the accepted answers, prints a table and writes
   bench/results/selection-latest.json; stops gunicorn and removes the temporary folder.

Only 127.0.0.1 is contacted; every wrk run is bounded (at most 300 s).
"""

import argparse
import base64
import contextlib
import datetime
import importlib.util
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/proactive_bench_sel"

_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
if _spec is None or _spec.loader is None:
    raise SystemExit("bench: cannot load bench/run.py")
bench_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_run)
HOST = bench_run.HOST
PYTHON = bench_run.PYTHON
RESULTS = bench_run.RESULTS
MAX_DURATION_S = bench_run.MAX_DURATION_S

# The targets of the issue.
BALLOT_SHARE_TARGET = 0.40  # ballot POSTs/s ≥ 40 % of /healthz requests/s
TALLY_TARGET_S = 1.0  # tally of 1,000,000 ballots on PostgreSQL
P95_TARGET_MS = 100.0  # gallery, case page, reviewer dashboard at 16 connections
SHORTLIST = 20
PICKS = 10
GRADES = ["top"] * 1 + ["excellent"] * 2 + ["encouragement"] * 4 + ["challenge"] * 4  # 11 graded awards a round


# --- pure helpers (tests/bench/test_selection_bench.py) --------------------------------------------------------

_BENCH_LATENCY = re.compile(r"^BENCH latency_us (.+)$", re.M)
_BENCH_STATUS = re.compile(r"^BENCH status (.+)$", re.M)


def _pairs(text: str) -> dict[str, int]:
    return {k: int(v) for k, v in (item.split("=", 1) for item in text.split())}


def parse_bench_lines(output: str) -> dict[str, Any]:
    """The percentiles (in ms) and status counts printed by bench/lua/common.lua's done()."""
    out: dict[str, Any] = {}
    if m := _BENCH_LATENCY.search(output):
        for key, microseconds in _pairs(m.group(1)).items():
            out[f"{key}_ms"] = round(microseconds / 1000, 2)
    if m := _BENCH_STATUS.search(output):
        counts = _pairs(m.group(1))
        out["status"] = {k: counts.get(k, 0) for k in ("2xx", "3xx", "4xx", "5xx")}
        out["sent"] = counts.get("sent", 0)
        out["exhausted"] = counts.get("exhausted", 0)
    return out


def picks_query(nomination_ids: list[int]) -> str:
    return "&".join(f"picks={pk}" for pk in nomination_ids)


def voter_line(session_key: str, csrf_secret: str, csrf_token: str, nomination_ids: list[int]) -> str:
    """One line of the voters file read by bench/lua/ballots.lua."""
    for part in (session_key, csrf_secret, csrf_token):
        if not part or any(c.isspace() for c in part):
            raise ValueError("session key and CSRF values must be non-empty and without spaces")
    if not nomination_ids:
        raise ValueError("a ballot needs at least one pick")
    return f"{session_key} {csrf_secret} {csrf_token} {picks_query(nomination_ids)}"


def postgres_database_name(url: str) -> str:
    """The database name of a postgres:// URL; refuses any name that does not start with proactive_bench, since
    the benchmark drops and re-creates it."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ValueError(f"not a PostgreSQL URL: {url}")
    name = parsed.path.lstrip("/")
    if not re.fullmatch(r"proactive_bench[a-z0-9_]*", name):
        raise ValueError(f"refusing to drop database {name!r}: its name must start with proactive_bench")
    return name


def free_round_slots(taken: set[tuple[int, int]], count: int, first_year: int = 2019) -> list[tuple[int, int]]:
    """``count`` (year, half) pairs not in ``taken`` (rounds are unique per year and half), oldest first; years
    stay within the model's 2019–2100."""
    slots = [(y, h) for y in range(first_year, 2101) for h in (1, 2) if (y, h) not in taken]
    if len(slots) < count:
        raise ValueError(f"only {len(slots)} free (year, half) slots for {count} rounds")
    return slots[:count]


def ballot_share(ballots_per_s: float | None, healthz_per_s: float | None) -> float | None:
    if not ballots_per_s or not healthz_per_s:
        return None
    return round(ballots_per_s / healthz_per_s, 3)


def session_lines(voter_lines: list[str], path: str) -> list[str]:
    """Lines for bench/lua/sessions.lua ("<session key> <path>") from voters-file lines: the same voters, GETting
    ``path`` signed in."""
    return [f"{line.split(' ', 1)[0]} {path}" for line in voter_lines if line.strip()]


def ballots_reconcile(ballots_in_db: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Compare the ballots in the database with what wrk saw over all ballot runs (warm-ups included).

    Every accepted ballot answers 302; a request still in flight when wrk stops may be committed without wrk
    counting its answer, so ``ballots_in_db`` may exceed the accepted answers by at most the requests sent but
    unanswered. Anything else (fewer ballots, any 4xx/5xx, voters reused) fails."""
    accepted = sum(r["status"]["2xx"] + r["status"]["3xx"] for r in runs)
    answered = sum(sum(r["status"].values()) for r in runs)
    sent = sum(r.get("sent", 0) for r in runs)
    unanswered = max(sent - answered, 0)
    errors_4xx = sum(r["status"]["4xx"] for r in runs)
    errors_5xx = sum(r["status"]["5xx"] for r in runs)
    exhausted = sum(r.get("exhausted", 0) for r in runs)
    ok = errors_4xx == 0 and errors_5xx == 0 and exhausted == 0 and accepted <= ballots_in_db <= accepted + unanswered
    return {
        "ballots_in_db": ballots_in_db,
        "accepted_answers": accepted,
        "sent": sent,
        "unanswered_at_stop": unanswered,
        "4xx": errors_4xx,
        "5xx": errors_5xx,
        "voters_reused": exhausted,
        "ok": ok,
    }


def summarise(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "min": None, "max": None}
    return {"median": round(statistics.median(values), 2), "min": min(values), "max": max(values)}


# --- environment --------------------------------------------------------------------------------------------


def recreate_postgres_database(url: str) -> None:
    import psycopg  # noqa: PLC0415 — only needed for PostgreSQL

    name = postgres_database_name(url)
    parsed = urllib.parse.urlparse(url)
    admin = parsed._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def make_env(tmp: Path, database_url: str, settings_module: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        # The reporting centre refuses to start without its sealing key (a throwaway one: the data is thrown away).
        "PROACTIVE_REPORT_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="),
        "DJANGO_DEBUG": "false",
        "PROACTIVE_HTTPS": "false",
        "PROACTIVE_VAR_DIR": str(tmp),
        "PROACTIVE_PRIVATE_ROOT": str(tmp / "private"),
        "DATABASE_URL": database_url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PROACTIVE_MAIL_DIR": str(tmp / "mail"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415 — the settings come from the environment set just above

    django.setup()


class Server:
    """gunicorn with the production settings on a free loopback port (as bench/run.py starts it)."""

    def __init__(self, env: dict[str, str], tmp: Path, workers: int, threads: int) -> None:
        self.env, self.tmp, self.workers, self.threads = env, tmp, workers, threads
        self.process: subprocess.Popen | None = None
        self.base = ""

    def __enter__(self) -> "Server":
        port = bench_run.free_port()
        self.base = f"http://{HOST}:{port}"
        log = (self.tmp / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        bench_run.wait_until_up(self.base, self.process)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wrk_lua(url: str, script: str, script_args: list[str], *, concurrency: int, duration: str) -> dict[str, Any]:
    threads = min(2, concurrency)
    cmd = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}", "--timeout", "10s", "--latency"]
    cmd += ["-s", str(LUA / script), url, "--", *script_args]
    completed = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=MAX_DURATION_S + 60)
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip() or completed.stdout.strip())
    out = bench_run.parse_wrk(completed.stdout)
    out.update(parse_bench_lines(completed.stdout))
    return out


# --- data: common -------------------------------------------------------------------------------------------


@dataclass
class Base:
    secretariat: Any
    departments: list[Any]
    officials: list[Any]
    citizens: list[Any]
    slots: list[tuple[int, int]] = field(default_factory=list)

    def next_slot(self) -> tuple[int, int]:
        return self.slots.pop(0)


def load_base(rng: random.Random, rounds_needed: int) -> Base:
    from proactive.accounts.enums import OfficialStatus, OrgUnitKind, UserKind  # noqa: PLC0415
    from proactive.accounts.models import Official, OrgUnit, User  # noqa: PLC0415
    from proactive.nominations.models import SelectionRound  # noqa: PLC0415

    taken = set(SelectionRound.objects.values_list("year", "half"))
    departments = list(OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT, is_active=True))
    officials = list(Official.objects.filter(status=OfficialStatus.ACTIVE))
    now = _now()
    citizens = User.objects.bulk_create(
        [
            User(
                username=f"bench-nominator-{i}",
                kind=UserKind.CITIZEN,
                email=f"bench-nominator-{i}@bench.invalid",
                name=f"시민{i}",
                password="!bench",
                email_verified_at=now,
            )
            for i in range(50)
        ]
    )
    return Base(
        secretariat=User.objects.get(username="secretariat"),
        departments=departments,
        officials=officials,
        citizens=citizens,
        slots=free_round_slots(taken, rounds_needed),
    )


def _now() -> datetime.datetime:
    from django.utils import timezone  # noqa: PLC0415

    return timezone.now()


def make_round(base: Base, *, vote_start: datetime.datetime, status: str, **fields: Any) -> Any:
    """A round whose windows are placed around ``vote_start`` (the call 60 days before, the vote a week long)."""
    from proactive.nominations.models import SelectionRound  # noqa: PLC0415

    day = datetime.timedelta(days=1)
    year, half = base.next_slot()
    opens = vote_start - 60 * day
    return SelectionRound.objects.create(
        year=year,
        half=half,
        status=status,
        summary="벤치마크 회차",
        results_from=(opens - 180 * day).date(),
        results_to=opens.date(),
        nominations_open_at=opens,
        nominations_close_at=vote_start - 45 * day,
        verification_end_at=vote_start - 30 * day,
        working_review_end_at=vote_start - day,
        vote_start_at=vote_start,
        vote_end_at=vote_start + 7 * day,
        committee_at=vote_start + 14 * day,
        announce_at=vote_start + 21 * day,
        config_version=1,
        config_frozen_at=opens,
        **fields,
    )


TOPICS = [
    "민원 처리",
    "인허가 절차",
    "도로 정비",
    "복지 사각지대",
    "소상공인 지원",
    "침수 예방",
    "청년 일자리",
    "공공 데이터",
]


def make_nominations(base: Base, rnd: Any, count: int, rng: random.Random, *, shortlisted: int) -> list[Any]:
    """``count`` nominations of ``rnd`` (about 1 in 10 by citizens), the first ``shortlisted`` verified and
    shortlisted, with 1–3 team members each. Bulk inserts."""
    from proactive.nominations.enums import CaseType, Consent, NominationState, NominatorType  # noqa: PLC0415
    from proactive.nominations.models import Nomination, NominationMember  # noqa: PLC0415

    submitted = rnd.nominations_open_at + datetime.timedelta(days=3)
    rows = []
    for i in range(count):
        topic = rng.choice(TOPICS)
        citizen = i >= shortlisted and rng.random() < 0.1
        rows.append(
            Nomination(
                round=rnd,
                case_type=CaseType.BEST_PRACTICE if rng.random() < 0.8 else CaseType.CHALLENGE,
                state=NominationState.VERIFIED if i < shortlisted or rng.random() < 0.9 else NominationState.REJECTED,
                title=f"{topic} 개선으로 시민 불편 해소 ({rnd.year}-{rnd.half} #{i + 1})",
                summary=(
                    f"{topic} 과정에서 반복되던 불편을 찾아 관계 부서와 협의하고 절차를 고쳐 처리 기간을 줄인 사례. "
                    * 3
                ),
                problem="기존 절차가 복잡하여 민원인이 여러 번 방문해야 했음.",
                action="관계 규정을 검토하고 온라인 신청을 도입함.",
                outcome="처리 기간이 평균 40% 줄었음.",
                nominator_type=NominatorType.CITIZEN if citizen else NominatorType.DEPARTMENT,
                nominated_by=rng.choice(base.citizens) if citizen else base.secretariat,
                nominating_unit=None if citizen else rng.choice(base.departments),
                nominee_name_given="홍길동" if citizen else "",
                nominee_unit_given="민원과" if citizen else "",
                submitted_at=submitted + datetime.timedelta(minutes=i),
                shortlisted=i < shortlisted,
            )
        )
    nominations = Nomination.objects.bulk_create(rows, batch_size=1000)
    members = []
    consents = [Consent.GIVEN] * 7 + [Consent.REFUSED] + [Consent.PENDING] * 2
    for nomination in nominations:
        team = rng.sample(base.officials, rng.choice([1, 1, 2, 2, 3]))
        shares = {1: [100], 2: [60, 40], 3: [50, 30, 20]}[len(team)]
        for official, share in zip(team, shares, strict=True):
            members.append(
                NominationMember(
                    nomination=nomination,
                    official=official,
                    role="주무관" if share < 50 else "총괄",
                    contribution=share,
                    consent=rng.choice(consents),
                    consent_at=submitted,
                )
            )
    NominationMember.objects.bulk_create(members, batch_size=2000)
    return nominations


# --- part: ballots ------------------------------------------------------------------------------------------


@dataclass
class BallotSetup:
    round_pk: int
    vote_path: str
    voters_file: Path
    voters: int


def build_ballots(base: Base, voters: int, tmp: Path, rng: random.Random) -> BallotSetup:
    """A round in its vote window with a confirmed shortlist of 20, and ``voters`` verified citizens with a
    signed-in session and a CSRF secret each, written to the voters file read by ballots.lua."""
    from importlib import import_module  # noqa: PLC0415

    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS  # noqa: PLC0415
    from django.contrib.sessions.models import Session  # noqa: PLC0415
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415
    from django.utils.crypto import get_random_string  # noqa: PLC0415

    from proactive.accounts.enums import UserKind  # noqa: PLC0415
    from proactive.accounts.middleware import SESSION_STARTED_KEY  # noqa: PLC0415
    from proactive.accounts.models import User  # noqa: PLC0415
    from proactive.nominations.enums import RoundStatus, Voters  # noqa: PLC0415

    now = _now()
    rnd = make_round(
        base,
        vote_start=now - datetime.timedelta(days=1),
        status=RoundStatus.PUBLISHED,
        voters=Voters.BOTH,
        shortlist_size=SHORTLIST,
        picks_per_ballot=PICKS,
        shortlist_confirmed_at=now - datetime.timedelta(days=2),
    )
    shortlist = [n.pk for n in make_nominations(base, rnd, SHORTLIST, rng, shortlisted=SHORTLIST)]
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-voter-{i}",
                kind=UserKind.CITIZEN,
                email=f"bench-voter-{i}@bench.invalid",
                password="!bench",  # unusable: these accounts only ever sign in through the sessions below
                email_verified_at=now - datetime.timedelta(days=30),
                date_joined=now - datetime.timedelta(days=30),
            )
            for i in range(voters)
        ],
        batch_size=2000,
    )
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    encoder = store_class()
    expires = now + datetime.timedelta(hours=3)
    sessions, lines = [], []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "proactive.accounts.backends.AccountBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            SESSION_STARTED_KEY: time.time(),
        }
        sessions.append(Session(session_key=key, session_data=encoder.encode(data), expire_date=expires))
        secret = _get_new_csrf_string()
        lines.append(voter_line(key, secret, _mask_cipher_secret(secret), sorted(rng.sample(shortlist, PICKS))))
    if "sessions.backends.db" not in settings.SESSION_ENGINE:
        raise SystemExit(
            f"bench: sessions are written to the database table; SESSION_ENGINE is {settings.SESSION_ENGINE}"
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    voters_file = tmp / "voters.txt"
    voters_file.write_text("\n".join(lines) + "\n", encoding="ascii")
    return BallotSetup(rnd.pk, reverse("nominations:vote", args=[rnd.pk]), voters_file, voters)


def ballot_count(round_pk: int) -> int:
    from proactive.nominations.models import Ballot  # noqa: PLC0415

    return Ballot.objects.filter(round_id=round_pk).count()


def measure_ballots(base_url: str, setup: BallotSetup, args: argparse.Namespace) -> dict[str, Any]:
    """/healthz, /healthz signed in (the floor of a signed-in request) and the ballot POSTs in turn, ``--repeat``
    times each, after one warm-up of each."""
    from django.conf import settings  # noqa: PLC0415

    health_paths = Path(setup.voters_file.parent / "healthz.txt")
    health_paths.write_text("/healthz\n", encoding="ascii")
    threads = str(min(2, args.concurrency))

    def healthz(duration: str) -> dict[str, Any]:
        return wrk_lua(
            base_url, "pages.lua", [str(health_paths), threads], concurrency=args.concurrency, duration=duration
        )

    def ballots(duration: str) -> dict[str, Any]:
        return wrk_lua(
            base_url,
            "ballots.lua",
            [str(setup.voters_file), setup.vote_path, threads],
            concurrency=args.concurrency,
            duration=duration,
        )

    # Each wrk run reads its voters file from the top, so every run gets its own slice of the voters.
    slices = _voter_slices(setup, parts=args.repeat + 1)
    # The floor: /healthz signed in as the warm-up's voters (their ballots are in, their sessions renewed), so each
    # request only reads its session and account. A ballot must do that and more: its share cannot exceed this one.
    floor_file = setup.voters_file.with_name("signed-in-healthz.txt")
    floor_lines = session_lines(slices[0].read_text(encoding="ascii").splitlines(), "/healthz")
    floor_file.write_text("\n".join(floor_lines) + "\n", encoding="ascii")

    def signed_in(duration: str) -> dict[str, Any]:
        return wrk_lua(
            base_url,
            "sessions.lua",
            [str(floor_file), threads, settings.SESSION_COOKIE_NAME],
            concurrency=args.concurrency,
            duration=duration,
        )

    health_runs, floor_runs, ballot_runs = [], [], []
    healthz(args.warmup)
    setup.voters_file = slices[0]
    ballot_runs.append({"warmup": True, **ballots(args.warmup)})
    signed_in(args.warmup)
    for i in range(args.repeat):
        health_runs.append(healthz(args.duration))
        floor_runs.append(signed_in(args.duration))
        setup.voters_file = slices[i + 1]
        ballot_runs.append({"warmup": False, **ballots(args.duration)})
        h, f, b = health_runs[-1], floor_runs[-1], ballot_runs[-1]
        print(
            f"  run {i + 1}: /healthz {h.get('requests_per_s')} req/s · signed in {f.get('requests_per_s')} req/s "
            f"(statuses {f.get('status')}) · ballots {b.get('requests_per_s')} req/s "
            f"(p95 {b.get('p95_ms')} ms, statuses {b.get('status')}, reused {b.get('exhausted')})",
            flush=True,
        )
    reconcile = ballots_reconcile(ballot_count(setup.round_pk), ballot_runs)
    measured = [r for r in ballot_runs if not r["warmup"]]
    health_rps = [r["requests_per_s"] for r in health_runs if r.get("requests_per_s")]
    ballot_rps = [r["requests_per_s"] for r in measured if r.get("requests_per_s")]
    shares = [
        ballot_share(b.get("requests_per_s"), h.get("requests_per_s"))
        for h, b in zip(health_runs, measured, strict=True)
    ]
    health_median = statistics.median(health_rps) if health_rps else None
    share = ballot_share(statistics.median(ballot_rps) if ballot_rps else None, health_median)
    floor_rps = [r["requests_per_s"] for r in floor_runs if r.get("requests_per_s")]
    floor_share = ballot_share(statistics.median(floor_rps) if floor_rps else None, health_median)
    return {
        "voters": setup.voters,
        "vote_path": setup.vote_path,
        "healthz_runs": health_runs,
        "ballot_runs": ballot_runs,
        "healthz_rps": summarise(health_rps),
        "ballots_rps": summarise(ballot_rps),
        "ballots_p95_ms": summarise([r["p95_ms"] for r in measured if r.get("p95_ms") is not None]),
        "signed_in_healthz_runs": floor_runs,
        "signed_in_healthz_rps": summarise(floor_rps),
        "signed_in_share_of_medians": floor_share,
        "share_per_run": shares,
        "share_of_medians": share,
        "target_share": BALLOT_SHARE_TARGET,
        "meets_target": share is not None and share >= BALLOT_SHARE_TARGET,
        "reconcile": reconcile,
    }


def _voter_slices(setup: BallotSetup, parts: int) -> list[Path]:
    """Split the voters file into ``parts`` files so each wrk run uses voters no earlier run has used."""
    lines = [line for line in setup.voters_file.read_text(encoding="ascii").splitlines() if line]
    size = len(lines) // parts
    paths = []
    for i in range(parts):
        path = setup.voters_file.with_name(f"voters-{i}.txt")
        path.write_text("\n".join(lines[i * size : (i + 1) * size]) + "\n", encoding="ascii")
        paths.append(path)
    return paths


# --- part: pages --------------------------------------------------------------------------------------------


@dataclass
class PagesSetup:
    reviewer_cookie: str
    case_pks: list[int]
    nominations: int
    rounds: int
    assignments: int
    query_counts: list[dict[str, Any]] = field(default_factory=list)


def build_past_round(base: Base, index: int, per_round: int, rng: random.Random) -> list[int]:
    """A closed round with ``per_round`` nominations, 20 shortlisted, awards ranked 1–20 of which 11 graded and
    all confirmed with the committee meeting's decision. Returns the graded cases' nomination ids."""
    from decimal import Decimal  # noqa: PLC0415

    from proactive.nominations.enums import RoundStatus  # noqa: PLC0415
    from proactive.nominations.models import Award, CommitteeMeeting  # noqa: PLC0415

    now = _now()
    vote_start = now - datetime.timedelta(days=90 + 182 * index)
    rnd = make_round(
        base,
        vote_start=vote_start,
        status=RoundStatus.CLOSED,
        shortlist_confirmed_at=vote_start - datetime.timedelta(days=1),
        tally_frozen_at=vote_start + datetime.timedelta(days=8),
    )
    nominations = make_nominations(base, rnd, per_round, rng, shortlisted=SHORTLIST)
    decided = rnd.committee_at + datetime.timedelta(hours=3)
    CommitteeMeeting.objects.create(
        round=rnd, held_at=rnd.committee_at, place="시청 대회의실", decision="등급 확정", decided_at=decided
    )
    grades = GRADES + [""] * (SHORTLIST - len(GRADES))
    Award.objects.bulk_create(
        [
            Award(
                nomination=nomination,
                total=Decimal("95") - Decimal(rank),
                rank=rank,
                proposed_grade=grade,
                grade=grade,
                inputs={"formula": "working + vote + committee", "working": "8", "vote": "7", "committee": "70"},
                confirmed_at=decided,
            )
            for rank, (nomination, grade) in enumerate(zip(nominations[:SHORTLIST], grades, strict=True), start=1)
        ]
    )
    return [n.pk for n, g in zip(nominations[:SHORTLIST], grades, strict=True) if g]


def build_current_round(base: Base, count: int, rng: random.Random) -> tuple[Any, list[Any]]:
    """A published round in its working-level review (the vote starts in 6 days) with ``count`` verified cases
    and a three-line working-level rubric."""
    from decimal import Decimal  # noqa: PLC0415

    from proactive.nominations.enums import NominationState, RoundStatus, ScoredStage  # noqa: PLC0415
    from proactive.nominations.models import Criterion, Nomination  # noqa: PLC0415

    rnd = make_round(base, vote_start=_now() + datetime.timedelta(days=6), status=RoundStatus.PUBLISHED)
    for order, (name, points) in enumerate([("국민체감도", "50"), ("적극성", "30"), ("파급효과", "20")], start=1):
        Criterion.objects.create(
            round=rnd, stage=ScoredStage.WORKING, name=name, max_points=Decimal(points), order=order
        )
    nominations = make_nominations(base, rnd, count, rng, shortlisted=0)
    verified = [n for n in nominations if n.state == NominationState.VERIFIED]
    Nomination.objects.filter(round=rnd).exclude(state=NominationState.VERIFIED).update(state=NominationState.SUBMITTED)
    return rnd, verified


def make_reviewer(base: Base) -> tuple[Any, Any]:
    """A working-level reviewer (an official's account with the role and a confirmed TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from proactive.accounts.enums import Role, UserKind  # noqa: PLC0415
    from proactive.accounts.models import RoleMembership, User  # noqa: PLC0415

    official = base.officials[-1]
    user = User.objects.create(
        username="bench-reviewer", name=official.name, kind=UserKind.OFFICIAL, official=official, password="!bench"
    )
    RoleMembership.objects.create(user=user, role=Role.REVIEWER, starts_on=_now().date() - datetime.timedelta(days=365))
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user, device


def staff_session(user: Any, device: Any) -> str:
    """A signed-in session with a completed second factor, as run.py makes it; returns the session key."""
    from importlib import import_module  # noqa: PLC0415

    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django_otp import DEVICE_ID_SESSION_KEY  # noqa: PLC0415

    from proactive.accounts.middleware import SESSION_STARTED_KEY  # noqa: PLC0415

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "proactive.accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[SESSION_STARTED_KEY] = time.time()
    store.create()
    return store.session_key


def assign(base: Base, reviewer: Any, nominations: list[Any], rng: random.Random) -> None:
    """Working-level assignments of ``reviewer``: about a third submitted with scores, one recused."""
    from decimal import Decimal  # noqa: PLC0415

    from proactive.nominations.enums import ScoredStage  # noqa: PLC0415
    from proactive.nominations.models import Criterion, ReviewAssignment, Score  # noqa: PLC0415

    now = _now()
    assignments = ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(
                nomination=n,
                reviewer=reviewer,
                stage=ScoredStage.WORKING,
                assigned_by=base.secretariat,
                submitted_at=now if i % 3 == 0 else None,
                recused=i == 1,
                recusal_reason="같은 국 소속" if i == 1 else "",
            )
            for i, n in enumerate(nominations)
        ]
    )
    criteria = list(Criterion.objects.filter(round_id=nominations[0].round_id, stage=ScoredStage.WORKING))
    Score.objects.bulk_create(
        [
            Score(
                assignment=a,
                criterion=c,
                points=(c.max_points * Decimal(rng.randint(5, 10)) / 10).quantize(Decimal("0.01")),
            )
            for a in assignments
            if a.submitted_at
            for c in criteria
        ]
    )


def page_paths(case_pk: int) -> dict[str, str]:
    from django.urls import reverse  # noqa: PLC0415

    return {
        "gallery": reverse("nominations:gallery"),
        "case": reverse("nominations:case", args=[case_pk]),
        "review-list": reverse("nominations:review-list"),
    }


def count_queries(reviewer_session: str, case_pk: int, label: str) -> dict[str, Any]:
    """Queries (and status) of one request per page with the test client, after one warm-up request each."""
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    counts: dict[str, Any] = {"size": label}
    for name, path in page_paths(case_pk).items():
        client = Client(HTTP_HOST=HOST)
        if name == "review-list":
            client.cookies[settings.SESSION_COOKIE_NAME] = reviewer_session
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts[name] = {"queries": len(ctx.captured_queries), "status": response.status_code}
    return counts


def build_pages(base: Base, args: argparse.Namespace, rng: random.Random) -> PagesSetup:
    from proactive.nominations.models import Nomination  # noqa: PLC0415

    first = max(1, args.rounds // 10)
    started = time.monotonic()
    case_pks: list[int] = []
    current, verified = build_current_round(base, 300, rng)
    reviewer, device = make_reviewer(base)
    reviewer_session = staff_session(reviewer, device)
    query_session = staff_session(reviewer, device)
    assign(base, reviewer, verified[:10], rng)
    for index in range(first):
        case_pks += build_past_round(base, index, args.per_round, rng)
    small = count_queries(query_session, case_pks[0], f"{first} rounds × {args.per_round}, 10 assignments")
    small["nominations"] = Nomination.objects.count()
    print(f"  query counts at {small['nominations']:,} nominations: {small}", flush=True)
    for index in range(first, args.rounds):
        case_pks += build_past_round(base, index, args.per_round, rng)
        if (index + 1) % 10 == 0:
            print(f"  {index + 1} rounds written ({time.monotonic() - started:.0f} s)", flush=True)
    assign(base, reviewer, verified[10:30], rng)
    large = count_queries(query_session, case_pks[-1], f"{args.rounds} rounds × {args.per_round}, 30 assignments")
    large["nominations"] = Nomination.objects.count()
    print(f"  query counts at {large['nominations']:,} nominations: {large}", flush=True)
    from django.conf import settings  # noqa: PLC0415

    return PagesSetup(
        reviewer_cookie=f"{settings.SESSION_COOKIE_NAME}={reviewer_session}",
        case_pks=case_pks,
        nominations=large["nominations"],
        rounds=args.rounds,
        assignments=30,
        query_counts=[small, large],
    )


def measure_pages(base_url: str, setup: PagesSetup, args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    threads = str(min(2, args.concurrency))
    results = []
    cases_file = tmp / "case-paths.txt"
    paths = page_paths(setup.case_pks[0])
    from django.urls import reverse  # noqa: PLC0415

    cases_file.write_text("\n".join(reverse("nominations:case", args=[pk]) for pk in setup.case_pks) + "\n")
    targets = [
        ("gallery", paths["gallery"], "", "public gallery, page 1"),
        ("case", None, "", f"case page, rotating over {len(setup.case_pks)} graded cases"),
        ("review-list", paths["review-list"], setup.reviewer_cookie, "reviewer dashboard, 30 assignments"),
    ]
    for name, path, cookie, label in targets:
        if path is None:
            paths_file = cases_file
            probe = base_url + reverse("nominations:case", args=[setup.case_pks[0]])
        else:
            paths_file = tmp / f"{name}-paths.txt"
            paths_file.write_text(path + "\n")
            probe = base_url + path
        status = bench_run.fetch_status(probe, cookie)
        if status != 200:
            results.append({"page": name, "label": label, "measured": False, "note": f"answers {status}"})
            print(f"  {name}: answers {status}, not measured", flush=True)
            continue
        script_args = [str(paths_file), threads] + ([cookie] if cookie else [])
        wrk_lua(base_url, "pages.lua", script_args, concurrency=args.concurrency, duration=args.warmup)
        runs = []
        for _ in range(args.repeat):
            runs.append(
                wrk_lua(base_url, "pages.lua", script_args, concurrency=args.concurrency, duration=args.duration)
            )
            r = runs[-1]
            print(
                f"  {name}: {r.get('requests_per_s')} req/s, p50 {r.get('p50_ms')} ms, p95 {r.get('p95_ms')} ms, "
                f"p99 {r.get('p99_ms')} ms, statuses {r.get('status')}",
                flush=True,
            )
        p95 = summarise([r["p95_ms"] for r in runs if r.get("p95_ms") is not None])
        results.append(
            {
                "page": name,
                "path": path or reverse("nominations:case", args=[setup.case_pks[0]]) + " …",
                "label": label,
                "measured": True,
                "runs": runs,
                "rps": summarise([r["requests_per_s"] for r in runs if r.get("requests_per_s")]),
                "p50_ms": summarise([r["p50_ms"] for r in runs if r.get("p50_ms") is not None]),
                "p95_ms": p95,
                "meets_target": p95["median"] is not None and p95["median"] < P95_TARGET_MS,
                "non_2xx": sum(r.get("non_2xx", 0) for r in runs),
            }
        )
    return results


# --- part: tally --------------------------------------------------------------------------------------------


def build_tally(base: Base, ballots: int, rng: random.Random) -> Any:
    """A round whose vote has closed with ``ballots`` ballots of 10 picks among its 20 shortlisted cases, and as
    many verified citizens, generated inside the database (generate_series / a recursive CTE: no rows travel
    from Python). Foreign-key checks are off while loading (the rows are consistent by construction)."""
    from django.db import connection, transaction  # noqa: PLC0415

    from proactive.accounts.models import User  # noqa: PLC0415
    from proactive.nominations.enums import RoundStatus  # noqa: PLC0415
    from proactive.nominations.models import VOTE_STRIPES  # noqa: PLC0415

    now = _now()
    rnd = make_round(
        base,
        vote_start=now - datetime.timedelta(days=10),
        status=RoundStatus.PUBLISHED,
        shortlist_confirmed_at=now - datetime.timedelta(days=11),
    )
    nomination_ids = [n.pk for n in make_nominations(base, rnd, SHORTLIST, rng, shortlisted=SHORTLIST)]
    postgres = connection.vendor == "postgresql"
    series = (
        "SELECT i FROM generate_series(1, %(n)s) AS i"
        if postgres
        else "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %(n)s) SELECT i FROM s"
    )
    user_columns = {
        "password": "'!bench'",
        "last_login": "NULL",
        "is_superuser": "FALSE",
        "username": "'bench-tally-' || i",
        "first_name": "''",
        "last_name": "''",
        "email": "'bench-tally-' || i || '@bench.invalid'",
        "is_staff": "FALSE",
        "is_active": "TRUE",
        "date_joined": "%(joined)s",
        "name": "''",
        "kind": "'citizen'",
        "official_id": "NULL",
        "preferred_language": "''",
        "email_verified_at": "%(joined)s",
    }
    needed = {f.column for f in User._meta.concrete_fields if not f.primary_key}
    if needed != set(user_columns):
        raise SystemExit(f"bench: accounts_user columns changed: {sorted(needed ^ set(user_columns))}")
    params = {"n": ballots, "joined": now - datetime.timedelta(days=40), "cast": now - datetime.timedelta(days=5)}
    started = time.monotonic()
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
        with transaction.atomic():
            cursor.execute(
                f"INSERT INTO accounts_user ({', '.join(user_columns)}) "
                f"SELECT {', '.join(user_columns.values())} FROM ({series}) AS numbers",
                params,
            )
            cursor.execute(
                "INSERT INTO nominations_ballot (round_id, voter_id, cast_at) "
                "SELECT %(round)s, id, %(cast)s FROM accounts_user WHERE username LIKE 'bench-tally-%%' ORDER BY id",
                {**params, "round": rnd.pk},
            )
            cursor.execute("CREATE TEMPORARY TABLE bench_shortlist (idx INTEGER PRIMARY KEY, nomination_id BIGINT)")
            cursor.executemany(
                "INSERT INTO bench_shortlist (idx, nomination_id) VALUES (%s, %s)", list(enumerate(nomination_ids))
            )
            # Ten consecutive cases (mod 20) from a start that is skewed by the ballot id, so the votes differ.
            pick_numbers = (
                "SELECT generate_series(0, 9) AS j"
                if postgres
                else "WITH RECURSIVE p(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM p WHERE j < 9) SELECT j FROM p"
            )
            cursor.execute(
                "INSERT INTO nominations_ballotpick (ballot_id, nomination_id) "
                f"SELECT b.id, s.nomination_id FROM nominations_ballot b CROSS JOIN ({pick_numbers}) AS p "
                "JOIN bench_shortlist s ON s.idx = (((b.id * b.id) %% 23) %% 20 + p.j) %% 20 "
                "WHERE b.round_id = %(round)s",
                {"round": rnd.pk},
            )
            cursor.execute("DROP TABLE bench_shortlist")
            # The running counts cast_ballot keeps (models.VoteCount): one row per case and stripe.
            cursor.execute(
                "INSERT INTO nominations_votecount (nomination_id, stripe, votes) "
                "SELECT p.nomination_id, b.id %% %(stripes)s, COUNT(*) FROM nominations_ballotpick p "
                "JOIN nominations_ballot b ON b.id = p.ballot_id WHERE b.round_id = %(round)s "
                "GROUP BY p.nomination_id, b.id %% %(stripes)s",
                {"round": rnd.pk, "stripes": VOTE_STRIPES},
            )
        if postgres:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("RESET statement_timeout")
        else:
            cursor.execute("PRAGMA foreign_keys = ON")
        load_s = time.monotonic() - started
    refresh_statistics()
    print(f"  {ballots:,} ballots × {PICKS} picks written in {load_s:.0f} s", flush=True)
    rnd.bench_load_s = round(load_s, 1)
    return rnd


def _time(fn: Any, repeat: int = 3) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(round(time.perf_counter() - started, 3))
    return times


def tally_before_change(rnd: Any) -> list[tuple[Any, int]]:
    """The tally as queries/vote.py wrote it before this benchmark (the picks joined to their ballots to keep
    only this round's), kept here to compare."""
    from django.db.models import Count, Q  # noqa: PLC0415

    from proactive.nominations.models import Nomination  # noqa: PLC0415

    rows = (
        Nomination.objects.filter(round=rnd, shortlisted=True)
        .annotate(votes=Count("picks", filter=Q(picks__ballot__round=rnd)))
        .order_by("-votes", "pk")
    )
    return [(n, n.votes) for n in rows]


def measure_tally(rnd: Any) -> dict[str, Any]:
    """``queries.vote.tally`` (what the results page and ``freeze_tally`` call) timed three times, and on
    PostgreSQL three more times after VACUUM ANALYZE (as autovacuum leaves the tables once the vote is over); the
    original formulation (``tally_before_change``) timed once and compared row for row. The benchmark's own
    session runs without the app's 30 s statement timeout, which the original formulation exceeds."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from proactive.nominations.models import Ballot, BallotPick  # noqa: PLC0415
    from proactive.nominations.queries.vote import count_picks, tally  # noqa: PLC0415

    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET statement_timeout = 0")
    ballots = Ballot.objects.filter(round=rnd).count()
    picks = BallotPick.objects.filter(ballot__round=rnd).count()
    with CaptureQueriesContext(connection) as ctx:
        result = tally(rnd)
    sql = [q["sql"] for q in ctx.captured_queries]
    if sum(v for _n, v in result) != picks:
        raise SystemExit(f"bench: the tally counts {sum(v for _n, v in result)} votes for {picks} picks")
    out: dict[str, Any] = {
        "ballots": ballots,
        "picks": picks,
        "load_s": getattr(rnd, "bench_load_s", None),
        "queries": len(sql),
        "sql": sql,
        "top": [v for _n, v in result[:3]],
        "tally_s": _time(lambda: tally(rnd)),
        # What freezing the tally does once: recount the picks themselves and compare with the running counts.
        "recount_picks_s": _time(lambda: count_picks(rnd)),
    }
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE nominations_ballotpick")
            cursor.execute("VACUUM ANALYZE nominations_ballot")
        out["after_vacuum_tally_s"] = _time(lambda: tally(rnd))
        out["after_vacuum_recount_picks_s"] = _time(lambda: count_picks(rnd))
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql[-1])
            out["plan"] = [row[0] for row in cursor.fetchall()]
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql[-1])
            out["plan"] = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        before = tally_before_change(rnd)
        out["before_change_once_s"] = round(time.perf_counter() - started, 3)
    out["changed_from_original"] = [q["sql"] for q in ctx.captured_queries] != sql
    if [(n.pk, v) for n, v in before] != [(n.pk, v) for n, v in result]:
        raise SystemExit("bench: the tally differs from the original formulation")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    out["best_s"] = min(out.get("after_vacuum_tally_s", out["tally_s"]))
    out["meets_target"] = out["best_s"] < TALLY_TARGET_S
    return out


def refresh_statistics() -> None:
    """PostgreSQL: ANALYZE after the bulk load, as autovacuum would do shortly after it in production. Without it
    the planner works from the statistics of the nearly empty tables (e.g. 86k estimated team members for 360k)
    and picks sequential scans and hash joins that make every page slow. SQLite is left as production runs it
    (Django never runs ANALYZE there)."""
    from django.db import connection  # noqa: PLC0415

    if connection.vendor == "postgresql":
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  ANALYZE: {time.monotonic() - started:.1f} s", flush=True)


# --- main ---------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--part", default="all", help="ballots, tally, pages, all, or a comma-separated list (default all)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="measured wrk runs per target (default 3)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", default="10s", help="per wrk run (default 10s)")
    parser.add_argument("--warmup", default="2s", help="one warm-up run per target (default 2s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--voters", type=int, default=30000, help="signed-in voters for the ballots (default 30,000)")
    parser.add_argument("--tally-ballots", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=100, help="closed rounds for the pages (default 100)")
    parser.add_argument("--per-round", type=int, default=2000, help="nominations per closed round (default 2,000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--settings", default="config.settings.base")
    args = parser.parse_args()
    for value in (args.duration, args.warmup):
        if not re.fullmatch(r"\d+s", value) or not 1 <= int(value[:-1]) <= MAX_DURATION_S:
            parser.error(f"durations are whole seconds between 1s and {MAX_DURATION_S}s, like 10s")
    if not 1 <= args.repeat <= 10 or not 1 <= args.concurrency <= 512:
        parser.error("--repeat 1–10, --concurrency 1–512")
    if args.rounds < 1 or args.per_round < SHORTLIST or args.voters < 100 or args.tally_ballots < 1:
        parser.error(f"--rounds ≥ 1, --per-round ≥ {SHORTLIST}, --voters ≥ 100, --tally-ballots ≥ 1")
    if args.rounds > 190:
        parser.error("--rounds at most 190 (rounds are unique per year and half, 2019–2100)")
    parts = ["ballots", "pages", "tally"] if args.part == "all" else args.part.split(",")
    if not parts or set(parts) - {"ballots", "pages", "tally"}:
        parser.error("--part is ballots, tally, pages, all, or a comma-separated list of the first three")
    if shutil.which("wrk") is None and set(parts) & {"ballots", "pages"}:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="proactive-bench-sel-"))
    if args.database == "postgres":
        database_url = os.environ.get("DATABASE_URL", "") or DEFAULT_POSTGRES_URL
        if not database_url.startswith("postgres"):
            database_url = DEFAULT_POSTGRES_URL
        recreate_postgres_database(database_url)
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = make_env(tmp, database_url, args.settings)
    print(f"Preparing in {tmp} (database: {database_url.split('@')[-1]})", flush=True)
    report: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": bench_run.machine(),
        "load_average_at_start": os.getloadavg()[0],
        "command": "bench/selection.py " + " ".join(sys.argv[1:]),
        "database": "postgresql" if args.database == "postgres" else "sqlite",
        "server": {"workers": args.workers, "threads": args.threads, "settings": f"{args.settings}, DEBUG off"},
        "load": {
            "tool": "wrk (2 threads) + bench/lua",
            "concurrency": args.concurrency,
            "duration": args.duration,
            "warmup": args.warmup,
            "repeat": args.repeat,
        },
        "targets": {"ballots_share": BALLOT_SHARE_TARGET, "tally_s": TALLY_TARGET_S, "p95_ms": P95_TARGET_MS},
    }
    rng = random.Random("proactive-bench-selection")
    try:
        bench_run.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        bench_run.run(
            [PYTHON, "manage.py", "load_demo", "--accounts-file", str(tmp / "accounts.txt")], env, "load_demo"
        )
        bench_run.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
        setup_django(env)
        from django.db import connections  # noqa: PLC0415

        base = load_base(rng, args.rounds + 3)
        ballots_setup = pages_setup = None
        if "ballots" in parts:
            started = time.monotonic()
            ballots_setup = build_ballots(base, args.voters, tmp, rng)
            print(f"  ballots: {args.voters:,} voters with sessions in {time.monotonic() - started:.0f} s", flush=True)
        if "pages" in parts:
            started = time.monotonic()
            pages_setup = build_pages(base, args, rng)
            report["pages_data"] = {
                "nominations": pages_setup.nominations,
                "closed_rounds": pages_setup.rounds,
                "per_round": args.per_round,
                "graded_cases": len(pages_setup.case_pks),
                "reviewer_assignments": pages_setup.assignments,
                "build_s": round(time.monotonic() - started),
            }
            report["query_counts"] = pages_setup.query_counts
        refresh_statistics()
        connections.close_all()
        if ballots_setup or pages_setup:
            with Server(env, tmp, args.workers, args.threads) as server:
                print(
                    f"gunicorn on {server.base}: {args.workers} workers × {args.threads} threads; wrk "
                    f"{args.concurrency} connections, {args.repeat} × {args.duration} after {args.warmup} warm-up",
                    flush=True,
                )
                if ballots_setup:
                    report["ballots"] = measure_ballots(server.base, ballots_setup, args)
                    connections.close_all()
                if pages_setup:
                    report["pages"] = measure_pages(server.base, pages_setup, args, tmp)
        if "tally" in parts:
            rnd = build_tally(base, args.tally_ballots, rng)
            report["tally"] = measure_tally(rnd)
        connections.close_all()
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "selection-latest.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\nSelection round benchmark — {report['database']}, {report['machine']['cores']} cores, "
        f"load average at start {report['load_average_at_start']:.2f}"
    )
    if b := report.get("ballots"):
        rec = b["reconcile"]
        print(
            f"{'ballots':<22} {b['ballots_rps']['median']:>9} req/s (runs {b['ballots_rps']['min']}–{b['ballots_rps']['max']}), "
            f"p95 {b['ballots_p95_ms']['median']} ms"
        )
        print(
            f"{'/healthz':<22} {b['healthz_rps']['median']:>9} req/s (runs {b['healthz_rps']['min']}–{b['healthz_rps']['max']})"
        )
        f = b["signed_in_healthz_rps"]
        print(
            f"{'/healthz signed in':<22} {f['median']:>9} req/s (runs {f['min']}–{f['max']}): "
            f"{b['signed_in_share_of_medians']} of /healthz, the most any signed-in request can reach"
        )
        print(
            f"{'ballots ÷ /healthz':<22} {b['share_of_medians']:>9} (per run {b['share_per_run']}; target ≥ {BALLOT_SHARE_TARGET}) "
            f"{'MET' if b['meets_target'] else 'MISSED'}"
        )
        print(
            f"{'ballots check':<22} {rec['ballots_in_db']} in the database, {rec['accepted_answers']} accepted answers, "
            f"{rec['unanswered_at_stop']} unanswered at stop, 4xx {rec['4xx']}, 5xx {rec['5xx']}: {'OK' if rec['ok'] else 'FAILED'}"
        )
    for counts in report.get("query_counts", []):
        pages = ", ".join(f"{k} {v['queries']} ({v['status']})" for k, v in counts.items() if isinstance(v, dict))
        print(f"{'queries':<22} {counts['nominations']:,} nominations: {pages}")
    for page in report.get("pages", []):
        if not page["measured"]:
            print(f"{page['page']:<22} not measured: {page['note']}")
            continue
        print(
            f"{page['page']:<22} {page['rps']['median']:>9} req/s, p50 {page['p50_ms']['median']} ms, "
            f"p95 {page['p95_ms']['median']} ms (runs {page['p95_ms']['min']}–{page['p95_ms']['max']}; target < {P95_TARGET_MS}) "
            f"{'MET' if page['meets_target'] else 'MISSED'}"
        )
    if t := report.get("tally"):
        print(
            f"{'tally':<22} {t['ballots']:,} ballots / {t['picks']:,} picks: {t['tally_s']} s"
            + (f", after VACUUM {t['after_vacuum_tally_s']} s" if "after_vacuum_tally_s" in t else "")
            + f"; recount of the picks (freezing) {t['recount_picks_s']} s"
            + f"; original formulation (once) {t['before_change_once_s']} s"
            + f"; best {t['best_s']} s (target < {TALLY_TARGET_S}) "
            f"{'MET' if t['meets_target'] else 'MISSED'}"
        )


if __name__ == "__main__":
    sys.exit(main())
