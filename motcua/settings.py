"""Settings for Một Cửa, read from the environment.

This module is the production profile and fails closed: no default SECRET_KEY, DEBUG off
unless asked for. `settings_dev` and `settings_test` only fill in environment defaults
before importing this module, so every setting lives here, once.

Environment:
- SECRET_KEY (required unless DEBUG=1)
- DEBUG (0/1, default 0)
- ALLOWED_HOSTS (comma-separated, default empty; 127.0.0.1 and localhost when DEBUG)
- DATABASE_URL (default: SQLite file var/motcua.sqlite3, WAL mode)
- REDIS_URL (default empty: a per-process memory cache), STORAGE (filesystem or s3),
  TRUSTED_PROXIES: the production profile, see deploy/env.example and docs/deployment.md
- sign-in, sessions and HTTPS: AXES_*, SESSION_*, SECURE_*, TLS_PROXY (docs/security.md)
"""

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (production never has a default)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "motcua.third_party_apps.TasksDb",  # django_tasks_db, named in Vietnamese
    "accounts",
    "catalog",
    "workcalendar",
    "dossiers",
    "reports",
    "documents",
    "registry",
    "portal",
    "notifications",
    "online",
    "ninja",  # only for its bundled Swagger UI files, served locally (no CDN)
    "api",
    "oversight",
    "common",  # shared helpers; its commands: backup, restore
    "audit",
    "motcua.third_party_apps.Axes",  # sign-in lockout after repeated failures (accounts.lockout)
    "django_otp",  # two-factor sign-in (accounts.two_factor)
    "motcua.third_party_apps.Totp",  # django_otp's TOTP devices
]

MIDDLEWARE = [
    "motcua.middleware.TrustedProxyMiddleware",  # the client's address behind deploy/nginx
    "django.middleware.security.SecurityMiddleware",
    "motcua.headers.SecurityHeadersMiddleware",  # CSP, Permissions-Policy, no-store: all answers
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.middleware.VietnameseFirstLocaleMiddleware",
    "motcua.middleware.RejectNulMiddleware",  # after the language is chosen: its message
    "motcua.middleware.NormalizeUnicodeMiddleware",  # all HTTP text input to NFC
    "django.middleware.common.CommonMiddleware",
    "api.middleware.JsonErrorsMiddleware",  # /api/: a 405 answers JSON too
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditContextMiddleware",  # client address and request id for the audit log
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "accounts.middleware.SessionTimeoutMiddleware",  # idle and absolute session lifetime
    "accounts.middleware.TwoFactorRequiredMiddleware",  # administrators verify a TOTP code
    "axes.middleware.AxesMiddleware",  # the locked-out sign-in page (status 429)
]

ROOT_URLCONF = "motcua.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "motcua.wsgi.application"


def database_from_url(url: str) -> dict:
    config: dict = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so two intakes never deadlock upgrading a read lock.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Parameters bound on the server, and psycopg prepares a statement a connection has
        # run five times (prepare_threshold; Django's default None never prepares): the
        # server then parses and plans each hot statement once per connection (connections
        # persist, CONN_MAX_AGE) instead of on every call, as the text with its values
        # inlined that client-side binding sends would make it do. An intake's 12 statements
        # cost its backend ~30 % less CPU. The server re-plans a prepared statement after a
        # migration by itself; only one whose result columns change type fails until the
        # processes restart, which an update does (docs/deployment.md, "Updating").
        config.setdefault("OPTIONS", {})["prepare_threshold"] = 5  # psycopg's default
        config["OPTIONS"]["server_side_binding"] = True
    return config


DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 for new and changed passwords; older PBKDF2 hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.PersonalDataSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]  # English translation of the Vietnamese UI
FORMAT_MODULE_PATH = ["motcua.formats"]  # day-first dates for Vietnamese input

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed from the npm registry by package-lock.json (bin/setup-venv), served locally.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_ROOT = VAR_DIR / "media"  # outside the web root; served only through views that check access


def storage_from_env(environ: Mapping[str, str]) -> dict:
    """Where uploaded files live: the file system under MEDIA_ROOT (default), or a private
    bucket of an S3-compatible object store (STORAGE=s3) through django-storages. Either way
    files are read through the storage API by views that check access, never served directly."""
    kind = environ.get("STORAGE", "filesystem")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"STORAGE must be 'filesystem' or 's3', not {kind!r}.")
    if not environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE=s3 needs S3_BUCKET.")
    from boto3.s3.transfer import TransferConfig  # only with STORAGE=s3
    from botocore.config import Config

    try:
        timeout = float(environ.get("S3_TIMEOUT", "15"))
    except ValueError:
        raise ImproperlyConfigured("S3_TIMEOUT is a number of seconds.") from None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["S3_BUCKET"],
            "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,  # None: AWS itself
            "region_name": environ.get("S3_REGION") or None,
            "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": environ.get("S3_PREFIX", ""),
            "default_acl": None,  # the bucket's own (private) policy; objects are never public
            "querystring_auth": True,
            "file_overwrite": False,  # like the file system: a taken name gets a new one
            # A store that stops answering must become the officer's 503 in words inside
            # gunicorn's 60 s worker timeout, not botocore's 60 s per try and five tries (the
            # worker killed, a bare 502): two tries of a request, each waiting at most
            # S3_TIMEOUT for the store to answer; a download is not started again on top of
            # them (s3transfer's own five attempts).
            "client_config": Config(
                connect_timeout=min(timeout, 5),
                read_timeout=timeout,
                retries={"mode": "standard", "max_attempts": 2},
            ),
            "transfer_config": TransferConfig(num_download_attempts=1),
        },
    }


