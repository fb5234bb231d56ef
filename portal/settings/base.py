"""Settings shared by every environment. Values come from environment variables with
embedded defaults, so a fresh checkout runs with nothing else installed (see README)."""

import datetime
from pathlib import Path

import dj_database_url

from .env import env_bool, env_float, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "handbook",
    "bulletin",
    "newsletter",
    "training",
    "polls",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.sites",
    "training.users_app.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v3",
    "ninja",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    # Outside the page cache: a cached page answers a conditional request as a fresh one.
    "portal.conditional_get.ConditionalGetMiddleware",
    "portal.page_cache.AnonymousPageCacheMiddleware",
    # Past the page cache (a hit needs none of it): the frame's generation, read once per
    # request.
    "portal.frame_generation.GenerationMiddleware",
    "portal.locales.LocaleMemoMiddleware",
    "portal.api.http.APIMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.api.http.APILocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.signin.TwoFactorMiddleware",
    "portal.visibility.VisibilityMiddleware",
    "portal.routing.CachedHomeRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "polls.middleware.PrivatePollStateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Plan for storage where random reads cost little (SSD, or data in memory), as
    # PostgreSQL's documentation advises; at its default of 4 a common search word is matched
    # by reading every index entry (85 ms at 10,000 pages) instead of the full-text index.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env_float('DATABASE_RANDOM_PAGE_COST', 1.1)}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite under concurrent use (the server and the task worker write at the same time),
    # as Django's database notes advise: in WAL mode readers never wait for the writer; a
    # transaction takes the write lock when it begins (IMMEDIATE), so a writer waits in line
    # for up to DATABASE_BUSY_TIMEOUT seconds instead of failing with "database is locked"
    # half-way through; synchronous=NORMAL is safe with WAL (a power cut can lose the last
    # commits, never corrupt the file) and spares an fsync per commit.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_float("DATABASE_BUSY_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        # Files, not local memory: the server and the task worker are separate processes,
        # and a page the worker publishes must leave the server's page cache at once.
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Bulgarian first. Interface strings come from locale/ (gettext), content
# from wagtail-localize.
LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", "Български"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# locale/wagtail/ holds Bulgarian for what Wagtail and wagtail-localize leave untranslated or
# mistranslated; as a project path it takes precedence over the packages' own catalogues.
# `make messages` leaves it alone (no code of ours is below it).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
TIME_ZONE = "Europe/Sofia"
# One date style for both languages, on the site and in emails ("23 ноември 2026",
# "23 November 2026").
FORMAT_MODULE_PATH = ["portal.formats"]
# Numbers are not grouped by default: ids, years, page numbers and values in addresses and
# attributes must stay plain. Counts shown to visitors are grouped explicitly, with
# `|intcomma` (django.contrib.humanize), in the language's style: "1 234" (a no-break space)
# and "1,234".
USE_THOUSAND_SEPARATOR = False
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# The portal itself serves the public part of the media folder (images; never documents,
# see portal/media.py) when there is no proxy to do it: in development.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: the console in development, SMTP in production; a provider through
# django-anymail by setting EMAIL_BACKEND (see README).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NRM Portal <bulletin@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Newsletter (see README "Newsletter"): the mailbox named in List-Unsubscribe (default
# unsubscribe@<host of PUBLIC_BASE_URL>), signup limits as (requests, seconds), how long a
# confirmation link works, and how mailings are sent and retried.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env_str("NEWSLETTER_UNSUBSCRIBE_MAILTO")
NEWSLETTER_RATE_LIMITS = {"client": (10, 3600), "address": (3, 86400)}
# Trainee password-reset mails, as (requests, seconds): per client and per email address.
PASSWORD_RESET_RATE_LIMITS = {"client": (10, 3600), "address": (3, 3600)}
NEWSLETTER_CONFIRM_MAX_AGE = 3 * 24 * 3600
NEWSLETTER_BATCH_SIZE = 100
NEWSLETTER_RETRY_BASE_SECONDS = 30
NEWSLETTER_RETRY_MAX_SECONDS = 3600
NEWSLETTER_MAX_ATTEMPTS = 8
NEWSLETTER_LEASE_SECONDS = 600

# Partner feeds: how long one fetch may take and how large a feed may be.
PARTNER_FEED_TIMEOUT = 10
PARTNER_FEED_MAX_BYTES = 2 * 1024 * 1024

# Rate limits and the one-vote guard know a client only by a rotating keyed hash of its
# address. Behind a proxy, name the request.META key it fills (e.g. HTTP_X_REAL_IP).
CLIENT_IP_META = env_str("CLIENT_IP_META", "REMOTE_ADDR")

# Background work: django-tasks with its database backend; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs the worker queues by itself (portal/background.py): name -> (task, seconds
# between runs; 0 turns the job off).
PERIODIC_TASKS = {
    "scheduled-publishing": (
        "portal.tasks.publish_scheduled_pages",
        env_int("SCHEDULED_PUBLISHING_SECONDS", 60),
    ),
    "partner-feeds": (
        "bulletin.tasks.fetch_partner_feeds_task",
        env_int("PARTNER_FEEDS_SECONDS", 3600),
    ),
}
# How often each worker looks for due periodic jobs.
PERIODIC_TASKS_TICK_SECONDS = env_float("PERIODIC_TASKS_TICK_SECONDS", 10)
# A task that fails for a transient reason (database locked, connection lost) is queued again
# after BASE, 2×BASE, 4×BASE… seconds (at most MAX), up to ATTEMPTS runs in all.
TASK_RETRY_ATTEMPTS = env_int("TASK_RETRY_ATTEMPTS", 5)
TASK_RETRY_BASE_SECONDS = env_float("TASK_RETRY_BASE_SECONDS", 5)
TASK_RETRY_MAX_SECONDS = env_float("TASK_RETRY_MAX_SECONDS", 600)

