"""Apoia settings: one file, driven by the environment, SQLite by default."""

from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.utils.translation import gettext_lazy as _

from apoia.lib.env import (
    cache_settings_from_url,
    email_settings_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key_from,
)
from apoia.lib.net import parse_networks
from apoia.protocol import limits as protocol_limits

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("APOIA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = secret_key_from(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin on a site only admins may enter (apoia/accounts/admin_site.py).
    "apoia.accounts.admin_site.ApoiaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Django's staticfiles, collecting no source maps (apoia/lib/staticfiles.py).
    "apoia.lib.staticfiles.StaticFilesConfig",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    # Serves Swagger UI's files from the package: no page may load from another host.
    "ninja",
    # Who changed what in programs (issue 9, item 7): one history mechanism for the app.
    "simple_history",
    "apoia.territory",
    "apoia.indicators",
    "apoia.accounts",
    "apoia.catalog",
    "apoia.protocol",
    "apoia.followup",
    "apoia.programs",
    "apoia.agenda",
    "apoia.society",
    "apoia.legislative",
    "apoia.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and auth middleware, so it sees every response they shape.
    "apoia.lib.privacy.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Refuses NUL characters and oversized or unreadable bodies, in the caller's language.
    "apoia.bad_requests.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apoia.accounts.middleware.RequireStaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets django-simple-history record the signed-in user as the author of a change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it inspects the response of the login views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "apoia.urls"
WSGI_APPLICATION = "apoia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apoia.accounts.context_processors.shell",
            ],
        },
    },
]
# Every <select> gets a real placeholder instead of "---------" (apoia/lib/form_renderer.py).
FORM_RENDERER = "apoia.lib.form_renderer.FormRenderer"

# --- Database -----------------------------------------------------------------------------
# Seconds a write transaction waits for the database (SQLite: the other writers) before it
# gives up; SQLite's busy timeout and the in-process writer queue both use it.
SQLITE_TIMEOUT = 20


def _sqlite(name) -> dict:
    """The one SQLite configuration, for the default file and for DATABASE_URL=sqlite://."""
    return {
        # Django's backend with each process's writers taking turns (see apoia/lib/sqlite3).
        "ENGINE": "apoia.lib.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write
            # lock at BEGIN so concurrent writers queue instead of failing mid-transaction.
            # The busy timeout is `timeout` alone: a PRAGMA busy_timeout here would replace it.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_TIMEOUT,
        },
    }


DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"].update(_sqlite(DATABASES["default"]["NAME"]))
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": _sqlite(VAR_DIR / "apoia.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Staff roles (admin, coordinator, technician, ombudsman) must confirm a TOTP device
# when this is on; off by default so a fresh demo can be explored at once.
APOIA_REQUIRE_2FA = env_bool("APOIA_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Apoia")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# One count per person, however the e-mail is spelled, and per client address as every
# throttle sees it (behind a trusted proxy, not the proxy's own address).
AXES_USERNAME_CALLABLE = "apoia.accounts.login.axes_username"
AXES_CLIENT_IP_CALLABLE = "apoia.lib.net.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

APOIA_DEMO_PASSWORD = env_str("APOIA_DEMO_PASSWORD", "")

