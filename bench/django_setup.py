"""What the benchmarks that go through Django share: a temporary SQLite database as the
settings' database, and a URL configuration with a bare view beside relmap's own, the
floor that page timings are divided by."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BARE_URL = "/bare/"
URLCONF = "bench_urls"


def setup_django(db: Path) -> None:
    """Point the settings at ``db`` (before ``django.setup()``: settings read
    DATABASE_URL once) and let the test client in."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def install_bare_urlconf() -> str:
    """Register :data:`URLCONF`: ``/bare/`` returns ``HttpResponse("ok")`` through the same
    middleware, everything else is relmap's. Use it with ``override_settings``."""
    from django.http import HttpRequest, HttpResponse
    from django.urls import include, path

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    module = type(sys)(URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        path(BARE_URL.strip("/") + "/", bare),
        path("", include("relmap.urls")),
    ]
    sys.modules[URLCONF] = module
    return URLCONF
