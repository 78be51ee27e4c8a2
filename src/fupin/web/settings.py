"""Django settings, all read from the environment through fupin.web.config."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from fupin.jobs.queue import make_queue
from fupin.web.config import load_config

CONFIG = load_config()
PACKAGE_DIR = Path(__file__).resolve().parent.parent

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
DATA_DIR = CONFIG.data_dir

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its Swagger UI's own scripts and styles, served here: no CDN
    "huey.contrib.djhuey",
    "fupin.registry",
    "fupin.procedure",
    "fupin.jobs",
    "fupin.dossier",
    "fupin.imports",
    "fupin.exports",
    "fupin.funds",
    "fupin.monitoring",
    "fupin.identification",
    "fupin.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "fupin.web.urls"
WSGI_APPLICATION = "fupin.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _databases() -> dict:
    default = dj_database_url.parse(CONFIG.database_url, conn_max_age=60)
    if default["ENGINE"].endswith("sqlite3"):
        Path(default["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers run while the demo loader or a cadre writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write inside a transaction.
        default["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        default["CONN_MAX_AGE"] = 0
    return {"default": default}


DATABASES = _databases()

# The background jobs' queue (fupin.jobs): a huey instance from FUPIN_QUEUE_URL.
HUEY = make_queue(CONFIG.queue_url)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = CONFIG.language
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = CONFIG.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise scans STATIC_ROOT at start-up and warns when it is missing (before the first
# `collectstatic`); an empty folder is the honest state, and a missing asset still shows as a 404.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Households' documents (scans, photos, signed agreements). Never served as static files: they
# are read through the household file's pages, which check scope and role.
MEDIA_ROOT = DATA_DIR / "media"
UPLOAD_MAX_BYTES = CONFIG.upload_max_mb * 1024 * 1024
# The REST API (fupin.web.api): requests per token, and the largest page of a list.
API_RATE = CONFIG.api_rate
# Signs the funds ledger's tree heads (fupin ledger keygen makes one; the demo does).
LEDGER_KEY_FILE = CONFIG.ledger_key_file or DATA_DIR / "ledger-key.pem"
LEDGER_PUBLIC_KEY_FILE = CONFIG.ledger_public_key_file  # None: ledger-key.pub beside the key
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
# Serve straight from the app folders too, so `fupin serve` works before collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "fupin.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "fupin.jobs": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
