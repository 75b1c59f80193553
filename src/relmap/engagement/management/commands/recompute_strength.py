"""``relmap recompute-strength [--account NAME]``: recompute relationship strength, tie
and attitude suggestions for one account, or for every account the user may edit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.core.visibility import accounts_visible_to, can_edit_account
from relmap.engagement.strength import recompute
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "Recompute relationship strength and the tie and attitude suggestions from "
        "interactions, for one account or for every account the user may edit. (Writing "
        "an interaction already does it for its account; this is for a changed half-life "
        "or window.)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", metavar="NAME", help="Only this account.")
        parser.add_argument(
            "--no-attitudes", action="store_true", help="Leave attitude suggestions alone."
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        if options["account"]:
            accounts = [account_for(user, options["account"], for_edit=True)]
        else:
            accounts = [
                a for a in accounts_visible_to(user).order_by("name") if can_edit_account(user, a)
            ]
        attitudes = not options["no_attitudes"]
        for account in accounts:
            stats = recompute(account, attitudes=attitudes)
            one = stats.per_account[0]
            self.stdout.write(
                f"{account.name}: {one['interactions']} interactions, {one['pairs']} pairs, "
                f"{one['tie_suggestions']} tie and {one['attitude_suggestions']} attitude "
                "suggestions pending."
            )
        self.stdout.write(self.style.SUCCESS(f"Recomputed {len(accounts)} account(s)."))
