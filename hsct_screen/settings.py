"""Project settings: everything that differs between machines comes from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hsct_screen.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
# The value .env.example ships with: copying the example file without editing it must not start a real site.
SECRET_KEY_PLACEHOLDER = "replace-me-with-a-long-random-string"  # noqa: S105
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only ever used on a developer's machine: DEBUG is on and nothing real is stored.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and (SECRET_KEY == SECRET_KEY_PLACEHOLDER or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH):
    raise ImproperlyConfigured(
        f"SECRET_KEY is the example placeholder or shorter than {SECRET_KEY_MIN_LENGTH} characters; make a new one "
        'with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "hsct_screen.web.third_party_apps.AxesConfig",
    "csp",
    "django_otp",
    "hsct_screen.web.third_party_apps.OTPTOTPConfig",
    "hsct_screen.web.third_party_apps.OTPStaticConfig",
    "django_ratelimit",
    "hsct_screen.web",
    "hsct_screen.criteria",
    "hsct_screen.questionnaire",
    "hsct_screen.learn",
    "hsct_screen.staff",
]

MIDDLEWARE = [
    # Outermost, so that every response carries its headers (static files and health checks included). It also
    # answers the health probe, before the host check and HTTPS redirect: a load balancer probes by address, over
    # plain HTTP.
    "hsct_screen.web.middleware.PrivacyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML pages are compressed (static files come compressed from WhiteNoise, which answers before this runs).
    "hsct_screen.web.middleware.PageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, and Vary: Cookie as the language cookie chooses the text too.
    "hsct_screen.web.middleware.LanguageMiddleware",
    # Django's, a Host header once found valid not checked again.
    "hsct_screen.web.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware and django-otp's OTPMiddleware in one layer: request.user, marked verified
    # once the person gave a one-time code; StaffTwoFactorMiddleware asks for one in /staff/ and /admin/.
    "hsct_screen.web.middleware.AuthenticationMiddleware",
    # Rate limits before the view, database faults as 503 after it.
    "hsct_screen.web.middleware.ViewGuardsMiddleware",
    "hsct_screen.staff.middleware.StaffTwoFactorMiddleware",
    # Django's, with the message storage built only when a request reads or adds messages (hsct_screen.web.messages).
    "hsct_screen.web.messages.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp, with the one site-wide policy built once per process (hsct_screen.web.csp).
    "hsct_screen.web.csp.SitePolicyCSPMiddleware",
    # simple-history's, for requests with a session cookie (the only ones that can have a user to record).
    "hsct_screen.web.history.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hsct_screen.urls"
WSGI_APPLICATION = "hsct_screen.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        # A kept connection is checked before reuse, so a database restart costs no request a 503.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite allows one writer at a time: take the write lock when a transaction starts and wait for it, so
    # simultaneous submits queue up instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
# A database that is down or hung must cost a request seconds, not a worker: the page then says 503.
# DB_STATEMENT_TIMEOUT=0 lifts the query limit (compose does so for migrations and the purge job).
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DB_CONNECT_TIMEOUT,
            "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:queue"
LOGOUT_REDIRECT_URL = "staff:login"

# Staff and criteria editors confirm each login with a code from an authenticator app (TOTP) or a
# single-use recovery code. Required whenever DEBUG is off; on a developer's machine it is optional.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "HSCT Screen"

# Lock an account and address out after repeated failed staff logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# `manage.py purge` deletes login records (failed attempts, lockouts, logins) older than this.
AXES_RETENTION_DAYS = env_int("AXES_RETENTION_DAYS", 30)
# The same address the rate limits use; with the username it forms the lock, so a stranger can only lock themself.
AXES_CLIENT_IP_CALLABLE = "hsct_screen.web.client.client_ip"
AXES_LOCKOUT_CALLABLE = "hsct_screen.web.responses.login_locked_out"

# The client address: REMOTE_ADDR, or with N trusted proxies in front (each appending to X-Forwarded-For)
# the N-th address from the right. Anything further left was written by the client and is never believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# The shared cache: Redis when REDIS_URL is set (needed for more than one app process), else this process's memory.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
            # Lets two sites (or the bench's two apps) share one Redis database without reading each other's keys.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    }
    # django-redis's default (connections are kept between requests), said here because it reads this setting at the
    # end of every request: a setting that is absent costs Django's settings object a raised error each time.
    DJANGO_REDIS_CLOSE_CONNECTION = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process on a developer's machine shares its own memory; hsct_screen.web's deploy check warns when a
    # production setup (DEBUG off) has no shared cache, which is the case these checks guard against.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Rendered fragments of pages that change only with a deploy (the start page's text): each process keeps its
# own copy in memory, as fetching them from Redis would cost about what rendering them does. Kept question pages
# live here too, one per step, language and stored answer to that step (years and ages give a few hundred per
# language), so the limit is well above Django's 300: a question page is about 4.5 KB, so at most about 15 MB per
# process, and culling (which drops a third when full) stays correct. Django's LocMemCache, but for values that
# cannot change (such as a page's text), which it hands out as they are instead of unpickling a copy on every read.
CACHES["fragments"] = {
    "BACKEND": "hsct_screen.web.memory_cache.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 3000},
}

# Rate limits per client address, as "count/period" (s, m, h or d, e.g. 60/m). Far above what a person does.
RATELIMIT_IP_META_KEY = AXES_CLIENT_IP_CALLABLE
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_API = env_rate("RATELIMIT_API", "60/m")
RATELIMIT_START = env_rate("RATELIMIT_START", "60/h")
RATELIMIT_SUBMIT = env_rate("RATELIMIT_SUBMIT", "30/h")
RATELIMIT_CONTACT = env_rate("RATELIMIT_CONTACT", "20/h")
RATELIMIT_LOGIN = env_rate("RATELIMIT_LOGIN", "30/h")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own words and order (templates use DATE_FORMAT, SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT).
FORMAT_MODULE_PATH = ["hsct_screen.web.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's CompressedManifestStaticFilesStorage, each file's URL kept once worked out.
            else "hsct_screen.web.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Answers live in the session until the person finishes; keep that window short.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 4 * 60 * 60)
SUBMISSION_RETENTION_DAYS = env_int("SUBMISSION_RETENTION_DAYS", 365)
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 180)
# "cache": sessions live in the shared cache (Redis) and expire there by themselves, so starting questionnaires
# writes nothing to the database. "db": Django's session table, removed when expired by `manage.py purge`.
# (hsct_screen.web.session_store: Django's cache store, saving a session in Redis with one command.)
SESSION_STORE = env_str("SESSION_STORE", "cache" if REDIS_URL else "db")
SESSION_ENGINES = {"cache": "hsct_screen.web.session_store", "db": "django.contrib.sessions.backends.db"}
if SESSION_STORE not in SESSION_ENGINES:
    raise ImproperlyConfigured(f"SESSION_STORE must be one of {sorted(SESSION_ENGINES)}, not {SESSION_STORE!r}")
SESSION_ENGINE = SESSION_ENGINES[SESSION_STORE]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The language cookie, set by the switch link on every page (hsct_screen.web.language): kept for the browser
# session only, and flagged as the session cookie is.
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = SESSION_COOKIE_HTTPONLY
LANGUAGE_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page here uses; sent on every response by hsct_screen.web.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# No inline scripts or styles anywhere; every asset from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Django's cookie-then-session message storage, its parts built only when used.
MESSAGE_STORAGE = "hsct_screen.web.messages.FallbackStorage"

# Outgoing email (a person's own private result link). The console backend prints instead of sending.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "HSCT Screen <no-reply@localhost>")
# Where staff open the site: the start of the staff links in contact-request emails (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Logs carry no answers or personal data: only what happened and to which record id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # axes logs usernames and addresses on every attempt; keep only warnings.
        "axes": {"level": "WARNING"},
    },
}
