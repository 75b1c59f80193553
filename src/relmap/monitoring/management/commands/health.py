"""``relmap health NAME``: an account's relationship health score and how it is made up
(each component's value, weight and contribution); the day's score is kept for the trend."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.monitoring.health import account_health, health_record
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "An account's relationship health score (0-100) with every component's value, "
        "weight and contribution (docs/algorithms/health.md). Keeps today's score for the "
        "trend unless --no-record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME")
        parser.add_argument("--no-record", action="store_true", help="Do not keep the score.")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = account_for(user, options["account"])
        result = account_health(account)
        if not options["no_record"]:
            health_record(account)
        score = "no score" if result.score is None else f"{result.score:.1f} of 100"
        self.stdout.write(f"{account.name}: health {score}")
        for c in result.components:
            if c.value is None:
                self.stdout.write(f"  {c.label:<38} —      left out: {c.explanation}")
            else:
                self.stdout.write(
                    f"  {c.label:<38} {c.value:5.1f} x {c.share:4.1f} % = "
                    f"{c.contribution:4.1f}  ({c.explanation})"
                )
