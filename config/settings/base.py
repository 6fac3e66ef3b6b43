"""All settings. Production differences come from environment variables (see .env.example)."""

import shutil
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Behind TLS in production. The local demo serves plain HTTP on 127.0.0.1 and turns this off explicitly.
HTTPS = env.bool("PROACTIVE_HTTPS", default=True)

VAR_DIR = Path(env("PROACTIVE_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    # Our apps come first so their translations and templates take precedence over contrib apps'.
    "proactive.core",
    "proactive.accounts",
    "proactive.audit",
    "proactive.notifications",
    "proactive.documents",
    "proactive.programme",
    "proactive.nominations",
    "proactive.mileage",
    "proactive.reporting",
    "proactive.committee",
    "proactive.opinions",
    "proactive.consulting",
    "proactive.protection",
    "proactive.legalsupport",
    "proactive.publications",
    "proactive.bulletins",
    "proactive.search",
    "proactive.actionplan",
    "proactive.outreach",
    "proactive.web",
    "proactive.demo",
    # Django and third-party apps.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: strips reporter metadata on /report/ before anything else can see or log it (SECURITY.md REP-04).
    "proactive.reporting.middleware.ReporterPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "proactive.accounts.middleware.SessionLifetimeMiddleware",
    "proactive.accounts.middleware.StaffVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widget templates can be overridden from our apps (proactive/web/templates/django/forms/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "proactive.web.context_processors.shell",
                "proactive.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# SQLite (WAL, IMMEDIATE transactions) is the embedded default; DATABASE_URL=postgres://… for production.
# An empty value (as in .env.example) means the default.
DATABASES = {
    "default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'proactive.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c statement_timeout=30000")
# Persistent connections on both databases (docs/performance.md, "Persistent connections"): a new SQLite
# connection per request costs more than most pages (opening the file, the PRAGMAs above, and, when it was the
# last one open, checkpointing and deleting the WAL on close).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------------------
# One cache shared by all the server's worker processes (the public pages' content blocks and share images, with the
# version that every write bumps): a folder under var/ by default, so the embedded set-up needs no service and a
# change shows at once in every worker. CACHE_URL picks another backend (redis://…, dbcache://…, locmemcache://).
CACHES = {"default": env.cache_url_config(env("CACHE_URL", default="") or f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    # The folder is listed on each write once it is over the limit: a few thousand blocks is plenty.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

# --- Authentication -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "proactive.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "proactive.accounts.validators.ContextWordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# Lock-out: 5 failures per account → 10 minutes (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=10)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lock-out is per account: locking an IP would lock a whole office behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# Sessions: idle sign-out after 30 minutes (the cookie is renewed on every request); absolute cap 10 hours.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # renewed at most once a minute (accounts.middleware.SessionLifetimeMiddleware)
SESSION_RENEW_AFTER = 60
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=10)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
CSRF_FAILURE_VIEW = "proactive.web.views.errors.csrf_failure"
LANGUAGE_COOKIE_NAME = "proactive_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

OTP_TOTP_ISSUER = env("PROACTIVE_OTP_ISSUER", default="Proactive")

# Citizens prove control of an e-mail address with a one-time code; other providers plug in here.
IDENTITY_VERIFICATION_PROVIDER = env(
    "PROACTIVE_IDENTITY_PROVIDER", default="proactive.accounts.identity.EmailCodeProvider"
)
CITIZEN_CODE_TTL = timedelta(minutes=10)
CITIZEN_CODE_MAX_ATTEMPTS = 5

# --- Security headers and CSP ---------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = HTTPS and env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("PROACTIVE_BEHIND_PROXY", default=False) else None
)
# Number of trusted reverse proxies in front of the app; the client IP is taken from X-Forwarded-For accordingly.
PROACTIVE_TRUSTED_PROXY_COUNT = env.int("PROACTIVE_TRUSTED_PROXY_COUNT", default=0)

# The public address of the site, for links in e-mails (e.g. https://proactive.busan.go.kr).
PROACTIVE_SITE_URL = env("PROACTIVE_SITE_URL", default="" if HTTPS else "http://127.0.0.1:8000")

ADMIN_URL_PATH = env("PROACTIVE_ADMIN_PATH", default="support-console/")

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# Translations live in each app (proactive/<app>/locale); there is no project-level catalog.
LOCALE_PATHS: list = []

# --- Files ----------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/krds", NODE_MODULES / "krds-uiux" / "resources"),
    # krds-uiux 1.1.0's component.css points ~200 icons at ../../img/img/…, a folder the package lacks;
    # serving the icon folder under that path too makes every reference resolve (and hash) correctly.
    ("vendor/krds/img/img", NODE_MODULES / "krds-uiux" / "resources" / "img"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {"BACKEND": "proactive.core.staticfiles.StaticFilesStorage"},  # WhiteNoise's, addresses kept
    # Uploaded documents live outside static and media roots and are served only through a checking view.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(env("PROACTIVE_PRIVATE_ROOT", default=str(VAR_DIR / "private"))),
            "base_url": None,
        },
    },
}
# Headless Chromium renders the PDFs (certificates, casebooks, bulletins): Korean line breaking and fonts as in the
# browser. docs/decisions/0019-pdf-with-chromium.md.
# How long each process keeps the page shell's copy of the programme settings (programme.queries.display_settings).
PROACTIVE_SHELL_SETTINGS_SECONDS = 30.0
PROACTIVE_CHROMIUM = env("PROACTIVE_CHROMIUM", default=shutil.which("chromium") or "/usr/bin/chromium")
# Keys that seal report text and files (AES-256-GCM), kept outside the database: comma-separated base64url
# 32-byte keys, the first one encrypts (proactive.reporting.crypto; `make demo` generates var/report_key).
PROACTIVE_REPORT_KEYS = env("PROACTIVE_REPORT_KEYS", default="")
DOCUMENT_MAX_BYTES = env.int("PROACTIVE_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "proactive.documents.upload.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- E-mail and tasks -----------------------------------------------------------------------------------
# Django 6.1 MAILERS: SMTP in production; the local demo writes each e-mail as a file under var/mail.
_EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
if _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    _EMAIL_OPTIONS: dict = {"file_path": str(Path(env("PROACTIVE_MAIL_DIR", default=str(VAR_DIR / "mail"))))}
elif _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env("DJANGO_EMAIL_HOST", default="localhost"),
        "port": env.int("DJANGO_EMAIL_PORT", default=25),
        "username": env("DJANGO_EMAIL_USER", default=""),
        "password": env("DJANGO_EMAIL_PASSWORD", default=""),
        "use_tls": env.bool("DJANGO_EMAIL_USE_TLS", default=False),
        "timeout": 20,
    }
else:
    _EMAIL_OPTIONS = {}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="proactive@localhost")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Logging: no request metadata for anonymous reporters is ever logged (see docs/architecture.md) -------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
