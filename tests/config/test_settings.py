"""Settings read from the environment (config/settings/base.py), in a fresh interpreter per case."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'cache': settings.CACHES['default'], 'db': settings.DATABASES['default']['ENGINE']}))"
)


def settings_with(tmp_path: Path, **env: str) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "settings-test-only-0123456789",
        "PROACTIVE_REPORT_KEYS": "",
        "PROACTIVE_VAR_DIR": str(tmp_path),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("empty", [{}, {"CACHE_URL": "", "DATABASE_URL": ""}])
def test_the_default_cache_is_a_folder_under_var_shared_by_the_workers(tmp_path, empty):
    """Unset or empty (as copied from .env.example) both mean the embedded defaults."""
    shown = settings_with(tmp_path, **empty)
    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert shown["cache"]["LOCATION"] == str(tmp_path / "cache")
    assert shown["cache"]["OPTIONS"]["MAX_ENTRIES"] == 5000
    assert shown["db"] == "django.db.backends.sqlite3"


def test_cache_url_picks_another_backend(tmp_path):
    shown = settings_with(tmp_path, CACHE_URL="locmemcache://")
    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert "MAX_ENTRIES" not in shown["cache"].get("OPTIONS", {})


KEPT = (
    "import django; django.setup(); from django.db import close_old_connections, connection; "
    "connection.ensure_connection(); first = connection.connection; "
    "close_old_connections(); "  # what Django does at the start and end of every request
    "print(connection.connection is first)"
)


@pytest.mark.parametrize("url", ["", "postgres://postgres@127.0.0.1:5432/postgres"])
def test_connections_are_kept_between_requests(tmp_path, url):
    """A new SQLite connection per request (open, PRAGMAs, and on close a WAL checkpoint) cost more than most pages
    (docs/performance.md, "Persistent connections"); both databases keep theirs for DATABASE_CONN_MAX_AGE."""
    if url and "postgres" not in os.environ.get("DATABASE_URL", ""):
        pytest.skip("PostgreSQL is checked in the PostgreSQL run")
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_CONN_MAX_AGE")},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "settings-test-only-0123456789",
        "PROACTIVE_REPORT_KEYS": "",
        "PROACTIVE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": url,
    }
    kept = subprocess.run(
        [sys.executable, "-c", KEPT], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    assert kept.stdout.strip().splitlines()[-1] == "True"
    environment["DATABASE_CONN_MAX_AGE"] = "0"
    closed = subprocess.run(
        [sys.executable, "-c", KEPT], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    assert closed.stdout.strip().splitlines()[-1] == "False"
