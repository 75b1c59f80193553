"""Command-line access to maps: ``relmap import-map``, ``export-map``, ``analyze`` and
``render-map``. The helpers here give every command the same acting user and the same
account lookup, through :mod:`relmap.core.visibility` like every view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser
from django.http import Http404

from relmap.accounts.models import Account
from relmap.core.visibility import get_account_by_name_for_user


def add_user_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help=(
            "Act as this user: access is checked and changes are audited under their name. "
            "Default: the only superuser, if there is exactly one."
        ),
    )


def acting_user(username: str | None) -> Any:
    """The user named by ``--user``, or the only superuser when none is named."""
    users = get_user_model()._default_manager
    if username:
        try:
            return users.get(**{get_user_model().USERNAME_FIELD: username})
        except users.model.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
    superusers = list(users.filter(is_superuser=True, is_active=True)[:2])
    if len(superusers) == 1:
        return superusers[0]
    found = "there is no superuser" if not superusers else "there are several superusers"
    raise CommandError(
        f"Say who is acting with --user USERNAME ({found}, so no default can be chosen)."
    )


def account_for(user: Any, name: str, *, for_edit: bool = False) -> Account:
    """The account called ``name`` if ``user`` may see it (and edit it, if asked)."""
    try:
        return get_account_by_name_for_user(user, name, for_edit=for_edit)
    except (Http404, PermissionDenied) as exc:
        raise CommandError(str(exc)) from None