# --- Internationalization -----------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "pt-br")
LANGUAGES = [("pt-br", _("Português (Brasil)")), ("en", _("Inglês"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Campo_Grande")
USE_I18N = True
USE_TZ = True

# The state whose identity the header shows and whose calendar is the default.
APOIA_STATE = env_str("APOIA_STATE", "MS")

# --- Static files and media ---------------------------------------------------------------
STATIC_URL = "static/"
# apoia/static holds the site shell and the vendored gov.br DS; `apoia` itself is no app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# --- Uploads and request bodies -------------------------------------------------------------
# Sized from apoia/protocol/limits.py, which every form, schema and service reads too.
# - Files are not counted in DATA_UPLOAD_MAX_MEMORY_SIZE: they stream to disk past
#   FILE_UPLOAD_MAX_MEMORY_SIZE, and the services refuse more than limits.ATTACHMENTS_BYTES
#   (25 MB) per submission or message and limits.FILE_BYTES (10 MB) per file, in Portuguese.
# - Everything else of a body (a JSON body, the form fields): the longest legitimate one, a
#   submission with every text at its limit written in 4-byte characters JSON-escaped as
#   "\ud83d\ude00", is about 200 KB; Django's 2.5 MB default leaves a wide margin and keeps a
#   flood of text out of memory. Over it: 413.
# - At most limits.FILES files per request (the forms' own limit); more: 422. Indicator imports
#   send one file.
# - Form fields: Django's 1,000; the widest form (the queue's filters, an admin bulk action on
#   a page of 100 rows) is far below. More: 422.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = protocol_limits.FILES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000

_media_backend = env_str("APOIA_MEDIA_STORAGE", "local")
if _media_backend == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
elif _media_backend == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("APOIA_MEDIA_STORAGE must be 'local' or 's3'")

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("APOIA_TESTING", False)
            else "apoia.lib.staticfiles.CompressedManifestStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("APOIA_TESTING", False)

# --- E-mail ---------------------------------------------------------------------------------
globals().update(email_settings_from_url(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Apoia <nao-responda@apoia.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP server may take to answer. With tasks run in-process the e-mails of a
# submission are sent before its receipt page is served, so a server that hangs must not hold
# that page for ever (Django's default is no limit); see protocol/notifications.py.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- Protocol -------------------------------------------------------------------------------
# Unit code used in protocol numbers when the receiving unit has none of its own.
APOIA_PROTOCOL_UNIT = env_str("APOIA_PROTOCOL_UNIT", "50000")
# Layout of protocol numbers: the federal NUP by default; a local one must use {unit},
# {sequence}, {year} and {dv} (the two check digits) once each, e.g.
# "SEC-{year}-{unit}-{sequence}-{dv}".
APOIA_PROTOCOL_FORMAT = env_str("APOIA_PROTOCOL_FORMAT", "{unit}.{sequence}/{year}-{dv}")
# Public tracking lookups allowed per client address per minute (0: no limit).
APOIA_TRACKING_RATE = env_int("APOIA_TRACKING_RATE", 20)
# Submissions without an account or API token allowed per client address per minute (0: no
# limit, e.g. for a load test).
APOIA_SUBMISSION_RATE = env_int("APOIA_SUBMISSION_RATE", 10)
# Password-reset e-mails per address per hour; a client address may ask four times as many,
# since a whole office often shares one.
APOIA_PASSWORD_RESET_RATE = env_int("APOIA_PASSWORD_RESET_RATE", 5)

# Rate limits and throttles live in the cache, which every web process must share: by default
# a table of the database (`apoia migrate` creates it), CACHE_URL=redis://... for Redis,
# locmem:// for the memory of one process (a single process, or a test).
CACHE_TABLE = "apoia_cache"
CACHES = {"default": cache_settings_from_url(env_str("CACHE_URL"), table=CACHE_TABLE)}

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Production is served over HTTPS; `make run` and the tests serve plain HTTP on loopback
# and say so with APOIA_HTTPS=false.
APOIA_HTTPS = env_bool("APOIA_HTTPS", not DEBUG)
if APOIA_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or
# networks, e.g. "127.0.0.1" for a local nginx, "10.0.0.0/8" for a load balancer's subnet.
# A list rather than a count of hops: a client that reaches the app without the proxy (an open
# port, a second route) then cannot forge its address, because its own address is not listed.
# Empty (the default): REMOTE_ADDR is the client, and forwarded headers are ignored.
APOIA_TRUSTED_PROXIES = env_list("APOIA_TRUSTED_PROXIES", [])
APOIA_TRUSTED_PROXY_NETWORKS = parse_networks(APOIA_TRUSTED_PROXIES)
if APOIA_TRUSTED_PROXY_NETWORKS:
    # Only then: without a proxy that overwrites it, any client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Content-Security-Policy (django-csp) ---------------------------------------------------
# Everything comes from this host and no page runs inline script or style: a name or a text
# that slips past escaping still cannot execute. Pages must use static files and CSS classes;
# data: images are the icons the gov.br DS and Font Awesome stylesheets embed. Swagger UI at
# /api/v1/docs needs nothing more: django-ninja starts it from a static file, not inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
