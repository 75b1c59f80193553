"""``relmap create-token USERNAME --name "ci script"``: an API token for a script."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.api.services import token_create


class Command(BaseCommand):
    help = (
        "Create an API token acting as USERNAME and print it once. Only its hash is "
        "stored: copy it now. Scripts send it as 'Authorization: Bearer <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument(
            "--name", required=True, help='What the token is for, e.g. "ci script".'
        )

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        try:
            # Run from a shell by an operator: the audit trail records no actor.
            _token, raw = token_create(actor=None, user=user, name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(raw)
        if options["verbosity"] > 0:
            self.stderr.write(f"Token {name!r} for {username} created. It is shown only this once.")
