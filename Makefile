# Proactive — GNU make. A fresh machine needs only `make demo` (try it) and `make test` (check it).
# Everything else the project needs (Python packages, npm assets, Debian packages, translations) is installed
# by the targets below when it is missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV := .tools/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# Two pytest-xdist workers on two cores (each gets its own test database), and the 25 slowest tests listed at the
# end (to keep CI short); `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n 2 --durations=25
BENCH_ARGS ?=

# Python 3.13: on PATH (pyenv's shim counts), else pyenv's own install. Printed as the real interpreter path.
PYTHON313 := $(shell for p in "$$(command -v python3.13 2>/dev/null)" $(HOME)/.pyenv/versions/3.13*/bin/python3.13; do \
	if [ -n "$$p" ] && [ -x "$$p" ] && "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then \
	"$$p" -c 'import sys; print(sys.executable)'; break; fi; done)

# Installs Debian packages, as root or through sudo.
APT_INSTALL = SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings.test
# The local demo: production settings, but plain HTTP on 127.0.0.1 (PROACTIVE_HTTPS=false) and mail as files.
DEMO_ENV = DJANGO_SETTINGS_MODULE=config.settings.base \
	DJANGO_SECRET_KEY="$$(cat var/secret_key)" \
	PROACTIVE_REPORT_KEYS="$$(cat var/report_key)" \
	DJANGO_DEBUG=false \
	PROACTIVE_HTTPS=false \
	DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	PROACTIVE_MAIL_DIR=var/mail

.PHONY: help bootstrap python-deps node-deps messages static test test-deps runtime-deps lint check-deploy migrations-check \
	bench demo demo-reset totp

help:  ## List the targets.
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 20

# --- Bootstrap ---------------------------------------------------------------------------------------------

bootstrap: python-deps node-deps messages  ## Install Python and npm dependencies, compile translations.

$(UV):
	@if [ -z "$(PYTHON313)" ]; then echo "Python 3.13 not found (PATH or ~/.pyenv/versions/3.13*)." >&2; exit 1; fi
	$(PYTHON313) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

python-deps: $(VENV)/.synced
$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	@if [ -z "$(PYTHON313)" ]; then echo "Python 3.13 not found (PATH or ~/.pyenv/versions/3.13*)." >&2; exit 1; fi
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --python "$(PYTHON313)"
	@touch $@

node-deps: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

messages: python-deps  ## Compile the translation catalogues (installs gettext's msgfmt if missing).
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)…"; $(APT_INSTALL) gettext; }
	@if [ -n "$$(find proactive $$(ls -d locale 2>/dev/null) -name '*.po' -print -quit)" ]; then \
		$(TEST_ENV) $(MANAGE) compilemessages -v0 --ignore=.venv --ignore=.tools --ignore=node_modules --ignore=var; \
	fi

var/secret_key: | python-deps
	@mkdir -p var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > $@
	@echo "Generated var/secret_key (kept for later runs)."

var/report_key: | python-deps
	@mkdir -p var
	@umask 077 && $(PY) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))' > $@
	@echo "Generated var/report_key, the key that seals reports (kept for later runs; keep it out of backups of var/)."

static: bootstrap var/secret_key var/report_key
	@$(DEMO_ENV) $(MANAGE) collectstatic --noinput -v0

# --- Demo --------------------------------------------------------------------------------------------------

demo: runtime-deps bootstrap static var/secret_key var/report_key  ## Migrate, load the demo data and serve it on http://127.0.0.1:8000/.
	@mkdir -p var/mail
	@$(DEMO_ENV) $(MANAGE) migrate --noinput -v1
	@$(DEMO_ENV) $(MANAGE) load_demo
	@echo
	@echo "Serving the demo on http://$(HOST):$(PORT)/ — plain HTTP, on this machine only (PROACTIVE_HTTPS=false)."
	@echo "E-mail (citizens' one-time codes, notifications) is written to var/mail/; the task worker logs to var/worker.log."
	@echo "Press Ctrl-C to stop the server and the worker."
	@export $(DEMO_ENV); \
	$(MANAGE) db_worker --no-reload >>var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	trap 'exit 130' INT TERM; \
	$(VENV)/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--logger-class proactive.core.gunicorn_logging.PrivacyLogger \
		--graceful-timeout 5 --access-logfile -

totp:  ## Print the current TOTP code of a demo staff account: make totp ACCOUNT=secretariat
	@if [ -z "$(ACCOUNT)" ]; then echo "Usage: make totp ACCOUNT=<username>" >&2; exit 2; fi
	@if [ ! -f var/secret_key ]; then echo "No demo yet: run make demo first." >&2; exit 1; fi
	@$(DEMO_ENV) $(MANAGE) demo_totp "$(ACCOUNT)"

demo-reset:  ## Delete the demo database, mail and collected static files (the next `make demo` rebuilds them).
	rm -f var/proactive.sqlite3 var/proactive.sqlite3-wal var/proactive.sqlite3-shm var/demo-accounts.txt var/worker.log
	rm -rf var/mail var/static var/cache

# --- Checks ------------------------------------------------------------------------------------------------

runtime-deps:  ## Install the Debian packages the server needs (chromium for PDFs and images, CJK fonts) if missing.
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; $(APT_INSTALL) $$missing; fi

test-deps: runtime-deps  ## Install the Debian packages the tests need (also poppler and gettext) if missing.
	@missing=""; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; $(APT_INSTALL) $$missing; fi

test: test-deps bootstrap  ## Run the whole test suite (SQLite; DATABASE_URL=postgres://… for PostgreSQL).
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

lint: python-deps  ## ruff (lint and format check) and mypy.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy proactive config

check-deploy: python-deps  ## Django's deployment checks with production settings.
	@DJANGO_SETTINGS_MODULE=config.settings.base \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	PROACTIVE_REPORT_KEYS="$$($(PY) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
	DJANGO_DEBUG=false PROACTIVE_HTTPS=true \
	$(MANAGE) check --deploy --fail-level WARNING

migrations-check: python-deps  ## Fail if a model change has no migration.
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run

bench: bootstrap  ## Load test on loopback with wrk (installs wrk if missing); see docs/performance.md.
	@command -v wrk >/dev/null || { echo "Installing wrk…"; $(APT_INSTALL) wrk; }
	$(PY) bench/run.py $(BENCH_ARGS)
