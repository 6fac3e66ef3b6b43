#!/usr/bin/env python
"""Load test of the main pages on loopback: gunicorn with production settings, driven by wrk.

    .venv/bin/python bench/run.py [--concurrency 16] [--duration 10s] [--workers 2] [--threads 4]

What it does, and nothing else:
1. makes a temporary folder with its own SQLite database (or uses DATABASE_URL if set), migrates it, loads the
   demo data set (manage.py load_demo) and collects static files;
2. starts gunicorn with production settings (DEBUG off; PROACTIVE_HTTPS=false because it is plain HTTP on
   127.0.0.1) on a free loopback port;
3. creates a signed-in, TOTP-verified session for the demo account ``secretariat`` directly in the session
   store, for pages behind sign-in;
4. runs wrk at a fixed concurrency for a bounded time against each page in PAGES (after a short warm-up),
   prints a table and writes bench/results/latest.json;
5. stops gunicorn and removes the temporary folder.

Add a page by appending to PAGES. Only 127.0.0.1 is ever contacted.
"""

import argparse
import base64
import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
HOST = "127.0.0.1"
BENCH_USER = "secretariat"
MAX_DURATION_S = 300


@dataclass(frozen=True)
class Page:
    path: str
    label: str
    signed_in: bool = False  # needs the staff session (signed in + TOTP verified)


PAGES = [
    Page("/healthz", "health check (minimal Django page, one SELECT 1)"),
    Page("/", "home"),
    Page("/accounts/login/", "sign-in page"),
    Page("/accounts/org/", "organisation tree (signed in)", signed_in=True),
    Page("/accounts/org/officials/", "officials list (signed-in staff)", signed_in=True),
]


@dataclass
class Result:
    path: str
    label: str
    measured: bool
    note: str = ""
    status: int | None = None
    requests_per_s: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    requests: int | None = None
    non_2xx: int = 0
    socket_errors: str = ""


# --- helpers ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict[str, str], what: str) -> float:
    started = time.monotonic()
    completed = subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"bench: {what} failed ({completed.returncode})")
    elapsed = time.monotonic() - started
    print(f"  {what}: {elapsed:.1f} s", flush=True)
    return elapsed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch_status(url: str, cookie: str = "") -> int:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("bench: gunicorn exited during start-up")
        with contextlib.suppress(OSError):
            fetch_status(base + "/healthz")
            return  # any HTTP answer means the server is up
        time.sleep(0.2)
    raise SystemExit("bench: gunicorn did not answer within a minute")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    out: dict = {}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        out["requests_per_s"] = float(m.group(1))
    if m := re.search(r"^\s*50%\s+(\S+)", output, re.M):
        out["p50_ms"] = to_ms(m.group(1))
    if m := re.search(r"^\s*99%\s+(\S+)", output, re.M):
        out["p99_ms"] = to_ms(m.group(1))
    if m := re.search(r"(\d+) requests in", output):
        out["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        out["non_2xx"] = int(m.group(1))
    if m := re.search(r"Socket errors:\s+(.+)", output):
        out["socket_errors"] = m.group(1).strip()
    return out


def wrk(url: str, *, concurrency: int, duration: str, cookie: str) -> str:
    cmd = ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{duration}", "--timeout", "10s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    completed = subprocess.run([*cmd, url], check=False, capture_output=True, text=True, timeout=MAX_DURATION_S + 60)
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip() or completed.stdout.strip())
    return completed.stdout


