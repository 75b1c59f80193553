"""Writes for API tokens. Only the SHA-256 of a token is stored; the token itself is shown
once, to whoever creates it."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from relmap.api.models import ApiToken, hash_token
from relmap.core.audit import Actor, log_action


@transaction.atomic
def token_create(*, actor: Actor, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the stored row and the raw token to show once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Say what the token is for, e.g. 'ci script'."})
    raw = ApiToken.generate()
    token = ApiToken(user_id=user.pk, name=name, prefix=raw[:8], key_hash=hash_token(raw))
    token.full_clean()
    token.save()
    log_action(
        actor=actor,
        action="relmap.api_token.created",
        obj=token,
        account_id=None,
        after={"user": user.pk, "name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> None:
    """Delete a token: requests that carry it get 401 from then on."""
    log_action(
        actor=actor,
        action="relmap.api_token.revoked",
        obj=token,
        account_id=None,
        before={"user": token.user_id, "name": token.name, "prefix": token.prefix},
    )
    token.delete()
