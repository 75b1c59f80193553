"""Django settings for relmap: one file, read from the environment through typed helpers.

Environment variables:
- ``DATABASE_URL``: ``sqlite:///path`` (default ``var/relmap.sqlite3`` in the checkout) or
  ``postgres://user@host:port/name``.
- ``RELMAP_DEBUG``: ``1`` for development (default ``1`` unless ``RELMAP_SECRET_KEY`` is set).
- ``RELMAP_SECRET_KEY``: required when debug is off.
- ``RELMAP_ALLOWED_HOSTS``: comma-separated host names.
- ``RELMAP_DATA_DIR``: where the default SQLite database lives.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets admin and other generic classes be subscripted at run time, as the type stubs want.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (the supported way to run relmap) this is the repository root.
REPO_DIR = PACKAGE_DIR.parents[1]


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("RELMAP_DEBUG", default="RELMAP_SECRET_KEY" not in os.environ)
SECRET_KEY = env_str("RELMAP_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("RELMAP_SECRET_KEY must be set when RELMAP_DEBUG is off")
    SECRET_KEY = "relmap-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("RELMAP_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

DATA_DIR = Path(env_str("RELMAP_DATA_DIR", str(REPO_DIR / "var")))
NODE_MODULES_DIR = Path(env_str("RELMAP_NODE_MODULES", str(REPO_DIR / "node_modules")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves Swagger UI for /api/docs from static files (CSP allows only self)
    "relmap.core",
    "relmap.accounts",
    "relmap.stakeholders",
    "relmap.planning",
    "relmap.engagement",
    "relmap.discovery",
    "relmap.monitoring",
    "relmap.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "relmap.urls"
WSGI_APPLICATION = "relmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]


def database_config(url: str) -> dict[str, object]:
    """Turn ``DATABASE_URL`` into Django's DATABASES entry; SQLite gets WAL and FKs on."""
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config.get("NAME") or "")
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # WAL lets readers work while a write is in progress; foreign keys are
            # enforced by Django's SQLite backend on every connection.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["TEST"] = {"NAME": None}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be sqlite:///path or postgres://…, got engine {config['ENGINE']}"
        )
    return config


DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'relmap.sqlite3'}"),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    # relmap's own CSS and JS (the package is not an app, so no app finder sees it).
    PACKAGE_DIR / "static",
    # Front-end libraries come from npm (package.json) and are served as they ship.
    ("vendor/cytoscape", NODE_MODULES_DIR / "cytoscape" / "dist"),
    ("vendor/echarts", NODE_MODULES_DIR / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag instead
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# E-mail (the ``relmap remind`` digests): Django's mailers. The console backend prints
# messages by default; a deployment sets RELMAP_EMAIL_BACKEND (e.g.
# django.core.mail.backends.smtp.EmailBackend) and the SMTP options below.
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "RELMAP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
        "OPTIONS": (
            {
                "host": env_str("RELMAP_EMAIL_HOST", "localhost"),
                "port": int(env_str("RELMAP_EMAIL_PORT", "25")),
                "username": env_str("RELMAP_EMAIL_USER", ""),
                "password": env_str("RELMAP_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("RELMAP_EMAIL_TLS", default=False),
            }
            if env_str("RELMAP_EMAIL_BACKEND", "").endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("RELMAP_EMAIL_FROM", "relmap@localhost")
