"""Maillage settings: one file, driven by the environment (see .env.example)."""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_INSECURE_KEY = "insecure-development-key-change-me"  # noqa: S105


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# "production" refuses insecure settings; "development" is the default for a local checkout.
ENVIRONMENT = os.environ.get("MAILLAGE_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _INSECURE_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a long random value in production."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

INSTALLED_APPS = [
    "maillage.core.apps.MaillageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's own form templates, which templates/django/forms/ overrides (Bootstrap markup).
    "django.forms",
    "django_htmx",
    # Login throttling and lockout: counts failures per account and per address.
    "axes",
    "maillage.core",
    "maillage.notices",
    "maillage.organisation",
    "maillage.projects",
    "maillage.skills",
    "maillage.governance",
    "maillage.reporting",
    "maillage.interop",
    "maillage.news",
    "maillage.portal",
    "maillage.demo",
    "maillage.datasets",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "maillage.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "maillage.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maillage.core.headers.NoStoreForUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "maillage.core.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maillage.core.tenancy.TenancyMiddleware",
    # With DEBUG on, the app's own 404 page instead of Django's list of URL patterns.
    "maillage.core.middleware.NotFoundPageMiddleware",
    # Last: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "maillage.core.context_processors.site",
                "maillage.core.theme_context.theme",
                "maillage.portal.context_processors.legal",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer commits; the busy timeout waits instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The lockout check comes first, so a locked-out attempt never reaches the password hasher.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: after LOGIN_FAILURE_LIMIT failures for one account, or LOGIN_ADDRESS_FAILURE_LIMIT
# from one address (higher: a whole town hall shares one address behind its gateway), further
# attempts are refused for LOGIN_LOCKOUT_MINUTES (counted from the last failure).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_FAILURE_LIMIT = "maillage.core.accounts.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "maillage.core.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, unless the app runs behind TRUSTED_PROXY_COUNT reverse proxies
# that append to X-Forwarded-For (a header a client could otherwise forge to dodge the limit).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "maillage.core.accounts.client_ip"

# Sessions: closed after SESSION_IDLE_TIMEOUT seconds without a request (8 hours by default),
# and at the latest SESSION_COOKIE_AGE seconds after login (14 days, never more).
_MAX_SESSION_AGE = 14 * 24 * 3600
SESSION_COOKIE_AGE = min(int(os.environ.get("SESSION_MAX_AGE", _MAX_SESSION_AGE)), _MAX_SESSION_AGE)
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", 8 * 3600))
# Password reset links work once, until the password changes, and for this many seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", 24 * 3600))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Mail: the console in development, SMTP in production (Django 6.1 MAILERS).
if PRODUCTION or os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("SMTP_HOST", "localhost"),
                "port": int(os.environ.get("SMTP_PORT", "587")),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "maillage@localhost")
# The public address of the application (https://maillage.example.fr): links in the e-mails
# that no request triggers (reminders, weekly digests) start with it.
MAILLAGE_BASE_URL = os.environ.get("MAILLAGE_BASE_URL", "").rstrip("/")

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything is served by the application itself and no template holds inline script or style
# (see ARCHITECTURE.md, "Content-Security-Policy"), so the policy needs neither
# 'unsafe-inline' nor nonces.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Browser features the application never uses (maillage.core.headers.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Request bodies: form fields in memory, files above FILE_UPLOAD_MAX_MEMORY_SIZE go to disk.
# The reverse proxy sets the same total limit (client_max_body_size, see README).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# HR files of a large authority run to several hundred thousand rows.
HR_IMPORT_MAX_UPLOAD_BYTES = env_int("HR_IMPORT_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
# No uploaded file is read past this size (the forms then say which limit applies).
FILE_UPLOAD_MAX_BYTES = env_int("FILE_UPLOAD_MAX_BYTES", HR_IMPORT_MAX_UPLOAD_BYTES)
FILE_UPLOAD_HANDLERS = [
    "maillage.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# XLSX files are checked before they are opened: a 300 KB zip can unpack to gigabytes.
HR_XLSX_MAX_PART_BYTES = env_int("HR_XLSX_MAX_PART_BYTES", 200 * 1024 * 1024)
HR_XLSX_MAX_SHARED_STRINGS_BYTES = env_int("HR_XLSX_MAX_SHARED_STRINGS_BYTES", 50 * 1024 * 1024)
HR_XLSX_MAX_ROWS = env_int("HR_XLSX_MAX_ROWS", 1_048_576)
HR_XLSX_MAX_COLUMNS = env_int("HR_XLSX_MAX_COLUMNS", 100)
# Longest cell the import reads (CSV and XLSX): far above any name, far below a bomb.
HR_IMPORT_MAX_CELL_CHARS = env_int("HR_IMPORT_MAX_CELL_CHARS", 2000)
# Files with more data rows than this are checked and applied by the task worker.
HR_IMPORT_BACKGROUND_ROWS = env_int("HR_IMPORT_BACKGROUND_ROWS", 20_000)
# Days between an agent's deactivation by the HR file and the erasure of their profile.
HR_DEPARTURE_GRACE_DAYS = env_int("HR_DEPARTURE_GRACE_DAYS", 90)
# An import deactivating more than this share of the active agents needs a second confirmation.
HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT = env_int("HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT", 20)
# Days the audit trail keeps the names and e-mails of departed agents and deleted contacts.
AUDIT_PERSONAL_DATA_RETENTION_DAYS = env_int("AUDIT_PERSONAL_DATA_RETENTION_DAYS", 365)

# Background work (HR imports, e-mails of notifications, digests, reminders): the database
# queue, run by `manage.py db_worker`. Another django.tasks backend (RQ, Celery…) is a matter
# of TASKS_BACKEND and its own settings, without code changes (README, "Production").
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # The backend's own options, as JSON (e.g. {"queue": "maillage"}): see its documentation.
        "OPTIONS": json.loads(os.environ.get("TASKS_OPTIONS") or "{}"),
    }
}
# Days a deleted project, partner, agreement, committee or meeting stays restorable in the trash
# before ``manage.py purge_trash`` removes it for good.
TRASH_RETENTION_DAYS = env_int("TRASH_RETENTION_DAYS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The PDF renderer logs each step of each page at INFO (the annual report).
        "weasyprint.progress": {"level": "WARNING"},
    },
}

if TESTING:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Outside production WhiteNoise serves the apps' static files straight from their folders and
# looks each one up when it is asked for (autorefresh). Without autorefresh it would scan every
# static folder whenever the middleware is built, i.e. for every test client (a quarter of a
# second each). Production serves `collectstatic`'s output, indexed once at start.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