# PDF editions of the handbook and the guidance documents are rendered by the task worker
# when a page is published (handbook/editions.py).
PDF_EDITIONS_ON_PUBLISH = env_bool("PDF_EDITIONS_ON_PUBLISH", True)

# Search: Wagtail's database backend by default; Elasticsearch when ELASTICSEARCH_URL is set.
# Words are normalised by the search app before they reach either backend, so PostgreSQL
# uses the language-neutral "simple" configuration (SQLite ignores the option).
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
WAGTAILSEARCH_BACKENDS = {
    "default": (
        {
            "BACKEND": "search.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env_str("ELASTICSEARCH_INDEX_PREFIX", "nrm_"),
            "TIMEOUT": env_int("ELASTICSEARCH_TIMEOUT", 5),
        }
        if ELASTICSEARCH_URL
        else {"BACKEND": "search.database", "SEARCH_CONFIG": "simple"}
    )
}

WAGTAIL_SITE_NAME = "NRM Portal"
# The public base URL used in emails, feeds and calendars: never the request's Host header.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "ods", "csv", "txt", "pptx"]
# Documents are served with a fixed type for their extension; only PDFs open in the browser,
# everything else downloads (Content-Disposition: attachment).
WAGTAILDOCS_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
    "txt": "text/plain",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.documents.SizeLimitedDocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# No SVG: an SVG can carry scripts.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Security headers (see portal/security.py). HSTS is sent in production, over HTTPS only.
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with form
# posts, which Django's CSRF check rejects (every form would fail). Other sites still get
# no referrer at all.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Where the content API lives: its own CORS, cookie and caching rules apply there.
API_PATH_PREFIX = "/api/"
PORTAL_CROSS_ORIGIN_PATHS = [API_PATH_PREFIX]
# The admin asks no third-party service for avatars or for Wagtail's latest version.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Caching of anonymous page views (portal/page_cache.py) and the frontend cache (Varnish)
# that Wagtail purges on publish and unpublish.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The API has its own ETag and Cache-Control rules, and its CORS headers vary by origin.
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/documents/", "/healthz", API_PATH_PREFIX]
FRONTEND_CACHE_URL = env_str("FRONTEND_CACHE_URL")
FRONTEND_CACHE_SECONDS = env_int("FRONTEND_CACHE_SECONDS", 3600 if FRONTEND_CACHE_URL else 0)
if FRONTEND_CACHE_URL:
    # Purges run as background tasks (`manage.py db_worker`).
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

# The quick-exit control leaves for this neutral site.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.google.com/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every step of a PDF rendering at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

LOGIN_URL = "wagtailadmin_login"
# Private and password-protected pages ask in the portal's own frame (quick exit, language
# switch, landmarks), not on Wagtail's bare pages.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "portal/login.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "portal/password_required.html"

# The content API (/api/v3/, see README "Content API").
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_LIMIT_MAX = env_int("API_LIMIT_MAX", 50)
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# Cookies the API still reads: none that authenticate, only the signed list of polls a
# browser has voted in (so the API applies the same one-vote rule as the form).
API_PASS_THROUGH_COOKIES = ["nrm_polls"]
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1_048_576)
API_WRITE_RATE = env_str("API_WRITE_RATE", "20/60")
API_TOKEN_WRITE_RATE = env_str("API_TOKEN_WRITE_RATE", "600/60")
# API tokens older than this many days are refused (0: they never expire).
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 365)
# A localised, friendly page when a form's CSRF check fails (nothing is saved).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Polls: how many votes one address may cast in one poll per day (high enough for an
# office behind one address).
POLL_VOTES_PER_ADDRESS = env_int("POLL_VOTES_PER_ADDRESS", 50)

# Partner feeds are fetched from public addresses only; these networks (CIDR, comma
# separated) are fetched all the same, e.g. a partner on the same private network.
PARTNER_FEED_ALLOWED_NETWORKS = env_networks("PARTNER_FEED_ALLOWED_NETWORKS")

# Sign-in (README "Sign-in security"): failed sign-ins lock out an account and, separately,
# a client after AXES_FAILURE_LIMIT attempts, for AXES_COOLOFF_TIME.
AUTHENTICATION_BACKENDS = [
    "portal.signin.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "portal.signin.pseudonymous_client"
AXES_LOCKOUT_CALLABLE = "portal.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not recorded
AXES_VERBOSE = False
# Two-factor sign-in (django-otp, TOTP): on for editors who set up a device; mandatory for
# administrators (superusers) when this is on.
TWO_FACTOR_REQUIRED_FOR_ADMINS = env_bool("TWO_FACTOR_REQUIRED_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "NRM Portal"
