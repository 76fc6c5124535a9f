"""Settings for OCOP Fair: one module, every environment difference from an environment variable.

See README.md ("Configuration") for the table of variables and `.env.example` for a template.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

# Off unless asked for: a forgotten variable must never expose debug pages in production.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production). "
            "For local development set DJANGO_DEBUG=1."
        )
    # Development only: never used when DEBUG is off.
    SECRET_KEY = "django-insecure-development-only-ocop-fair"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

# Absolute base of the public site, for links that leave it (QR codes on printed signs).
SITE_URL = os.environ.get("OCOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security: HTTPS, cookies, headers --------------------------------------------------------

# `manage.py check --deploy` is clean with these defaults when DEBUG is off. TLS usually ends at
# nginx or a load balancer, which must set X-Forwarded-Proto (and strip it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand in front of the app, each appending to X-Forwarded-For: 0 when
# clients connect directly, 1 behind the README's nginx, 2 with a CDN or load balancer before it.
# The client address (ocop_fair/client_ip.py) is read that many hops from the right, so entries
# a client forges are ignored; a count higher than the real one would let them through.
TRUSTED_PROXY_COUNT = int(os.environ.get("OCOP_TRUSTED_PROXY_COUNT") or 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("OCOP_TRUSTED_PROXY_COUNT must be 0 or more.")
# Redirect plain HTTP to HTTPS (harmless behind a proxy that already does it).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers poll the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS: one year by default; start lower (e.g. 3600) on a first deployment, raise once it works.
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS") or (0 if DEBUG else 365 * 24 * 3600)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
# Cookies only over HTTPS in production; never readable from JavaScript.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): no inline script or style anywhere, so an injected
# <script> or style="…" does nothing. Images may also come from object storage (OCOP_MEDIA_ORIGIN).
MEDIA_ORIGIN = os.environ.get("OCOP_MEDIA_ORIGIN", "").rstrip("/")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Applications -----------------------------------------------------------------------------

DJANGO_APPS = [
    # django.contrib.admin, its site hardened against odd ids in URLs (ocop_fair/admin_site.py).
    "ocop_fair.apps.OcopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # pg_trgm (catalog/migrations/0002: trigram indexes for substring lookups); unused on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "django_filters",  # FilterSets for the public catalogue
    "import_export",  # organisers' CSV/XLSX import with preview, and export (ocop_fair/imports.py)
    "csp",  # Content-Security-Policy header (system checks for its settings)
    "ocop_fair.apps.AxesConfig",  # django-axes: locks out repeated failed logins (portal, admin)
    "simple_history",  # who changed what and when, on products, photos and profiles
]
LOCAL_APPS = [
    "ocop_fair.apps.OcopFairConfig",  # project wiring: page-cache signals (ocop_fair/cache.py)
    "cooperatives",
    "catalog",
    "trade",
    "portal",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Serves /static/ from the app server itself, with far-future caching of hashed names.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL byte anywhere in the request is a 400 before any view or query (ocop_fair/guards.py).
    "ocop_fair.guards.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # "Cache-Control: private, no-store" on personal pages; outside the page cache below.
    "ocop_fair.guards.PrivatePagesMiddleware",
    # Whole rendered pages for anonymous visitors, keyed on the catalogue version (ocop_fair/cache.py);
    # after LocaleMiddleware (the language is part of the key).
    "ocop_fair.cache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the logged-in user as the author of every history entry.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop_fair.urls"
WSGI_APPLICATION = "ocop_fair.wsgi.application"
ASGI_APPLICATION = "ocop_fair.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The visitor's shortlist count in the header, read only when a session exists.
                "trade.shortlist.shortlist_context",
                # The current fair's floor plan and exhibitors in the header, read lazily.
                "cooperatives.context_processors.current_fair_context",
                # "Apply for a booth" on the fair pages while a fair's call is open, read lazily.
                "trade.context_processors.open_calls_context",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

# SQLite file in the project folder by default (zero set-up); postgres://… selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A persistent connection is tested before reuse, so a restarted PostgreSQL is survived.
        conn_health_checks=True,
    )
}

# --- Cache ------------------------------------------------------------------------------------

# Redis when REDIS_URL is set (shared by every process and server); local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ocop",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Seconds a rendered anonymous page is kept (0 = off). Every catalogue edit changes the key at
# once, so this only bounds memory. Off by default without Redis: per-process local memory would
# let one gunicorn worker serve a page another worker's edit has already made stale.
PAGE_CACHE_SECONDS = int(os.environ.get("OCOP_PAGE_CACHE_SECONDS") or (600 if REDIS_URL else 0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "catalog:home"
# django-axes: 5 wrong passwords for one username from one address lock it for 15 minutes;
# a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same client address as everywhere else (OCOP_TRUSTED_PROXY_COUNT), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "ocop_fair.client_ip.client_ip"

# --- E-mail -----------------------------------------------------------------------------------

# Password-reset and "set your password" links. Console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OCOP Fair <no-reply@localhost>")
# A "set your password" link from an organiser stays valid for 3 days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# locale/ is ours (makemessages); locale_vendor/ adds Vietnamese for third-party apps that ship
# none (django-import-export), kept apart so `makemessages --no-obsolete` leaves it alone.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# Vietnamese date input: dd/mm/yyyy, never Django's fallback mm/dd/yyyy (ocop_fair/formats/vi).
FORMAT_MODULE_PATH = ["ocop_fair.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files and media -------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves MEDIA_URL itself (with safe headers, ocop_fair/views.py) only in development and
# under `make serve`; a real deployment lets nginx or object storage do it (README, "Deploying").
SERVE_MEDIA = env_bool("OCOP_SERVE_MEDIA", DEBUG)
# Files in one request: the photo form takes 10 and says so; beyond 20 Django answers 400
# without reading more (each file is decoded one at a time anyway: catalog/images.py).
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Media goes through the "default" storage only, so object storage is a change here, not in code.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# S3-compatible object storage for media (django-storages, `pip install .[s3]`) when a bucket is
# named; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public photos: plain URLs that caches can share, never overwritten in place.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }

# WhiteNoise: in development serve straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Spreadsheet import and export (django-import-export) -------------------------------------

# Import needs the model's "change" permission (the admin mixin adds "add"), export its "view":
# the Organisers group (cooperatives/migrations/0002) holds both, cooperative owners neither.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Every import runs in one transaction: one failing row rolls back the whole file.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Spreadsheets run a cell that starts with "=" as a formula; exported text never does.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Trade connection: buyers' enquiries (cooperatives/enquiry_forms.py) ---------------------

# A person needs at least this long to fill in the enquiry form; bots post at once.
ENQUIRY_MIN_FILL_SECONDS = int(os.environ.get("ENQUIRY_MIN_FILL_SECONDS", "3"))
# Enquiry limits per window, counted in the shared cache (cooperatives/enquiry_limits.py; the
# figures are explained in the README): per sender (phone, e-mail or session), per sender and
# cooperative, and a ceiling per client address high enough for a venue Wi-Fi or carrier NAT.
ENQUIRY_RATE_LIMIT = int(os.environ.get("ENQUIRY_RATE_LIMIT", "8"))
ENQUIRY_RATE_LIMIT_PER_COOPERATIVE = int(os.environ.get("ENQUIRY_RATE_LIMIT_PER_COOPERATIVE", "3"))
ENQUIRY_RATE_LIMIT_PER_ADDRESS = int(os.environ.get("ENQUIRY_RATE_LIMIT_PER_ADDRESS", "300"))
ENQUIRY_RATE_WINDOW_SECONDS = int(os.environ.get("ENQUIRY_RATE_WINDOW_SECONDS", "600"))
# The organisers' shared mailbox: it receives every enquiry (with the "Organisers" group's users),
# so an enquiry to a cooperative with no one to notify still reaches someone; buyers are shown it.
OCOP_ORGANISERS_EMAIL = os.environ.get("OCOP_ORGANISERS_EMAIL", "")
# The organisers' phone, shown to buyers on the enquiry confirmation; empty shows none.
OCOP_ORGANISERS_PHONE = os.environ.get("OCOP_ORGANISERS_PHONE", "")
# Enquiry e-mails are sent in the buyer's request, after the commit: a mail server that does not
# answer must not hold it for long (the send_enquiry_notifications command retries later).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # One line per event, tracebacks included, so log collectors never split an event.
        "line": {
            "()": "ocop_fair.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(client)s %(message)s",
        },
    },
    # The visitor's address as derived from the trusted proxies (ocop_fair/client_ip.py).
    "filters": {"client": {"()": "ocop_fair.logs.ClientAddressFilter"}},
    "handlers": {
        # stderr, never stdout: `manage.py dumpdata > backup.json` must write only the data.
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "line",
            "filters": ["client"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
