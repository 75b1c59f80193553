"""Who is calling: a script with a bearer token, or a browser with a Django session.

Token requests are not subject to CSRF (a browser never adds the header by itself);
session requests that change data must carry the CSRF token, as Django's own forms do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from relmap.api.models import ApiToken, hash_token

# Recording every use would turn each read into a write; a minute is precise enough to
# tell a live token from a forgotten one.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rm_…``, checked against the stored SHA-256."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token.strip()))
            .first()
        )
        if row is None or not row.user.is_active:
            # A wrong token is an error in its own right: do not fall back to the session.
            raise AuthenticationError(message="Unknown or revoked API token.")
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user


class SessionAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods must pass Django's CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403,
                "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken "
                "header, or use an API token.",
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return None  # unused: __call__ reads request.user set by AuthenticationMiddleware


token_auth = TokenAuth()
session_auth = SessionAuth()
