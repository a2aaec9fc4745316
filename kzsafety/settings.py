"""Settings for kzsafety, read from the environment (django-environ).

Every value has a safe default for a developer's laptop except the ones production must
choose itself: with DEBUG off the app refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


class StrictEnv(environ.Env):
    """django-environ reads any unknown word as False; a typo in production must not
    silently switch a setting off, so booleans accept only the usual spellings."""

    BOOLEAN_FALSE_STRINGS = ("false", "off", "no", "n", "0")

    def bool(self, var, default=environ.Env.NOTSET):
        value = self.str(var, default="" if default is environ.Env.NOTSET else str(default))
        if value == "" and default is not environ.Env.NOTSET:
            return default
        lowered = value.strip().lower()
        if lowered in self.BOOLEAN_TRUE_STRINGS:
            return True
        if lowered in self.BOOLEAN_FALSE_STRINGS:
            return False
        raise ImproperlyConfigured(f"{var}={value!r} is not a boolean; use 1/0 or true/false.")


env = StrictEnv()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (use DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "kzsafety.admin_site.KzAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "kzsafety.accounts",
    "kzsafety.directories",
    "kzsafety.idempotency",
    "kzsafety.jobs",
    "inspections",
    "councils",
    "kzsafety.statistics",
    "kzsafety.imports",
    "kzsafety.reminders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kzsafety.api",
]

MIDDLEWARE = [
    # First: the load balancer's probe over plain HTTP by IP, see kzsafety/health.py.
    "kzsafety.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kzsafety.querystrings.refuse_nul_bytes",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kzsafety.replica.ReplicaPinMiddleware",
    "kzsafety.access.ScopeMemoMiddleware",
    "kzsafety.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kzsafety.urls"
WSGI_APPLICATION = "kzsafety.wsgi.application"

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
                "kzsafety.accounts.context_processors.navigation",
            ],
            "libraries": {"error_summary": "kzsafety.error_summary"},
            # {% url %} with a quoted name and no arguments answers from memory.
            "builtins": ["kzsafety.fast_urls"],
        },
    },
]

# Django's form rendering, with <select> written in Python (kzsafety/form_renderer.py).
FORM_RENDERER = "kzsafety.form_renderer.FastSelectRenderer"

# --- Database -------------------------------------------------------------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'kzsafety.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"].get("ENGINE", "").endswith("sqlite3"):
    # SQLite (the zero-install default): a transaction takes the write lock when it begins,
    # so two requests writing at once wait for each other (up to 20 s) instead of one
    # failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # The tests' database is a file, not Django's shared in-memory one: with that, the live
    # server of the browser tests runs every request thread on one shared connection, so
    # two requests at once mix their transactions (a repeat of a create with its key saw the
    # first one's half-made key). With a file each thread has its own connection, as here.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
# Persistent connections: a request reuses its worker's connection for CONN_MAX_AGE seconds
# (opening one costs more than most pages' queries), checked before reuse so a connection
# the server dropped is replaced instead of failing the request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL plans a query again every time it is sent with its values written in (Django's
# default, client-side binding). With the values sent apart (server-side binding), psycopg
# prepares a query the fifth time a connection sends it, and PostgreSQL keeps its plan for
# the connection: a list page's rows query took 5 ms, prepared 1–1.6 ms (docs/performance.md,
# "Lists, third round"). Off (DATABASE_PREPARED_STATEMENTS=0) behind PgBouncer in
# transaction mode, which cannot keep a connection's prepared statements.
PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
if DATABASES["default"].get("ENGINE", "").endswith("postgresql") and PREPARED_STATEMENTS:
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An optional streaming replica for the statistics page, exports and list counts
# (kzsafety/replica.py, docs/operations.md); writes and reads after a write use the primary.
DATABASE_REPLICA = None
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASE_REPLICA = "replica"
    DATABASES[DATABASE_REPLICA] = env.db("DATABASE_REPLICA_URL")
    if not DATABASES[DATABASE_REPLICA].get("ENGINE", "").endswith("postgresql"):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a postgres:// URL (a streaming replica of the primary)."
        )
    DATABASES[DATABASE_REPLICA]["ATOMIC_REQUESTS"] = False
    DATABASES[DATABASE_REPLICA]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES[DATABASE_REPLICA]["CONN_HEALTH_CHECKS"] = True
    if PREPARED_STATEMENTS:
        DATABASES[DATABASE_REPLICA].setdefault("OPTIONS", {})["server_side_binding"] = True
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=30)
if DATABASE_REPLICA_PIN_SECONDS < 0:
    raise ImproperlyConfigured("DATABASE_REPLICA_PIN_SECONDS cannot be negative.")
DATABASE_ROUTERS = ["kzsafety.replica.ReplicaRouter"]

# --- Cache and background tasks ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kzsafety",
            # A Redis that is down must not hold a request for long (see the broker below).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Without a broker, tasks run in-process so a laptop needs nothing else installed.
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# Rendered fragments that are the same for many requests (the menu, the offline app's
# settings, an unfiltered list's filter form), kept in each process's memory by Django's
# {% cache %} tag (templates/includes/, field/_app.html): see docs/performance.md.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kzsafety-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queuing happens in requests that have saved data: with the broker down, give up within a
# second or two (the task waits in the database, see kzsafety/jobs/queue.py) rather than
# holding the request for Celery's default retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A task not acknowledged (its worker died) is delivered again after visibility_timeout; it
# must be longer than the longest task (imports: an hour), or a running task is doubled.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "visibility_timeout": 2 * 3600,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": CELERY_TASK_PUBLISH_RETRY_POLICY}
# Background jobs (kzsafety/jobs): a running job stamps a heartbeat every
# JOBS_HEARTBEAT_SECONDS; without one for JOBS_STALE_SECONDS its worker is taken for lost
# and the job restarted, up to JOBS_MAX_ATTEMPTS times, then shown as failed with a retry.
# A job no worker took within JOBS_QUEUE_DEADLINE_SECONDS of queuing is failed likewise.
JOBS_HEARTBEAT_SECONDS = env.int("JOBS_HEARTBEAT_SECONDS", default=15)
JOBS_STALE_SECONDS = env.int("JOBS_STALE_SECONDS", default=120)
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=2)
JOBS_QUEUE_DEADLINE_SECONDS = env.int("JOBS_QUEUE_DEADLINE_SECONDS", default=3600)
JOBS_SWEEP_SECONDS = env.int("JOBS_SWEEP_SECONDS", default=60)
# A task the broker refused is sent again (by the sweep or the job's status page) once it
# has been left alone this long.
JOBS_RESEND_SECONDS = env.int("JOBS_RESEND_SECONDS", default=10)
if not 0 < 2 * JOBS_HEARTBEAT_SECONDS < JOBS_STALE_SECONDS or JOBS_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured(
        "JOBS_STALE_SECONDS must exceed twice JOBS_HEARTBEAT_SECONDS (> 0), and "
        "JOBS_MAX_ATTEMPTS be at least 1."
    )
# A one-time key answers a repeated create with the first record for this many days, then
# is forgotten (daily, at night): long enough for any retry, a device offline for weeks too.
ONCE_KEY_DAYS = env.int("ONCE_KEY_DAYS", default=30)
if ONCE_KEY_DAYS < 1:
    raise ImproperlyConfigured("ONCE_KEY_DAYS must be at least 1.")
# Reminders (kzsafety/reminders, docs/notifications.md): a reminder whose due date passed
# more than REMINDERS_LOOKBACK_DAYS ago is not sent (the weekly escalation covers it), so a
# first run over years of history does not flood anyone. REMINDERS_EVERY_SECONDS > 0 runs
# the three reminder schedules every that many seconds instead (end-to-end tests, trials).
REMINDERS_LOOKBACK_DAYS = env.int("REMINDERS_LOOKBACK_DAYS", default=30)
REMINDERS_EVERY_SECONDS = env.int("REMINDERS_EVERY_SECONDS", default=0)
if REMINDERS_LOOKBACK_DAYS < 1 or REMINDERS_EVERY_SECONDS < 0:
    raise ImproperlyConfigured(
        "REMINDERS_LOOKBACK_DAYS must be at least 1 and REMINDERS_EVERY_SECONDS at least 0."
    )
CELERY_BEAT_SCHEDULE = {
    "sweep-background-jobs": {"task": "kzsafety.jobs.sweep", "schedule": JOBS_SWEEP_SECONDS},
    "forget-old-one-time-keys": {
        "task": "kzsafety.idempotency.forget_old_keys",
        "schedule": crontab(hour=3, minute=30),
    },
    # The weekly digest (kzsafety/accounts/digest.py), Monday morning in Almaty.
    "send-weekly-digests": {
        "task": "kzsafety.accounts.send_weekly_digests",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
    },
    # Times are Asia/Almaty (CELERY_TIMEZONE), before the working day starts.
    "reminders-daily": {
        "task": "kzsafety.reminders.daily",
        "schedule": REMINDERS_EVERY_SECONDS or crontab(hour=6, minute=0),
    },
    "reminders-weekly-escalation": {
        "task": "kzsafety.reminders.weekly",
        "schedule": REMINDERS_EVERY_SECONDS or crontab(hour=6, minute=30, day_of_week="mon"),
    },
    "reminders-monthly-training": {
        "task": "kzsafety.reminders.monthly",
        "schedule": REMINDERS_EVERY_SECONDS or crontab(hour=7, minute=0, day_of_month=1),
    },
}
CELERY_TIMEZONE = "Asia/Almaty"

# --- E-mail -----------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kzsafety <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address users reach the app at, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "kzsafety.accounts.backends.RolePermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kzsafety.accounts.validators.UsernameInPasswordValidator"},
]
# Login throttling (django-axes with our rules, kzsafety/accounts/lockout.py): a username
# waits 1 minute after its 5th failure, doubling with each further failure up to a day; an
# address is locked for 15 minutes after 30 failures over any usernames.
AXES_HANDLER = "kzsafety.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOCKOUT_ADDRESS_FAILURE_LIMIT = env.int("LOCKOUT_ADDRESS_FAILURE_LIMIT", default=30)
LOCKOUT_FIRST_COOLOFF = timedelta(minutes=1)
LOCKOUT_LONGEST_COOLOFF = timedelta(days=1)
LOCKOUT_ADDRESS_COOLOFF = timedelta(minutes=15)
AXES_COOLOFF_TIME = "kzsafety.accounts.lockout.cool_off"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "kzsafety.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "kzsafety.accounts.lockout.lockout_response"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Whom a locked-out or forgetful user should contact (an e-mail address or a phone number),
# shown on the lock-out page; left out when empty.
SUPPORT_CONTACT = env.str("SUPPORT_CONTACT", default="")

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True
# Dates, times and numbers per language (kzsafety/formats): Django has no Kazakh formats.
FORMAT_MODULE_PATH = ["kzsafety.formats"]

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
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

# Panels that apps contribute to project pages (see kzsafety/panels.py), in page order.
HOME_PANELS = [
    "inspections.panels.home_accidents",
    "inspections.panels.home_violations",
    "councils.panels.home_council_work",
    "councils.panels.home_long_overdue",
]
# The options of the reference lists in filter forms (regions, sectors, causes, …) are read
# at most this often per process; a save in the process forgets them at once
# (kzsafety/reference_choices.py). 0 reads them on every page.
REFERENCE_CHOICES_SECONDS = env.int("REFERENCE_CHOICES_SECONDS", default=60)
# Numbers shared by a whole scope (the statistics page, the staff's home panels) are cached
# until a write in the scope commits (kzsafety/scope_cache.py); this many seconds at most,
# 0 turns the cache off. The watched models, with the paths from a record to the objects
# that carry its region_id and sector_id (none: a write there recomputes every scope).
SCOPE_CACHE_SECONDS = env.int("SCOPE_CACHE_SECONDS", default=6 * 3600)
SCOPE_CACHE_WATCH = {
    "directories.Enterprise": [],
    "directories.TechnicalInspector": ["", "enterprise"],
    "directories.TrainingRecord": ["inspector", "inspector__enterprise"],
    "inspections.Accident": ["enterprise"],
    "inspections.Victim": ["accident__enterprise"],
    "inspections.Inspection": ["enterprise"],
    "inspections.Violation": ["inspection__enterprise"],
    "inspections.Proposal": ["inspection__enterprise"],
    "inspections.WorkStoppage": ["inspection__enterprise"],
    "councils.Council": ["", "enterprise"],
    "councils.CouncilMember": ["council", "council__enterprise"],
    "councils.Meeting": ["council", "council__enterprise"],
    "councils.Decision": ["meeting__council", "meeting__council__enterprise"],
    "statistics.Figure": [],
}
# Sections of the weekly digest (see kzsafety/accounts/digest.py), in e-mail order.
DIGEST_SECTIONS = [
    "inspections.digest.accident_section",
    "inspections.digest.violation_section",
    "councils.digest.decision_section",
]
ENTERPRISE_PANELS = [
    "inspections.panels.enterprise_accidents",
    "inspections.panels.enterprise_public_control",
    "councils.panels.enterprise_council",
]

# Import kinds (see kzsafety/imports/kinds.py): kind -> dotted path of its class, contributed
# by each app like the panels above.
IMPORT_KINDS = {
    "enterprises": "kzsafety.directories.imports.EnterprisesKind",
    "inspectors": "kzsafety.directories.imports.InspectorsKind",
    "accidents": "inspections.imports.accidents.AccidentsKind",
    "inspections": "inspections.imports.inspections.InspectionsKind",
    "violations": "inspections.imports.violations.ViolationsKind",
    "councils": "councils.imports.CouncilsKind",
    "figures": "kzsafety.statistics.imports.FiguresKind",
}

# --- The REST API (kzsafety/api, docs/api.md) ------------------------------------------------
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=200)
# Tokens live at most this many days; a new one defaults to API_TOKEN_DEFAULT_DAYS.
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
if not 1 <= API_PAGE_SIZE <= API_MAX_PAGE_SIZE or not (
    1 <= API_TOKEN_DEFAULT_DAYS <= API_TOKEN_MAX_DAYS
):
    raise ImproperlyConfigured(
        "Need 1 <= API_PAGE_SIZE <= API_MAX_PAGE_SIZE and "
        "1 <= API_TOKEN_DEFAULT_DAYS <= API_TOKEN_MAX_DAYS."
    )
# Requests per token, per user (all their tokens and sessions) and per address without
# log-in, as DRF rates ("120/min", "5000/hour", "s", "m", "h", "d").
API_THROTTLE_RATES = {
    "token": env.str("API_RATE_PER_TOKEN", default="120/min"),
    "user": env.str("API_RATE_PER_USER", default="240/min"),
    "anon": env.str("API_RATE_ANONYMOUS", default="30/min"),
}
REST_FRAMEWORK = {
    # The token first: its WWW-Authenticate header makes a missing log-in a 401, not a 403.
    # The session serves the web app's own calls; DRF enforces CSRF on it for writes.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kzsafety.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "kzsafety.api.pagination.PagePagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "kzsafety.api.throttling.TokenRateThrottle",
        "kzsafety.api.throttling.UserRateThrottle",
        "kzsafety.api.throttling.AnonRateThrottle",
    ],
    "EXCEPTION_HANDLER": "kzsafety.api.errors.json_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "kzsafety.api.autoschema.DescribedAutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kzsafety API",
    "DESCRIPTION": (
        "Labour-safety public control of the Federation of Trade Unions of Kazakhstan: "
        "accidents, inspections, violations, councils and the annual report. "
        "Every request acts as one user and sees that user's scope. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kzsafety.api.schema.describe_fields_by_their_titles",
        "kzsafety.api.schema.document_errors",
    ],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # the offline app's service worker (/sw.js) and manifest, from our origin only
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
# Proxies in front of the app that append the client's address to X-Forwarded-For; the
# log-in lock-out reads the client address from there (kzsafety/accounts/lockout.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)
# The API's per-address limit reads the client address the same way.
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
