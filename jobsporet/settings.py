"""Settings for Jobsporet, read from the environment.

A fresh clone runs with no environment at all: SQLite in the project folder, Celery tasks run
in-process, DEBUG on. Production sets DEBUG=0 and then must give SECRET_KEY and the CPR keys;
a missing one stops the start with a clear error rather than falling back to a known value.
"""

import base64
import datetime
import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=True)


def _required_in_production(name: str, development_default: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(
        f"{name} must be set when DEBUG is off (see README.md, 'Production')."
    )


SECRET_KEY = _required_in_production(
    "SECRET_KEY", "django-insecure-development-only-never-use-this-key-in-production"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _development_fernet_key(purpose: str) -> str:
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# CPR numbers are encrypted at rest with Fernet. The first key encrypts; all of them decrypt,
# so a key can be rotated by putting the new one first (then run `manage.py rotate_cpr_keys`).
CPR_ENCRYPTION_KEYS = _required_in_production(
    "CPR_ENCRYPTION_KEYS", _development_fernet_key("cpr")
).split(",")
# A separate secret for the keyed hash used for exact look-up and uniqueness of a CPR number.
CPR_HASH_KEY = _required_in_production("CPR_HASH_KEY", _development_fernet_key("cpr-hash"))

# Look-ups by CPR number (the participant search, an enrolment refused for a wrong name) each
# user may make per clock hour; beyond it they are refused and audited (core/throttle.py).
CPR_SEARCHES_PER_HOUR = env.int("CPR_SEARCHES_PER_HOUR", default=20)

INSTALLED_APPS = [
    # Django's admin on a site that allows only declared filters (core/admin_site.py).
    "jobsporet.core.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "simple_history",
    # Logging in: TOTP and recovery codes, lockout, single sign-on (accounts/ and README).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mozilla_django_oidc",
    # Cross-cutting core: accounts and roles, programmes and funding, audit and imports.
    "jobsporet.accounts",
    "jobsporet.programmes",
    "jobsporet.core",
    "jobsporet.outbox",
    # Background jobs with progress (reports); each app declares its kinds in jobkinds.py.
    "jobsporet.jobs",
    # The import page: a file checked and imported (in the background when large).
    "jobsporet.importing",
    # The domain, in dependency order.
    "participants",
    "companies",
    "placements",
    "reporting",
    # Accountability: access reports, data-subject exports, retention (reads all of the above).
    "privacy",
    # Reminders outside the app: the daily e-mail digest and the private calendar feed.
    "reminders",
    "demo",
]

MIDDLEWARE = [
    # The health checks, answered whatever Host the container is asked by (core/middleware.py).
    "jobsporet.core.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jobsporet.core.audit.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Two-factor: which device verified this session; unverified local logins go to the code.
    "django_otp.middleware.OTPMiddleware",
    # Who changes roles and memberships (the separation of duties, accounts/duties.py).
    "jobsporet.accounts.duties.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 30 minutes idle, 10 hours at most (says why on the login page, hence after messages).
    "jobsporet.accounts.sessions.SessionLimitsMiddleware",
    "jobsporet.accounts.twofactor.TwoFactorMiddleware",
    # Personal data is on nearly every page: nothing the app renders is kept in a cache.
    "jobsporet.core.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jobsporet.programmes.middleware.CurrentProgrammeMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its Danish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobsporet.urls"
WSGI_APPLICATION = "jobsporet.wsgi.application"

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
                "jobsporet.programmes.context_processors.programmes",
                "jobsporet.accounts.sessions.session_timing",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# On PostgreSQL, a page of several slow independent aggregates (the programme dashboard) reads
# one of them on a second connection meanwhile (jobsporet/core/side_by_side.py).
READS_SIDE_BY_SIDE = env.bool("READS_SIDE_BY_SIDE", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # Waiting briefly on a locked SQLite file beats failing a request during a demo.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
# Reports may read from a PostgreSQL read replica (jobsporet/core/replica.py); the tests treat it
# as a mirror of the primary, so they see the same rows through a second connection.
if DATABASE_REPLICA_URL := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["jobsporet.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:home"
LOGOUT_REDIRECT_URL = "login"

# --- Logging in (README "Security and data protection") --------------------------------------
# django-axes first: after AXES_FAILURE_LIMIT failed attempts for one username from one address
# that pair is refused for AXES_COOLOFF_TIME, on the app's login and the admin's alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading roles and permissions in one query (accounts/backends.py)
    "jobsporet.accounts.backends.RolesAndPermissionsBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client's address as the audit trail sees it (behind TRUSTED_PROXY_COUNT proxies).
AXES_CLIENT_IP_CALLABLE = "jobsporet.core.audit.client_ip"

# Local accounts log in with a password and a code from an authenticator app (TOTP), or one of
# their recovery codes. Required in production; the demo (DEBUG on) may leave it optional.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Jobsporet")
RECOVERY_CODES = 10

# Sessions: ended after SESSION_IDLE_TIMEOUT without a request and SESSION_MAX_AGE after the
# login at most, whatever happens; a warning shows SESSION_WARNING_BEFORE seconds before.
# A session also ends with the browser.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_MAX_AGE = env.int("SESSION_MAX_AGE", default=10 * 60 * 60)
SESSION_WARNING_BEFORE = env.int("SESSION_WARNING_BEFORE", default=2 * 60)
SESSION_COOKIE_AGE = SESSION_MAX_AGE
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Single sign-on with the municipality's identity provider (Entra ID, AD FS: OpenID Connect),
# on when OIDC_RP_CLIENT_ID is set. The provider's groups give the roles and programmes:
# OIDC_ROLE_GROUPS="job broker=Jobsporet-Jobformidlere,manager=Jobsporet-Ledere" and
# OIDC_PROGRAMME_GROUPS="jobsporet=Jobsporet-Team" (a provider group may be listed for several).
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_ROLE_GROUPS = env.str("OIDC_ROLE_GROUPS", default="")
OIDC_PROGRAMME_GROUPS = env.str("OIDC_PROGRAMME_GROUPS", default="")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("jobsporet.accounts.sso.MunicipalityBackend")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
# A filter left empty means "all", and the select says so instead of django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
LOCALE_PATHS = [BASE_DIR / "jobsporet" / "locale"]
# English mode writes dates the Danish way (jobsporet/formats/en), not the US way.
FORMAT_MODULE_PATH = ["jobsporet.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The admin reads history; it never reverts a row to an old version behind the services' back
# (a revert would reopen an exited case with no audit row). See accounts/readonly_admin.py.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Django's renderer, with a select's options written in Python (jobsporet/core/renderers.py).
FORM_RENDERER = "jobsporet.core.renderers.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="jobsporet@localhost")
# Where the app is reached from outside it: the links in the reminder e-mails and the calendar
# feed's address are absolute (https://jobsporet.kommune.dk in production).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Fetches of one user's calendar feed an hour (reminders/views.py); beyond it: 429 until the next
# hour. Calendar clients ask every few hours, a few devices each.
CALENDAR_FEED_FETCHES_PER_HOUR = env.int("CALENDAR_FEED_FETCHES_PER_HOUR", default=60)

# Celery: with no broker configured, tasks run in-process, so a fresh clone needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE: dict = {
    # Access entries (reads, searches, CPR shown, exports) past their retention are deleted.
    "purge-access-entries": {
        "task": "privacy.tasks.purge_access_entries",
        "schedule": 24 * 60 * 60,
    },
}
# An uploaded file waiting for its import to be confirmed is kept encrypted this long, then the
# beat task deletes it (jobsporet/core/imports/uploads.py); expired sessions go every night.
IMPORT_UPLOAD_MINUTES = env.int("IMPORT_UPLOAD_MINUTES", default=60)
# The import page's limits: a file of more than IMPORT_BACKGROUND_ROWS rows is checked and
# imported by a background job with progress (jobsporet/importing/background.py); a file of
# more than IMPORT_MAX_ROWS rows is refused (the command import_csv has no limit).
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=5000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
CELERY_BEAT_SCHEDULE["purge-expired-uploads"] = {
    "task": "jobsporet.core.tasks.purge_expired_uploads",
    "schedule": 15 * 60,
}
CELERY_BEAT_SCHEDULE["clear-sessions"] = {
    "task": "jobsporet.core.tasks.clear_sessions",
    "schedule": crontab(hour=3, minute=15),
}
# Each job broker's and case worker's digest of what falls due, before the working day starts
# (reminders/digests.py; one mail a user a day however often it runs).
CELERY_BEAT_SCHEDULE["send-reminder-digests"] = {
    "task": "reminders.tasks.send_digests",
    "schedule": crontab(hour=6, minute=30),
}
# With no broker there is no beat: the same jobs run in-process, each at most once per its
# interval, after a request has been answered (jobsporet/core/periodic.py). Off in the tests.
PERIODIC_TASKS_IN_PROCESS = env.bool("PERIODIC_TASKS_IN_PROCESS", default=CELERY_TASK_ALWAYS_EAGER)

# Data protection (docs/roles.md, README "Security and data protection").
# How long reads of citizens' data (the access log) are kept; changes are kept with the case.
AUDIT_ACCESS_RETENTION_MONTHS = env.int("AUDIT_ACCESS_RETENTION_MONTHS", default=6)
# Participants who left more than this many years ago are offered for anonymisation.
ANONYMISE_AFTER_YEARS = env.int("ANONYMISE_AFTER_YEARS", default=5)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR); the
# client address recorded in the audit trail is that many entries from the right.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# A task the broker refused after its transaction committed waits in the outbox (jobsporet/outbox)
# and is queued again every minute. Publishing gives up quickly, so a request that saved data is
# never held up long by a broker that is down.
CELERY_BEAT_SCHEDULE["retry-outbox"] = {
    "task": "jobsporet.outbox.tasks.retry_outbox",
    "schedule": 60,
}
OUTBOX_RETRY_BATCH = env.int("OUTBOX_RETRY_BATCH", default=500)
# Reports made in the background (jobsporet/jobs): a file is kept this many hours for the user
# who asked, then deleted by the hourly purge. A job "being made" for longer than
# JOB_STALE_MINUTES (its worker died) is taken again when its task is delivered again.
JOB_FILE_HOURS = env.int("JOB_FILE_HOURS", default=24)
JOB_STALE_MINUTES = env.int("JOB_STALE_MINUTES", default=30)
# Each night the outcome figures of every running programme (and the end date's of ended ones
# without a trusted snapshot) are stored as KPI snapshots (reporting/snapshots.py).
CELERY_BEAT_SCHEDULE["store-kpi-snapshots"] = {
    "task": "reporting.tasks.store_kpi_snapshots",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["purge-expired-jobs"] = {
    "task": "jobsporet.jobs.tasks.purge_expired_jobs",
    "schedule": 60 * 60,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

if not DEBUG:
    # HTTPS only, by default. The reverse proxy that terminates TLS tells the app a request
    # came over HTTPS with X-Forwarded-Proto (it must set it, and drop one sent by a client).
    # A proxy that cannot: set SECURE_SSL_REDIRECT=0 and let the proxy redirect http to https
    # itself, or every request would be redirected again and again. README "Security".
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# The container's own health checks call plain http on the loopback: never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline scripts anywhere: scripts only from this server. Inline style attributes are allowed
# (progress bars, chart sizes); data: images are Bootstrap's own SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One JSON line per record on stderr, CPR numbers masked (jobsporet/core/oplog.py); operational
# events (imports, exits, hires, refused logins, failed tasks) carry their fields.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "jobsporet.core.oplog.MaskedJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