STORAGES = {
    "default": storage_from_env(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def caches_from_url(url: str, *, key_prefix: str = "motcua") -> dict:
    """Redis when REDIS_URL is set: one cache shared by every process (sessions, look-up rate
    limits), which steps aside while Redis is down (motcua.cache); otherwise each process
    keeps its own in memory (development, tests)."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "motcua.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            # Redis answers in milliseconds on the same host or LAN: a host that is gone
            # costs the first request of each pause a second, not redis-py's 5 s.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = caches_from_url(REDIS_URL, key_prefix=os.environ.get("CACHE_KEY_PREFIX", "motcua"))
# Django's database sessions, the row read with a query compiled once (motcua/sessions).
SESSION_ENGINE = "motcua.sessions.db"
if REDIS_URL:
    # Read from Redis, written through to the database: a Redis restart signs nobody out.
    SESSION_ENGINE = "motcua.sessions.cached_db"

# Behind a reverse proxy (deploy/nginx), requests come from these addresses, and the client's
# own address is in the X-Real-IP header the proxy sets (motcua.middleware.TrustedProxyMiddleware).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Background jobs (notifications, rollups) through the Django Tasks API: stored in the
# database and run by `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": "common.task_backend.DatabaseBackend", "QUEUES": ["default"]}}

# Notices to citizens (notifications app): e-mail through Django's mail backends, SMS through
# a pluggable backend. Development prints both to the console; production sets SMTP and the
# HTTP gateway. Failed sends are retried NOTIFICATION_MAX_ATTEMPTS times in all, waiting
# NOTIFICATION_RETRY_BASE_SECONDS, then twice as long each time.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", 30))  # a worker never waits forever
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Một Cửa <khong-tra-loi@localhost>")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))  # filebased backend
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notifications.sms.ConsoleSMSBackend")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms"))  # FileSMSBackend
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")  # HTTPGatewaySMSBackend
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", 10))
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_MAX_ATTEMPTS", 5))
NOTIFICATION_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFICATION_RETRY_BASE_SECONDS", 60))

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dossiers:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Scanned attachments: PDF, JPEG or PNG, checked by content, at most this many bytes.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024
# Django's defaults, stated: a request with more form fields or files is refused with 400
# before it can exhaust memory or file descriptors (CVE-2023-24580).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100

# Personal data of finished dossiers is anonymised this many years after the dossier was
# finished, unless its procedure version sets its own period (docs/personal-data.md; the
# figure is a default to verify against the archive schedules, not a legal value).
PERSONAL_DATA_RETENTION_YEARS = int(os.environ.get("PERSONAL_DATA_RETENTION_YEARS", 5))

# The public look-up page of a dossier, printed as a QR code on the receipt (Mẫu 01); `{code}`
# is replaced by the dossier code. Deployments set their public address here.
# The site's public address, for links in e-mails and SMS to citizens.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PUBLIC_LOOKUP_URL_TEMPLATE = os.environ.get(
    "PUBLIC_LOOKUP_URL_TEMPLATE", "http://127.0.0.1:8000/tra-cuu/{code}"
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    # __Host-: only over HTTPS, for this host and path "/" (no sub-domain can set or read it).
    if SESSION_COOKIE_SECURE:
        SESSION_COOKIE_NAME = "__Host-sessionid"
    if CSRF_COOKIE_SECURE:
        CSRF_COOKIE_NAME = "__Host-csrftoken"

# ---------------------------------------------------------------- accounts and sessions
# (security-and-reliability.md §1.4-1.5, T6, T12)
#
# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT wrong passwords for one user name from one
# address lock that pair out for AXES_COOLOFF_MINUTES, so a victim is never locked for good
# and a guesser elsewhere does not lock them out at all. A success resets the count. Covers the
# officers' and the admin sign-in and the citizens' sign-in (all go through authenticate()).
# The address is REMOTE_ADDR (motcua.middleware.client_address): behind a reverse proxy the
# deployment must pass the client's address there, as for the portal's rate limits.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", 15))
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked-out user's further tries do not push the end of the lockout back.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "motcua.middleware.client_address"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are recorded by the audit log, not twice
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP apps such as Google Authenticator): required for
# administrators (is_staff, is_superuser or the unit administrator role), optional for other
# officers; whoever has a confirmed device enters a code after the password.
OTP_TOTP_ISSUER = "Một Cửa"

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the
# sign-in whatever happens (accounts.middleware.SessionTimeoutMiddleware); sign-in rotates the
# session id, sign-out deletes the session on the server.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", 30))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS. Production redirects HTTP to HTTPS and sends HSTS for a year, sub-domains included.
# HSTS preload is opt-in (SECURE_HSTS_PRELOAD=1): once a domain is on the browsers' preload
# list, leaving it takes months and every sub-domain must serve HTTPS, which a commune's
# domain (xa-....gov.vn) cannot promise for hosts the commune does not run.
# Behind a TLS-terminating proxy (nginx) set TLS_PROXY=1: the proxy must then set
# X-Forwarded-Proto itself (proxy_set_header X-Forwarded-Proto $scheme), never pass the
# client's.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every response by motcua.headers.SecurityHeadersMiddleware. No inline script or
# style anywhere: the pages' CSS and JS are static files.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # data: for the two-factor QR code
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is opt-in, see SECURE_HSTS_PRELOAD above.
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools report every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every sign-in at INFO; the audit log records them
    },
}
