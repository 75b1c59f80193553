"""``relmap health NAME``: an account's relationship health score and how it is made up
(each component's value, weight and contribution); the day's score is kept for the trend.
``relmap health --all`` keeps today's score of every account the user may see: run it
from cron (once a day is enough, a second run the same day replaces the first) so that
the trend and the diff between any two days have a score to show."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.core.visibility import accounts_visible_to
from relmap.monitoring.health import account_health, health_record
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "An account's relationship health score (0-100) with every component's value, "
        "weight and contribution (docs/algorithms/health.md). Keeps today's score for the "
        "trend unless --no-record. With --all instead of NAME: keep today's score of every "
        "account you may see, one line each (for cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", nargs="?")
        parser.add_argument(
            "--all", action="store_true", help="Every account you may see, one line each."
        )
        parser.add_argument("--no-record", action="store_true", help="Do not keep the score.")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["account"]) == options["all"]:
            raise CommandError("Name one account, or give --all (not both).")
        user = acting_user(options["user"])
        if options["all"]:
            self._all(user, record=not options["no_record"])
            return
        account = account_for(user, options["account"])
        result = account_health(account)
        if not options["no_record"]:
            health_record(account, result=result)
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

    def _all(self, user: Any, *, record: bool) -> None:
        accounts = list(accounts_visible_to(user).order_by("name"))
        for account in accounts:
            result = account_health(account)
            if record:
                health_record(account, result=result)
            score = "no score" if result.score is None else f"{result.score:5.1f}"
            self.stdout.write(f"{score}  {account.name}")
        kept = "kept" if record else "computed, not kept"
        self.stdout.write(f"{len(accounts)} account{'s' if len(accounts) != 1 else ''}: {kept}.")
