"""Test settings: fast hashing, in-memory e-mail, tasks run at once, no manifest needed for static files."""

import os
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("PROACTIVE_HTTPS", "false")
os.environ.setdefault("PROACTIVE_REPORT_KEYS", "dGVzdC1vbmx5LXJlcG9ydC1rZXktMzItYnl0ZXMhISE")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import NODE_MODULES, STATICFILES_DIRS, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Each test process its own cache, emptied before every test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# Every request reads the settings, so query counts do not depend on which request came first (the copy kept per
# process has its own tests: tests/programme/test_display_settings.py).
PROACTIVE_SHELL_SETTINGS_SECONDS = 0.0
PROACTIVE_AUDIT_DB_TRIGGERS = False  # flushing between transactional tests needs DELETE/TRUNCATE
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Browser tests load axe-core from our own origin so the strict CSP stays on while it runs.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("vendor/axe", NODE_MODULES / "axe-core")]

# SQLite tests use a file (WAL, IMMEDIATE transactions, as in production) rather than Django's shared in-memory
# database, so concurrency tests exercise real locking; pytest-xdist gives each worker its own file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"proactive-test-{os.getpid()}.sqlite3")
    }
