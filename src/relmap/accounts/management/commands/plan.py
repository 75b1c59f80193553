"""``relmap plan``: an account plan as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from relmap.planning import selectors
from relmap.planning.markdown import plan_markdown
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "Write an account's plan as Markdown: goals and pain points, the value proposition "
        "with the needs each point answers, SMART objectives, strategies, actions "
        "(overdue ones marked), resources, review milestones, SWOT, the whitespace grid "
        "and the revision number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="Account name.")
        parser.add_argument("--format", choices=("md",), default="md", help="Default: md.")
        parser.add_argument("--out", metavar="FILE", help="Write to FILE instead of stdout.")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        account = account_for(acting_user(options["user"]), options["account"])
        plan = selectors.plan_for(account)
        if plan is None:
            raise CommandError(f"{account.name} has no account plan yet.")
        text = plan_markdown(selectors.load_plan(plan), today=timezone.localdate())
        if options["out"]:
            try:
                Path(options["out"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['out']}: {exc.strerror}.") from None
            self.stdout.write(
                f"Wrote revision {plan.revision} of {account.name}'s plan to {options['out']}"
            )
        else:
            self.stdout.write(text, ending="")
