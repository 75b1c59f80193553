"""``relmap recompute-strength [--account NAME] [--rebuild-touches]``: recompute
relationship strength, tie and attitude suggestions for one account, or for every
account the user may edit; first rewrite the touches from the participants when asked
(after a change of the interaction kinds' weights or of who counts as ours)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from relmap.core.visibility import accounts_visible_to, can_edit_account
from relmap.engagement import touches
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
        parser.add_argument(
            "--rebuild-touches",
            action="store_true",
            help=(
                "Rewrite the touches (the pair rows strength is computed from) from the "
                "participants first: needed after the kinds' weights change."
            ),
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
            if options["rebuild_touches"]:
                with transaction.atomic():
                    touches.rebuild_account(account.pk)
            stats = recompute(account, attitudes=attitudes)
            one = stats.per_account[0]
            self.stdout.write(
                f"{account.name}: {one['interactions']} interactions, {one['pairs']} pairs, "
                f"{one['tie_suggestions']} tie and {one['attitude_suggestions']} attitude "
                "suggestions pending."
            )
        self.stdout.write(self.style.SUCCESS(f"Recomputed {len(accounts)} account(s)."))
