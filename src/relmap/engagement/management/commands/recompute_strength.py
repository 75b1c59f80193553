"""``relmap recompute-strength [--account ID]``: recompute computed relationship strength,
tie and attitude suggestions for one account or all of them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.accounts.models import Account
from relmap.engagement.strength import recompute


class Command(BaseCommand):
    help = "Recompute relationship strength and suggestions from interactions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", type=int, help="Only this account (its id).")
        parser.add_argument(
            "--no-attitudes", action="store_true", help="Leave attitude suggestions alone."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        account = None
        if options["account"] is not None:
            account = Account.objects.filter(pk=options["account"]).first()
            if account is None:
                raise CommandError(f"No account with id {options['account']}.")
        stats = recompute(account, attitudes=not options["no_attitudes"])
        for one in stats.per_account:
            self.stdout.write(
                f"{one['name']} (#{one['account']}): {one['interactions']} interactions, "
                f"{one['pairs']} pairs, {one['tie_suggestions']} tie and "
                f"{one['attitude_suggestions']} attitude suggestions pending."
            )
        self.stdout.write(self.style.SUCCESS(stats.summary()))