def staff_session_cookie(env: dict[str, str]) -> str:
    """A session for the demo secretariat account, signed in with a completed second factor, as a cookie."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415 — the settings come from the environment set just above

    django.setup()
    from importlib import import_module  # noqa: PLC0415

    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415
    from django_otp import DEVICE_ID_SESSION_KEY  # noqa: PLC0415
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from proactive.accounts.middleware import SESSION_STARTED_KEY  # noqa: PLC0415
    from proactive.accounts.models import User  # noqa: PLC0415

    user = User.objects.get(username=BENCH_USER)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "proactive.accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[SESSION_STARTED_KEY] = time.time()
    store.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    connections.close_all()
    return cookie


def dataset_size(env: dict[str, str]) -> dict[str, int]:
    from proactive.accounts.models import Official, OrgUnit, User  # noqa: PLC0415 — Django is set up by now

    return {"org_units": OrgUnit.objects.count(), "officials": Official.objects.count(), "users": User.objects.count()}


def machine() -> dict[str, str | int]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count() or 0,
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# --- main ---------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (default 16)")
    parser.add_argument("--duration", default="10s", help="per page, wrk syntax: 10s, 1m (default 10s)")
    parser.add_argument("--warmup", default="2s", help="per page, before measuring (default 2s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument("--only", action="append", default=[], help="measure only this path (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    parser.add_argument(
        "--settings", default="config.settings.base", help="settings module (default: the production settings)"
    )
    args = parser.parse_args()

    if not re.fullmatch(r"\d+[sm]?", args.duration) or not re.fullmatch(r"\d+[sm]?", args.warmup):
        parser.error("durations look like 10s or 1m")
    seconds = int(args.duration.rstrip("sm")) * (60 if args.duration.endswith("m") else 1)
    if not 1 <= seconds <= MAX_DURATION_S:
        parser.error(f"--duration must be between 1 s and {MAX_DURATION_S} s")
    if not 1 <= args.concurrency <= 512:
        parser.error("--concurrency must be between 1 and 512")
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (`make bench` installs it: apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="proactive-bench-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        # The reporting centre refuses to start without its sealing key (a throwaway one: the data is thrown away).
        "PROACTIVE_REPORT_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="),
        "DJANGO_DEBUG": "false",
        "PROACTIVE_HTTPS": "false",  # plain HTTP on loopback
        "PROACTIVE_VAR_DIR": str(tmp),
        "PROACTIVE_PRIVATE_ROOT": str(tmp / "private"),
        "DATABASE_URL": database_url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PROACTIVE_MAIL_DIR": str(tmp / "mail"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    print(f"Preparing in {tmp} (database: {database_url.split('@')[-1]})", flush=True)
    server: subprocess.Popen | None = None
    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        load_s = run([PYTHON, "manage.py", "load_demo", "--accounts-file", str(tmp / "accounts.txt")], env, "load_demo")
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
        cookie = staff_session_cookie(env)
        size = dataset_size(env)
        print(f"  data set: {size['org_units']} org units, {size['officials']} officials, {size['users']} users")

        port = free_port()
        base = f"http://{HOST}:{port}"
        log = (tmp / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(base, server)
        print(
            f"gunicorn on {base}: {args.workers} workers × {args.threads} threads; wrk {args.concurrency} "
            f"connections, {args.duration} per page after {args.warmup} warm-up",
            flush=True,
        )

        results = []
        for page in PAGES:
            if args.only and page.path not in args.only:
                continue
            url = base + page.path
            page_cookie = cookie if page.signed_in else ""
            status = fetch_status(url, page_cookie)
            if status != 200:
                results.append(Result(page.path, page.label, False, f"not measured: answers {status}", status))
                print(f"  {page.path}: answers {status}, not measured", flush=True)
                continue
            wrk(url, concurrency=args.concurrency, duration=args.warmup, cookie=page_cookie)
            output = wrk(url, concurrency=args.concurrency, duration=args.duration, cookie=page_cookie)
            parsed = parse_wrk(output)
            result = Result(page.path, page.label, True, status=status, **parsed)
            if result.non_2xx:
                result.note = f"{result.non_2xx} non-2xx/3xx answers"
            results.append(result)
            print(
                f"  {page.path}: {result.requests_per_s} req/s, p50 {result.p50_ms} ms, p99 {result.p99_ms} ms",
                flush=True,
            )
    finally:
        if server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": "bench/run.py " + " ".join(sys.argv[1:]),
        "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
        "dataset": {**size, "load_demo_seconds": round(load_s, 1)},
        "server": {"workers": args.workers, "threads": args.threads, "settings": f"{args.settings}, DEBUG off"},
        "load": {"tool": "wrk", "concurrency": args.concurrency, "duration": args.duration, "warmup": args.warmup},
        "results": [asdict(r) for r in results],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    print()
    print(f"{'page':<28} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}  note")
    for r in results:
        if r.measured:
            print(f"{r.path:<28} {r.requests_per_s:>9.1f} {r.p50_ms:>9.2f} {r.p99_ms:>9.2f}  {r.note}")
        else:
            print(f"{r.path:<28} {'—':>9} {'—':>9} {'—':>9}  {r.note}")
    print(f"\nWritten to {RESULTS.relative_to(ROOT) / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
