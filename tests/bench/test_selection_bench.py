"""The pure helpers of bench/selection.py: parsing what the Lua scripts print, the voters file, the database-name
guard, the round slots and the ballot reconciliation. (The benchmark itself runs by hand: docs/performance.md.)"""

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_selection", ROOT / "bench" / "selection.py")
assert _spec is not None
assert _spec.loader is not None
selection = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(selection)

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:5000
  2 threads and 16 connections
  Latency Distribution
     50%   12.00ms
     99%   40.00ms
  1234 requests in 10.00s, 1.00MB read
Requests/sec:    123.40
BENCH latency_us p50=12000 p90=30500 p95=35250 p99=40000 max=51000
BENCH status 2xx=10 3xx=1200 4xx=3 5xx=1 exhausted=2 sent=1230
"""


def test_parse_bench_lines_reads_percentiles_in_ms_and_statuses():
    out = selection.parse_bench_lines(WRK_OUTPUT)
    assert out["p95_ms"] == 35.25
    assert out["p50_ms"] == 12.0
    assert out["max_ms"] == 51.0
    assert out["status"] == {"2xx": 10, "3xx": 1200, "4xx": 3, "5xx": 1}
    assert out["sent"] == 1230
    assert out["exhausted"] == 2


def test_parse_bench_lines_without_script_output_is_empty():
    assert selection.parse_bench_lines("Requests/sec: 5.0\n") == {}


def test_voter_line_has_session_cookie_values_token_and_picks():
    line = selection.voter_line("abc", "s" * 32, "t" * 64, [3, 7])
    assert line == f"abc {'s' * 32} {'t' * 64} picks=3&picks=7"


@pytest.mark.parametrize(("session", "picks"), [("", [1]), ("a b", [1]), ("abc", [])])
def test_voter_line_refuses_values_the_lua_script_cannot_split(session, picks):
    with pytest.raises(ValueError, match="non-empty|at least one pick"):
        selection.voter_line(session, "secret", "token", picks)


def test_postgres_database_name_only_allows_benchmark_databases():
    assert selection.postgres_database_name("postgres://postgres@127.0.0.1:5432/proactive_bench_sel") == (
        "proactive_bench_sel"
    )
    for url in ("postgres://postgres@127.0.0.1/proactive", "postgres://h/postgres", "sqlite:///x.sqlite3"):
        with pytest.raises(ValueError, match="refusing|not a PostgreSQL URL"):
            selection.postgres_database_name(url)


def test_free_round_slots_skips_taken_and_stays_within_the_model_years():
    slots = selection.free_round_slots({(2019, 1), (2020, 2)}, 3)
    assert slots == [(2019, 2), (2020, 1), (2021, 1)]
    assert selection.free_round_slots(set(), 164)[-1] == (2100, 2)
    with pytest.raises(ValueError, match="free"):
        selection.free_round_slots(set(), 165)


def _run(s2=0, s3=0, s4=0, s5=0, sent=0, exhausted=0):
    return {"status": {"2xx": s2, "3xx": s3, "4xx": s4, "5xx": s5}, "sent": sent, "exhausted": exhausted}


def test_reconcile_accepts_ballots_committed_while_wrk_stopped():
    result = selection.ballots_reconcile(105, [_run(s3=100, sent=108)])
    assert result["ok"]
    assert result["unanswered_at_stop"] == 8


@pytest.mark.parametrize(
    ("in_db", "runs"),
    [
        (99, [_run(s3=100, sent=100)]),  # an accepted answer without its ballot
        (120, [_run(s3=100, sent=108)]),  # more ballots than requests sent
        (100, [_run(s3=100, s5=1, sent=101)]),
        (100, [_run(s3=100, s4=1, sent=101)]),
        (100, [_run(s3=100, sent=100, exhausted=1)]),
    ],
)
def test_reconcile_fails_on_missing_ballots_errors_or_reused_voters(in_db, runs):
    assert not selection.ballots_reconcile(in_db, runs)["ok"]


def test_session_lines_keep_each_voters_session_for_the_path_and_skip_blank_lines():
    voters = [selection.voter_line("s1", "x1", "t1", [1, 2]), "", selection.voter_line("s2", "x2", "t2", [3])]
    assert selection.session_lines(voters, "/healthz") == ["s1 /healthz", "s2 /healthz"]


def test_ballot_share():
    assert selection.ballot_share(400.0, 1000.0) == 0.4
    assert selection.ballot_share(None, 1000.0) is None


@pytest.mark.skipif(shutil.which("luajit") is None and shutil.which("lua") is None, reason="no Lua interpreter")
def test_lua_thread_share_splits_lines_between_threads(tmp_path):
    data = tmp_path / "lines.txt"
    data.write_text("a\nb\n\nc\nd\ne\n")
    lua = shutil.which("luajit") or shutil.which("lua")
    program = (
        f"dofile({str(ROOT / 'bench' / 'lua' / 'common.lua')!r}) "
        f"print(table.concat(thread_share({str(data)!r}, 0, 2), ','), table.concat(thread_share({str(data)!r}, 1, 2), ','))"
    )
    out = subprocess.run([lua, "-e", program], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["a,c,e", "b,d"]
